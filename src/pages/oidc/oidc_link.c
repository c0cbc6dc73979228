/*
 * oidc_link.c — linking a provider's identity to the existing account of
 * the same address: /login/oidc/{provider}/link (the account's password),
 * …/link/mail (a confirmation mailed to the account's address instead) and
 * …/link/{token} (that mail's link).
 *
 * An address alone never links: whoever controls an identity at a
 * provider that lets people write any address must not get the account of
 * that address. The waiting identity is bound to the browser that came
 * back from the provider (OIDC_LINK_COOKIE) and lasts OIDC_LINK_TTL; the
 * mailed link works only in that same browser too, so a link forwarded
 * or clicked by the account's owner for someone else's sign-in links
 * nothing. Password guesses count against the account as the log-in's do
 * (login_throttle.h); mails are within the mail allowance.
 */
#include <string.h>

#include "pages/account/login_throttle.h"
#include "pages/account/password.h"
#include "pages/oidc/oidc_pages.h"
#include "pages/shared/titled.h"
#include "pages/shared/too_many.h"
#include "store/account.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/mail_rate.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"
#include "web/webform.h"

/* The browser's waiting link for the route's provider and its account,
 * or MM_ERR_NOT_FOUND. */
static enum mm_err waiting(struct req *r, const struct oidc_provider_config *p,
                           unsigned char browser[TOKEN_HASH_BYTES], struct oidc_link *l,
                           struct user *u)
{
	if (!oidc_browser_hash(r, OIDC_LINK_COOKIE, browser))
		return MM_ERR_NOT_FOUND;
	enum mm_err e = store_oidc_link_by_browser(r->store, r->arena, browser, r->now, l);
	if (e)
		return e;
	if (!str_eq(l->provider, str_from(p->name)))
		return MM_ERR_NOT_FOUND;
	return store_user_by_id(r->store, r->arena, l->user_id, u);
}

static enum mm_err link_form(struct req *r, struct res *res, struct webform *f,
                             const struct oidc_provider_config *p, const struct user *u, bool sent)
{
	enum mm_err e;
	char *action = arena_printf(r->arena, "/login/oidc/%s/link", p->name);
	char *mail_action = arena_printf(r->arena, "/login/oidc/%s/link/mail", p->name);
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "password", NULL)) || !action || !mail_action ||
	    !val_set_cstr(r->arena, f->ctx, "action", action) ||
	    !val_set_cstr(r->arena, f->ctx, "mail_action", mail_action) ||
	    !val_set_str(r->arena, f->ctx, "email", u->email) ||
	    !val_set_bool(r->arena, f->ctx, "sent", sent))
		return e ? e : MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err gone(struct req *r, struct res *res)
{
	return oidc_error(r, res, 410, "link_expired");
}

/* What a link page starts from: the route's provider, the browser's
 * waiting link and its account. */
struct link_page {
	const struct oidc_provider_config *p;
	unsigned char browser[TOKEN_HASH_BYTES];
	struct oidc_link l;
	struct user u;
};

/* Fills lp for the route; false when the answer was sent (404 for an
 * unknown provider, 410 with the reason no_link when no link waits for
 * this browser) or *e failed. */
static bool link_page_start(struct req *r, struct res *res, struct link_page *lp,
                            const char *no_link, enum mm_err *e)
{
	lp->p = oidc_page_provider(r);
	if (!lp->p) {
		page_error(r, res, 404);
		*e = MM_OK;
		return false;
	}
	*e = waiting(r, lp->p, lp->browser, &lp->l, &lp->u);
	if (*e == MM_ERR_NOT_FOUND) {
		*e = oidc_error(r, res, 410, no_link);
		return false;
	}
	return !*e;
}

static enum mm_err render_link(struct req *r, struct res *res, struct webform *f, int status)
{
	return titled_render(r, res, status, "oidc_link", f->ctx, "oidc.link.title", NULL, NULL);
}

static enum mm_err page_oidc_link(struct req *r, struct res *res)
{
	struct link_page lp;
	struct webform f;
	struct str sent;
	enum mm_err e;
	if (!link_page_start(r, res, &lp, "link_expired", &e) ||
	    (e = link_form(r, res, &f, lp.p, &lp.u,
	                   kvlist_get_one(&r->query_fields, "sent", &sent) == MM_OK)))
		return e;
	return render_link(r, res, &f, 200);
}

/* Takes the waiting link (token NULL: by password; else the mailed one)
 * and links its identity, in one transaction with the audit line. */
struct link_take {
	const unsigned char *browser, *token;
	struct oidc_link l;
};

static enum mm_err link_take_tx(struct req *r, struct store *s, void *arg)
{
	struct link_take *t = arg;
	enum mm_err e = store_oidc_link_take(s, r->arena, t->browser, t->token, r->now, &t->l);
	if (e ||
	    (e = store_oidc_identity_insert(s, t->l.provider, t->l.subject, t->l.user_id, r->now)))
		return e;
	return audit_log(r, "oidc.link", t->l.user_id, 0, t->l.provider, AUDIT_OK,
	                 t->token ? "mail" : "password");
}

static enum mm_err link_finish(struct req *r, struct res *res, const struct oidc_provider_config *p,
                               const unsigned char *browser, const unsigned char *token)
{
	struct link_take t = {.browser = browser, .token = token};
	enum mm_err e = page_tx(r, link_take_tx, &t);
	if (e == MM_ERR_NOT_FOUND)
		return gone(r, res);
	if (e == MM_ERR_CONFLICT) {
		audit_note(r, "oidc.link", 0, 0, str_from(p->name), AUDIT_DENIED,
		           "another identity");
		return oidc_error(r, res, 409, "linked_elsewhere");
	}
	if (e || (e = cookie_set(r, res, OIDC_LINK_COOKIE, "", 0)))
		return e;
	return oidc_sign_in(r, res, p, t.l.user_id, t.l.subject, t.l.corporate_number, t.l.next);
}

static enum mm_err page_oidc_link_post(struct req *r, struct res *res)
{
	struct link_page lp;
	struct webform f;
	struct str password;
	enum mm_err e;
	if (!link_page_start(r, res, &lp, "link_expired", &e) ||
	    (e = link_form(r, res, &f, lp.p, &lp.u, false)) ||
	    (e = webform_take_password(&f, "password", &password)))
		return e;
	if (password.n == 0 || password.n > PASSWORD_MAX_BYTES) {
		webform_error(&f, "password", "oidc.link.password_failed");
		return render_link(r, res, &f, 422);
	}
	struct login_guess g;
	if ((e = login_guess_begin(r, lp.u.email, &LOGIN_RULE, &g)))
		return e;
	if (g.wait > 0) {
		audit_note(r, "oidc.link", lp.u.id, 0, lp.u.email, AUDIT_DENIED, "throttled");
		if ((e = too_many_mark(r, res, &f, "password", "login.throttled",
		                       (unsigned)g.wait)))
			return e;
		return render_link(r, res, &f, 429);
	}
	if (!password_verify(lp.u.password_hash, password) || lp.u.disabled_at) {
		audit_note(r, "oidc.link", lp.u.id, 0, lp.u.email, AUDIT_FAILED, "password");
		webform_error(&f, "password", "oidc.link.password_failed");
		return render_link(r, res, &f, 422);
	}
	if ((e = login_guess_right(r, lp.u.email, &g)))
		return e;
	return link_finish(r, res, lp.p, lp.browser, NULL);
}

/* The mail: a new token on the waiting link and its address in the mail,
 * in one transaction. */
struct link_mail {
	int64_t link_id;
	struct user *u;
	const char *path;
	const unsigned char *hash;
};

static enum mm_err link_mail_tx(struct req *r, struct store *s, void *arg)
{
	struct link_mail *m = arg;
	enum mm_err e = store_oidc_link_set_token(s, m->link_id, m->hash);
	if (e)
		return e;
	const char *names[] = {"link"};
	const struct str values[] = {str_from(mail_link(r->arena, m->path))};
	if (!values[0].p[0])
		return MM_ERR_NOMEM;
	return mail_queue_fields(s, r->arena, mail_lang_of(m->u), "oidc_link", m->u->email, names,
	                         values, 1, r->now);
}

static enum mm_err page_oidc_link_mail_post(struct req *r, struct res *res)
{
	struct link_page lp;
	unsigned char hash[TOKEN_HASH_BYTES];
	char token[TOKEN_TEXT_BYTES];
	struct webform f;
	unsigned retry;
	enum mm_err e;
	if (!link_page_start(r, res, &lp, "link_expired", &e))
		return e;
	if (!mail_rate_take(r, lp.u.email, &retry)) {
		audit_note(r, "oidc.link_mail", lp.u.id, 0, lp.u.email, AUDIT_DENIED, "rate");
		if ((e = link_form(r, res, &f, lp.p, &lp.u, false)) ||
		    (e = too_many_mark(r, res, &f, "password", "site.too_many", retry)))
			return e;
		return render_link(r, res, &f, 429);
	}
	if ((e = token_new(token, hash)))
		return e;
	struct link_mail m = {
	    .link_id = lp.l.id,
	    .u = &lp.u,
	    .path = arena_printf(r->arena, "/login/oidc/%s/link/%s", lp.p->name, token),
	    .hash = hash};
	if (!m.path)
		return MM_ERR_NOMEM;
	if ((e = page_tx(r, link_mail_tx, &m)))
		return e == MM_ERR_NOT_FOUND ? gone(r, res) : e;
	audit_note(r, "oidc.link_mail", lp.u.id, 0, lp.u.email, AUDIT_OK, "");
	char *back = arena_printf(r->arena, "/login/oidc/%s/link?sent=1", lp.p->name);
	return back ? page_redirect(r, res, back) : MM_ERR_NOMEM;
}

/* The mailed link: a button in the browser that is waiting (a GET must
 * never use a link up), the page for a used or foreign one elsewhere. */
static enum mm_err page_oidc_link_confirm(struct req *r, struct res *res)
{
	struct link_page lp;
	enum mm_err e;
	if (!link_page_start(r, res, &lp, "other_browser", &e))
		return e;
	struct val *ctx = val_obj(r->arena);
	char *action = arena_printf(r->arena, "/login/oidc/%s/link/%.*s", lp.p->name,
	                            (int)req_param(r, "token").n, req_param(r, "token").p);
	if (!ctx || !action || !val_set_cstr(r->arena, ctx, "action", action) ||
	    !val_set_cstr(r->arena, ctx, "csrf", session_csrf(r, res)) ||
	    !val_set_str(r->arena, ctx, "email", lp.u.email))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "oidc_link_confirm", ctx, "oidc.link.title", NULL, NULL);
}

static enum mm_err page_oidc_link_confirm_post(struct req *r, struct res *res)
{
	const struct oidc_provider_config *p = oidc_page_provider(r);
	unsigned char browser[TOKEN_HASH_BYTES], hash[TOKEN_HASH_BYTES];
	if (!p) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (!oidc_browser_hash(r, OIDC_LINK_COOKIE, browser))
		return oidc_error(r, res, 410, "other_browser");
	token_hash(req_param(r, "token"), hash);
	return link_finish(r, res, p, browser, hash);
}

/* This file's routes, in dispatch order (see oidc_routes.c): the literal
 * "mail" before the token. */
const struct route_table oidc_link_routes =
    ROUTE_TABLE(ROUTE_FORM("/login/oidc/{provider:public_id}/link", page_oidc_link,
                           page_oidc_link_post, RIGHT_PUBLIC),
                ROUTE_POST("/login/oidc/{provider:public_id}/link/mail", page_oidc_link_mail_post,
                           RIGHT_PUBLIC),
                ROUTE_FORM("/login/oidc/{provider:public_id}/link/{token:token}",
                           page_oidc_link_confirm, page_oidc_link_confirm_post, RIGHT_PUBLIC));
