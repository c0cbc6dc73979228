/*
 * session.c — see session.h.
 */
#include "web/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "store/account.h"

static bool secure;

void session_configure(bool secure_cookies)
{
	secure = secure_cookies;
}

enum mm_err token_new(char text[TOKEN_TEXT_BYTES], unsigned char hash[TOKEN_HASH_BYTES])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(text, TOKEN_TEXT_BYTES, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(str_from(text), hash);
	sodium_memzero(raw, sizeof raw);
	return MM_OK;
}

void token_hash(struct str text, unsigned char hash[TOKEN_HASH_BYTES])
{
	crypto_generichash(hash, TOKEN_HASH_BYTES, (const unsigned char *)text.p, text.n, NULL, 0);
}

/* The prefix that binds a cookie to this host (RFC 6265bis §4.1.3.2). */
#define HOST_PREFIX "__Host-"

enum mm_err cookie_set(struct req *r, struct res *res, const char *name, const char *value,
                       long max_age)
{
	char *c =
	    arena_printf(r->arena, "%s%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	                 secure ? HOST_PREFIX : "", name, value, max_age, secure ? "; Secure" : "");
	return c ? res_header(r, res, "Set-Cookie", str_from(c)) : MM_ERR_NOMEM;
}

bool cookie_get(const struct req *r, const char *name, struct str *out)
{
	char full[64];
	int n = snprintf(full, sizeof full, "%s%s", secure ? HOST_PREFIX : "", name);
	return n > 0 && (size_t)n < sizeof full && kvlist_get_one(&r->cookies, full, out) == MM_OK;
}

enum mm_err session_load(struct req *r, struct res *res)
{
	struct str token;
	unsigned char hash[TOKEN_HASH_BYTES];
	struct session *se;
	struct user *u;
	struct store *s;
	if (!cookie_get(r, SESSION_COOKIE, &token) || token.n == 0)
		return MM_OK;
	/* A page that answers without the database (store_optional) serves
	 * an anonymous visitor while the database is away. */
	if (!(s = r->store))
		return MM_OK;
	se = arena_zalloc(r->arena, sizeof *se);
	u = arena_zalloc(r->arena, sizeof *u);
	if (!se || !u)
		return MM_ERR_NOMEM;
	token_hash(token, hash);
	enum mm_err e = store_session_by_hash(s, r->arena, hash, se);
	if (e == MM_ERR_NOT_FOUND)
		return cookie_set(r, res, SESSION_COOKIE, "", 0);
	if (e)
		return e;
	bool expired = r->now - se->last_seen_at > SESSION_IDLE_TIMEOUT ||
	               r->now - se->created_at > SESSION_ABSOLUTE_TIMEOUT;
	if (!expired && (e = store_user_by_id(s, r->arena, se->user_id, u)))
		return e == MM_ERR_NOT_FOUND ? MM_OK : e;
	if (expired || u->disabled_at) {
		if ((e = store_session_delete(s, se->id)))
			return e;
		return cookie_set(r, res, SESSION_COOKIE, "", 0);
	}
	if (r->now - se->last_seen_at >= SESSION_TOUCH_INTERVAL &&
	    (e = store_session_touch(s, se->id, r->now)))
		return e;
	r->session = se;
	r->user = u;
	r->csrf = se->csrf.p;
	return MM_OK;
}

static enum mm_err csrf_new(struct arena *a, const char **out)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, ignored);
	if (e)
		return e;
	*out = arena_strdup(a, text);
	return *out ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err session_start(struct req *r, struct res *res, int64_t user_id)
{
	struct store *s = r->store;
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	const char *csrf;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if (r->session && (e = store_session_delete(s, r->session->id)))
		return e;
	if ((e = csrf_new(r->arena, &csrf)) || (e = token_new(text, hash)))
		return e;
	struct str ua = req_header(r, "User-Agent");
	if (ua.n > 200)
		ua.n = 200; /* shown in the session list; never trusted */
	struct session se = {.user_id = user_id,
	                     .csrf = str_from(csrf),
	                     .created_at = r->now,
	                     .ip = r->ip,
	                     .user_agent = ua};
	if ((e = store_session_insert(s, hash, &se)))
		return e;
	r->csrf = csrf;
	return cookie_set(r, res, SESSION_COOKIE, text, SESSION_ABSOLUTE_TIMEOUT);
}

enum mm_err session_end(struct req *r, struct res *res)
{
	struct store *s = r->store;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if (r->session && (e = store_session_delete(s, r->session->id)))
		return e;
	r->session = NULL;
	r->user = NULL;
	r->csrf = NULL;
	return cookie_set(r, res, SESSION_COOKIE, "", 0);
}

bool cookie_get_token(const struct req *r, const char *name, struct str *out)
{
	if (!cookie_get(r, name, out) || out->n != TOKEN_TEXT_BYTES - 1)
		return false;
	for (size_t i = 0; i < out->n; i++) {
		char c = out->p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

const char *session_csrf(struct req *r, struct res *res)
{
	struct str token;
	/* The page holds this visitor's token: no shared cache may keep it
	 * (and its Set-Cookie) for the next visitor. */
	res->personal = true;
	if (r->csrf)
		return r->csrf;
	if (cookie_get_token(r, CSRF_COOKIE, &token))
		return r->csrf = str_dup(r->arena, token);
	const char *fresh;
	if (csrf_new(r->arena, &fresh) ||
	    cookie_set(r, res, CSRF_COOKIE, fresh, SESSION_ABSOLUTE_TIMEOUT))
		return NULL;
	return r->csrf = fresh;
}

bool session_csrf_ok(struct req *r)
{
	struct str given, expected;
	if (kvlist_get_one(&r->form, CSRF_FIELD, &given) != MM_OK)
		return false;
	if (r->session)
		expected = r->session->csrf;
	else if (!cookie_get_token(r, CSRF_COOKIE, &expected))
		return false;
	return given.n == expected.n && expected.n > 0 &&
	       sodium_memcmp(given.p, expected.p, expected.n) == 0;
}
