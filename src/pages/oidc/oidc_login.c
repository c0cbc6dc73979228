/*
 * oidc_login.c — signing in through an OpenID Connect provider:
 * /login/oidc/{provider} sends the browser to the provider, and
 * /login/oidc/{provider}/callback takes it back.
 *
 * The start makes a sign-in (store/oidc.h): a random state, a nonce and a
 * PKCE verifier, kept server-side under the state's hash and bound to a
 * random cookie of this browser, for OIDC_LOGIN_TTL. The callback uses
 * it up (whatever happens next: a state works once), exchanges the code
 * with the verifier and checks the ID token (web/oidc.h). Then the
 * provider's subject decides:
 *   - linked to an account already: that account is signed in;
 *   - someone is signed in here: the identity is linked to their account
 *     (they proved both);
 *   - an account has the claims' address: nothing is linked on the
 *     address alone — the browser goes to oidc_link.c, where the account's
 *     password or a mailed confirmation links it;
 *   - otherwise a new account is made with the address (a provider that
 *     says the address is unverified gives none) and linked.
 * Every failure is an error page that names what went wrong and leads
 * back to the password form, which works whatever the provider does.
 */
#include <string.h>

#include "pages/oidc/oidc_pages.h"
#include "store/account.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"

#define OIDC_NEXT_MAX 2048
#define OIDC_STATE_MAX 128
#define OIDC_CODE_MAX 4096

static char *callback_uri(struct req *r, const struct oidc_provider_config *p)
{
	char *path = arena_printf(r->arena, "/login/oidc/%s/callback", p->name);
	return path ? mail_link(r->arena, path) : NULL;
}

/* One query parameter, "" when absent, repeated or longer than max. */
static struct str query(struct req *r, const char *name, size_t max)
{
	struct str v;
	if (kvlist_get_one(&r->query_fields, name, &v) != MM_OK || v.n > max)
		return STR("");
	return v;
}

static enum mm_err page_oidc_start(struct req *r, struct res *res)
{
	const struct oidc_provider_config *p = oidc_page_provider(r);
	if (!p) {
		page_error(r, res, 404);
		return MM_OK;
	}
	char state[TOKEN_TEXT_BYTES], nonce[TOKEN_TEXT_BYTES];
	char verifier[OIDC_PKCE_VERIFIER_BYTES], challenge[OIDC_PKCE_CHALLENGE_BYTES];
	unsigned char state_hash[TOKEN_HASH_BYTES], nonce_hash[TOKEN_HASH_BYTES],
	    browser[TOKEN_HASH_BYTES];
	enum mm_err e;
	if ((e = token_new(state, state_hash)) || (e = token_new(nonce, nonce_hash)))
		return e;
	oidc_pkce_verifier_new(verifier);
	oidc_pkce_challenge(verifier, challenge);
	char *redirect_uri = callback_uri(r, p), *url;
	if (!redirect_uri)
		return MM_ERR_NOMEM;
	struct oidc_request q = {
	    .redirect_uri = redirect_uri, .state = state, .nonce = nonce, .challenge = challenge};
	enum oidc_outcome o;
	if ((e = oidc_authorization_url(r->arena, p, &q, r->now, &url, &o)))
		return e;
	if (o) {
		audit_note(r, "oidc.start", 0, 0, str_from(p->name), AUDIT_FAILED, "unreachable");
		return oidc_error(r, res, 502, "provider_down");
	}
	/* The browser's cookie: kept when it has one (several tabs may sign
	 * in at once) and made to last as long as this sign-in, made
	 * otherwise. */
	struct str token;
	if (cookie_get_token(r, OIDC_BROWSER_COOKIE, &token)) {
		token_hash(token, browser);
		char *value = str_dup(r->arena, token);
		if (!value || (e = cookie_set(r, res, OIDC_BROWSER_COOKIE, value, OIDC_LOGIN_TTL)))
			return e ? e : MM_ERR_NOMEM;
	} else if ((e = oidc_browser_cookie_new(r, res, OIDC_BROWSER_COOKIE, OIDC_LOGIN_TTL,
	                                        browser))) {
		return e;
	}
	struct str next = query(r, "next", OIDC_NEXT_MAX);
	struct oidc_login l = {.provider = str_from(p->name),
	                       .nonce = str_from(nonce),
	                       .code_verifier = str_from(verifier),
	                       .next = str_from(oidc_next_path(r, next)),
	                       .expires_at = r->now + OIDC_LOGIN_TTL};
	if ((e = store_oidc_login_insert(r->store, state_hash, browser, &l, r->now)))
		return e;
	if ((e = res_header(r, res, "Location", str_from(url))) ||
	    (e = res_header(r, res, "Cache-Control", STR("no-store"))))
		return e;
	res->status = 303;
	res->content_type = STR("text/plain; charset=utf-8");
	res->body = STR("");
	return MM_OK;
}

/* A new account for the claims, confirmed (the provider vouched for the
 * address), and its identity, in one transaction. */
struct new_account {
	const struct oidc_provider_config *p;
	const struct oidc_claims *c;
	int64_t user_id;
};

static enum mm_err new_account_tx(struct req *r, struct store *s, void *arg)
{
	struct new_account *n = arg;
	struct user u = {.email = n->c->email,
	                 .password_hash = STR(""), /* none: a reset link can give one */
	                 .name = n->c->name,
	                 .lang = str_from(lang_code(r->lang)),
	                 .created_at = r->now};
	enum mm_err e;
	if ((e = store_user_insert(s, &u, &n->user_id)) ||
	    (e = store_user_confirm(s, n->user_id, r->now)) ||
	    (e = store_oidc_identity_insert(s, str_from(n->p->name), n->c->subject, n->user_id,
	                                    r->now)))
		return e;
	return audit_log(r, "oidc.account_create", n->user_id, 0, n->c->email, AUDIT_OK,
	                 n->p->name);
}

/* The identity for someone signed in here: linked to their account. */
static enum mm_err link_signed_in(struct req *r, struct res *res,
                                  const struct oidc_provider_config *p, const struct oidc_claims *c,
                                  struct str next)
{
	enum mm_err e = store_oidc_identity_insert(r->store, str_from(p->name), c->subject,
	                                           r->user->id, r->now);
	if (e == MM_ERR_CONFLICT) {
		audit_note(r, "oidc.link", r->user->id, 0, str_from(p->name), AUDIT_DENIED,
		           "another identity");
		return oidc_error(r, res, 409, "linked_elsewhere");
	}
	if (e)
		return e;
	audit_note(r, "oidc.link", r->user->id, 0, str_from(p->name), AUDIT_OK, "signed in");
	return oidc_sign_in(r, res, p, r->user->id, c->subject, c->corporate_number, next);
}

/* An account has the claims' address: the identity waits for this
 * browser to prove it holds the account (oidc_link.c). */
static enum mm_err link_wait(struct req *r, struct res *res, const struct oidc_provider_config *p,
                             const struct oidc_claims *c, int64_t user_id, struct str next)
{
	unsigned char browser[TOKEN_HASH_BYTES];
	int64_t id;
	enum mm_err e = oidc_browser_cookie_new(r, res, OIDC_LINK_COOKIE, OIDC_LINK_TTL, browser);
	if (e)
		return e;
	struct oidc_link l = {.user_id = user_id,
	                      .expires_at = r->now + OIDC_LINK_TTL,
	                      .provider = str_from(p->name),
	                      .subject = c->subject,
	                      .corporate_number = c->corporate_number,
	                      .next = next};
	if ((e = store_oidc_link_put(r->store, browser, &l, r->now, &id)))
		return e;
	char *path = arena_printf(r->arena, "/login/oidc/%s/link", p->name);
	return path ? page_redirect(r, res, path) : MM_ERR_NOMEM;
}

/* The verified claims: sign in, link or make an account. */
static enum mm_err claims_use(struct req *r, struct res *res, const struct oidc_provider_config *p,
                              const struct oidc_claims *c, struct str next)
{
	int64_t user_id;
	struct user u;
	enum mm_err e = store_oidc_identity_user(r->store, str_from(p->name), c->subject, &user_id);
	if (e == MM_OK)
		return oidc_sign_in(r, res, p, user_id, c->subject, c->corporate_number, next);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	if (r->user)
		return link_signed_in(r, res, p, c, next);
	if (c->email.n == 0) {
		audit_note(r, "oidc.login", 0, 0, str_from(p->name), AUDIT_FAILED, "no e-mail");
		return oidc_error(r, res, 400, "no_email");
	}
	e = store_user_by_email(r->store, r->arena, c->email, &u);
	if (e == MM_OK)
		return link_wait(r, res, p, c, u.id, next);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	struct new_account n = {.p = p, .c = c};
	e = page_tx(r, new_account_tx, &n);
	if (e == MM_ERR_CONFLICT) /* the address or the identity appeared meanwhile */
		return oidc_error(r, res, 409, "expired");
	if (e)
		return e;
	return oidc_sign_in(r, res, p, n.user_id, c->subject, c->corporate_number, next);
}

static enum mm_err page_oidc_callback(struct req *r, struct res *res)
{
	const struct oidc_provider_config *p = oidc_page_provider(r);
	if (!p) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct str pname = str_from(p->name);
	struct str state = query(r, "state", OIDC_STATE_MAX);
	struct str code = query(r, "code", OIDC_CODE_MAX);
	unsigned char state_hash[TOKEN_HASH_BYTES], browser[TOKEN_HASH_BYTES];
	struct oidc_login l;
	enum mm_err e = MM_ERR_NOT_FOUND;
	if (state.n && oidc_browser_hash(r, OIDC_BROWSER_COOKIE, browser)) {
		token_hash(state, state_hash);
		e = store_oidc_login_take(r->store, r->arena, state_hash, browser, pname, r->now,
		                          &l);
	}
	if (e == MM_ERR_NOT_FOUND) {
		audit_note(r, "oidc.callback", 0, 0, pname, AUDIT_DENIED, "state");
		return oidc_error(r, res, 400, "expired");
	}
	if (e)
		return e;
	if (query(r, "error", 256).n || code.n == 0) {
		audit_note(r, "oidc.callback", 0, 0, pname, AUDIT_FAILED, "provider error");
		return oidc_error(r, res, 400, "cancelled");
	}
	char *redirect_uri = callback_uri(r, p);
	if (!redirect_uri)
		return MM_ERR_NOMEM;
	struct oidc_exchange x = {.code = code,
	                          .redirect_uri = redirect_uri,
	                          .verifier = str_dup(r->arena, l.code_verifier),
	                          .nonce = str_dup(r->arena, l.nonce)};
	json_t *claims;
	enum oidc_outcome o;
	enum oidc_token_problem problem;
	if (!x.verifier || !x.nonce)
		return MM_ERR_NOMEM;
	if ((e = oidc_code_exchange(r->arena, p, &x, r->now, &claims, &o, &problem)))
		return e;
	if (o == OIDC_UNREACHABLE) {
		audit_note(r, "oidc.callback", 0, 0, pname, AUDIT_FAILED, "unreachable");
		return oidc_error(r, res, 502, "provider_down");
	}
	if (o == OIDC_REJECTED) {
		audit_note(r, "oidc.callback", 0, 0, pname, AUDIT_FAILED, "code refused");
		return oidc_error(r, res, 400, "rejected");
	}
	if (o == OIDC_BAD_TOKEN) {
		audit_note(r, "oidc.callback", 0, 0, pname, AUDIT_DENIED,
		           oidc_token_problem_name(problem));
		return oidc_error(r, res, 400, "token");
	}
	struct oidc_claims c;
	e = oidc_claims_map(r->arena, claims, p, &c);
	json_decref(claims);
	if (e)
		return e;
	return claims_use(r, res, p, &c, l.next);
}

/* This file's routes, in dispatch order (see oidc_routes.c). */
const struct route_table oidc_login_routes = ROUTE_TABLE(
    ROUTE_GET("/login/oidc/{provider:public_id}", page_oidc_start, RIGHT_PUBLIC),
    ROUTE_GET("/login/oidc/{provider:public_id}/callback", page_oidc_callback, RIGHT_PUBLIC));
