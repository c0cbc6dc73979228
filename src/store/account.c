/*
 * account.c — the accounts area (store/account.h), written once for every
 * database (store/sql.h): users, sessions, single-use links and failed
 * log-ins.
 *
 * Every statement reads the same in both dialects. E-mail addresses
 * compare without case by their column's own type (COLLATE NOCASE in
 * SQLite, citext in PostgreSQL), so `email = $1` finds an address however
 * it was typed and still uses the column's index. Token hashes are blobs
 * (bytea). An insert that may meet a duplicate says ON CONFLICT DO NOTHING
 * and answers MM_ERR_CONFLICT without spoiling the caller's transaction on
 * PostgreSQL; the one update that may (an address someone else has) runs
 * under sql_savepoint_next().
 */
#include "store/account.h"

#include "store/rows.h"
#include "store/sql.h"

static const char *const purpose_names[] = {"confirm", "reset", "email", "invite", "admin"};

static const struct sql SQL_USER_INSERT = SQL(
    "INSERT INTO \"user\" (email, password_hash, name, lang, confirmed_at, is_admin, created_at)"
    " VALUES ($1, $2, $3, $4, nullif(CAST($5 AS bigint), 0), $6, $7)"
    " ON CONFLICT DO NOTHING RETURNING id");
#define USER_COLUMNS STORE_USER_PUBLIC_COLUMNS ", password_hash"
static const struct sql SQL_USER_BY_EMAIL =
    SQL("SELECT " USER_COLUMNS " FROM \"user\" WHERE email = $1");
static const struct sql SQL_USER_BY_ID = SQL("SELECT " USER_COLUMNS " FROM \"user\" WHERE id = $1");
static const struct sql SQL_USER_CONFIRM =
    SQL("UPDATE \"user\" SET confirmed_at = $2 WHERE id = $1 AND confirmed_at IS NULL");
static const struct sql SQL_USER_SET_PASSWORD =
    SQL("UPDATE \"user\" SET password_hash = $2 WHERE id = $1");
static const struct sql SQL_USER_SET_EMAIL = SQL("UPDATE \"user\" SET email = $2 WHERE id = $1");
static const struct sql SQL_USER_SET_PROFILE =
    SQL("UPDATE \"user\" SET name = $2, lang = $3 WHERE id = $1");
static const struct sql SQL_USER_DELETE = SQL("DELETE FROM \"user\" WHERE id = $1");
/* '!' is no hash any password verifies against: a seeded account cannot
 * sign in until someone resets its password. */
static const struct sql SQL_USER_SEED =
    SQL("INSERT INTO \"user\" (email, password_hash, name, confirmed_at, created_at)"
        " VALUES ($1, '!', $2, $3, $3) ON CONFLICT DO NOTHING");
static const struct sql SQL_USER_ID_BY_EMAIL = SQL("SELECT id FROM \"user\" WHERE email = $1");

static const struct sql SQL_SESSION_INSERT =
    SQL("INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, ip, user_agent)"
        " VALUES ($1, $2, $3, $4, $4, $5, $6)");
#define SESSION_COLUMNS "id, user_id, csrf, created_at, last_seen_at, ip, user_agent"
static const struct sql SQL_SESSION_BY_HASH =
    SQL("SELECT " SESSION_COLUMNS " FROM session WHERE token_hash = $1");
static const struct sql SQL_SESSION_TOUCH =
    SQL("UPDATE session SET last_seen_at = $2 WHERE id = $1");
static const struct sql SQL_SESSION_DELETE = SQL("DELETE FROM session WHERE id = $1");
static const struct sql SQL_SESSION_DELETE_USER =
    SQL("DELETE FROM session WHERE user_id = $1 AND id <> $2");
static const struct sql SQL_SESSION_LIST =
    SQL("SELECT " SESSION_COLUMNS " FROM session WHERE user_id = $1"
        " ORDER BY last_seen_at DESC LIMIT $2");

static const struct sql SQL_LINK_INSERT =
    SQL("INSERT INTO link_token (purpose, token_hash, user_id, organisation_id, email, role,"
        " expires_at, created_at, invited_by)"
        " VALUES ($1, $2, nullif(CAST($3 AS bigint), 0), nullif(CAST($4 AS bigint), 0), $5, $6, $7,"
        " $8, nullif(CAST($9 AS bigint), 0))");
/* The link of purpose $1 and hash $2 while it can still be used at $3, and
 * the columns read_link reads: the same for using a link and for looking
 * at it, so that a link that can be seen can be used. */
#define LINK_USABLE                                                                                \
	" WHERE purpose = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3"
#define LINK_COLUMNS                                                                               \
	"id, coalesce(user_id, 0), coalesce(organisation_id, 0), email, role, expires_at"
static const struct sql SQL_LINK_USE =
    SQL("UPDATE link_token SET used_at = $3" LINK_USABLE " RETURNING " LINK_COLUMNS);

/* The lock keys: the address in lower case (it compares without case),
 * the network; two different constants keep their hashes apart. */
static const struct sql SQL_LOGIN_LOCK_EMAIL =
    SQL_EACH("SELECT ?1", "SELECT 1 FROM pg_advisory_xact_lock("
                          "hashtextextended(lower($1), 3141592653589793238))");
static const struct sql SQL_LOGIN_LOCK_NETWORK =
    SQL_EACH("SELECT ?1", "SELECT 1 FROM pg_advisory_xact_lock("
                          "hashtextextended($1, 2718281828459045235))");
static const struct sql SQL_LOGIN_FAILURE_ADD =
    SQL("INSERT INTO login_failure (email, ip, network, device_id, at)"
        " VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), $5) RETURNING id");
static const struct sql SQL_LOGIN_FAILURE_COUNTS =
    SQL("SELECT (SELECT count(*) FROM login_failure"
        "         WHERE email = $1 AND at >= $4 AND device_id IS NULL),"
        " coalesce((SELECT max(at) FROM login_failure"
        "           WHERE email = $1 AND at >= $4 AND device_id IS NULL), 0),"
        " (SELECT count(*) FROM login_failure WHERE device_id = $3 AND at >= $4),"
        " coalesce((SELECT max(at) FROM login_failure WHERE device_id = $3 AND at >= $4), 0),"
        " (SELECT count(*) FROM login_failure WHERE network = $2 AND at >= $4),"
        " coalesce((SELECT max(at) FROM login_failure WHERE network = $2 AND at >= $4), 0)");
static const struct sql SQL_LOGIN_FAILURE_CLEAR =
    SQL("DELETE FROM login_failure WHERE id = $1 OR email = $2");

static const struct sql SQL_LOGIN_DEVICE_INSERT =
    SQL("INSERT INTO login_device (user_id, token_hash, created_at, last_used_at)"
        " VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING");
static const struct sql SQL_LOGIN_DEVICE_FIND =
    SQL("SELECT d.id FROM login_device d JOIN \"user\" u ON u.id = d.user_id"
        " WHERE d.token_hash = $1 AND u.email = $2 AND d.last_used_at >= $3");
static const struct sql SQL_LOGIN_DEVICE_TOUCH =
    SQL("UPDATE login_device SET last_used_at = $2 WHERE id = $1");
static const struct sql SQL_LOGIN_DEVICE_LIST =
    SQL("SELECT created_at, last_used_at FROM login_device WHERE user_id = $1"
        " ORDER BY last_used_at DESC, id DESC LIMIT $2");
static const struct sql SQL_LOGIN_DEVICE_COUNT =
    SQL("SELECT count(*) FROM login_device WHERE user_id = $1");
static const struct sql SQL_LOGIN_DEVICE_PRUNE =
    SQL("DELETE FROM login_device WHERE user_id = $1 AND last_used_at < $2");

/* ---- users -------------------------------------------------------------- */

void store_read_user_public(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct user *)item = (struct user){
	    .id = sql_col_int64(r, 0),
	    .email = sql_col_str(a, r, 1),
	    .password_hash = STR(""),
	    .name = sql_col_str(a, r, 2),
	    .lang = sql_col_str(a, r, 3),
	    .confirmed_at = sql_col_int64(r, 4),
	    .is_admin = sql_col_bool(r, 5),
	    .disabled_at = sql_col_int64(r, 6),
	    .disabled_reason = sql_col_str(a, r, 7),
	    .created_at = sql_col_int64(r, 8),
	};
}

/* USER_COLUMNS: the public fields, then the password hash. */
static void read_user(struct arena *a, const struct sql_row *r, void *item)
{
	store_read_user_public(a, r, item);
	((struct user *)item)->password_hash = sql_col_str(a, r, STORE_USER_PUBLIC_NCOLUMNS);
}

enum mm_err store_user_insert(struct store *s, const struct user *u, int64_t *id)
{
	return sql_insert(s, &SQL_USER_INSERT,
	                  ARGS(ARG_TEXT(u->email), ARG_TEXT(u->password_hash), ARG_TEXT(u->name),
	                       ARG_TEXT(u->lang.n ? u->lang : STR("ja")), ARG_INT(u->confirmed_at),
	                       ARG_BOOL(u->is_admin), ARG_INT(u->created_at)),
	                  "user insert", id);
}

enum mm_err store_user_by_email(struct store *s, struct arena *a, struct str email,
                                struct user *out)
{
	return sql_row(s, a, &SQL_USER_BY_EMAIL, ARGS(ARG_TEXT(email)), read_user, out, "user");
}

enum mm_err store_user_by_id(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	return sql_row(s, a, &SQL_USER_BY_ID, ARGS(ARG_INT(id)), read_user, out, "user");
}

enum mm_err store_user_seed(struct store *s, struct str email, struct str name, int64_t now,
                            int64_t *id)
{
	enum mm_err e = sql_exec(s, &SQL_USER_SEED,
	                         ARGS(ARG_TEXT(email), ARG_TEXT(name), ARG_INT(now)), "seed user");
	return e ? e
	         : sql_int64_of(s, &SQL_USER_ID_BY_EMAIL, ARGS(ARG_TEXT(email)), "seed user id",
	                        id);
}

enum mm_err store_user_confirm(struct store *s, int64_t id, int64_t now)
{
	return sql_exec(s, &SQL_USER_CONFIRM, ARGS(ARG_INT(id), ARG_INT(now)), "user confirm");
}

enum mm_err store_user_set_password(struct store *s, int64_t id, struct str hash)
{
	return sql_exec(s, &SQL_USER_SET_PASSWORD, ARGS(ARG_INT(id), ARG_TEXT(hash)),
	                "user password");
}

enum mm_err store_user_set_email(struct store *s, int64_t id, struct str email)
{
	sql_savepoint_next(s); /* CONFLICT: the address is someone else's */
	return sql_exec(s, &SQL_USER_SET_EMAIL, ARGS(ARG_INT(id), ARG_TEXT(email)), "user email");
}

enum mm_err store_user_set_profile(struct store *s, int64_t id, struct str name, struct str lang)
{
	return sql_exec(s, &SQL_USER_SET_PROFILE, ARGS(ARG_INT(id), ARG_TEXT(name), ARG_TEXT(lang)),
	                "user profile");
}

enum mm_err store_user_delete(struct store *s, int64_t id)
{
	return sql_exec(s, &SQL_USER_DELETE, ARGS(ARG_INT(id)), "user delete");
}

/* ---- sessions ----------------------------------------------------------- */

static void read_session(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct session *)item = (struct session){
	    .id = sql_col_int64(r, 0),
	    .user_id = sql_col_int64(r, 1),
	    .csrf = sql_col_str(a, r, 2),
	    .created_at = sql_col_int64(r, 3),
	    .last_seen_at = sql_col_int64(r, 4),
	    .ip = sql_col_str(a, r, 5),
	    .user_agent = sql_col_str(a, r, 6),
	};
}

enum mm_err store_session_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                 const struct session *se)
{
	return sql_exec(s, &SQL_SESSION_INSERT,
	                ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(se->user_id),
	                     ARG_TEXT(se->csrf), ARG_INT(se->created_at), ARG_TEXT(se->ip),
	                     ARG_TEXT(se->user_agent)),
	                "session insert");
}

enum mm_err store_session_by_hash(struct store *s, struct arena *a,
                                  const unsigned char hash[TOKEN_HASH_BYTES], struct session *out)
{
	return sql_row(s, a, &SQL_SESSION_BY_HASH, ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES)),
	               read_session, out, "session");
}

enum mm_err store_session_touch(struct store *s, int64_t id, int64_t now)
{
	return sql_exec(s, &SQL_SESSION_TOUCH, ARGS(ARG_INT(id), ARG_INT(now)), "session touch");
}

enum mm_err store_session_delete(struct store *s, int64_t id)
{
	return sql_exec(s, &SQL_SESSION_DELETE, ARGS(ARG_INT(id)), "session delete");
}

enum mm_err store_session_delete_user(struct store *s, int64_t user_id, int64_t keep_id)
{
	return sql_exec(s, &SQL_SESSION_DELETE_USER, ARGS(ARG_INT(user_id), ARG_INT(keep_id)),
	                "session delete user");
}

enum mm_err store_session_list(struct store *s, struct arena *a, int64_t user_id,
                               struct session **out, size_t *n)
{
	return sql_rows(s, a, &SQL_SESSION_LIST, ARGS(ARG_INT(user_id), ARG_INT(SESSION_LIST_MAX)),
	                sizeof **out, SESSION_LIST_MAX, read_session, (void **)out, n,
	                "session list");
}

/* ---- single-use links --------------------------------------------------- */

enum mm_err store_link_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                              const struct link_token *t, int64_t now)
{
	return sql_exec(s, &SQL_LINK_INSERT,
	                ARGS(ARG_CSTR(purpose_names[t->purpose]), ARG_BYTES(hash, TOKEN_HASH_BYTES),
	                     ARG_INT(t->user_id), ARG_INT(t->organisation_id), ARG_TEXT(t->email),
	                     ARG_TEXT(t->role), ARG_INT(t->expires_at), ARG_INT(now),
	                     ARG_INT(t->invited_by)),
	                "link insert");
}

/* LINK_COLUMNS; the purpose is the caller's. */
static void read_link(struct arena *a, const struct sql_row *r, void *item)
{
	struct link_token *t = item;
	t->id = sql_col_int64(r, 0);
	t->user_id = sql_col_int64(r, 1);
	t->organisation_id = sql_col_int64(r, 2);
	t->email = sql_col_str(a, r, 3);
	t->role = sql_col_str(a, r, 4);
	t->expires_at = sql_col_int64(r, 5);
}

/* The unused, unexpired link of purpose and hash through q (SQL_LINK_USE
 * marks it used, SQL_LINK_PEEK only reads it). */
static enum mm_err link_read(struct store *s, struct arena *a, const struct sql *q,
                             enum link_purpose purpose, const unsigned char hash[TOKEN_HASH_BYTES],
                             int64_t now, struct link_token *out, const char *what)
{
	*out = (struct link_token){.purpose = purpose};
	return sql_row(
	    s, a, q,
	    ARGS(ARG_CSTR(purpose_names[purpose]), ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(now)),
	    read_link, out, what);
}

enum mm_err store_link_use(struct store *s, struct arena *a, enum link_purpose purpose,
                           const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                           struct link_token *out)
{
	return link_read(s, a, &SQL_LINK_USE, purpose, hash, now, out, "link use");
}

static const struct sql SQL_LINK_PEEK = SQL("SELECT " LINK_COLUMNS " FROM link_token" LINK_USABLE);

enum mm_err store_link_peek(struct store *s, struct arena *a, enum link_purpose purpose,
                            const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                            struct link_token *out)
{
	return link_read(s, a, &SQL_LINK_PEEK, purpose, hash, now, out, "link peek");
}

/* Every unused link of the account, used up now: after a new password,
 * no older reset, confirmation or change-of-address link works. */
static const struct sql SQL_LINK_REVOKE_USER =
    SQL("UPDATE link_token SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL");

enum mm_err store_link_revoke_user(struct store *s, int64_t user_id, int64_t now)
{
	return sql_exec(s, &SQL_LINK_REVOKE_USER, ARGS(ARG_INT(user_id), ARG_INT(now)),
	                "link revoke");
}

/* ---- failed log-ins ----------------------------------------------------- */

enum mm_err store_login_lock(struct store *s, struct str email, struct str network)
{
	enum mm_err e = sql_exec(s, &SQL_LOGIN_LOCK_EMAIL, ARGS(ARG_TEXT(email)), "log-in lock");
	return e ? e : sql_exec(s, &SQL_LOGIN_LOCK_NETWORK, ARGS(ARG_TEXT(network)), "log-in lock");
}

enum mm_err store_login_failure_add(struct store *s, struct str email, struct str ip,
                                    struct str network, int64_t device_id, int64_t now, int64_t *id)
{
	return sql_int64_of(s, &SQL_LOGIN_FAILURE_ADD,
	                    ARGS(ARG_TEXT(email), ARG_TEXT(ip), ARG_TEXT(network),
	                         ARG_INT(device_id), ARG_INT(now)),
	                    "login failure", id);
}

static void read_counts(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct login_failure_counts *)item = (struct login_failure_counts){
	    .account = sql_col_int64(r, 0),
	    .account_last = sql_col_int64(r, 1),
	    .device = sql_col_int64(r, 2),
	    .device_last = sql_col_int64(r, 3),
	    .network = sql_col_int64(r, 4),
	    .network_last = sql_col_int64(r, 5),
	};
}

enum mm_err store_login_failure_counts(struct store *s, struct str email, struct str network,
                                       int64_t device_id, int64_t since,
                                       struct login_failure_counts *out)
{
	*out = (struct login_failure_counts){0};
	return sql_one_row(
	    s, NULL, &SQL_LOGIN_FAILURE_COUNTS,
	    ARGS(ARG_TEXT(email), ARG_TEXT(network), ARG_INT(device_id), ARG_INT(since)),
	    read_counts, out, "login failure counts");
}

enum mm_err store_login_failure_clear(struct store *s, int64_t attempt_id, struct str email)
{
	return sql_exec(s, &SQL_LOGIN_FAILURE_CLEAR, ARGS(ARG_INT(attempt_id), ARG_TEXT(email)),
	                "login failure clear");
}

/* ---- devices that have logged in ---------------------------------------- */

enum mm_err store_login_device_insert(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                      int64_t user_id, int64_t now)
{
	return sql_exec(s, &SQL_LOGIN_DEVICE_INSERT,
	                ARGS(ARG_INT(user_id), ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(now)),
	                "login device insert");
}

enum mm_err store_login_device_find(struct store *s, const unsigned char hash[TOKEN_HASH_BYTES],
                                    struct str email, int64_t since, int64_t *id)
{
	return sql_int64_of(
	    s, &SQL_LOGIN_DEVICE_FIND,
	    ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_TEXT(email), ARG_INT(since)),
	    "login device", id);
}

enum mm_err store_login_device_touch(struct store *s, int64_t id, int64_t now)
{
	return sql_exec(s, &SQL_LOGIN_DEVICE_TOUCH, ARGS(ARG_INT(id), ARG_INT(now)),
	                "login device touch");
}

static void read_login_device(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct login_device *)item = (struct login_device){
	    .created_at = sql_col_int64(r, 0),
	    .last_used_at = sql_col_int64(r, 1),
	};
}

enum mm_err store_login_device_list(struct store *s, struct arena *a, int64_t user_id,
                                    struct login_device **out, size_t *n, int64_t *total)
{
	return sql_rows_counted(s, a, &SQL_LOGIN_DEVICE_COUNT, &SQL_LOGIN_DEVICE_LIST,
	                        ARGS(ARG_INT(user_id), ARG_INT(LOGIN_DEVICE_LIST_MAX)), 1,
	                        sizeof **out, LOGIN_DEVICE_LIST_MAX, read_login_device,
	                        (void **)out, n, total, "login device list");
}

enum mm_err store_login_device_prune(struct store *s, int64_t user_id, int64_t since)
{
	return sql_exec(s, &SQL_LOGIN_DEVICE_PRUNE, ARGS(ARG_INT(user_id), ARG_INT(since)),
	                "login device prune");
}

static const struct sql SQL_USER_ROLES =
    SQL("SELECT EXISTS (SELECT 1 FROM membership WHERE user_id = $1),"
        " EXISTS (SELECT 1 FROM supporter WHERE user_id = $1),"
        " EXISTS (SELECT 1 FROM expert WHERE user_id = $1),"
        " EXISTS (SELECT 1 FROM desk_staff WHERE user_id = $1)");

static void read_roles(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	*(struct user_roles *)item = (struct user_roles){
	    .member = sql_col_bool(r, 0),
	    .supporter = sql_col_bool(r, 1),
	    .expert = sql_col_bool(r, 2),
	    .desk = sql_col_bool(r, 3),
	};
}

enum mm_err store_user_roles(struct store *s, int64_t user_id, struct user_roles *out)
{
	return sql_one_row(s, NULL, &SQL_USER_ROLES, ARGS(ARG_INT(user_id)), read_roles, out,
	                   "user roles");
}
