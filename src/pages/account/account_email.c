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
#include "store/account.h"
#include "pages/account/account_common.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "pages/account/account_routes.h"
#include "web/session.h"
#include "web/webform.h"

#define EMAIL_CHANGE_LINK_TTL (24 * 60 * 60)

static enum mm_err email_form(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(f, "email", STR(""))) ||
	    (e = webform_set(f, "current_password", STR(""))))
		return e;
	return val_set_str(r->arena, f->ctx, "current_email", r->user->email) ? MM_OK
	                                                                      : MM_ERR_NOMEM;
}

enum mm_err page_account_email(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = email_form(r, res, &f);
	if (e)
		return e;
	return account_render(r, res, &f, "account_email", "account_extras.email_title", 200);
}

/* Queues the mail for the new address: a link when it is free, a note to
 * its owner when it is registered already. */
static enum mm_err email_change_mail(struct req *r, struct store *s, struct str email)
{
	struct user existing;
	enum mm_err e = store_user_by_email(s, r->arena, email, &existing);
	if (e == MM_OK)
		return mail_queue(s, r->arena, account_user_lang(&existing), "email_exists", email,
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
	return mail_queue(s, r->arena, account_user_lang(r->user), "email_change", email, link,
	                  r->now);
}

enum mm_err page_account_email_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct webform f;
	struct str email = STR("");
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = email_form(r, res, &f)))
		return e;
	struct str email_in = webform_take(&f, "email", ACCOUNT_EMAIL_MAX_CHARS);
	if (email_in.n == 0)
		webform_error(&f, "email", "signup.email_missing");
	else if (!account_email_normalise(r->arena, email_in, &email))
		webform_error(&f, "email", "signup.email_invalid");
	else if (str_eq(email, r->user->email))
		webform_error(&f, "email", "account_extras.email_same");
	if (!webform_ok(&f)) {
		webform_set(&f, "current_password", STR(""));
		return account_render(r, res, &f, "account_email", "account_extras.email_title",
		                      200);
	}
	switch (account_reauth(r, &f, "email.change_requested")) {
	case REAUTH_OK:
		break;
	case REAUTH_WRONG:
		return account_render(r, res, &f, "account_email", "account_extras.email_title",
		                      200);
	case REAUTH_THROTTLED:
		return account_render(r, res, &f, "account_email", "account_extras.email_title",
		                      429);
	case REAUTH_ERROR:
		return MM_ERR_DB;
	}
	if ((e = store_begin(s)) || (e = email_change_mail(r, s, email)) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	audit_log(r, "email.change_requested", 0, 0, email, AUDIT_OK, "");
	return page_redirect(r, res, "/account/email/sent");
}

enum mm_err page_account_email_sent(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e)
		return e;
	return account_render(r, res, &f, "account_email_sent", "account_extras.email_sent_title",
	                      200);
}

/* ---- the link on the new address --------------------------------------- */

enum mm_err page_account_email_confirm(struct req *r, struct res *res)
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

enum mm_err page_account_email_confirm_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct link_token t;
	struct user u;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	token_hash(req_param(r, "token"), hash);
	if ((e = store_begin(s)))
		return e;
	e = store_link_use(s, r->arena, LINK_EMAIL, hash, r->now, &t);
	if (!e)
		e = store_user_by_id(s, r->arena, t.user_id, &u);
	if (e == MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return account_link_gone(r, res);
	}
	if (!e)
		e = store_user_set_email(s, u.id, t.email);
	if (e == MM_ERR_CONFLICT) {
		/* Registered by someone else since the link was sent. The link
		 * stays unused; it cannot succeed, and it expires. */
		store_rollback(s);
		return email_taken(r, res);
	}
	if (e ||
	    (e = mail_queue(s, r->arena, account_user_lang(&u), "email_changed", u.email, NULL,
	                    r->now)) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	audit_log(r, "email.change", u.id, 0, t.email, AUDIT_OK, "");
	if (r->user && r->user->id == u.id)
		return page_redirect(r, res, "/account?notice=email_changed");
	return page_redirect(r, res, "/login?notice=email_changed");
}
