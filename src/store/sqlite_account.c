/*
 * sqlite_account.c — the accounts area of the SQLite driver (see
 * store/account.h): users, sessions, single-use links and failed log-ins.
 */
#include "store/account.h"
#include "store/sqlite_int.h"

static const char *const purpose_names[] = {"confirm", "reset", "email", "invite", "admin"};

static const char SQL_USER_INSERT[] =
    "INSERT INTO user (email, password_hash, name, lang, confirmed_at, is_admin, created_at)"
    " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7)";
#define USER_COLUMNS                                                                               \
	"id, email, password_hash, name, lang, coalesce(confirmed_at, 0), is_admin, "              \
	"coalesce(disabled_at, 0),"                                                                \
	" coalesce(disabled_reason, ''), created_at"
static const char SQL_USER_BY_EMAIL[] = "SELECT " USER_COLUMNS " FROM user WHERE email = ?1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS " FROM user WHERE id = ?1";
static const char SQL_USER_CONFIRM[] =
    "UPDATE user SET confirmed_at = ?2 WHERE id = ?1 AND confirmed_at IS NULL";
static const char SQL_USER_SET_PASSWORD[] = "UPDATE user SET password_hash = ?2 WHERE id = ?1";
static const char SQL_USER_SET_EMAIL[] = "UPDATE user SET email = ?2 WHERE id = ?1";
static const char SQL_USER_SET_PROFILE[] = "UPDATE user SET name = ?2, lang = ?3 WHERE id = ?1";
static const char SQL_USER_DELETE[] = "DELETE FROM user WHERE id = ?1";

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, ip, user_agent)"
    " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";
#define SESSION_COLUMNS "id, user_id, csrf, created_at, last_seen_at, ip, user_agent"
static const char SQL_SESSION_BY_HASH[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen_at = ?2 WHERE id = ?1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE id = ?1";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM session WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_LIST[] =
    "SELECT " SESSION_COLUMNS
    " FROM session WHERE user_id = ?1 ORDER BY last_seen_at DESC LIMIT ?2";

static const char SQL_LINK_INSERT[] =
    "INSERT INTO link_token (purpose, token_hash, user_id, organisation_id, email, role, "
    "expires_at, created_at)"
    " VALUES (?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, ?6, ?7, ?8)";
static const char SQL_LINK_USE[] =
    "UPDATE link_token SET used_at = ?3 WHERE purpose = ?1 AND token_hash = ?2 AND used_at IS NULL"
    " AND expires_at > ?3"
    " RETURNING id, coalesce(user_id, 0), coalesce(organisation_id, 0), email, role, expires_at";

static const char SQL_LINK_REVOKE_USER[] =
    "UPDATE link_token SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL";

static const char SQL_LOGIN_FAILURE_ADD[] =
    "INSERT INTO login_failure (email, ip, at) VALUES (?1, ?2, ?3)";
static const char SQL_LOGIN_FAILURE_COUNT[] =
    "SELECT (SELECT count(*) FROM login_failure WHERE email = ?1 AND at >= ?3),"
    " (SELECT count(*) FROM login_failure WHERE ip = ?2 AND at >= ?3),"
    " coalesce((SELECT max(at) FROM login_failure WHERE (email = ?1 OR ip = ?2) AND at >= ?3), 0)";
static const char SQL_LOGIN_FAILURE_CLEAR[] = "DELETE FROM login_failure WHERE email = ?1";

static void read_user(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct user *)item = (struct user){
	    .id = sqlite3_column_int64(st, 0),
	    .email = sqlite_column_str(a, st, 1),
	    .password_hash = sqlite_column_str(a, st, 2),
	    .name = sqlite_column_str(a, st, 3),
	    .lang = sqlite_column_str(a, st, 4),
	    .confirmed_at = sqlite3_column_int64(st, 5),
	    .is_admin = sqlite3_column_int(st, 6) != 0,
	    .disabled_at = sqlite3_column_int64(st, 7),
	    .disabled_reason = sqlite_column_str(a, st, 8),
	    .created_at = sqlite3_column_int64(st, 9),
	};
}

static enum mm_err user_insert(struct store *s, const struct user *u, int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_USER_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, u->email);
	sqlite_bind_str(st, 2, u->password_hash);
	sqlite_bind_str(st, 3, u->name);
	sqlite_bind_str(st, 4, u->lang.n ? u->lang : STR("ja"));
	sqlite3_bind_int64(st, 5, u->confirmed_at);
	sqlite3_bind_int(st, 6, u->is_admin);
	sqlite3_bind_int64(st, 7, u->created_at);
	return sqlite_insert(s, st, "user insert", id);
}

static enum mm_err user_get(struct store *s, struct arena *a, sqlite3_stmt *st, struct user *out)
{
	return sqlite_row(s, a, st, read_user, out, "user");
}

static enum mm_err user_by_email(struct store *s, struct arena *a, struct str email,
                                 struct user *out)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_USER_BY_EMAIL);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	return user_get(s, a, st, out);
}

static enum mm_err user_by_id(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_USER_BY_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return user_get(s, a, st, out);
}

/* An UPDATE/DELETE by id (?1) with up to two more parameters: strings
 * where given, else the number n2 as ?2 when the statement has one. */
static enum mm_err exec_id(struct store *s, const char *sql, int64_t id, const struct str *p2,
                           const struct str *p3, int64_t n2, const char *what)
{
	sqlite3_stmt *st = sqlite_stmt(s, sql);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if (p2)
		sqlite_bind_str(st, 2, *p2);
	else if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, n2);
	if (p3)
		sqlite_bind_str(st, 3, *p3);
	return sqlite_exec(s, st, what);
}

static enum mm_err user_confirm(struct store *s, int64_t id, int64_t now)
{
	return exec_id(s, SQL_USER_CONFIRM, id, NULL, NULL, now, "user confirm");
}

static enum mm_err user_set_password(struct store *s, int64_t id, struct str hash)
{
	return exec_id(s, SQL_USER_SET_PASSWORD, id, &hash, NULL, 0, "user password");
}

static enum mm_err user_set_email(struct store *s, int64_t id, struct str email)
{
	return exec_id(s, SQL_USER_SET_EMAIL, id, &email, NULL, 0, "user email");
}

static enum mm_err user_set_profile(struct store *s, int64_t id, struct str name, struct str lang)
{
	return exec_id(s, SQL_USER_SET_PROFILE, id, &name, &lang, 0, "user profile");
}

static enum mm_err user_delete(struct store *s, int64_t id)
{
	return exec_id(s, SQL_USER_DELETE, id, NULL, NULL, 0, "user delete");
}

static enum mm_err session_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                  const struct session *se)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_hash(st, 1, hash, TOKEN_HASH_BYTES);
	sqlite3_bind_int64(st, 2, se->user_id);
	sqlite_bind_str(st, 3, se->csrf);
	sqlite3_bind_int64(st, 4, se->created_at);
	sqlite_bind_str(st, 5, se->ip);
	sqlite_bind_str(st, 6, se->user_agent);
	return sqlite_exec(s, st, "session insert");
}

static void read_session(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct session *)item = (struct session){
	    .id = sqlite3_column_int64(st, 0),
	    .user_id = sqlite3_column_int64(st, 1),
	    .csrf = sqlite_column_str(a, st, 2),
	    .created_at = sqlite3_column_int64(st, 3),
	    .last_seen_at = sqlite3_column_int64(st, 4),
	    .ip = sqlite_column_str(a, st, 5),
	    .user_agent = sqlite_column_str(a, st, 6),
	};
}

static enum mm_err session_by_hash(struct store *s, struct arena *a,
                                   const unsigned char hash[TOKEN_HASH_BYTES], struct session *out)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_BY_HASH);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_hash(st, 1, hash, TOKEN_HASH_BYTES);
	return sqlite_row(s, a, st, read_session, out, "session");
}

static enum mm_err session_touch(struct store *s, int64_t id, int64_t now)
{
	return exec_id(s, SQL_SESSION_TOUCH, id, NULL, NULL, now, "session touch");
}

static enum mm_err session_delete(struct store *s, int64_t id)
{
	return exec_id(s, SQL_SESSION_DELETE, id, NULL, NULL, 0, "session delete");
}

static enum mm_err session_delete_user(struct store *s, int64_t user_id, int64_t keep_id)
{
	return exec_id(s, SQL_SESSION_DELETE_USER, user_id, NULL, NULL, keep_id,
	               "session delete user");
}

static enum mm_err session_list(struct store *s, struct arena *a, int64_t user_id,
                                struct session **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_LIST);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, SESSION_LIST_MAX);
	return sqlite_rows(s, a, st, sizeof **out, SESSION_LIST_MAX, read_session, (void **)out, n,
	                   "session list");
}

static enum mm_err link_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                               const struct link_token *t, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LINK_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_cstr(st, 1, purpose_names[t->purpose]);
	sqlite_bind_hash(st, 2, hash, TOKEN_HASH_BYTES);
	sqlite3_bind_int64(st, 3, t->user_id);
	sqlite3_bind_int64(st, 4, t->organisation_id);
	sqlite_bind_str(st, 5, t->email);
	sqlite_bind_str(st, 6, t->role);
	sqlite3_bind_int64(st, 7, t->expires_at);
	sqlite3_bind_int64(st, 8, now);
	return sqlite_exec(s, st, "link insert");
}

static enum mm_err link_use(struct store *s, struct arena *a, enum link_purpose purpose,
                            const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                            struct link_token *out)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LINK_USE);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_cstr(st, 1, purpose_names[purpose]);
	sqlite_bind_hash(st, 2, hash, TOKEN_HASH_BYTES);
	sqlite3_bind_int64(st, 3, now);
	enum mm_err e = sqlite_one_row(s, st, "link use");
	if (e)
		return e;
	*out = (struct link_token){
	    .id = sqlite3_column_int64(st, 0),
	    .purpose = purpose,
	    .user_id = sqlite3_column_int64(st, 1),
	    .organisation_id = sqlite3_column_int64(st, 2),
	    .email = sqlite_column_str(a, st, 3),
	    .role = sqlite_column_str(a, st, 4),
	    .expires_at = sqlite3_column_int64(st, 5),
	};
	/* RETURNING: the change happens as the statement runs to completion. */
	while (sqlite3_step(st) == SQLITE_ROW)
		;
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err link_revoke_user(struct store *s, int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LINK_REVOKE_USER);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	return sqlite_exec(s, st, "link revoke");
}

static enum mm_err login_failure_add(struct store *s, struct str email, struct str ip, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_ADD);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	sqlite_bind_str(st, 2, ip);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec(s, st, "login failure");
}

static enum mm_err login_failure_count(struct store *s, struct str email, struct str ip,
                                       int64_t since, int64_t *by_email, int64_t *by_ip,
                                       int64_t *last_at)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_COUNT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	sqlite_bind_str(st, 2, ip);
	sqlite3_bind_int64(st, 3, since);
	enum mm_err e = sqlite_one_row(s, st, "login failure count");
	if (e)
		return e;
	*by_email = sqlite3_column_int64(st, 0);
	*by_ip = sqlite3_column_int64(st, 1);
	*last_at = sqlite3_column_int64(st, 2);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err login_failure_clear(struct store *s, struct str email)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_CLEAR);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	return sqlite_exec(s, st, "login failure clear");
}

const struct store_account_ops sqlite_account_ops = {
    .user_insert = user_insert,
    .user_by_email = user_by_email,
    .user_by_id = user_by_id,
    .user_confirm = user_confirm,
    .user_set_password = user_set_password,
    .user_set_email = user_set_email,
    .user_set_profile = user_set_profile,
    .user_delete = user_delete,
    .session_insert = session_insert,
    .session_by_hash = session_by_hash,
    .session_touch = session_touch,
    .session_delete = session_delete,
    .session_delete_user = session_delete_user,
    .session_list = session_list,
    .link_insert = link_insert,
    .link_use = link_use,
    .link_revoke_user = link_revoke_user,
    .login_failure_add = login_failure_add,
    .login_failure_count = login_failure_count,
    .login_failure_clear = login_failure_clear,
};
