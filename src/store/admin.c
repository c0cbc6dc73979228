/*
 * admin.c — the administration and personal-data area (store/admin.h),
 * written once for every database (store/sql.h): searches, counts,
 * memberships, audit queries, disabling and promoting accounts, erasing an
 * account's traces.
 *
 * Every search binds a LIKE pattern built here with '\' escaping '%', '_'
 * and '\' itself, and every statement names that escape character, so what
 * a visitor types is only ever matched literally. Searches ignore case as
 * lower(column) LIKE lower(pattern), which both databases read alike:
 * SQLite's LIKE and lower() both fold ASCII only, and PostgreSQL's ILIKE is
 * that same lower() on both sides. No index serves these matches on either
 * database (a pattern that starts with '%', or a column with no index), so
 * the spelling costs no plan. Lists stop at the caller's limit, never more
 * than ADMIN_LIST_MAX rows.
 *
 * The erasing statements compare addresses without case the way each
 * database's index does (audit_target and outbox_to of migration 0010:
 * COLLATE NOCASE in SQLite, lower() in PostgreSQL), so they keep a text for
 * each. The three audit filters are each a statement of their own, so
 * that each can use its index (audit_at, audit_actor), and each numbers
 * only the parameters it has: PostgreSQL wants every one used.
 */
#include "store/admin.h"

#include <assert.h>

#include "store/rows.h"
#include "store/sql.h"

#define LIKE_ESCAPE " ESCAPE '\\'"

static const struct sql SQL_COUNTS =
    SQL("SELECT (SELECT count(*) FROM \"user\"), (SELECT count(*) FROM \"user\" WHERE is_admin),"
        " (SELECT count(*) FROM \"user\" WHERE confirmed_at IS NULL),"
        " (SELECT count(*) FROM \"user\" WHERE disabled_at IS NOT NULL),"
        " (SELECT count(*) FROM organisation),"
        " (SELECT count(*) FROM audit WHERE at >= $1),"
        " (SELECT count(*) FROM audit WHERE at >= $1 AND action = 'login' AND outcome = 'failed')");

/* The accounts area's user columns without the password hash. */
#define USER_COLUMNS STORE_USER_PUBLIC_COLUMNS
#define USER_MATCHES " WHERE lower(email) LIKE lower($1)" LIKE_ESCAPE
static const struct sql SQL_USER_SEARCH =
    SQL("SELECT " USER_COLUMNS " FROM \"user\"" USER_MATCHES
        " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_USER_SEARCH_COUNT = SQL("SELECT count(*) FROM \"user\"" USER_MATCHES);

static const struct sql SQL_USER_MEMBERSHIPS =
    SQL("SELECT o.id, o.public_id, o.name, m.role, m.created_at,"
        " (SELECT count(*) FROM membership x WHERE x.organisation_id = o.id AND x.role = 'owner'),"
        " (SELECT count(*) FROM membership x WHERE x.organisation_id = o.id)"
        " FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = $1"
        " ORDER BY o.name_kana, o.id LIMIT $2");

static const struct sql SQL_USER_DISABLE =
    SQL("UPDATE \"user\" SET disabled_at = $2, disabled_reason = $3 WHERE id = $1");
static const struct sql SQL_USER_ENABLE =
    SQL("UPDATE \"user\" SET disabled_at = NULL, disabled_reason = NULL WHERE id = $1");
static const struct sql SQL_USER_PROMOTE = SQL("UPDATE \"user\" SET is_admin = TRUE,"
                                               " disabled_at = NULL, disabled_reason = NULL"
                                               " WHERE id = $1");
/* The address compared as audit_target (target <> '') and outbox_to index
 * it in each database (migration 0010). */
static const struct sql SQL_ERASE_AUDIT_TARGETS =
    SQL_EACH("UPDATE audit SET target = '' WHERE (actor_user_id = ?1 AND instr(target, '@') > 0)"
             " OR (target = ?2 COLLATE NOCASE AND target <> '')",
             "UPDATE audit SET target = '' WHERE (actor_user_id = $1 AND strpos(target, '@') > 0)"
             " OR (lower(target) = lower($2) AND target <> '')");
static const struct sql SQL_ERASE_LOGIN_FAILURES =
    SQL("DELETE FROM login_failure WHERE email = $1");
static const struct sql SQL_ERASE_OUTBOX =
    SQL_EACH("DELETE FROM outbox WHERE to_addr = ?1 COLLATE NOCASE",
             "DELETE FROM outbox WHERE lower(to_addr) = lower($1)");

/* The organisations area's profile columns, then what only this area
 * shows. */
#define ORG_COLUMNS                                                                                \
	STORE_ORG_PROFILE_COLUMNS                                                                  \
	", name_en, created_at,"                                                                   \
	" (SELECT count(*) FROM membership m WHERE m.organisation_id = o.id)"
#define ORG_MATCHES(n)                                                                             \
	" OR lower(o.name) LIKE lower($" n ")" LIKE_ESCAPE " OR lower(o.name_kana) LIKE lower($" n \
	")" LIKE_ESCAPE " OR lower(o.name_en) LIKE lower($" n ")" LIKE_ESCAPE                      \
	" OR lower(o.corporate_number) LIKE lower($" n ")" LIKE_ESCAPE
#define ORG_WHERE                                                                                  \
	" WHERE CAST($5 AS boolean)" ORG_MATCHES("1") ORG_MATCHES("2") ORG_MATCHES("3")            \
	    ORG_MATCHES("4")
static const struct sql SQL_ORG_SEARCH = SQL("SELECT " ORG_COLUMNS " FROM organisation o" ORG_WHERE
                                             " ORDER BY o.name_kana, o.id LIMIT $6 OFFSET $7");
static const struct sql SQL_ORG_SEARCH_COUNT = SQL("SELECT count(*) FROM organisation o" ORG_WHERE);
static const struct sql SQL_ORG_BY_ID =
    SQL("SELECT " ORG_COLUMNS " FROM organisation o WHERE o.id = $1");
static const struct sql SQL_ORG_MEMBERS =
    SQL("SELECT u.id, u.email, u.name, m.role, m.created_at"
        " FROM membership m JOIN \"user\" u ON u.id = m.user_id"
        " WHERE m.organisation_id = $1 ORDER BY m.role = 'owner' DESC, u.email LIMIT $2");

#define AUDIT_COLUMNS                                                                              \
	"a.id, a.at, coalesce(a.actor_user_id, 0), coalesce(a.organisation_id, 0), a.ip,"          \
	" a.action, a.target, a.outcome, a.detail, coalesce(u.email, ''), coalesce(o.name, '')"
#define AUDIT_JOINS                                                                                \
	" FROM audit a LEFT JOIN \"user\" u ON u.id = a.actor_user_id"                             \
	" LEFT JOIN organisation o ON o.id = a.organisation_id"
#define AUDIT_ACTION "(CAST($1 AS text) = '' OR lower(a.action) LIKE lower($1)" LIKE_ESCAPE ")"
#define AUDIT_PAGE(limit, offset) " ORDER BY a.at DESC, a.id DESC LIMIT $" limit " OFFSET $" offset
/* $1 the action, then the user and subject the filter has, then the page. */
#define AUDIT_WHERE_ANY " WHERE " AUDIT_ACTION
#define AUDIT_WHERE_ACTOR " WHERE a.actor_user_id = $2 AND " AUDIT_ACTION
#define AUDIT_WHERE_SUBJECT " WHERE (a.actor_user_id = $2 OR a.target = $3) AND " AUDIT_ACTION
static const struct sql SQL_AUDIT_ANY =
    SQL("SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_ANY AUDIT_PAGE("2", "3"));
static const struct sql SQL_AUDIT_ACTOR =
    SQL("SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_ACTOR AUDIT_PAGE("3", "4"));
static const struct sql SQL_AUDIT_SUBJECT =
    SQL("SELECT " AUDIT_COLUMNS AUDIT_JOINS AUDIT_WHERE_SUBJECT AUDIT_PAGE("4", "5"));
static const struct sql SQL_AUDIT_ANY_COUNT = SQL("SELECT count(*) FROM audit a" AUDIT_WHERE_ANY);
static const struct sql SQL_AUDIT_ACTOR_COUNT =
    SQL("SELECT count(*) FROM audit a" AUDIT_WHERE_ACTOR);
static const struct sql SQL_AUDIT_SUBJECT_COUNT =
    SQL("SELECT count(*) FROM audit a" AUDIT_WHERE_SUBJECT);

/* "%text%" with the LIKE wildcards of text escaped; NULL when the arena is
 * full. */
static char *like_contains(struct arena *a, struct str text)
{
	char *p = arena_alloc(a, text.n * 2 + 3);
	size_t n = 0;
	if (!p)
		return NULL;
	p[n++] = '%';
	for (size_t i = 0; i < text.n; i++) {
		if (text.p[i] == '%' || text.p[i] == '_' || text.p[i] == '\\')
			p[n++] = '\\';
		p[n++] = text.p[i];
	}
	p[n++] = '%';
	p[n] = '\0';
	return p;
}

/* "text%" with the wildcards escaped (a prefix match). */
static char *like_prefix(struct arena *a, struct str text)
{
	char *p = like_contains(a, text);
	return p ? p + 1 : NULL;
}

static size_t bounded(size_t limit)
{
	assert(limit <= ADMIN_LIST_MAX);
	return limit > ADMIN_LIST_MAX ? ADMIN_LIST_MAX : limit;
}

static void read_counts(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct admin_counts *)item = (struct admin_counts){
	    .users = sql_col_int64(r, 0),
	    .admins = sql_col_int64(r, 1),
	    .unconfirmed = sql_col_int64(r, 2),
	    .disabled = sql_col_int64(r, 3),
	    .organisations = sql_col_int64(r, 4),
	    .audit_recent = sql_col_int64(r, 5),
	    .failed_logins_recent = sql_col_int64(r, 6),
	};
}

enum mm_err store_admin_counts(struct store *s, int64_t since, struct admin_counts *out)
{
	return sql_one_row(s, NULL, &SQL_COUNTS, ARGS(ARG_INT(since)), read_counts, out,
	                   "admin counts");
}

enum mm_err store_admin_user_search(struct store *s, struct arena *a, struct str query,
                                    int64_t offset, size_t limit, struct user **out, size_t *n,
                                    int64_t *total)
{
	char *pattern = like_contains(a, query);
	*out = NULL;
	*n = 0;
	if (!pattern)
		return MM_ERR_NOMEM;
	return sql_rows_counted(
	    s, a, &SQL_USER_SEARCH_COUNT, &SQL_USER_SEARCH,
	    ARGS(ARG_CSTR(pattern), ARG_INT((int64_t)bounded(limit)), ARG_INT(offset)), 2,
	    sizeof **out, bounded(limit), store_read_user_public, (void **)out, n, total,
	    "user search");
}

static void read_membership(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct admin_membership *)item = (struct admin_membership){
	    .organisation_id = sql_col_int64(r, 0),
	    .organisation_public_id = sql_col_str(a, r, 1),
	    .organisation_name = sql_col_str(a, r, 2),
	    .role = sql_col_str(a, r, 3),
	    .created_at = sql_col_int64(r, 4),
	    .owners = sql_col_int64(r, 5),
	    .members = sql_col_int64(r, 6),
	};
}

enum mm_err store_admin_user_memberships(struct store *s, struct arena *a, int64_t user_id,
                                         struct admin_membership **out, size_t *n)
{
	return sql_rows(s, a, &SQL_USER_MEMBERSHIPS,
	                ARGS(ARG_INT(user_id), ARG_INT(ADMIN_LIST_MAX)), sizeof **out,
	                ADMIN_LIST_MAX, read_membership, (void **)out, n, "user memberships");
}

enum mm_err store_admin_user_set_disabled(struct store *s, int64_t user_id, int64_t disabled_at,
                                          struct str reason)
{
	if (!disabled_at)
		return sql_exec(s, &SQL_USER_ENABLE, ARGS(ARG_INT(user_id)), "user enable");
	return sql_exec(s, &SQL_USER_DISABLE,
	                ARGS(ARG_INT(user_id), ARG_INT(disabled_at), ARG_TEXT(reason)),
	                "user disable");
}

enum mm_err store_admin_user_promote(struct store *s, int64_t user_id)
{
	return sql_exec(s, &SQL_USER_PROMOTE, ARGS(ARG_INT(user_id)), "user promote");
}

enum mm_err store_admin_user_erase_traces(struct store *s, int64_t user_id, struct str email)
{
	enum mm_err e;
	if ((e = sql_exec(s, &SQL_ERASE_AUDIT_TARGETS, ARGS(ARG_INT(user_id), ARG_TEXT(email)),
	                  "erase audit targets")))
		return e;
	if ((e = sql_exec(s, &SQL_ERASE_LOGIN_FAILURES, ARGS(ARG_TEXT(email)),
	                  "erase login failures")))
		return e;
	return sql_exec(s, &SQL_ERASE_OUTBOX, ARGS(ARG_TEXT(email)), "erase outbox");
}

static void read_organisation(struct arena *a, const struct sql_row *r, void *item)
{
	struct admin_organisation *o = item;
	store_read_org_profile(a, r, &o->p);
	o->name_en = sql_col_str(a, r, STORE_ORG_PROFILE_NCOLUMNS);
	o->created_at = sql_col_str(a, r, STORE_ORG_PROFILE_NCOLUMNS + 1);
	o->members = sql_col_int64(r, STORE_ORG_PROFILE_NCOLUMNS + 2);
}

/* The parameters $1..$5 of an organisation search: one pattern per
 * non-empty term, NULL (which matches nothing) for empty ones, and $5 true
 * when every term is empty. */
static enum mm_err org_terms(struct arena *a, const struct str terms[ADMIN_SEARCH_TERMS],
                             struct store_arg args[ADMIN_SEARCH_TERMS + 1])
{
	bool all_empty = true;
	for (int i = 0; i < ADMIN_SEARCH_TERMS; i++) {
		if (terms[i].n == 0) {
			args[i] = ARG_NULL;
			continue;
		}
		char *pattern = like_contains(a, terms[i]);
		if (!pattern)
			return MM_ERR_NOMEM;
		args[i] = ARG_CSTR(pattern);
		all_empty = false;
	}
	args[ADMIN_SEARCH_TERMS] = ARG_BOOL(all_empty);
	return MM_OK;
}

enum mm_err store_admin_organisation_search(struct store *s, struct arena *a,
                                            const struct str terms[ADMIN_SEARCH_TERMS],
                                            int64_t offset, size_t limit,
                                            struct admin_organisation **out, size_t *n,
                                            int64_t *total)
{
	/* The terms and the flag ($1..$5), then the page ($6, $7). */
	struct store_arg args[ADMIN_SEARCH_TERMS + 3];
	enum mm_err e;
	*out = NULL;
	*n = 0;
	if ((e = org_terms(a, terms, args)))
		return e;
	args[ADMIN_SEARCH_TERMS + 1] = ARG_INT((int64_t)bounded(limit));
	args[ADMIN_SEARCH_TERMS + 2] = ARG_INT(offset);
	return sql_rows_counted(s, a, &SQL_ORG_SEARCH_COUNT, &SQL_ORG_SEARCH, args,
	                        ADMIN_SEARCH_TERMS + 3, 2, sizeof **out, bounded(limit),
	                        read_organisation, (void **)out, n, total, "organisation search");
}

enum mm_err store_admin_organisation_by_id(struct store *s, struct arena *a, int64_t id,
                                           struct admin_organisation *out)
{
	return sql_row(s, a, &SQL_ORG_BY_ID, ARGS(ARG_INT(id)), read_organisation, out,
	               "organisation by id");
}

static void read_member(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct admin_member *)item = (struct admin_member){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .name = sql_col_str(a, r, 2),
	    .role = sql_col_str(a, r, 3),
	    .created_at = sql_col_int64(r, 4),
	};
}

enum mm_err store_admin_organisation_members(struct store *s, struct arena *a,
                                             int64_t organisation_id, struct admin_member **out,
                                             size_t *n)
{
	return sql_rows(s, a, &SQL_ORG_MEMBERS,
	                ARGS(ARG_INT(organisation_id), ARG_INT(ADMIN_LIST_MAX)), sizeof **out,
	                ADMIN_LIST_MAX, read_member, (void **)out, n, "organisation members");
}

static const char *const outcome_names[] = {"ok", "denied", "failed"};

static void read_audit(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct admin_audit_row *)item = (struct admin_audit_row){
	    .id = sql_col_int64(r, 0),
	    .e =
	        {
	            .at = sql_col_int64(r, 1),
	            .actor_user_id = sql_col_int64(r, 2),
	            .organisation_id = sql_col_int64(r, 3),
	            .ip = sql_col_str(a, r, 4),
	            .action = sql_col_str(a, r, 5),
	            .target = sql_col_str(a, r, 6),
	            .outcome = (enum audit_outcome)sql_col_name_index(r, 7, outcome_names, 3),
	            .detail = sql_col_str(a, r, 8),
	        },
	    .actor_email = sql_col_str(a, r, 9),
	    .organisation_name = sql_col_str(a, r, 10),
	};
}

enum mm_err store_admin_audit_search(struct store *s, struct arena *a,
                                     const struct admin_audit_filter *f, int64_t offset,
                                     size_t limit, struct admin_audit_row **out, size_t *n,
                                     int64_t *total)
{
	const struct sql *list = &SQL_AUDIT_ANY, *count = &SQL_AUDIT_ANY_COUNT;
	char *action = f->action_prefix.n ? like_prefix(a, f->action_prefix) : "";
	char *subject = arena_printf(a, "user:%lld", (long long)f->user_id);
	/* The filter's parameters (the action, then the user and subject it
	 * has), then the page. */
	struct store_arg args[5];
	size_t used = 0;
	*out = NULL;
	*n = 0;
	if (!action || !subject)
		return MM_ERR_NOMEM;
	args[used++] = ARG_CSTR(action);
	if (f->user_id) {
		list = &SQL_AUDIT_ACTOR;
		count = &SQL_AUDIT_ACTOR_COUNT;
		args[used++] = ARG_INT(f->user_id);
	}
	if (f->user_id && f->by_subject) {
		list = &SQL_AUDIT_SUBJECT;
		count = &SQL_AUDIT_SUBJECT_COUNT;
		args[used++] = ARG_CSTR(subject);
	}
	args[used] = ARG_INT((int64_t)bounded(limit));
	args[used + 1] = ARG_INT(offset);
	return sql_rows_counted(s, a, count, list, args, used + 2, 2, sizeof **out, bounded(limit),
	                        read_audit, (void **)out, n, total, "audit search");
}
