/*
 * pg_account.c — the accounts area of the PostgreSQL driver (see
 * store/account.h): users, sessions, single-use links and failed log-ins.
 * The same statements as sqlite_account.c in PostgreSQL's dialect: "user"
 * quoted, e-mail addresses citext (compared without case, as SQLite's
 * COLLATE NOCASE), token hashes bytea, inserts that may meet a duplicate
 * answer MM_ERR_CONFLICT without failing the caller's transaction.
 */
#include "store/account.h"
#include "store/pg_int.h"

static const char *const purpose_names[] = {"confirm", "reset", "email", "invite", "admin"};

static const char SQL_USER_INSERT[] =
    "INSERT INTO \"user\" (email, password_hash, name, lang, confirmed_at, is_admin, created_at)"
    " VALUES ($1, $2, $3, $4, nullif($5::bigint, 0), $6, $7)"
    " ON CONFLICT DO NOTHING RETURNING id";
#define USER_COLUMNS                                                                               \
	"id, email, password_hash, name, lang, coalesce(confirmed_at, 0), is_admin,"               \
	" coalesce(disabled_at, 0), coalesce(disabled_reason, ''), created_at"
static const char SQL_USER_BY_EMAIL[] = "SELECT " USER_COLUMNS " FROM \"user\" WHERE email = $1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS " FROM \"user\" WHERE id = $1";
static const char SQL_USER_CONFIRM[] =
    "UPDATE \"user\" SET confirmed_at = $2 WHERE id = $1 AND confirmed_at IS NULL";
static const char SQL_USER_SET_PASSWORD[] = "UPDATE \"user\" SET password_hash = $2 WHERE id = $1";
static const char SQL_USER_SET_EMAIL[] = "UPDATE \"user\" SET email = $2 WHERE id = $1";
static const char SQL_USER_SET_PROFILE[] = "UPDATE \"user\" SET name = $2, lang = $3 WHERE id = $1";
static const char SQL_USER_DELETE[] = "DELETE FROM \"user\" WHERE id = $1";

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, ip, user_agent)"
    " VALUES ($1, $2, $3, $4, $4, $5, $6)";
#define SESSION_COLUMNS "id, user_id, csrf, created_at, last_seen_at, ip, user_agent"
static const char SQL_SESSION_BY_HASH[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE token_hash = $1";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen_at = $2 WHERE id = $1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE id = $1";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM session WHERE user_id = $1 AND id <> $2";
static const char SQL_SESSION_LIST[] = "SELECT " SESSION_COLUMNS " FROM session WHERE user_id = $1"
                                       " ORDER BY last_seen_at DESC LIMIT $2";

static const char SQL_LINK_INSERT[] =
    "INSERT INTO link_token (purpose, token_hash, user_id, organisation_id, email, role,"
    " expires_at, created_at)"
    " VALUES ($1, $2, nullif($3::bigint, 0), nullif($4::bigint, 0), $5, $6, $7, $8)";
static const char SQL_LINK_REVOKE_USER[] =
    "UPDATE link_token SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL";
static const char SQL_LINK_USE[] =
    "UPDATE link_token SET used_at = $3 WHERE purpose = $1 AND token_hash = $2"
    " AND used_at IS NULL AND expires_at > $3"
    " RETURNING id, coalesce(user_id, 0), coalesce(organisation_id, 0), email, role, expires_at";

static const char SQL_LOGIN_FAILURE_ADD[] =
    "INSERT INTO login_failure (email, ip, at) VALUES ($1, $2, $3)";
static const char SQL_LOGIN_FAILURE_COUNT[] =
    "SELECT (SELECT count(*) FROM login_failure WHERE email = $1 AND at >= $3),"
    " (SELECT count(*) FROM login_failure WHERE ip = $2 AND at >= $3),"
    " coalesce((SELECT max(at) FROM login_failure"
    " WHERE (email = $1 OR ip = $2) AND at >= $3), 0)";
static const char SQL_LOGIN_FAILURE_CLEAR[] = "DELETE FROM login_failure WHERE email = $1";

static void read_user(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct user *)item = (struct user){
	    .id = pg_col_int64(r, 0),
	    .email = pg_col_str(a, r, 1),
	    .password_hash = pg_col_str(a, r, 2),
	    .name = pg_col_str(a, r, 3),
	    .lang = pg_col_str(a, r, 4),
	    .confirmed_at = pg_col_int64(r, 5),
	    .is_admin = pg_col_bool(r, 6),
	    .disabled_at = pg_col_int64(r, 7),
	    .disabled_reason = pg_col_str(a, r, 8),
	    .created_at = pg_col_int64(r, 9),
	};
}

static enum mm_err user_insert(struct store *s, const struct user *u, int64_t *id)
{
	return pg_insert(s, SQL_USER_INSERT,
	                 ARGS(ARG_TEXT(u->email), ARG_TEXT(u->password_hash), ARG_TEXT(u->name),
	                      ARG_TEXT(u->lang.n ? u->lang : STR("ja")), ARG_INT(u->confirmed_at),
	                      ARG_BOOL(u->is_admin), ARG_INT(u->created_at)),
	                 "user insert", id);
}

static enum mm_err user_by_email(struct store *s, struct arena *a, struct str email,
                                 struct user *out)
{
	return pg_row(s, a, SQL_USER_BY_EMAIL, ARGS(ARG_TEXT(email)), read_user, out, "user");
}

static enum mm_err user_by_id(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	return pg_row(s, a, SQL_USER_BY_ID, ARGS(ARG_INT(id)), read_user, out, "user");
}

static enum mm_err user_confirm(struct store *s, int64_t id, int64_t now)
{
	return pg_exec(s, SQL_USER_CONFIRM, ARGS(ARG_INT(id), ARG_INT(now)), "user confirm");
}

static enum mm_err user_set_password(struct store *s, int64_t id, struct str hash)
{
	return pg_exec(s, SQL_USER_SET_PASSWORD, ARGS(ARG_INT(id), ARG_TEXT(hash)),
	               "user password");
}

static enum mm_err user_set_email(struct store *s, int64_t id, struct str email)
{
	pg_savepoint_next(s); /* CONFLICT: the address is someone else's */
	return pg_exec(s, SQL_USER_SET_EMAIL, ARGS(ARG_INT(id), ARG_TEXT(email)), "user email");
}

static enum mm_err user_set_profile(struct store *s, int64_t id, struct str name, struct str lang)
{
	return pg_exec(s, SQL_USER_SET_PROFILE, ARGS(ARG_INT(id), ARG_TEXT(name), ARG_TEXT(lang)),
	               "user profile");
}

static enum mm_err user_delete(struct store *s, int64_t id)
{
	return pg_exec(s, SQL_USER_DELETE, ARGS(ARG_INT(id)), "user delete");
}

static enum mm_err session_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                  const struct session *se)
{
	return pg_exec(s, SQL_SESSION_INSERT,
	               ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(se->user_id),
	                    ARG_TEXT(se->csrf), ARG_INT(se->created_at), ARG_TEXT(se->ip),
	                    ARG_TEXT(se->user_agent)),
	               "session insert");
}

static void read_session(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct session *)item = (struct session){
	    .id = pg_col_int64(r, 0),
	    .user_id = pg_col_int64(r, 1),
	    .csrf = pg_col_str(a, r, 2),
	    .created_at = pg_col_int64(r, 3),
	    .last_seen_at = pg_col_int64(r, 4),
	    .ip = pg_col_str(a, r, 5),
	    .user_agent = pg_col_str(a, r, 6),
	};
}

static enum mm_err session_by_hash(struct store *s, struct arena *a,
                                   const unsigned char hash[TOKEN_HASH_BYTES], struct session *out)
{
	return pg_row(s, a, SQL_SESSION_BY_HASH, ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES)),
	              read_session, out, "session");
}

static enum mm_err session_touch(struct store *s, int64_t id, int64_t now)
{
	return pg_exec(s, SQL_SESSION_TOUCH, ARGS(ARG_INT(id), ARG_INT(now)), "session touch");
}

static enum mm_err session_delete(struct store *s, int64_t id)
{
	return pg_exec(s, SQL_SESSION_DELETE, ARGS(ARG_INT(id)), "session delete");
}

static enum mm_err session_delete_user(struct store *s, int64_t user_id, int64_t keep_id)
{
	return pg_exec(s, SQL_SESSION_DELETE_USER, ARGS(ARG_INT(user_id), ARG_INT(keep_id)),
	               "session delete user");
}

static enum mm_err session_list(struct store *s, struct arena *a, int64_t user_id,
                                struct session **out, size_t *n)
{
	return pg_rows(s, a, SQL_SESSION_LIST, ARGS(ARG_INT(user_id), ARG_INT(SESSION_LIST_MAX)),
	               sizeof **out, SESSION_LIST_MAX, read_session, (void **)out, n,
	               "session list");
}

static enum mm_err link_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                               const struct link_token *t, int64_t now)
{
	return pg_exec(s, SQL_LINK_INSERT,
	               ARGS(ARG_CSTR(purpose_names[t->purpose]), ARG_BYTES(hash, TOKEN_HASH_BYTES),
	                    ARG_INT(t->user_id), ARG_INT(t->organisation_id), ARG_TEXT(t->email),
	                    ARG_TEXT(t->role), ARG_INT(t->expires_at), ARG_INT(now)),
	               "link insert");
}

static void read_link(struct arena *a, const struct pg_row *r, void *item)
{
	struct link_token *t = item;
	t->id = pg_col_int64(r, 0);
	t->user_id = pg_col_int64(r, 1);
	t->organisation_id = pg_col_int64(r, 2);
	t->email = pg_col_str(a, r, 3);
	t->role = pg_col_str(a, r, 4);
	t->expires_at = pg_col_int64(r, 5);
}

static enum mm_err link_revoke_user(struct store *s, int64_t user_id, int64_t now)
{
	return pg_exec(s, SQL_LINK_REVOKE_USER, ARGS(ARG_INT(user_id), ARG_INT(now)),
	               "link revoke");
}

static enum mm_err link_use(struct store *s, struct arena *a, enum link_purpose purpose,
                            const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                            struct link_token *out)
{
	*out = (struct link_token){.purpose = purpose};
	return pg_row(
	    s, a, SQL_LINK_USE,
	    ARGS(ARG_CSTR(purpose_names[purpose]), ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(now)),
	    read_link, out, "link use");
}

static enum mm_err login_failure_add(struct store *s, struct str email, struct str ip, int64_t now)
{
	return pg_exec(s, SQL_LOGIN_FAILURE_ADD, ARGS(ARG_TEXT(email), ARG_TEXT(ip), ARG_INT(now)),
	               "login failure");
}

struct failure_counts {
	int64_t by_email, by_ip, last_at;
};

static void read_counts(struct arena *a, const struct pg_row *r, void *item)
{
	(void)a;
	*(struct failure_counts *)item = (struct failure_counts){
	    .by_email = pg_col_int64(r, 0),
	    .by_ip = pg_col_int64(r, 1),
	    .last_at = pg_col_int64(r, 2),
	};
}

static enum mm_err login_failure_count(struct store *s, struct str email, struct str ip,
                                       int64_t since, int64_t *by_email, int64_t *by_ip,
                                       int64_t *last_at)
{
	struct failure_counts c = {0};
	enum mm_err e = pg_row(s, NULL, SQL_LOGIN_FAILURE_COUNT,
	                       ARGS(ARG_TEXT(email), ARG_TEXT(ip), ARG_INT(since)), read_counts, &c,
	                       "login failure count");
	if (e)
		return e;
	*by_email = c.by_email;
	*by_ip = c.by_ip;
	*last_at = c.last_at;
	return MM_OK;
}

static enum mm_err login_failure_clear(struct store *s, struct str email)
{
	return pg_exec(s, SQL_LOGIN_FAILURE_CLEAR, ARGS(ARG_TEXT(email)), "login failure clear");
}

const struct store_account_ops pg_account_ops = {
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
