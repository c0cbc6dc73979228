/*
 * account_email.c — changing the address of an account: /account/email
 * (ask), /account/email/sent, /account/email/confirm/{token} (apply).
 *
 * The current password is asked first. The new address gets a single-use
 * link (24 hours); nothing changes until that link is used, so a typo or
 * someone else's address never takes over the account. When it is used,
 * the old address is told. Like sign-up, the page never says whether the
 * new address is registered already: its owner gets a mail saying so
 * instead of a link.
 */
#include "pages/account/account_form.h"
#include "pages/account/account_link.h"
#include "pages/account/account_reauth.h"
#include "store/account.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

#define EMAIL_CHANGE_LINK_TTL (24 * 60 * 60)

static enum mm_err email_form(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "email", "current_password", NULL)))
		return e;
	return val_set_str(r->arena, f->ctx, "current_email", r->user->email) ? MM_OK
	                                                                      : MM_ERR_NOMEM;
}

static enum mm_err page_account_email(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = email_form(r, res, &f);
	if (e)
		return e;
	return account_render(r, res, &f, "account_email", "account_extras.email_title", 200);
}

/* What one change request writes: the mail for the new address. */
struct email_change {
	struct str email;
};

/* Queues the mail for the new address: a link when it is free, a note to
 * its owner when it is registered already. The audit line is the same
 * either way (the visitor is told the same). */
static enum mm_err email_change_tx(struct req *r, struct store *s, void *arg)
{
	struct str email = ((struct email_change *)arg)->email;
	struct user existing;
	enum mm_err e = audit_log(r, "email.change_requested", 0, 0, email, AUDIT_OK, "");
	if (e)
		return e;
	e = store_user_by_email(s, r->arena, email, &existing);
	if (e == MM_OK)
		return mail_queue(s, r->arena, mail_lang_of(&existing), "email_exists", email,
		                  mail_link(r->arena, "/login"), r->now);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	struct link_token t = {.purpose = LINK_EMAIL,
	                       .user_id = r->user->id,
	                       .email = email,
	                       .expires_at = r->now + EMAIL_CHANGE_LINK_TTL};
	char *link;
	if ((e = account_link_create(s, r->arena, &t, r->now, "/account/email/confirm/", &link)))
		return e;
	return mail_queue(s, r->arena, mail_lang_of(r->user), "email_change", email, link, r->now);
}

static enum mm_err page_account_email_post(struct req *r, struct res *res)
{
	struct webform f;
	struct str email;
	enum mm_err e;
	if ((e = email_form(r, res, &f)) || (e = account_form_email(r, &f, &email)))
		return e;
	if (webform_ok(&f) && str_eq(email, r->user->email))
		webform_error(&f, "email", "account_extras.email_same");
	if (!webform_ok(&f)) {
		if ((e = webform_blank(&f, "current_password", NULL)))
			return e;
		return account_render(r, res, &f, "account_email", "account_extras.email_title",
		                      200);
	}
	if (!account_reauth_or_answer(r, res, &f, "email.change_requested", "account_email",
	                              "account_extras.email_title", &e))
		return e;
	struct email_change c = {.email = email};
	if ((e = page_tx(r, email_change_tx, &c)))
		return e;
	return page_redirect(r, res, "/account/email/sent");
}

static enum mm_err page_account_email_sent(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e)
		return e;
	return account_render(r, res, &f, "account_email_sent", "account_extras.email_sent_title",
	                      200);
}

/* ---- the link on the new address --------------------------------------- */

static enum mm_err page_account_email_confirm(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	if (!val_set_str(r->arena, f.ctx, "token", req_param(r, "token")))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "account_email_confirm", f.ctx,
	                   page_t(r, "account_extras.email_confirm_title"), NULL);
}

static enum mm_err email_taken(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 409, "account_email_taken", ctx,
	                   page_t(r, "account_extras.email_taken_title"), NULL);
}

/* Uses the route's {token} as a change-of-address link and applies it;
 * the account (with its old address) goes to u. MM_ERR_NOT_FOUND for a
 * link that can no longer be used; MM_ERR_CONFLICT when the new address
 * was registered by someone else since the link was sent (the link then
 * stays unused: it cannot succeed, and it expires). */
struct email_confirmation {
	struct link_token t;
	struct user u;
};

static enum mm_err email_confirm_tx(struct req *r, struct store *s, void *arg)
{
	struct email_confirmation *c = arg;
	enum mm_err e;
	if ((e = account_link_use(r, s, LINK_EMAIL, &c->t)) ||
	    (e = store_user_by_id(s, r->arena, c->t.user_id, &c->u)) ||
	    (e = store_user_set_email(s, c->u.id, c->t.email)) ||
	    (e = audit_log(r, "email.change", c->u.id, 0, c->t.email, AUDIT_OK, "")))
		return e;
	return mail_queue(s, r->arena, mail_lang_of(&c->u), "email_changed", c->u.email, NULL,
	                  r->now);
}

static enum mm_err page_account_email_confirm_post(struct req *r, struct res *res)
{
	struct email_confirmation c = {0};
	enum mm_err e = page_tx(r, email_confirm_tx, &c);
	if (e == MM_ERR_NOT_FOUND)
		return account_link_gone(r, res);
	if (e == MM_ERR_CONFLICT)
		return email_taken(r, res);
	if (e)
		return e;
	if (r->user && r->user->id == c.u.id)
		return page_redirect(r, res, "/account?notice=email_changed");
	return page_redirect(r, res, "/login?notice=email_changed");
}

/* This file's routes, in dispatch order (see account_routes.c). */
const struct route_table account_email_routes = ROUTE_TABLE(
    ROUTE_FORM("/account/email", page_account_email, page_account_email_post, RIGHT_USER),
    ROUTE_GET("/account/email/sent", page_account_email_sent, RIGHT_USER),
    ROUTE_FORM("/account/email/confirm/{token}", page_account_email_confirm,
               page_account_email_confirm_post, RIGHT_PUBLIC));
