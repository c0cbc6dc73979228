/*
 * oidc.c — see oidc.h. Single use is one statement: DELETE … RETURNING
 * takes a sign-in or a waiting link, so two requests carrying the same
 * state cannot both have it.
 */
#include "store/oidc.h"

#include "store/sql.h"

static const struct sql SQL_OIDC_LOGIN_PURGE = SQL("DELETE FROM oidc_login WHERE expires_at <= $1");
static const struct sql SQL_OIDC_LOGIN_INSERT =
    SQL("INSERT INTO oidc_login (state_hash, browser_hash, provider, nonce, code_verifier, next,"
        " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
static const struct sql SQL_OIDC_LOGIN_TAKE =
    SQL("DELETE FROM oidc_login WHERE state_hash = $1 AND browser_hash = $2 AND provider = $3"
        " AND expires_at > $4 RETURNING provider, nonce, code_verifier, next, expires_at");

enum mm_err store_oidc_login_insert(struct store *s, const unsigned char state[TOKEN_HASH_BYTES],
                                    const unsigned char browser[TOKEN_HASH_BYTES],
                                    const struct oidc_login *l, int64_t now)
{
	enum mm_err e = sql_exec(s, &SQL_OIDC_LOGIN_PURGE, ARGS(ARG_INT(now)), "oidc login purge");
	if (e)
		return e;
	return sql_exec(s, &SQL_OIDC_LOGIN_INSERT,
	                ARGS(ARG_BYTES(state, TOKEN_HASH_BYTES),
	                     ARG_BYTES(browser, TOKEN_HASH_BYTES), ARG_TEXT(l->provider),
	                     ARG_TEXT(l->nonce), ARG_TEXT(l->code_verifier), ARG_TEXT(l->next),
	                     ARG_INT(now), ARG_INT(l->expires_at)),
	                "oidc login insert");
}

static void read_login(struct arena *a, const struct sql_row *r, void *item)
{
	struct oidc_login *l = item;
	l->provider = sql_col_str(a, r, 0);
	l->nonce = sql_col_str(a, r, 1);
	l->code_verifier = sql_col_str(a, r, 2);
	l->next = sql_col_str(a, r, 3);
	l->expires_at = sql_col_int64(r, 4);
}

enum mm_err store_oidc_login_take(struct store *s, struct arena *a,
                                  const unsigned char state[TOKEN_HASH_BYTES],
                                  const unsigned char browser[TOKEN_HASH_BYTES],
                                  struct str provider, int64_t now, struct oidc_login *out)
{
	return sql_row(s, a, &SQL_OIDC_LOGIN_TAKE,
	               ARGS(ARG_BYTES(state, TOKEN_HASH_BYTES),
	                    ARG_BYTES(browser, TOKEN_HASH_BYTES), ARG_TEXT(provider), ARG_INT(now)),
	               read_login, out, "oidc login take");
}

static const struct sql SQL_OIDC_IDENTITY_USER =
    SQL("SELECT user_id FROM oidc_identity WHERE provider = $1 AND subject = $2");
static const struct sql SQL_OIDC_IDENTITY_INSERT =
    SQL("INSERT INTO oidc_identity (provider, subject, user_id, created_at, last_used_at)"
        " VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING RETURNING id");
static const struct sql SQL_OIDC_IDENTITY_TOUCH =
    SQL("UPDATE oidc_identity SET last_used_at = $3 WHERE provider = $1 AND subject = $2");
static const struct sql SQL_OIDC_IDENTITY_COUNT =
    SQL("SELECT count(*) FROM oidc_identity WHERE user_id = $1");

enum mm_err store_oidc_identity_user(struct store *s, struct str provider, struct str subject,
                                     int64_t *user_id)
{
	return sql_int64_of(s, &SQL_OIDC_IDENTITY_USER, ARGS(ARG_TEXT(provider), ARG_TEXT(subject)),
	                    "oidc identity user", user_id);
}

enum mm_err store_oidc_identity_insert(struct store *s, struct str provider, struct str subject,
                                       int64_t user_id, int64_t now)
{
	int64_t id;
	return sql_insert(
	    s, &SQL_OIDC_IDENTITY_INSERT,
	    ARGS(ARG_TEXT(provider), ARG_TEXT(subject), ARG_INT(user_id), ARG_INT(now)),
	    "oidc identity insert", &id);
}

enum mm_err store_oidc_identity_touch(struct store *s, struct str provider, struct str subject,
                                      int64_t now)
{
	return sql_exec(s, &SQL_OIDC_IDENTITY_TOUCH,
	                ARGS(ARG_TEXT(provider), ARG_TEXT(subject), ARG_INT(now)),
	                "oidc identity touch");
}

enum mm_err store_oidc_identity_count(struct store *s, int64_t user_id, int64_t *n)
{
	return sql_int64_of(s, &SQL_OIDC_IDENTITY_COUNT, ARGS(ARG_INT(user_id)),
	                    "oidc identity count", n);
}

static const struct sql SQL_OIDC_LINK_PURGE = SQL("DELETE FROM oidc_link WHERE expires_at <= $1");
static const struct sql SQL_OIDC_LINK_DELETE_BROWSER =
    SQL("DELETE FROM oidc_link WHERE browser_hash = $1");
static const struct sql SQL_OIDC_LINK_INSERT =
    SQL("INSERT INTO oidc_link (browser_hash, provider, subject, user_id, corporate_number, next,"
        " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        " ON CONFLICT DO NOTHING RETURNING id");
/* What read_link reads, in its order. */
#define OIDC_LINK_COLUMNS "id, user_id, expires_at, provider, subject, corporate_number, next"
static const struct sql SQL_OIDC_LINK_BY_BROWSER =
    SQL("SELECT " OIDC_LINK_COLUMNS " FROM oidc_link WHERE browser_hash = $1 AND expires_at > $2");
static const struct sql SQL_OIDC_LINK_SET_TOKEN =
    SQL("UPDATE oidc_link SET token_hash = $2 WHERE id = $1");
static const struct sql SQL_OIDC_LINK_TAKE =
    SQL("DELETE FROM oidc_link WHERE browser_hash = $1 AND expires_at > $2"
        " AND ($3 = 0 OR token_hash = $4)"
        " RETURNING " OIDC_LINK_COLUMNS);

enum mm_err store_oidc_link_put(struct store *s, const unsigned char browser[TOKEN_HASH_BYTES],
                                const struct oidc_link *l, int64_t now, int64_t *id)
{
	enum mm_err e;
	if ((e = sql_exec(s, &SQL_OIDC_LINK_PURGE, ARGS(ARG_INT(now)), "oidc link purge")) ||
	    (e = sql_exec(s, &SQL_OIDC_LINK_DELETE_BROWSER,
	                  ARGS(ARG_BYTES(browser, TOKEN_HASH_BYTES)), "oidc link delete")))
		return e;
	return sql_insert(s, &SQL_OIDC_LINK_INSERT,
	                  ARGS(ARG_BYTES(browser, TOKEN_HASH_BYTES), ARG_TEXT(l->provider),
	                       ARG_TEXT(l->subject), ARG_INT(l->user_id),
	                       ARG_TEXT(l->corporate_number), ARG_TEXT(l->next), ARG_INT(now),
	                       ARG_INT(l->expires_at)),
	                  "oidc link insert", id);
}

static void read_link(struct arena *a, const struct sql_row *r, void *item)
{
	struct oidc_link *l = item;
	l->id = sql_col_int64(r, 0);
	l->user_id = sql_col_int64(r, 1);
	l->expires_at = sql_col_int64(r, 2);
	l->provider = sql_col_str(a, r, 3);
	l->subject = sql_col_str(a, r, 4);
	l->corporate_number = sql_col_str(a, r, 5);
	l->next = sql_col_str(a, r, 6);
}

enum mm_err store_oidc_link_by_browser(struct store *s, struct arena *a,
                                       const unsigned char browser[TOKEN_HASH_BYTES], int64_t now,
                                       struct oidc_link *out)
{
	return sql_row(s, a, &SQL_OIDC_LINK_BY_BROWSER,
	               ARGS(ARG_BYTES(browser, TOKEN_HASH_BYTES), ARG_INT(now)), read_link, out,
	               "oidc link by browser");
}

enum mm_err store_oidc_link_set_token(struct store *s, int64_t id,
                                      const unsigned char token[TOKEN_HASH_BYTES])
{
	return sql_exec_one(s, &SQL_OIDC_LINK_SET_TOKEN,
	                    ARGS(ARG_INT(id), ARG_BYTES(token, TOKEN_HASH_BYTES)),
	                    "oidc link set token");
}

enum mm_err store_oidc_link_take(struct store *s, struct arena *a,
                                 const unsigned char browser[TOKEN_HASH_BYTES],
                                 const unsigned char *token, int64_t now, struct oidc_link *out)
{
	static const unsigned char none[TOKEN_HASH_BYTES];
	return sql_row(s, a, &SQL_OIDC_LINK_TAKE,
	               ARGS(ARG_BYTES(browser, TOKEN_HASH_BYTES), ARG_INT(now),
	                    ARG_INT(token ? 1 : 0),
	                    ARG_BYTES(token ? token : none, TOKEN_HASH_BYTES)),
	               read_link, out, "oidc link take");
}
