/*
 * sqlite_org.c — the organisations area of the SQLite driver (see
 * store/org.h): organisations, membership, invitations, supporters, grants
 * and an organisation's audit entries.
 *
 * The "never without an owner" rule lives in the statements themselves
 * (a role change or removal only matches when another owner remains), so
 * two owners demoting each other at the same moment cannot both succeed.
 */
#include "store/org.h"
#include "store/sqlite_int.h"

static const char *const role_names[] = {"owner", "member"};
static const char *const access_names[] = {"read", "edit"};

#define ORG_COLUMNS                                                                                \
	"id, public_id, name, name_kana, coalesce(corporate_number, ''), sole_proprietor,"         \
	" postal_code, prefecture, address, industry, trade, employees,"                           \
	" coalesce(capital_yen, -1), representative_title, representative_name, contact_name,"     \
	" contact_email, contact_phone, website, updated_at"
static const char SQL_ORG_INSERT[] =
    "INSERT INTO organisation (public_id, name, name_kana, corporate_number, sole_proprietor,"
    " postal_code, prefecture, address, industry, trade, employees, capital_yen,"
    " representative_title, representative_name, contact_name, contact_email, contact_phone,"
    " website, updated_at)"
    " VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, -1),"
    " ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
static const char SQL_ORG_UPDATE[] =
    "UPDATE organisation SET name = ?2, name_kana = ?3, corporate_number = nullif(?4, ''),"
    " sole_proprietor = ?5, postal_code = ?6, prefecture = ?7, address = ?8, industry = ?9,"
    " trade = ?10, employees = ?11, capital_yen = nullif(?12, -1), representative_title = ?13,"
    " representative_name = ?14, contact_name = ?15, contact_email = ?16, contact_phone = ?17,"
    " website = ?18, updated_at = ?19"
    " WHERE id = ?20 AND public_id = ?1";
static const char SQL_ORG_DELETE[] = "DELETE FROM organisation WHERE id = ?1";
static const char SQL_ORG_BY_ID[] = "SELECT " ORG_COLUMNS " FROM organisation WHERE id = ?1";
static const char SQL_ORG_BY_CORPORATE_NUMBER[] =
    "SELECT id FROM organisation WHERE corporate_number = ?1";

static const char SQL_MEMBERSHIP_OF[] =
    "SELECT organisation_id, role FROM membership WHERE user_id = ?1";
static const char SQL_MEMBER_INSERT[] =
    "INSERT INTO membership (organisation_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)";
#define MEMBER_SELECT                                                                              \
	"SELECT m.user_id, u.email, u.name, m.role, m.created_at"                                  \
	" FROM membership m JOIN user u ON u.id = m.user_id"
static const char SQL_MEMBER_GET[] =
    MEMBER_SELECT " WHERE m.organisation_id = ?1 AND m.user_id = ?2";
static const char SQL_MEMBER_LIST[] =
    MEMBER_SELECT " WHERE m.organisation_id = ?1 ORDER BY m.role = 'member', u.email LIMIT ?2";
#define ANOTHER_OWNER                                                                              \
	"EXISTS (SELECT 1 FROM membership"                                                         \
	" WHERE organisation_id = ?1 AND role = 'owner' AND user_id <> ?2)"
static const char SQL_MEMBER_SET_ROLE[] =
    "UPDATE membership SET role = ?3 WHERE organisation_id = ?1 AND user_id = ?2"
    " AND (?3 = 'owner' OR " ANOTHER_OWNER ")";
static const char SQL_MEMBER_REMOVE[] =
    "DELETE FROM membership WHERE organisation_id = ?1 AND user_id = ?2"
    " AND (role = 'member' OR " ANOTHER_OWNER ")";
static const char SQL_MEMBER_EXISTS[] =
    "SELECT 1 FROM membership WHERE organisation_id = ?1 AND user_id = ?2";

/* A withdrawn invitation is marked used: its link stops working the same
 * way an accepted one does. */
#define INVITATION_SELECT                                                                          \
	"SELECT l.id, l.organisation_id, l.created_at, l.expires_at, l.email, o.name, l.role"      \
	" FROM link_token l JOIN organisation o ON o.id = l.organisation_id"                       \
	" WHERE l.purpose = 'invite' AND l.used_at IS NULL"
static const char SQL_INVITATION_LIST[] =
    INVITATION_SELECT " AND l.organisation_id = ?1 AND l.expires_at > ?2"
                      " ORDER BY l.created_at DESC, l.id DESC LIMIT ?3";
static const char SQL_INVITATION_PEEK[] =
    INVITATION_SELECT " AND l.token_hash = ?1 AND l.expires_at > ?2";
static const char SQL_INVITATION_GET[] =
    INVITATION_SELECT " AND l.organisation_id = ?1 AND l.id = ?2 AND l.expires_at > ?3";
static const char SQL_INVITATION_WITHDRAW[] =
    "UPDATE link_token SET used_at = ?3"
    " WHERE purpose = 'invite' AND organisation_id = ?1 AND id = ?2 AND used_at IS NULL";
static const char SQL_INVITATION_WITHDRAW_EMAIL[] =
    "UPDATE link_token SET used_at = ?3"
    " WHERE purpose = 'invite' AND organisation_id = ?1 AND email = ?2 AND used_at IS NULL";

#define SUPPORTER_SELECT                                                                           \
	"SELECT s.user_id, u.email, s.kind, s.prefecture, s.organisation_name, s.code,"            \
	" s.created_at FROM supporter s JOIN user u ON u.id = s.user_id"
static const char SQL_SUPPORTER_INSERT[] =
    "INSERT INTO supporter (user_id, kind, prefecture, organisation_name, code, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_SUPPORTER_BY_USER[] = SUPPORTER_SELECT " WHERE s.user_id = ?1";
static const char SQL_SUPPORTER_BY_EMAIL[] =
    SUPPORTER_SELECT " WHERE u.email = ?1 AND u.disabled_at IS NULL";
static const char SQL_SUPPORTER_BY_CODE[] =
    SUPPORTER_SELECT " WHERE s.code = ?1 AND u.disabled_at IS NULL";
static const char SQL_SUPPORTER_SET_CODE[] = "UPDATE supporter SET code = ?2 WHERE user_id = ?1";

static const char SQL_GRANT_SET_ACCESS[] =
    "UPDATE supporter_grant SET access = ?3"
    " WHERE organisation_id = ?1 AND supporter_user_id = ?2 AND revoked_at IS NULL";
static const char SQL_GRANT_INSERT[] =
    "INSERT INTO supporter_grant (organisation_id, supporter_user_id, access, granted_by,"
    " granted_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)";
#define GRANT_SELECT                                                                               \
	"SELECT g.id, g.organisation_id, g.supporter_user_id, g.granted_at,"                       \
	" coalesce(g.revoked_at, 0), g.access, u.email, coalesce(s.kind, ''),"                     \
	" coalesce(s.organisation_name, ''), coalesce(s.prefecture, 0), o.name, o.prefecture,"     \
	" o.public_id,"                                                                            \
	" (SELECT r.total FROM assessment_result r WHERE r.organisation_id = o.id"                 \
	"  ORDER BY r.taken_at DESC, r.id DESC LIMIT 1),"                                          \
	" coalesce((SELECT d.level FROM declaration d WHERE d.organisation_id = o.id"              \
	"  AND d.status = 'active'), 0)"                                                           \
	" FROM supporter_grant g JOIN user u ON u.id = g.supporter_user_id"                        \
	" LEFT JOIN supporter s ON s.user_id = g.supporter_user_id"                                \
	" JOIN organisation o ON o.id = g.organisation_id"
static const char SQL_GRANT_GET[] =
    GRANT_SELECT " WHERE g.organisation_id = ?1 AND g.id = ?2 AND g.revoked_at IS NULL";
static const char SQL_GRANT_REVOKE[] =
    "UPDATE supporter_grant SET revoked_at = ?3"
    " WHERE organisation_id = ?1 AND id = ?2 AND revoked_at IS NULL";
static const char SQL_GRANT_LIST_ACTIVE[] =
    GRANT_SELECT " WHERE g.organisation_id = ?1 AND g.revoked_at IS NULL"
                 " ORDER BY g.granted_at DESC, g.id DESC LIMIT ?2";
static const char SQL_GRANT_LIST_ALL[] =
    GRANT_SELECT " WHERE g.organisation_id = ?1 ORDER BY g.granted_at DESC, g.id DESC LIMIT ?2";
static const char SQL_GRANT_ACCESS[] =
    "SELECT access FROM supporter_grant"
    " WHERE organisation_id = ?1 AND supporter_user_id = ?2 AND revoked_at IS NULL";
/* Names sort by their kana reading (gojūon order), as Japanese lists do. */
static const char SQL_CLIENT_LIST_BY_NAME[] =
    GRANT_SELECT " WHERE g.supporter_user_id = ?1 AND g.revoked_at IS NULL"
                 " ORDER BY o.name_kana, o.name, g.id LIMIT ?2 OFFSET ?3";
static const char SQL_CLIENT_LIST_BY_PREFECTURE[] =
    GRANT_SELECT " WHERE g.supporter_user_id = ?1 AND g.revoked_at IS NULL"
                 " ORDER BY o.prefecture, o.name_kana, o.name, g.id LIMIT ?2 OFFSET ?3";
static const char SQL_CLIENT_COUNT[] =
    "SELECT count(*) FROM supporter_grant WHERE supporter_user_id = ?1 AND revoked_at IS NULL";

static const char SQL_AUDIT_LIST[] =
    "SELECT a.at, coalesce(u.email, ''), a.ip, a.action, a.target, a.outcome, a.detail"
    " FROM audit a LEFT JOIN user u ON u.id = a.actor_user_id WHERE a.organisation_id = ?1"
    " ORDER BY a.at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
static const char SQL_AUDIT_COUNT[] = "SELECT count(*) FROM audit WHERE organisation_id = ?1";

/* ---- helpers ------------------------------------------------------------ */

static enum org_role column_role(sqlite3_stmt *st, int i)
{
	return (enum org_role)sqlite_column_name_index(st, i, role_names, 2);
}

static enum org_access column_access(sqlite3_stmt *st, int i)
{
	return (enum org_access)sqlite_column_name_index(st, i, access_names, 2);
}

/* ---- organisations ------------------------------------------------------ */

static void bind_profile(sqlite3_stmt *st, const struct org_profile *o, int64_t now)
{
	sqlite_bind_str(st, 1, o->public_id);
	sqlite_bind_str(st, 2, o->name);
	sqlite_bind_str(st, 3, o->name_kana);
	sqlite_bind_str(st, 4, o->corporate_number);
	sqlite3_bind_int(st, 5, o->sole_proprietor);
	sqlite_bind_str(st, 6, o->postal_code);
	sqlite3_bind_int(st, 7, o->prefecture);
	sqlite_bind_str(st, 8, o->address);
	sqlite_bind_str(st, 9, o->industry);
	sqlite_bind_str(st, 10, o->trade);
	sqlite3_bind_int64(st, 11, o->employees);
	sqlite3_bind_int64(st, 12, o->capital_yen);
	sqlite_bind_str(st, 13, o->representative_title);
	sqlite_bind_str(st, 14, o->representative_name);
	sqlite_bind_str(st, 15, o->contact_name);
	sqlite_bind_str(st, 16, o->contact_email);
	sqlite_bind_str(st, 17, o->contact_phone);
	sqlite_bind_str(st, 18, o->website);
	sqlite3_bind_int64(st, 19, now);
}

static enum mm_err org_insert(struct store *base, const struct org_profile *o, int64_t now,
                              int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_INSERT);
	if (!st)
		return MM_ERR_DB;
	bind_profile(st, o, now);
	return sqlite_insert(base, st, "organisation insert", id);
}

static enum mm_err org_update(struct store *base, const struct org_profile *o, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_UPDATE);
	if (!st)
		return MM_ERR_DB;
	bind_profile(st, o, now);
	sqlite3_bind_int64(st, 20, o->id);
	return sqlite_exec_one(base, st, "organisation update");
}

static enum mm_err org_remove(struct store *base, int64_t id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_DELETE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return sqlite_exec_one(base, st, "organisation delete");
}

static void read_profile(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_profile *)item = (struct org_profile){
	    .id = sqlite3_column_int64(st, 0),
	    .public_id = sqlite_column_str(a, st, 1),
	    .name = sqlite_column_str(a, st, 2),
	    .name_kana = sqlite_column_str(a, st, 3),
	    .corporate_number = sqlite_column_str(a, st, 4),
	    .sole_proprietor = sqlite3_column_int(st, 5) != 0,
	    .postal_code = sqlite_column_str(a, st, 6),
	    .prefecture = sqlite3_column_int(st, 7),
	    .address = sqlite_column_str(a, st, 8),
	    .industry = sqlite_column_str(a, st, 9),
	    .trade = sqlite_column_str(a, st, 10),
	    .employees = sqlite3_column_int64(st, 11),
	    .capital_yen = sqlite3_column_int64(st, 12),
	    .representative_title = sqlite_column_str(a, st, 13),
	    .representative_name = sqlite_column_str(a, st, 14),
	    .contact_name = sqlite_column_str(a, st, 15),
	    .contact_email = sqlite_column_str(a, st, 16),
	    .contact_phone = sqlite_column_str(a, st, 17),
	    .website = sqlite_column_str(a, st, 18),
	    .updated_at = sqlite3_column_int64(st, 19),
	};
}

static enum mm_err org_by_id(struct store *base, struct arena *a, int64_t id,
                             struct org_profile *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_BY_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return sqlite_row(base, a, st, read_profile, out, "organisation");
}

static enum mm_err org_id_by_corporate_number(struct store *base, struct str number, int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_BY_CORPORATE_NUMBER);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, number);
	return sqlite_int64_of(base, st, "organisation by corporate number", id);
}

/* ---- membership --------------------------------------------------------- */

static enum mm_err membership_of(struct store *base, int64_t user_id, struct org_membership *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBERSHIP_OF);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	enum mm_err e = sqlite_one_row(base, st, "membership");
	if (e)
		return e;
	out->organisation_id = sqlite3_column_int64(st, 0);
	out->role = column_role(st, 1);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err member_insert(struct store *base, int64_t org_id, int64_t user_id,
                                 enum org_role role, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite_bind_cstr(st, 3, role_names[role]);
	sqlite3_bind_int64(st, 4, now);
	return sqlite_exec(base, st, "membership insert");
}

static void read_member(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_member *)item = (struct org_member){
	    .user_id = sqlite3_column_int64(st, 0),
	    .email = sqlite_column_str(a, st, 1),
	    .name = sqlite_column_str(a, st, 2),
	    .role = column_role(st, 3),
	    .joined_at = sqlite3_column_int64(st, 4),
	};
}

static enum mm_err member_get(struct store *base, struct arena *a, int64_t org_id, int64_t user_id,
                              struct org_member *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, user_id);
	return sqlite_row(base, a, st, read_member, out, "member");
}

static enum mm_err member_list(struct store *base, struct arena *a, int64_t org_id,
                               struct org_member **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_LIST);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, ORG_MEMBERS_MAX);
	return sqlite_rows(base, a, st, sizeof **out, SQLITE_ROWS_ANY, read_member, (void **)out, n,
	                   "member list");
}

/* After a guarded change matched nothing: was there no such member
 * (NOT_FOUND), or would the organisation have lost its last owner? */
static enum mm_err why_unchanged(struct store *base, int64_t org_id, int64_t user_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_EXISTS);
	int64_t one;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, user_id);
	enum mm_err e = sqlite_int64_of(base, st, "member exists", &one);
	return e ? e : MM_ERR_CONFLICT;
}

static enum mm_err member_set_role(struct store *base, int64_t org_id, int64_t user_id,
                                   enum org_role role)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_SET_ROLE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite_bind_cstr(st, 3, role_names[role]);
	enum mm_err e = sqlite_exec_one(base, st, "membership role");
	return e == MM_ERR_NOT_FOUND ? why_unchanged(base, org_id, user_id) : e;
}

static enum mm_err member_remove(struct store *base, int64_t org_id, int64_t user_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_MEMBER_REMOVE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, user_id);
	enum mm_err e = sqlite_exec_one(base, st, "membership delete");
	return e == MM_ERR_NOT_FOUND ? why_unchanged(base, org_id, user_id) : e;
}

/* ---- invitations -------------------------------------------------------- */

static void read_invitation(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_invitation *)item = (struct org_invitation){
	    .id = sqlite3_column_int64(st, 0),
	    .organisation_id = sqlite3_column_int64(st, 1),
	    .created_at = sqlite3_column_int64(st, 2),
	    .expires_at = sqlite3_column_int64(st, 3),
	    .email = sqlite_column_str(a, st, 4),
	    .organisation_name = sqlite_column_str(a, st, 5),
	    .role = column_role(st, 6),
	};
}

static enum mm_err invitation_list(struct store *base, struct arena *a, int64_t org_id, int64_t now,
                                   struct org_invitation **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_INVITATION_LIST);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, ORG_INVITATIONS_MAX);
	return sqlite_rows(base, a, st, sizeof **out, SQLITE_ROWS_ANY, read_invitation,
	                   (void **)out, n, "invitation list");
}

static enum mm_err invitation_one(struct store *base, struct arena *a, sqlite3_stmt *st,
                                  struct org_invitation *out)
{
	return sqlite_row(base, a, st, read_invitation, out, "invitation");
}

static enum mm_err invitation_peek(struct store *base, struct arena *a,
                                   const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                                   struct org_invitation *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_INVITATION_PEEK);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_hash(st, 1, hash, TOKEN_HASH_BYTES);
	sqlite3_bind_int64(st, 2, now);
	return invitation_one(base, a, st, out);
}

static enum mm_err invitation_get(struct store *base, struct arena *a, int64_t org_id, int64_t id,
                                  int64_t now, struct org_invitation *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_INVITATION_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, now);
	return invitation_one(base, a, st, out);
}

static enum mm_err invitation_withdraw(struct store *base, int64_t org_id, int64_t id, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_INVITATION_WITHDRAW);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec_one(base, st, "invitation withdraw");
}

static enum mm_err invitation_withdraw_email(struct store *base, int64_t org_id, struct str email,
                                             int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_INVITATION_WITHDRAW_EMAIL);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite_bind_str(st, 2, email);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec(base, st, "invitation withdraw by email");
}

/* ---- supporters --------------------------------------------------------- */

static enum mm_err supporter_insert(struct store *base, const struct org_supporter *sup,
                                    int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SUPPORTER_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, sup->user_id);
	sqlite_bind_str(st, 2, sup->kind);
	sqlite3_bind_int(st, 3, sup->prefecture);
	sqlite_bind_str(st, 4, sup->organisation_name);
	sqlite_bind_str(st, 5, sup->code);
	sqlite3_bind_int64(st, 6, now);
	return sqlite_exec(base, st, "supporter insert");
}

static void read_supporter(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_supporter *)item = (struct org_supporter){
	    .user_id = sqlite3_column_int64(st, 0),
	    .email = sqlite_column_str(a, st, 1),
	    .kind = sqlite_column_str(a, st, 2),
	    .prefecture = sqlite3_column_int(st, 3),
	    .organisation_name = sqlite_column_str(a, st, 4),
	    .code = sqlite_column_str(a, st, 5),
	    .created_at = sqlite3_column_int64(st, 6),
	};
}

static enum mm_err supporter_by_user(struct store *base, struct arena *a, int64_t user_id,
                                     struct org_supporter *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SUPPORTER_BY_USER);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	return sqlite_row(base, a, st, read_supporter, out, "supporter");
}

static enum mm_err supporter_by_email(struct store *base, struct arena *a, struct str email,
                                      struct org_supporter *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SUPPORTER_BY_EMAIL);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	return sqlite_row(base, a, st, read_supporter, out, "supporter");
}

static enum mm_err supporter_by_code(struct store *base, struct arena *a, struct str code,
                                     struct org_supporter *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SUPPORTER_BY_CODE);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, code);
	return sqlite_row(base, a, st, read_supporter, out, "supporter");
}

static enum mm_err supporter_set_code(struct store *base, int64_t user_id, struct str code)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SUPPORTER_SET_CODE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite_bind_str(st, 2, code);
	return sqlite_exec_one(base, st, "supporter code");
}

/* ---- grants ------------------------------------------------------------- */

static enum mm_err grant_upsert(struct store *base, int64_t org_id, int64_t supporter_id,
                                enum org_access access, int64_t granted_by, int64_t now,
                                bool *created)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_GRANT_SET_ACCESS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, supporter_id);
	sqlite_bind_cstr(st, 3, access_names[access]);
	enum mm_err e = sqlite_exec_one(base, st, "grant access");
	*created = false;
	if (e != MM_ERR_NOT_FOUND)
		return e;
	if (!(st = sqlite_stmt(base, SQL_GRANT_INSERT)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, supporter_id);
	sqlite_bind_cstr(st, 3, access_names[access]);
	sqlite3_bind_int64(st, 4, granted_by);
	sqlite3_bind_int64(st, 5, now);
	*created = true;
	return sqlite_exec(base, st, "grant insert");
}

static void read_grant(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_grant *)item = (struct org_grant){
	    .id = sqlite3_column_int64(st, 0),
	    .organisation_id = sqlite3_column_int64(st, 1),
	    .supporter_user_id = sqlite3_column_int64(st, 2),
	    .granted_at = sqlite3_column_int64(st, 3),
	    .revoked_at = sqlite3_column_int64(st, 4),
	    .access = column_access(st, 5),
	    .supporter_email = sqlite_column_str(a, st, 6),
	    .supporter_kind = sqlite_column_str(a, st, 7),
	    .supporter_organisation = sqlite_column_str(a, st, 8),
	    .supporter_prefecture = sqlite3_column_int(st, 9),
	    .organisation_name = sqlite_column_str(a, st, 10),
	    .organisation_prefecture = sqlite3_column_int(st, 11),
	    .organisation_public_id = sqlite_column_str(a, st, 12),
	    .has_score = sqlite3_column_type(st, 13) != SQLITE_NULL,
	    .latest_score = sqlite3_column_int(st, 13),
	    .declaration_level = sqlite3_column_int(st, 14),
	};
}

static enum mm_err grant_get(struct store *base, struct arena *a, int64_t org_id, int64_t grant_id,
                             struct org_grant *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_GRANT_GET);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, grant_id);
	return sqlite_row(base, a, st, read_grant, out, "grant");
}

static enum mm_err grant_revoke(struct store *base, int64_t org_id, int64_t grant_id, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_GRANT_REVOKE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, grant_id);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec_one(base, st, "grant revoke");
}

static enum mm_err grant_list(struct store *base, struct arena *a, int64_t org_id,
                              bool with_revoked, struct org_grant **out, size_t *n)
{
	sqlite3_stmt *st =
	    sqlite_stmt(base, with_revoked ? SQL_GRANT_LIST_ALL : SQL_GRANT_LIST_ACTIVE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, ORG_GRANTS_MAX);
	return sqlite_rows(base, a, st, sizeof **out, SQLITE_ROWS_ANY, read_grant, (void **)out, n,
	                   "grant list");
}

static enum mm_err grant_access(struct store *base, int64_t org_id, int64_t supporter_id,
                                enum org_access *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_GRANT_ACCESS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, supporter_id);
	enum mm_err e = sqlite_one_row(base, st, "grant access");
	if (e)
		return e;
	*out = column_access(st, 0);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err client_list(struct store *base, struct arena *a, int64_t supporter_id,
                               enum org_client_sort sort, struct org_page page,
                               struct org_grant **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_CLIENT_COUNT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, supporter_id);
	enum mm_err e = sqlite_int64_of(base, st, "client count", total);
	if (e)
		return e;
	st = sqlite_stmt(base, sort == ORG_CLIENT_SORT_PREFECTURE ? SQL_CLIENT_LIST_BY_PREFECTURE
	                                                          : SQL_CLIENT_LIST_BY_NAME);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, supporter_id);
	sqlite3_bind_int64(st, 2, page.limit);
	sqlite3_bind_int64(st, 3, page.offset);
	return sqlite_rows(base, a, st, sizeof **out, SQLITE_ROWS_ANY, read_grant, (void **)out, n,
	                   "client list");
}

/* ---- audit -------------------------------------------------------------- */

static void read_audit(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct org_audit_item *)item = (struct org_audit_item){
	    .at = sqlite3_column_int64(st, 0),
	    .actor_email = sqlite_column_str(a, st, 1),
	    .ip = sqlite_column_str(a, st, 2),
	    .action = sqlite_column_str(a, st, 3),
	    .target = sqlite_column_str(a, st, 4),
	    .outcome = sqlite_column_str(a, st, 5),
	    .detail = sqlite_column_str(a, st, 6),
	};
}

static enum mm_err audit_list(struct store *base, struct arena *a, int64_t org_id,
                              struct org_page page, struct org_audit_item **out, size_t *n,
                              int64_t *total)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_AUDIT_COUNT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	enum mm_err e = sqlite_int64_of(base, st, "audit count", total);
	if (e)
		return e;
	if (!(st = sqlite_stmt(base, SQL_AUDIT_LIST)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, page.limit);
	sqlite3_bind_int64(st, 3, page.offset);
	return sqlite_rows(base, a, st, sizeof **out, SQLITE_ROWS_ANY, read_audit, (void **)out, n,
	                   "audit list");
}

const struct store_org_ops sqlite_org_ops = {
    .insert = org_insert,
    .update = org_update,
    .remove = org_remove,
    .by_id = org_by_id,
    .id_by_corporate_number = org_id_by_corporate_number,
    .membership_of = membership_of,
    .member_insert = member_insert,
    .member_get = member_get,
    .member_list = member_list,
    .member_set_role = member_set_role,
    .member_remove = member_remove,
    .invitation_list = invitation_list,
    .invitation_peek = invitation_peek,
    .invitation_get = invitation_get,
    .invitation_withdraw = invitation_withdraw,
    .invitation_withdraw_email = invitation_withdraw_email,
    .supporter_insert = supporter_insert,
    .supporter_by_user = supporter_by_user,
    .supporter_by_email = supporter_by_email,
    .supporter_by_code = supporter_by_code,
    .supporter_set_code = supporter_set_code,
    .grant_upsert = grant_upsert,
    .grant_get = grant_get,
    .grant_revoke = grant_revoke,
    .grant_list = grant_list,
    .grant_access = grant_access,
    .client_list = client_list,
    .audit_list = audit_list,
};
