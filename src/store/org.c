/*
 * org.c — the organisations area (store/org.h), written once for every
 * database (store/sql.h): organisations, membership, invitations and an
 * organisation's audit entries (supporters and grants: store/org_support.c).
 *
 * The "never without an owner" rule lives in the statements themselves (a
 * role change or a removal only matches when another owner remains), and
 * in the order they run: the change first locks the organisation, in a
 * statement of its own, inside a transaction. SQLite runs one writer at a
 * time (BEGIN IMMEDIATE), so the transaction is lock enough and its lock
 * statement reads the row without more. PostgreSQL does not: two owners
 * demoting each other at the same moment would each still see the other
 * as owner, so there it locks the organisation's row (FOR NO KEY UPDATE;
 * READ COMMITTED takes a new snapshot per statement): the second change
 * waits, then sees the first one's and is refused.
 *
 * Inserts that may meet a duplicate say ON CONFLICT DO NOTHING and answer
 * MM_ERR_CONFLICT; updates that may run under sql_savepoint_next(), so
 * that neither spoils the caller's transaction on PostgreSQL.
 */
#include "store/org.h"

#include <string.h>

#include "store/declarant_index.h"
#include "store/rows.h"
#include "store/sql.h"

static const char *const role_names[] = {"owner", "member"};

static const struct sql SQL_ORG_INSERT =
    SQL("INSERT INTO organisation (" STORE_ORG_PROFILE_WRITTEN_COLUMNS ")"
        " VALUES ($1, $2, $3, nullif($4, ''), $5, $6, $7, $8, $9, $10, $11,"
        " nullif(CAST($12 AS bigint), -1), $13, $14, $15, $16, $17, $18, $19)"
        " ON CONFLICT DO NOTHING RETURNING id");
/* The support bundle of a new organisation, apart: an insert without one
 * also works on the schemas before 0024 (the migration tests). */
static const struct sql SQL_ORG_SET_SUPPORT =
    SQL("UPDATE organisation SET support_name = $2, support_phone = $3, support_url = $4"
        " WHERE id = $1");
/* A new corporate number brings the identity level back to unverified
 * (what was proved was the old number), and the registered name is the
 * data's for the number (migration 0031). SET reads the row's old values. */
#define ORG_IDENTITY_KEPT                                                                          \
	" identity = CASE WHEN coalesce(corporate_number, '') = $4 THEN identity"                  \
	" ELSE 'unverified' END,"                                                                  \
	" identity_source = CASE WHEN coalesce(corporate_number, '') = $4 THEN identity_source"    \
	" ELSE '' END,"                                                                            \
	" identity_at = CASE WHEN coalesce(corporate_number, '') = $4 THEN identity_at END,"       \
	" registered_name = coalesce((SELECT c.name FROM corporate_record c"                       \
	" WHERE c.corporate_number = $4), '')"
/* The registered name of a new organisation's number, apart (as the
 * support bundle: inserts also work on the schemas before 0031). */
static const struct sql SQL_ORG_SET_REGISTERED_NAME =
    SQL("UPDATE organisation SET registered_name = coalesce((SELECT c.name FROM corporate_record c"
        " WHERE c.corporate_number = organisation.corporate_number), '') WHERE id = $1");
static const struct sql SQL_ORG_UPDATE =
    SQL("UPDATE organisation SET name = $2, name_kana = $3, corporate_number = nullif($4, ''),"
        " sole_proprietor = $5, postal_code = $6, prefecture = $7, address = $8, industry = $9,"
        " trade = $10, employees = $11, capital_yen = nullif(CAST($12 AS bigint), -1),"
        " representative_title = $13, representative_name = $14, contact_name = $15,"
        " contact_email = $16, contact_phone = $17, website = $18, updated_at = $19,"
        " support_name = $21, support_phone = $22, support_url = $23," ORG_IDENTITY_KEPT
        " WHERE id = $20 AND public_id = $1");
static const struct sql SQL_ORG_DELETE = SQL("DELETE FROM organisation WHERE id = $1");
static const struct sql SQL_ORG_ACTIVE_DECLARATION =
    SQL("SELECT id FROM declaration WHERE organisation_id = $1 AND status = 'active'");
static const struct sql SQL_ORG_BY_ID =
    SQL("SELECT " STORE_ORG_PROFILE_COLUMNS " FROM organisation WHERE id = $1");
static const struct sql SQL_ORG_BY_CORPORATE_NUMBER =
    SQL("SELECT id FROM organisation WHERE corporate_number = $1");
/* Serialises the changes that must leave an owner (see the top) and
 * publishing a policy (store/policy.c); SQLite has no FOR UPDATE, and its
 * writers are serialised already. */
static const struct sql SQL_ORG_LOCK =
    SQL_EACH("SELECT 1 FROM organisation WHERE id = ?1",
             "SELECT 1 FROM organisation WHERE id = $1 FOR NO KEY UPDATE");

static const struct sql SQL_MEMBERSHIP_OF =
    SQL("SELECT organisation_id, role FROM membership WHERE user_id = $1");
static const struct sql SQL_SUPPORT_OF_MEMBER =
    SQL("SELECT o.support_name, o.support_phone, o.support_url FROM membership m"
        " JOIN organisation o ON o.id = m.organisation_id"
        " WHERE m.user_id = $1 AND o.support_name <> ''");
static const struct sql SQL_MEMBER_INSERT =
    SQL("INSERT INTO membership (organisation_id, user_id, role, created_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
#define MEMBER_SELECT                                                                              \
	"SELECT m.user_id, u.email, u.name, m.role, m.created_at"                                  \
	" FROM membership m JOIN \"user\" u ON u.id = m.user_id"
static const struct sql SQL_MEMBER_GET =
    SQL(MEMBER_SELECT " WHERE m.organisation_id = $1 AND m.user_id = $2");
static const struct sql SQL_MEMBER_LIST =
    SQL(MEMBER_SELECT " WHERE m.organisation_id = $1 ORDER BY m.role = 'member', u.email LIMIT $2");
#define ANOTHER_OWNER                                                                              \
	"EXISTS (SELECT 1 FROM membership"                                                         \
	" WHERE organisation_id = $1 AND role = 'owner' AND user_id <> $2)"
static const struct sql SQL_MEMBER_SET_ROLE =
    SQL("UPDATE membership SET role = $3 WHERE organisation_id = $1 AND user_id = $2"
        " AND ($3 = 'owner' OR " ANOTHER_OWNER ")");
static const struct sql SQL_MEMBER_REMOVE =
    SQL("DELETE FROM membership WHERE organisation_id = $1 AND user_id = $2"
        " AND (role = 'member' OR " ANOTHER_OWNER ")");
static const struct sql SQL_MEMBER_EXISTS =
    SQL("SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2");

/* A withdrawn invitation is marked used: its link stops working the same
 * way an accepted one does. */
#define INVITATION_SELECT                                                                          \
	"SELECT l.id, l.organisation_id, l.created_at, l.expires_at, l.email, o.name, l.role"      \
	" FROM link_token l JOIN organisation o ON o.id = l.organisation_id"                       \
	" WHERE l.purpose = 'invite' AND l.used_at IS NULL"
static const struct sql SQL_INVITATION_LIST =
    SQL(INVITATION_SELECT " AND l.organisation_id = $1 AND l.expires_at > $2"
                          " ORDER BY l.created_at DESC, l.id DESC LIMIT $3");
static const struct sql SQL_INVITATION_PEEK =
    SQL(INVITATION_SELECT " AND l.token_hash = $1 AND l.expires_at > $2");
static const struct sql SQL_INVITATION_GET =
    SQL(INVITATION_SELECT " AND l.organisation_id = $1 AND l.id = $2 AND l.expires_at > $3");
static const struct sql SQL_INVITATION_WITHDRAW =
    SQL("UPDATE link_token SET used_at = $3"
        " WHERE purpose = 'invite' AND organisation_id = $1 AND id = $2 AND used_at IS NULL");
static const struct sql SQL_INVITATION_WITHDRAW_EMAIL =
    SQL("UPDATE link_token SET used_at = $3"
        " WHERE purpose = 'invite' AND organisation_id = $1 AND email = $2 AND used_at IS NULL");

static const struct sql SQL_INVITATION_WITHDRAW_INVITER =
    SQL("UPDATE link_token SET used_at = $3"
        " WHERE purpose = 'invite' AND organisation_id = $1 AND invited_by = $2"
        " AND used_at IS NULL AND expires_at > $3 RETURNING email");

static const struct sql SQL_AUDIT_LIST =
    SQL("SELECT a.at, coalesce(u.email, ''), a.ip, a.action, a.target, a.outcome, a.detail"
        " FROM audit a LEFT JOIN \"user\" u ON u.id = a.actor_user_id WHERE a.organisation_id = $1"
        " ORDER BY a.at DESC, a.id DESC LIMIT $2 OFFSET $3");
static const struct sql SQL_AUDIT_COUNT =
    SQL("SELECT count(*) FROM audit WHERE organisation_id = $1");

static enum org_role column_role(const struct sql_row *r, int col)
{
	return (enum org_role)sql_col_name_index(r, col, role_names, 2);
}

/* ---- organisations ------------------------------------------------------ */

/* $1 … $19 of SQL_ORG_INSERT and SQL_ORG_UPDATE (and of store/seed.c's
 * insert): the profile o, in the order all name its columns. */
void store_org_profile_args(struct store_arg out[STORE_ORG_PROFILE_ARGS],
                            const struct org_profile *o, int64_t now)
{
	const struct store_arg args[STORE_ORG_PROFILE_ARGS] = {
	    ARG_TEXT(o->public_id),
	    ARG_TEXT(o->name),
	    ARG_TEXT(o->name_kana),
	    ARG_TEXT(o->corporate_number),
	    ARG_BOOL(o->sole_proprietor),
	    ARG_TEXT(o->postal_code),
	    ARG_INT(o->prefecture),
	    ARG_TEXT(o->address),
	    ARG_TEXT(o->industry),
	    ARG_TEXT(o->trade),
	    ARG_INT(o->employees),
	    ARG_INT(o->capital_yen),
	    ARG_TEXT(o->representative_title),
	    ARG_TEXT(o->representative_name),
	    ARG_TEXT(o->contact_name),
	    ARG_TEXT(o->contact_email),
	    ARG_TEXT(o->contact_phone),
	    ARG_TEXT(o->website),
	    ARG_INT(now),
	};
	memcpy(out, args, sizeof args);
}

enum mm_err store_org_insert(struct store *s, const struct org_profile *o, int64_t now, int64_t *id)
{
	struct store_arg args[STORE_ORG_PROFILE_ARGS];
	store_org_profile_args(args, o, now);
	enum mm_err e =
	    sql_insert(s, &SQL_ORG_INSERT, args, STORE_ORG_PROFILE_ARGS, "organisation insert", id);
	if (!e && o->corporate_number.n)
		e = sql_exec_one(s, &SQL_ORG_SET_REGISTERED_NAME, ARGS(ARG_INT(*id)),
		                 "organisation registered name");
	if (e || !o->support.name.n)
		return e;
	return sql_exec_one(s, &SQL_ORG_SET_SUPPORT,
	                    ARGS(ARG_INT(*id), ARG_TEXT(o->support.name),
	                         ARG_TEXT(o->support.phone), ARG_TEXT(o->support.url)),
	                    "organisation support");
}

enum mm_err store_org_update(struct store *s, const struct org_profile *o, int64_t now)
{
	struct store_arg args[STORE_ORG_PROFILE_ARGS + 4];
	store_org_profile_args(args, o, now);
	args[STORE_ORG_PROFILE_ARGS] = ARG_INT(o->id);
	args[STORE_ORG_PROFILE_ARGS + 1] = ARG_TEXT(o->support.name);
	args[STORE_ORG_PROFILE_ARGS + 2] = ARG_TEXT(o->support.phone);
	args[STORE_ORG_PROFILE_ARGS + 3] = ARG_TEXT(o->support.url);
	sql_savepoint_next(s); /* CONFLICT: another organisation has the number */
	return sql_exec_one(s, &SQL_ORG_UPDATE, args, STORE_ORG_PROFILE_ARGS + 4,
	                    "organisation update");
}

/* The trigger of migration 0007 withdraws the organisation's active
 * declaration; its search tokens (migration declarant_search) go first, while it is
 * still the active one. */
enum mm_err store_org_remove(struct store *s, int64_t id)
{
	int64_t declaration_id;
	enum mm_err e = sql_int64_of(s, &SQL_ORG_ACTIVE_DECLARATION, ARGS(ARG_INT(id)),
	                             "organisation active declaration", &declaration_id);
	if (e == MM_ERR_NOT_FOUND)
		e = MM_OK;
	else if (!e)
		e = store_declarant_index_remove_with_scratch(s, declaration_id);
	return e ? e : sql_exec_one(s, &SQL_ORG_DELETE, ARGS(ARG_INT(id)), "organisation delete");
}

void store_read_org_profile(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_profile *)item = (struct org_profile){
	    .id = sql_col_int64(r, 0),
	    .public_id = sql_col_str(a, r, 1),
	    .name = sql_col_str(a, r, 2),
	    .name_kana = sql_col_str(a, r, 3),
	    .corporate_number = sql_col_str(a, r, 4),
	    .sole_proprietor = sql_col_bool(r, 5),
	    .postal_code = sql_col_str(a, r, 6),
	    .prefecture = sql_col_int(r, 7),
	    .address = sql_col_str(a, r, 8),
	    .industry = sql_col_str(a, r, 9),
	    .trade = sql_col_str(a, r, 10),
	    .employees = sql_col_int64(r, 11),
	    .capital_yen = sql_col_int64(r, 12),
	    .representative_title = sql_col_str(a, r, 13),
	    .representative_name = sql_col_str(a, r, 14),
	    .contact_name = sql_col_str(a, r, 15),
	    .contact_email = sql_col_str(a, r, 16),
	    .contact_phone = sql_col_str(a, r, 17),
	    .website = sql_col_str(a, r, 18),
	    .updated_at = sql_col_int64(r, 19),
	    .support = {sql_col_str(a, r, 20), sql_col_str(a, r, 21), sql_col_str(a, r, 22)},
	};
}

enum mm_err store_org_by_id(struct store *s, struct arena *a, int64_t id, struct org_profile *out)
{
	return sql_row(s, a, &SQL_ORG_BY_ID, ARGS(ARG_INT(id)), store_read_org_profile, out,
	               "organisation");
}

enum mm_err store_org_id_by_corporate_number(struct store *s, struct str number, int64_t *id)
{
	return sql_int64_of(s, &SQL_ORG_BY_CORPORATE_NUMBER, ARGS(ARG_TEXT(number)),
	                    "organisation by corporate number", id);
}

enum mm_err store_org_lock(struct store *s, int64_t org_id)
{
	return sql_exec(s, &SQL_ORG_LOCK, ARGS(ARG_INT(org_id)), "organisation lock");
}

/* ---- membership --------------------------------------------------------- */

static void read_membership(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct org_membership *)item = (struct org_membership){
	    .organisation_id = sql_col_int64(r, 0),
	    .role = column_role(r, 1),
	};
}

enum mm_err store_org_membership_of(struct store *s, int64_t user_id, struct org_membership *out)
{
	return sql_row(s, NULL, &SQL_MEMBERSHIP_OF, ARGS(ARG_INT(user_id)), read_membership, out,
	               "membership");
}

enum mm_err store_org_id_of_member(struct store *s, int64_t user_id, int64_t *org_id)
{
	struct org_membership m;
	enum mm_err e = store_org_membership_of(s, user_id, &m);
	*org_id = e ? 0 : m.organisation_id;
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

static void read_support(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_support *)item =
	    (struct org_support){sql_col_str(a, r, 0), sql_col_str(a, r, 1), sql_col_str(a, r, 2)};
}

enum mm_err store_org_support_of_member(struct store *s, struct arena *a, int64_t user_id,
                                        struct org_support *out)
{
	return sql_row(s, a, &SQL_SUPPORT_OF_MEMBER, ARGS(ARG_INT(user_id)), read_support, out,
	               "support of member");
}

enum mm_err store_org_member_insert(struct store *s, int64_t org_id, int64_t user_id,
                                    enum org_role role, int64_t now)
{
	return sql_insert(
	    s, &SQL_MEMBER_INSERT,
	    ARGS(ARG_INT(org_id), ARG_INT(user_id), ARG_CSTR(role_names[role]), ARG_INT(now)),
	    "membership insert", NULL);
}

static void read_member(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_member *)item = (struct org_member){
	    .user_id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .name = sql_col_str(a, r, 2),
	    .role = column_role(r, 3),
	    .joined_at = sql_col_int64(r, 4),
	};
}

enum mm_err store_org_member_get(struct store *s, struct arena *a, int64_t org_id, int64_t user_id,
                                 struct org_member *out)
{
	return sql_row(s, a, &SQL_MEMBER_GET, ARGS(ARG_INT(org_id), ARG_INT(user_id)), read_member,
	               out, "member");
}

enum mm_err store_org_member_list(struct store *s, struct arena *a, int64_t org_id,
                                  struct org_member **out, size_t *n)
{
	return sql_rows(s, a, &SQL_MEMBER_LIST, ARGS(ARG_INT(org_id), ARG_INT(ORG_MEMBERS_MAX)),
	                sizeof **out, ORG_MEMBERS_MAX, read_member, (void **)out, n, "member list");
}

/* Ends the transaction a guarded change opened (or joined): a change made
 * or refused is committed (a refusal changed nothing, and the caller's
 * own transaction goes on); a failure rolls back. */
static enum mm_err end_change(struct store *s, enum mm_err e)
{
	if (e && e != MM_ERR_NOT_FOUND && e != MM_ERR_CONFLICT) {
		store_rollback(s);
		return e;
	}
	enum mm_err committed = store_commit(s);
	return committed ? committed : e;
}

/* A role change or removal (q, with $1 the organisation and $2 the user)
 * that must leave the organisation an owner: under the organisation's
 * lock; when it matched nothing, was there no such member (NOT_FOUND), or
 * would the organisation have lost its last owner (CONFLICT)? */
static enum mm_err owner_guarded(struct store *s, const struct sql *q, int64_t org_id,
                                 int64_t user_id, const struct store_arg *role, const char *what)
{
	int64_t one = 0;
	enum mm_err e = store_begin(s);
	if (e)
		return e;
	e = store_org_lock(s, org_id);
	if (!e && role)
		e = sql_exec_one(s, q, ARGS(ARG_INT(org_id), ARG_INT(user_id), *role), what);
	else if (!e)
		e = sql_exec_one(s, q, ARGS(ARG_INT(org_id), ARG_INT(user_id)), what);
	if (e == MM_ERR_NOT_FOUND) {
		e = sql_int64_of(s, &SQL_MEMBER_EXISTS, ARGS(ARG_INT(org_id), ARG_INT(user_id)),
		                 "member exists", &one);
		e = e ? e : MM_ERR_CONFLICT;
	}
	return end_change(s, e);
}

enum mm_err store_org_member_set_role(struct store *s, int64_t org_id, int64_t user_id,
                                      enum org_role role)
{
	struct store_arg name = ARG_CSTR(role_names[role]);
	return owner_guarded(s, &SQL_MEMBER_SET_ROLE, org_id, user_id, &name, "membership role");
}

enum mm_err store_org_member_remove(struct store *s, int64_t org_id, int64_t user_id)
{
	return owner_guarded(s, &SQL_MEMBER_REMOVE, org_id, user_id, NULL, "membership delete");
}

/* ---- invitations -------------------------------------------------------- */

static void read_invitation(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_invitation *)item = (struct org_invitation){
	    .id = sql_col_int64(r, 0),
	    .organisation_id = sql_col_int64(r, 1),
	    .created_at = sql_col_int64(r, 2),
	    .expires_at = sql_col_int64(r, 3),
	    .email = sql_col_str(a, r, 4),
	    .organisation_name = sql_col_str(a, r, 5),
	    .role = column_role(r, 6),
	};
}

enum mm_err store_org_invitation_list(struct store *s, struct arena *a, int64_t org_id, int64_t now,
                                      struct org_invitation **out, size_t *n)
{
	return sql_rows(s, a, &SQL_INVITATION_LIST,
	                ARGS(ARG_INT(org_id), ARG_INT(now), ARG_INT(ORG_INVITATIONS_MAX)),
	                sizeof **out, ORG_INVITATIONS_MAX, read_invitation, (void **)out, n,
	                "invitation list");
}

enum mm_err store_org_invitation_peek(struct store *s, struct arena *a,
                                      const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                                      struct org_invitation *out)
{
	return sql_row(s, a, &SQL_INVITATION_PEEK,
	               ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(now)), read_invitation, out,
	               "invitation");
}

enum mm_err store_org_invitation_get(struct store *s, struct arena *a, int64_t org_id, int64_t id,
                                     int64_t now, struct org_invitation *out)
{
	return sql_row(s, a, &SQL_INVITATION_GET, ARGS(ARG_INT(org_id), ARG_INT(id), ARG_INT(now)),
	               read_invitation, out, "invitation");
}

enum mm_err store_org_invitation_withdraw(struct store *s, int64_t org_id, int64_t id, int64_t now)
{
	return sql_exec_one(s, &SQL_INVITATION_WITHDRAW,
	                    ARGS(ARG_INT(org_id), ARG_INT(id), ARG_INT(now)),
	                    "invitation withdraw");
}

enum mm_err store_org_invitation_withdraw_inviter(struct store *s, struct arena *a, int64_t org_id,
                                                  int64_t inviter_id, int64_t now,
                                                  struct str **emails, size_t *n)
{
	return sql_rows(s, a, &SQL_INVITATION_WITHDRAW_INVITER,
	                ARGS(ARG_INT(org_id), ARG_INT(inviter_id), ARG_INT(now)), sizeof **emails,
	                SQL_ROWS_ANY /* the pending invitations of one organisation */,
	                sql_read_str, (void **)emails, n, "invitation withdraw by inviter");
}

enum mm_err store_org_invitation_withdraw_email(struct store *s, int64_t org_id, struct str email,
                                                int64_t now)
{
	return sql_exec(s, &SQL_INVITATION_WITHDRAW_EMAIL,
	                ARGS(ARG_INT(org_id), ARG_TEXT(email), ARG_INT(now)),
	                "invitation withdraw by email");
}

/* ---- audit -------------------------------------------------------------- */

static void read_audit(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct org_audit_item *)item = (struct org_audit_item){
	    .at = sql_col_int64(r, 0),
	    .actor_email = sql_col_str(a, r, 1),
	    .ip = sql_col_str(a, r, 2),
	    .action = sql_col_str(a, r, 3),
	    .target = sql_col_str(a, r, 4),
	    .outcome = sql_col_str(a, r, 5),
	    .detail = sql_col_str(a, r, 6),
	};
}

enum mm_err store_org_audit_list(struct store *s, struct arena *a, int64_t org_id,
                                 struct org_page page, struct org_audit_item **out, size_t *n,
                                 int64_t *total)
{
	return sql_rows_counted(s, a, &SQL_AUDIT_COUNT, &SQL_AUDIT_LIST,
	                        ARGS(ARG_INT(org_id), ARG_INT(page.limit), ARG_INT(page.offset)), 2,
	                        sizeof **out, SQL_ROWS_ANY, read_audit, (void **)out, n, total,
	                        "audit list");
}
