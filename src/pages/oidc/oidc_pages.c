/*
 * oidc_pages.c — see oidc_pages.h: what the sign-in pages share (the provider of the URL, the
 * browser-bound cookies, the error page, the safe next path, signing in).
 */
#include <string.h>

#include "pages/oidc/oidc_business_id.h"
#include "pages/oidc/oidc_pages.h"
#include "pages/shared/titled.h"
#include "store/account.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/session.h"

const struct oidc_provider_config *oidc_page_provider(struct req *r)
{
	return oidc_provider_find(req_param(r, "provider"));
}

bool oidc_browser_hash(const struct req *r, const char *name, unsigned char hash[TOKEN_HASH_BYTES])
{
	struct str token;
	if (!cookie_get_token(r, name, &token))
		return false;
	token_hash(token, hash);
	return true;
}

enum mm_err oidc_browser_cookie_new(struct req *r, struct res *res, const char *name, long max_age,
                                    unsigned char hash[TOKEN_HASH_BYTES])
{
	char text[TOKEN_TEXT_BYTES];
	enum mm_err e = token_new(text, hash);
	if (e)
		return e;
	char *value = arena_printf(r->arena, "%s", text);
	return value ? cookie_set(r, res, name, value, max_age) : MM_ERR_NOMEM;
}

enum mm_err oidc_error(struct req *r, struct res *res, int status, const char *why)
{
	char key[64];
	snprintf(key, sizeof key, "oidc.error.%s", why);
	return titled_refuse(r, res, status, "oidc.error.title", key, "oidc.error.back", "/login",
	                     NULL, NULL);
}

const char *oidc_next_path(struct req *r, struct str next)
{
	if (!page_path_is_local(next))
		return "/home";
	char *s = str_dup(r->arena, next);
	return s ? s : "/home";
}

enum mm_err oidc_sign_in(struct req *r, struct res *res, const struct oidc_provider_config *p,
                         int64_t user_id, struct str subject, struct str corporate_number,
                         struct str next)
{
	struct user u;
	enum mm_err e = store_user_by_id(r->store, r->arena, user_id, &u);
	if (e)
		return e;
	if (u.disabled_at) {
		audit_note(r, "oidc.login", user_id, 0, str_from(p->name), AUDIT_DENIED,
		           "disabled");
		return oidc_error(r, res, 403, "disabled");
	}
	if ((e = store_oidc_identity_touch(r->store, str_from(p->name), subject, r->now)) ||
	    (e = session_start(r, res, user_id)))
		return e;
	audit_note(r, "oidc.login", user_id, 0, str_from(p->name), AUDIT_OK, "");
	if (corporate_number.n &&
	    (e = oidc_business_id_apply(r, user_id, p->issuer, corporate_number)))
		return e;
	return page_redirect(r, res, oidc_next_path(r, next));
}
