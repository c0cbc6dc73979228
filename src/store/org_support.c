/*
 * org_support.c — the supporters and the access firms grant them
 * (store/org_support.h), written once for every database (store/sql.h).
 *
 * Inserts that may meet a duplicate say ON CONFLICT DO NOTHING and answer
 * MM_ERR_CONFLICT; the update that may meet a taken code runs under
 * sql_savepoint_next(), so that neither spoils the caller's transaction on
 * PostgreSQL.
 */
#include "store/org_support.h"

#include <string.h>

#include "store/rows.h"
#include "store/sql.h"

static const char *const access_names[] = {"read", "edit"};

#define SUPPORTER_SELECT                                                                           \
	"SELECT s.user_id, u.email, s.kind, s.prefecture, s.organisation_name, s.code,"            \
	" s.created_at FROM supporter s JOIN \"user\" u ON u.id = s.user_id"
static const struct sql SQL_SUPPORTER_INSERT =
    SQL("INSERT INTO supporter (user_id, kind, prefecture, organisation_name, code, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
static const struct sql SQL_SUPPORTER_BY_USER = SQL(SUPPORTER_SELECT " WHERE s.user_id = $1");
static const struct sql SQL_SUPPORTER_BY_EMAIL =
    SQL(SUPPORTER_SELECT " WHERE u.email = $1 AND u.disabled_at IS NULL");
static const struct sql SQL_SUPPORTER_BY_CODE =
    SQL(SUPPORTER_SELECT " WHERE s.code = $1 AND u.disabled_at IS NULL");
static const struct sql SQL_SUPPORTER_SET_CODE =
    SQL("UPDATE supporter SET code = $2 WHERE user_id = $1");

static const struct sql SQL_GRANT_SET_ACCESS =
    SQL("UPDATE supporter_grant SET access = $3"
        " WHERE organisation_id = $1 AND supporter_user_id = $2 AND revoked_at IS NULL");
static const struct sql SQL_GRANT_INSERT =
    SQL("INSERT INTO supporter_grant (organisation_id, supporter_user_id, access, granted_by,"
        " granted_at) VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), $5)"
        " ON CONFLICT DO NOTHING RETURNING id");
#define GRANT_SELECT                                                                               \
	"SELECT g.id, g.organisation_id, g.supporter_user_id, g.granted_at,"                       \
	" coalesce(g.revoked_at, 0), g.access, u.email, coalesce(s.kind, ''),"                     \
	" coalesce(s.organisation_name, ''), coalesce(s.prefecture, 0), o.name, o.prefecture,"     \
	" o.public_id,"                                                                            \
	" (SELECT r.total FROM assessment_result r WHERE r.organisation_id = o.id"                 \
	"  ORDER BY r.taken_at DESC, r.id DESC LIMIT 1),"                                          \
	" coalesce((SELECT d.level FROM declaration d WHERE d.organisation_id = o.id"              \
	"  AND d.status = 'active'), 0)"                                                           \
	" FROM supporter_grant g JOIN \"user\" u ON u.id = g.supporter_user_id"                    \
	" LEFT JOIN supporter s ON s.user_id = g.supporter_user_id"                                \
	" JOIN organisation o ON o.id = g.organisation_id"
static const struct sql SQL_GRANT_GET =
    SQL(GRANT_SELECT " WHERE g.organisation_id = $1 AND g.id = $2 AND g.revoked_at IS NULL");
static const struct sql SQL_CLIENT_GRANT_GET =
    SQL(GRANT_SELECT " WHERE g.supporter_user_id = $1 AND g.id = $2 AND g.revoked_at IS NULL");
static const struct sql SQL_GRANT_REVOKE =
    SQL("UPDATE supporter_grant SET revoked_at = $3"
        " WHERE organisation_id = $1 AND id = $2 AND revoked_at IS NULL");
static const struct sql SQL_GRANT_LIST_ACTIVE =
    SQL(GRANT_SELECT " WHERE g.organisation_id = $1 AND g.revoked_at IS NULL"
                     " ORDER BY g.granted_at DESC, g.id DESC LIMIT $2");
static const struct sql SQL_GRANT_LIST_ALL = SQL(
    GRANT_SELECT " WHERE g.organisation_id = $1 ORDER BY g.granted_at DESC, g.id DESC LIMIT $2");
static const struct sql SQL_GRANT_ACCESS =
    SQL("SELECT access FROM supporter_grant"
        " WHERE organisation_id = $1 AND supporter_user_id = $2 AND revoked_at IS NULL");
/* Names sort by their kana reading (gojūon order), as Japanese lists do. */
static const struct sql SQL_CLIENT_LIST_BY_NAME =
    SQL(GRANT_SELECT " WHERE g.supporter_user_id = $1 AND g.revoked_at IS NULL"
                     " ORDER BY o.name_kana, o.name, g.id LIMIT $2 OFFSET $3");
static const struct sql SQL_CLIENT_LIST_BY_PREFECTURE =
    SQL(GRANT_SELECT " WHERE g.supporter_user_id = $1 AND g.revoked_at IS NULL"
                     " ORDER BY o.prefecture, o.name_kana, o.name, g.id LIMIT $2 OFFSET $3");
static const struct sql SQL_CLIENT_COUNT =
    SQL("SELECT count(*) FROM supporter_grant"
        " WHERE supporter_user_id = $1 AND revoked_at IS NULL");

static enum org_access column_access(const struct sql_row *r, int col)
{
	return (enum org_access)sql_col_name_index(r, col, access_names, 2);
}

/* ---- supporters --------------------------------------------------------- */

enum mm_err store_org_supporter_insert(struct store *s, const struct org_supporter *sup,
                                       int64_t now)
{
	return sql_insert(s, &SQL_SUPPORTER_INSERT,
	                  ARGS(ARG_INT(sup->user_id), ARG_TEXT(sup->kind), ARG_INT(sup->prefecture),
	                       ARG_TEXT(sup->organisation_name), ARG_TEXT(sup->code), ARG_INT(now)),
	                  "supporter insert", NULL);
}

static void read_supporter(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_supporter *)item = (struct org_supporter){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .kind = sql_col_str(a, r, 2),
	    .prefecture = sql_col_int(r, 3),
	    .organisation_name = sql_col_str(a, r, 4),
	    .code = sql_col_str(a, r, 5),
	    .created_at = sql_col_int64(r, 6),
	};
}

enum mm_err store_org_supporter_by_user(struct store *s, struct arena *a, int64_t user_id,
                                        struct org_supporter *out)
{
	return sql_row(s, a, &SQL_SUPPORTER_BY_USER, ARGS(ARG_INT(user_id)), read_supporter, out,
	               "supporter");
}

enum mm_err store_org_supporter_by_email(struct store *s, struct arena *a, struct str email,
                                         struct org_supporter *out)
{
	return sql_row(s, a, &SQL_SUPPORTER_BY_EMAIL, ARGS(ARG_TEXT(email)), read_supporter, out,
	               "supporter");
}

enum mm_err store_org_supporter_by_code(struct store *s, struct arena *a, struct str code,
                                        struct org_supporter *out)
{
	return sql_row(s, a, &SQL_SUPPORTER_BY_CODE, ARGS(ARG_TEXT(code)), read_supporter, out,
	               "supporter");
}

enum mm_err store_org_supporter_set_code(struct store *s, int64_t user_id, struct str code)
{
	sql_savepoint_next(s); /* CONFLICT: the code is taken; the caller draws another */
	return sql_exec_one(s, &SQL_SUPPORTER_SET_CODE, ARGS(ARG_INT(user_id), ARG_TEXT(code)),
	                    "supporter code");
}

/* ---- grants ------------------------------------------------------------- */

/* A new grant, or a new access level on the active one. Another request
 * may insert the active grant between the update and the insert (on
 * PostgreSQL, whose BEGIN does not serialise writers, or outside a
 * transaction): the insert then finds it there, and the update is tried
 * once more. */
enum mm_err store_org_grant_upsert(struct store *s, int64_t org_id, int64_t supporter_id,
                                   enum org_access access, int64_t granted_by, int64_t now,
                                   bool *created)
{
	int64_t id = 0;
	enum mm_err e = MM_ERR_NOT_FOUND;
	*created = false;
	for (int attempt = 0; attempt < 2 && e == MM_ERR_NOT_FOUND; attempt++) {
		e = sql_exec_one(
		    s, &SQL_GRANT_SET_ACCESS,
		    ARGS(ARG_INT(org_id), ARG_INT(supporter_id), ARG_CSTR(access_names[access])),
		    "grant access");
		if (e != MM_ERR_NOT_FOUND || attempt > 0)
			break;
		e = sql_insert(s, &SQL_GRANT_INSERT,
		               ARGS(ARG_INT(org_id), ARG_INT(supporter_id),
		                    ARG_CSTR(access_names[access]), ARG_INT(granted_by),
		                    ARG_INT(now)),
		               "grant insert", &id);
		*created = !e;
		if (e == MM_ERR_CONFLICT)
			e = MM_ERR_NOT_FOUND; /* inserted meanwhile: update it */
	}
	return e;
}

static void read_grant(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_grant *)item = (struct org_grant){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .supporter_user_id = sql_col_int64(r, 2),
	    .granted_at = sql_col_int64(r, 3),
	    .revoked_at = sql_col_int64(r, 4),
	    .access = column_access(r, 5),
	    .supporter_email = sql_col_str(a, r, 6),
	    .supporter_kind = sql_col_str(a, r, 7),
	    .supporter_organisation = sql_col_str(a, r, 8),
	    .supporter_prefecture = sql_col_int(r, 9),
	    .organisation_name = sql_col_str(a, r, 10),
	    .organisation_prefecture = sql_col_int(r, 11),
	    .organisation_public_id = sql_col_str(a, r, 12),
	    .has_score = !sql_col_is_null(r, 13),
	    .latest_score = sql_col_int(r, 13),
	    .declaration_level = sql_col_int(r, 14),
	};
}

enum mm_err store_org_grant_get(struct store *s, struct arena *a, int64_t org_id, int64_t grant_id,
                                struct org_grant *out)
{
	return sql_row(s, a, &SQL_GRANT_GET, ARGS(ARG_INT(org_id), ARG_INT(grant_id)), read_grant,
	               out, "grant");
}

enum mm_err store_org_client_grant(struct store *s, struct arena *a, int64_t supporter_id,
                                   int64_t grant_id, struct org_grant *out)
{
	return sql_row(s, a, &SQL_CLIENT_GRANT_GET, ARGS(ARG_INT(supporter_id), ARG_INT(grant_id)),
	               read_grant, out, "client grant");
}

enum mm_err store_org_grant_revoke(struct store *s, int64_t org_id, int64_t grant_id, int64_t now)
{
	return sql_exec_one(s, &SQL_GRANT_REVOKE,
	                    ARGS(ARG_INT(org_id), ARG_INT(grant_id), ARG_INT(now)), "grant revoke");
}

enum mm_err store_org_grant_list(struct store *s, struct arena *a, int64_t org_id,
                                 bool with_revoked, struct org_grant **out, size_t *n)
{
	return sql_rows(s, a, with_revoked ? &SQL_GRANT_LIST_ALL : &SQL_GRANT_LIST_ACTIVE,
	                ARGS(ARG_INT(org_id), ARG_INT(ORG_GRANTS_MAX)), sizeof **out,
	                ORG_GRANTS_MAX, read_grant, (void **)out, n, "grant list");
}

static void read_access(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(enum org_access *)item = column_access(r, 0);
}

enum mm_err store_org_grant_access(struct store *s, int64_t org_id, int64_t supporter_id,
                                   enum org_access *out)
{
	return sql_row(s, NULL, &SQL_GRANT_ACCESS, ARGS(ARG_INT(org_id), ARG_INT(supporter_id)),
	               read_access, out, "grant access");
}

enum mm_err store_org_client_list(struct store *s, struct arena *a, int64_t supporter_id,
                                  enum org_client_sort sort, struct org_page page,
                                  struct org_grant **out, size_t *n, int64_t *total)
{
	return sql_rows_counted(
	    s, a, &SQL_CLIENT_COUNT,
	    sort == ORG_CLIENT_SORT_PREFECTURE ? &SQL_CLIENT_LIST_BY_PREFECTURE
	                                       : &SQL_CLIENT_LIST_BY_NAME,
	    ARGS(ARG_INT(supporter_id), ARG_INT(page.limit), ARG_INT(page.offset)), 2, sizeof **out,
	    SQL_ROWS_ANY, read_grant, (void **)out, n, total, "client list");
}
