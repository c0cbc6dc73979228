/*
 * sqlite_account.c — the accounts area of the SQLite driver (see
 * store/account.h): users, sessions, single-use links, failed log-ins,
 * outbox, audit.
 */
#include <string.h>

#include "store/account.h"
#include "store/sqlite_int.h"

static const char *const purpose_names[] = {"confirm", "reset", "email", "invite", "admin"};
static const char *const outcome_names[] = {"ok", "denied", "failed"};

static const char SQL_USER_INSERT[] =
    "INSERT INTO user (email, password_hash, name, lang, confirmed_at, is_admin, created_at)"
    " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7)";
#define USER_COLUMNS                                                                                         \
	"id, email, password_hash, name, lang, coalesce(confirmed_at, 0), is_admin, coalesce(disabled_at, 0),"  \
	" coalesce(disabled_reason, ''), created_at"
static const char SQL_USER_BY_EMAIL[] = "SELECT " USER_COLUMNS " FROM user WHERE email = ?1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS " FROM user WHERE id = ?1";
static const char SQL_USER_CONFIRM[] = "UPDATE user SET confirmed_at = ?2 WHERE id = ?1 AND confirmed_at IS NULL";
static const char SQL_USER_SET_PASSWORD[] = "UPDATE user SET password_hash = ?2 WHERE id = ?1";
static const char SQL_USER_SET_EMAIL[] = "UPDATE user SET email = ?2 WHERE id = ?1";
static const char SQL_USER_SET_PROFILE[] = "UPDATE user SET name = ?2, lang = ?3 WHERE id = ?1";
static const char SQL_USER_DELETE[] = "DELETE FROM user WHERE id = ?1";

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO session (token_hash, user_id, csrf, created_at, last_seen_at, ip, user_agent)"
    " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";
#define SESSION_COLUMNS "id, user_id, csrf, created_at, last_seen_at, ip, user_agent"
static const char SQL_SESSION_BY_HASH[] = "SELECT " SESSION_COLUMNS " FROM session WHERE token_hash = ?1";
static const char SQL_SESSION_TOUCH[] = "UPDATE session SET last_seen_at = ?2 WHERE id = ?1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM session WHERE id = ?1";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM session WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_LIST[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE user_id = ?1 ORDER BY last_seen_at DESC LIMIT 100";

static const char SQL_LINK_INSERT[] =
    "INSERT INTO link_token (purpose, token_hash, user_id, organisation_id, email, role, expires_at, created_at)"
    " VALUES (?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, ?6, ?7, ?8)";
static const char SQL_LINK_USE[] =
    "UPDATE link_token SET used_at = ?3 WHERE purpose = ?1 AND token_hash = ?2 AND used_at IS NULL"
    " AND expires_at > ?3"
    " RETURNING id, coalesce(user_id, 0), coalesce(organisation_id, 0), email, role, expires_at";

static const char SQL_LOGIN_FAILURE_ADD[] = "INSERT INTO login_failure (email, ip, at) VALUES (?1, ?2, ?3)";
static const char SQL_LOGIN_FAILURE_COUNT[] =
    "SELECT (SELECT count(*) FROM login_failure WHERE email = ?1 AND at >= ?3),"
    " (SELECT count(*) FROM login_failure WHERE ip = ?2 AND at >= ?3),"
    " coalesce((SELECT max(at) FROM login_failure WHERE (email = ?1 OR ip = ?2) AND at >= ?3), 0)";
static const char SQL_LOGIN_FAILURE_CLEAR[] = "DELETE FROM login_failure WHERE email = ?1";

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_OUTBOX_DUE[] =
    "SELECT id, attempts, to_addr, subject, body FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?1"
    " ORDER BY next_attempt_at LIMIT ?2";
static const char SQL_OUTBOX_SENT[] = "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1";

static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit (at, actor_user_id, ip, action, organisation_id, target, outcome, detail)"
    " VALUES (?1, nullif(?2, 0), ?3, ?4, nullif(?5, 0), ?6, ?7, ?8)";

static void read_user(struct arena *a, sqlite3_stmt *st, struct user *u)
{
	*u = (struct user){
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

/* Steps a query expected to return at most one row. */
static enum mm_err one_row(struct sqlite_store *s, sqlite3_stmt *st, const char *what)
{
	return sqlite_one_row(s, st, what);
}

static enum mm_err user_insert(struct store *base, const struct user *u, int64_t *id)
{
	struct sqlite_store *s = sqlite_of(base);
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
	enum mm_err e = sqlite_exec_stmt(s, st, "user insert");
	if (!e)
		*id = sqlite3_last_insert_rowid(s->db);
	return e;
}

static enum mm_err user_get(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, struct user *out)
{
	enum mm_err e = one_row(s, st, "user");
	if (e)
		return e;
	read_user(a, st, out);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err user_by_email(struct store *base, struct arena *a, struct str email, struct user *out)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_USER_BY_EMAIL);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	return user_get(s, a, st, out);
}

static enum mm_err user_by_id(struct store *base, struct arena *a, int64_t id, struct user *out)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_USER_BY_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return user_get(s, a, st, out);
}

/* An UPDATE/DELETE by id with up to two more parameters. */
static enum mm_err exec_id(struct store *base, const char *sql, int64_t id, const struct str *p2,
			   const struct str *p3, int64_t n2, const char *what)
{
	struct sqlite_store *s = sqlite_of(base);
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
	return sqlite_exec_stmt(s, st, what);
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

static enum mm_err session_insert(struct store *base, const unsigned char hash[TOKEN_HASH_BYTES],
				  const struct session *se)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_blob(st, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, se->user_id);
	sqlite_bind_str(st, 3, se->csrf);
	sqlite3_bind_int64(st, 4, se->created_at);
	sqlite_bind_str(st, 5, se->ip);
	sqlite_bind_str(st, 6, se->user_agent);
	return sqlite_exec_stmt(s, st, "session insert");
}

static void read_session(struct arena *a, sqlite3_stmt *st, struct session *out)
{
	*out = (struct session){
	    .id = sqlite3_column_int64(st, 0),
	    .user_id = sqlite3_column_int64(st, 1),
	    .csrf = sqlite_column_str(a, st, 2),
	    .created_at = sqlite3_column_int64(st, 3),
	    .last_seen_at = sqlite3_column_int64(st, 4),
	    .ip = sqlite_column_str(a, st, 5),
	    .user_agent = sqlite_column_str(a, st, 6),
	};
}

static enum mm_err session_by_hash(struct store *base, struct arena *a, const unsigned char hash[TOKEN_HASH_BYTES],
				   struct session *out)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_BY_HASH);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_blob(st, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	enum mm_err e = one_row(s, st, "session");
	if (e)
		return e;
	read_session(a, st, out);
	sqlite_done(st);
	return MM_OK;
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
	return exec_id(s, SQL_SESSION_DELETE_USER, user_id, NULL, NULL, keep_id, "session delete user");
}

static enum mm_err session_list(struct store *base, struct arena *a, int64_t user_id, struct session **out, size_t *n)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_SESSION_LIST);
	size_t cap = 0;
	int rc;
	if (!st)
		return MM_ERR_DB;
	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct session *grown = arena_realloc(a, *out, cap * sizeof **out, ncap * sizeof **out);
			if (!grown) {
				sqlite_done(st);
				return MM_ERR_NOMEM;
			}
			*out = grown;
			cap = ncap;
		}
		read_session(a, st, &(*out)[(*n)++]);
	}
	enum mm_err e = rc == SQLITE_DONE ? MM_OK : sqlite_error(s, "session list");
	sqlite_done(st);
	return e;
}

static enum mm_err link_insert(struct store *base, const unsigned char hash[TOKEN_HASH_BYTES],
			       const struct link_token *t, int64_t now)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LINK_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_text(st, 1, purpose_names[t->purpose], -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t->user_id);
	sqlite3_bind_int64(st, 4, t->organisation_id);
	sqlite_bind_str(st, 5, t->email);
	sqlite_bind_str(st, 6, t->role);
	sqlite3_bind_int64(st, 7, t->expires_at);
	sqlite3_bind_int64(st, 8, now);
	return sqlite_exec_stmt(s, st, "link insert");
}

static enum mm_err link_use(struct store *base, struct arena *a, enum link_purpose purpose,
			    const unsigned char hash[TOKEN_HASH_BYTES], int64_t now, struct link_token *out)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LINK_USE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_text(st, 1, purpose_names[purpose], -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	enum mm_err e = one_row(s, st, "link use");
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

static enum mm_err login_failure_add(struct store *base, struct str email, struct str ip, int64_t now)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_ADD);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	sqlite_bind_str(st, 2, ip);
	sqlite3_bind_int64(st, 3, now);
	return sqlite_exec_stmt(s, st, "login failure");
}

static enum mm_err login_failure_count(struct store *base, struct str email, struct str ip, int64_t since,
				       int64_t *by_email, int64_t *by_ip, int64_t *last_at)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_COUNT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	sqlite_bind_str(st, 2, ip);
	sqlite3_bind_int64(st, 3, since);
	enum mm_err e = one_row(s, st, "login failure count");
	if (e)
		return e;
	*by_email = sqlite3_column_int64(st, 0);
	*by_ip = sqlite3_column_int64(st, 1);
	*last_at = sqlite3_column_int64(st, 2);
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err login_failure_clear(struct store *base, struct str email)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_LOGIN_FAILURE_CLEAR);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, email);
	return sqlite_exec_stmt(s, st, "login failure clear");
}

static enum mm_err outbox_insert(struct store *base, const struct mail *m, int64_t now)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, m->to);
	sqlite_bind_str(st, 2, m->subject);
	sqlite_bind_str(st, 3, m->body);
	sqlite3_bind_int64(st, 4, now);
	return sqlite_exec_stmt(s, st, "outbox insert");
}

static enum mm_err outbox_due(struct store *base, struct arena *a, int64_t now, size_t limit,
			      struct outbox_item **out, size_t *n)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_DUE);
	int rc;
	if (!st)
		return MM_ERR_DB;
	*n = 0;
	*out = arena_alloc(a, (limit ? limit : 1) * sizeof **out);
	if (!*out)
		return MM_ERR_NOMEM;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*out)[(*n)++] = (struct outbox_item){
		    .id = sqlite3_column_int64(st, 0),
		    .attempts = sqlite3_column_int64(st, 1),
		    .to = sqlite_column_str(a, st, 2),
		    .subject = sqlite_column_str(a, st, 3),
		    .body = sqlite_column_str(a, st, 4),
		};
	}
	sqlite_done(st);
	return MM_OK;
}

static enum mm_err outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return exec_id(s, SQL_OUTBOX_SENT, id, NULL, NULL, now, "outbox sent");
}

static enum mm_err outbox_failed(struct store *base, int64_t id, int64_t retry_at, struct str error)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_FAILED);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, retry_at);
	sqlite_bind_str(st, 3, error);
	return sqlite_exec_stmt(s, st, "outbox failed");
}

static enum mm_err audit_insert(struct store *base, const struct audit_entry *e)
{
	struct sqlite_store *s = sqlite_of(base);
	sqlite3_stmt *st = sqlite_stmt(s, SQL_AUDIT_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, e->at);
	sqlite3_bind_int64(st, 2, e->actor_user_id);
	sqlite_bind_str(st, 3, e->ip);
	sqlite_bind_str(st, 4, e->action);
	sqlite3_bind_int64(st, 5, e->organisation_id);
	sqlite_bind_str(st, 6, e->target);
	sqlite3_bind_text(st, 7, outcome_names[e->outcome], -1, SQLITE_STATIC);
	sqlite_bind_str(st, 8, e->detail);
	return sqlite_exec_stmt(s, st, "audit insert");
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
    .login_failure_add = login_failure_add,
    .login_failure_count = login_failure_count,
    .login_failure_clear = login_failure_clear,
    .outbox_insert = outbox_insert,
    .outbox_due = outbox_due,
    .outbox_sent = outbox_sent,
    .outbox_failed = outbox_failed,
    .audit_insert = audit_insert,
};
