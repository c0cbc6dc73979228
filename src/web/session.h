/*
 * session.h — who is asking: sessions in the database, the cookie that
 * names them, and the CSRF token every state-changing form carries.
 *
 * The cookie holds 256 random bits; the database holds only their hash, so
 * a copy of the database cannot be replayed as cookies. A new token is
 * issued at log-in and at every change of privilege (no fixation).
 * Anonymous visitors who post forms get a random token in a separate
 * cookie that the form must repeat (double submit); signed-in users' forms
 * repeat their session's own token. The router checks it for every POST,
 * before any handler runs.
 */
#ifndef MM_SESSION_H
#define MM_SESSION_H

#include "web/req.h"

/* Cookie names without their prefix: served over TLS (MAMORI_SECURE_COOKIES)
 * they are sent and read as __Host-NAME, which a browser accepts only from
 * this very host with Secure and Path=/, so a sibling subdomain cannot plant
 * one. Without TLS the plain names are used (browsers refuse __Host- then). */
#define SESSION_COOKIE "mamori_session"
#define CSRF_COOKIE "mamori_csrf"
#define CSRF_FIELD "csrf"
#define SESSION_IDLE_TIMEOUT (2 * 60 * 60)          /* seconds without a request */
#define SESSION_ABSOLUTE_TIMEOUT (7 * 24 * 60 * 60) /* seconds since log-in */
#define SESSION_TOUCH_INTERVAL (5 * 60)             /* last-seen is written at most this often */
#define TOKEN_TEXT_BYTES 44                         /* 32 random bytes, base64url, NUL */

void session_configure(bool secure_cookies);

/* Sets cookie NAME (prefixed as above; HttpOnly, SameSite=Lax, Path=/,
 * Secure over TLS) to value for max_age seconds; "" and 0 clear it. */
enum mm_err cookie_set(struct req *r, struct res *res, const char *name, const char *value,
                       long max_age);
/* The value of cookie NAME as this deployment names it; false when it is
 * absent or given twice. Over TLS only the __Host- name counts. */
bool cookie_get(const struct req *r, const char *name, struct str *out);
/* cookie_get() of a cookie that holds one of our tokens (token_new):
 * false unless it is exactly TOKEN_TEXT_BYTES - 1 base64url characters. */
bool cookie_get_token(const struct req *r, const char *name, struct str *out);

/* Fills r->user and r->session from the cookie (expired or disabled:
 * deleted, anonymous). Fails only when the database does. */
MM_MUST_USE enum mm_err session_load(struct req *r, struct res *res);
/* Starts a new session for user_id (ending the current one). */
MM_MUST_USE enum mm_err session_start(struct req *r, struct res *res, int64_t user_id);
/* Ends the current session and clears the cookie. */
MM_MUST_USE enum mm_err session_end(struct req *r, struct res *res);

/* The token forms must carry; sets the anonymous cookie when needed, and
 * marks the answer personal (res->personal: never kept by a cache). */
const char *session_csrf(struct req *r, struct res *res);
/* Whether the request's form carries the right token. */
bool session_csrf_ok(struct req *r);

/* A new random token as text and its hash for the database. */
MM_MUST_USE enum mm_err token_new(char text[TOKEN_TEXT_BYTES],
                                  unsigned char hash[TOKEN_HASH_BYTES]);
/* The hash of a token given by a client (any length, any bytes). */
void token_hash(struct str text, unsigned char hash[TOKEN_HASH_BYTES]);

#endif
