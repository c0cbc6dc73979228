/*
 * account_link.c — see account_link.h.
 */
#include "pages/account/account_link.h"

#include <sodium.h>

#include "pages/account/password.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/session.h"

enum mm_err account_link_create_with(struct store *s, struct arena *a, const struct link_token *t,
                                     int64_t now, const char *path_prefix, const char *text,
                                     char **link)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	enum mm_err e;
	token_hash(str_from(text), hash);
	if ((e = store_link_insert(s, hash, t, now)))
		return e;
	*link = mail_link(a, arena_printf(a, "%s%s", path_prefix, text));
	return *link ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err account_link_create(struct store *s, struct arena *a, const struct link_token *t,
                                int64_t now, const char *path_prefix, char **link)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char ignored[TOKEN_HASH_BYTES];
	enum mm_err e = token_new(text, ignored);
	return e ? e : account_link_create_with(s, a, t, now, path_prefix, text, link);
}

/* ---- confirmation links bound to a browser ------------------------------- */

/* Keys the hash, so that a confirmation token is no other token's hash. */
static const char CONFIRM_KEY[crypto_generichash_KEYBYTES] = "mamori: confirmation link token";

static void confirm_token_of(struct str secret, char token[TOKEN_TEXT_BYTES])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret.p, secret.n,
	                   (const unsigned char *)CONFIRM_KEY, sizeof CONFIRM_KEY);
	sodium_bin2base64(token, TOKEN_TEXT_BYTES, h, sizeof h,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void account_confirm_token_new(char secret[TOKEN_TEXT_BYTES], char token[TOKEN_TEXT_BYTES])
{
	unsigned char ignored[TOKEN_HASH_BYTES];
	MM_IGNORE(token_new(secret, ignored)); /* cannot fail */
	confirm_token_of(str_from(secret), token);
}

enum mm_err account_confirm_cookie_set(struct req *r, struct res *res, const char *secret)
{
	return cookie_set(r, res, CONFIRM_BROWSER_COOKIE, secret,
	                  *secret ? ACCOUNT_CONFIRM_LINK_TTL : 0);
}

bool account_confirm_same_browser(struct req *r)
{
	struct str secret, token = req_param(r, "token");
	char expected[TOKEN_TEXT_BYTES];
	if (!cookie_get(r, CONFIRM_BROWSER_COOKIE, &secret) || secret.n != TOKEN_TEXT_BYTES - 1 ||
	    token.n != TOKEN_TEXT_BYTES - 1)
		return false;
	confirm_token_of(secret, expected);
	return sodium_memcmp(expected, token.p, token.n) == 0;
}

enum mm_err account_link_use(struct req *r, struct store *s, enum link_purpose purpose,
                             struct link_token *t)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	token_hash(req_param(r, "token"), hash);
	return store_link_use(s, r->arena, purpose, hash, r->now, t);
}

/* One account_link_set_password transaction. */
struct link_password {
	enum link_purpose purpose;
	const char *audit_action;
	struct str password;
	struct user *u;
	const char *problem;
};

static enum mm_err link_password_tx(struct req *r, struct store *s, void *arg)
{
	struct link_password *lp = arg;
	struct link_token t;
	enum mm_err e;
	if ((e = account_link_use(r, s, lp->purpose, &t)) ||
	    (e = store_user_by_id(s, r->arena, t.user_id, lp->u)))
		return e;
	if ((lp->problem = password_problem(lp->password, lp->u->email)))
		/* A reset link stays usable for a better password (rolled
		 * back); an administrator's welcome is spent (committed). */
		return lp->purpose == LINK_ADMIN ? MM_OK : MM_ERR_INVALID;
	char pw_hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(lp->password, pw_hash)) ||
	    (e = store_user_set_password(s, lp->u->id, str_from(pw_hash))) ||
	    (e = store_session_delete_user(s, lp->u->id, 0)) ||
	    (e = store_user_confirm(s, lp->u->id, r->now)) ||
	    (e = store_link_revoke_user(s, lp->u->id, r->now)))
		return e;
	return audit_log(r, lp->audit_action, lp->u->id, 0, lp->u->email, AUDIT_OK, "");
}

enum mm_err account_link_set_password(struct req *r, enum link_purpose purpose,
                                      const char *audit_action, struct str password, struct user *u,
                                      const char **problem)
{
	struct link_password lp = {
	    .purpose = purpose, .audit_action = audit_action, .password = password, .u = u};
	enum mm_err e = page_tx(r, link_password_tx, &lp);
	*problem = lp.problem;
	return e == MM_OK && lp.problem ? MM_ERR_INVALID : e;
}

enum mm_err account_link_gone(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 410, "link_gone", ctx, page_t(r, "link.gone_title"), NULL);
}
