/*
 * auth.c — signing up, confirming the address, logging in and out,
 * resetting a forgotten password: /signup, /confirm/{token}, /login,
 * /logout, /password/forgot, /password/reset/{token}.
 *
 * Nothing here reveals whether an address is registered: sign-up and
 * "forgot password" answer the same whatever the address, log-in failures
 * have one message, and unknown accounts cost the same hashing time.
 * Links in mail are single-use and only consumed by a POST (mail scanners
 * that follow links must not use them up). A confirmation link signs in
 * without the password only in the browser that signed up
 * (account_link.h). Password guesses are counted before they are hashed
 * (login_throttle.h); the forms that send a mail take from the mail
 * allowance of the network and of the address first (web/mail_rate.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/email.h"
#include "pages/account/account_form.h"
#include "pages/account/account_link.h"
#include "pages/account/login_throttle.h"
#include "pages/account/password.h"
#include "pages/shared/notice.h"
#include "pages/shared/too_many.h"
#include "store/account.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/mail_rate.h"
#include "view/i18n.h"
#include "web/oidc.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

#define RESET_LINK_TTL (60 * 60)

/* The ?next= of the query, as given: none when absent or repeated. It is
 * followed or carried on only where page_path_is_local says so. */
static struct str query_next(struct req *r)
{
	struct str next;
	if (kvlist_get_one(&r->query_fields, "next", &next) != MM_OK)
		return STR("");
	return next;
}

/* path, or path?next=… when next is local (for links that must bring the
 * visitor back, e.g. to an invitation after signing up). */
static char *with_next(struct req *r, const char *path, struct str next)
{
	struct buf b;
	buf_init(&b, r->arena, 8192);
	if (buf_append_cstr(&b, path))
		return NULL;
	if (page_path_is_local(next) &&
	    (buf_append_cstr(&b, "?next=") || buf_append_urlenc(&b, next)))
		return NULL;
	return buf_cstr(&b);
}

static struct val *page_ctx(struct req *r)
{
	return val_obj(r->arena);
}

static enum mm_err render_form(struct req *r, struct res *res, struct webform *f, const char *name,
                               const char *title_key, int status)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, webform_ok(f) ? status : 422, name, f->ctx, page_t(r, title_key),
	                   crumbs);
}

/* A notice shown above a form after a redirect (?notice=NAME, one of
 * these, as the catalogue's notice.NAME). */
static enum mm_err set_notice(struct req *r, struct val *ctx)
{
	static const char *const notices[] = {"confirmed",        "reset",         "logged_out",
	                                      "password_changed", "email_changed", "deleted"};
	return notice_set(r, ctx, "notice", notices, sizeof notices / sizeof notices[0]);
}

/* The link of purpose for user_id and the mail of kind carrying it, in
 * the caller's transaction. */
struct link_mail {
	enum link_purpose purpose;
	int64_t user_id, ttl;
	const char *path_prefix, *kind;
	enum lang lang;
	struct str to;
	struct str next;          /* a local path the link brings the visitor back to, or "" */
	const char *audit_action; /* its audit line, written with it, or NULL for none */
	const char *token; /* the link's token text (account_confirm_token_new), or NULL: new */
};

static enum mm_err link_mail_send(struct req *r, struct store *s, const struct link_mail *m)
{
	struct link_token t = {
	    .purpose = m->purpose, .user_id = m->user_id, .expires_at = r->now + m->ttl};
	char *link;
	enum mm_err e =
	    m->token
	        ? account_link_create_with(s, r->arena, &t, r->now, m->path_prefix, m->token, &link)
	        : account_link_create(s, r->arena, &t, r->now, m->path_prefix, &link);
	if (e)
		return e;
	if (page_path_is_local(m->next) && !(link = with_next(r, link, m->next)))
		return MM_ERR_NOMEM;
	return mail_queue(s, r->arena, m->lang, m->kind, m->to, link, r->now);
}

static enum mm_err link_mail_tx(struct req *r, struct store *s, void *arg)
{
	const struct link_mail *m = arg;
	if (m->audit_action) {
		enum mm_err e = audit_log(r, m->audit_action, m->user_id, 0, m->to, AUDIT_OK, "");
		if (e)
			return e;
	}
	return link_mail_send(r, s, m);
}

/* Whether a form may send a mail to email now (web/mail_rate.h). When
 * not, the form is marked (too_many.h), the refusal audited as action and
 * the page to render is answered with 429 into *e. */
static bool mail_allowed(struct req *r, struct res *res, struct webform *f, struct str email,
                         const char *action, const char *template_name, const char *title_key,
                         enum mm_err *e)
{
	unsigned retry;
	if (mail_rate_take(r, email, &retry))
		return true;
	audit_note(r, action, 0, 0, email, AUDIT_DENIED, "rate");
	*e = too_many_mark(r, res, f, "email", "site.too_many", retry);
	if (!*e)
		*e = page_render(r, res, 429, template_name, f->ctx, page_t(r, title_key), NULL);
	return false;
}

/* ---- sign-up ---------------------------------------------------------- */

/* The empty sign-up or log-in form, keeping ?next=; other_name is the
 * link to the other form (other_path), which keeps it too. */
static enum mm_err credentials_form(struct req *r, struct res *res, struct webform *f,
                                    const char *other_name, const char *other_path)
{
	struct str next = query_next(r);
	enum mm_err e;
	if ((e = webform_init(f, r, res, page_ctx(r))) ||
	    (e = webform_blank(f, "email", "password", NULL)) ||
	    (e = webform_set(f, "next", page_path_is_local(next) ? next : STR(""))) ||
	    !val_set_cstr(r->arena, f->ctx, other_name, with_next(r, other_path, next)))
		return e ? e : MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_signup(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if (r->user)
		return page_redirect(r, res, "/home");
	if ((e = credentials_form(r, res, &f, "login_url", "/login")))
		return e;
	return render_form(r, res, &f, "signup", "signup.title", 200);
}

/* A new account and its confirmation mail, or, for an address registered
 * already, a mail to its owner instead (the visitor is told the same). */
struct signup {
	struct link_mail mail;
	struct user u;
};

/* The mail to the owner of a registered address that someone tried to
 * sign up with, in the owner's language (not the visitor's: they may be
 * someone else). */
static enum mm_err signup_exists_mail(struct req *r, struct store *s, struct str email)
{
	struct user owner;
	enum mm_err e = store_user_by_email(s, r->arena, email, &owner);
	if (e)
		return e;
	return mail_queue(s, r->arena, mail_lang_of(&owner), "signup_exists", owner.email,
	                  mail_link(r->arena, "/login"), r->now);
}

static enum mm_err signup_tx(struct req *r, struct store *s, void *arg)
{
	struct signup *su = arg;
	enum mm_err e = store_user_insert(s, &su->u, &su->mail.user_id);
	if (e == MM_ERR_CONFLICT)
		return signup_exists_mail(r, s, su->u.email);
	return e ? e : link_mail_send(r, s, &su->mail);
}

static enum mm_err page_signup_post(struct req *r, struct res *res)
{
	struct webform f;
	struct str email, password;
	enum mm_err e;
	if (r->user)
		return page_redirect(r, res,
		                     "/home"); /* signed in already: no second account from here */
	if ((e = webform_init(&f, r, res, page_ctx(r))) || (e = account_form_email(r, &f, &email)))
		return e;
	struct str next = webform_take(&f, "next", 2048);
	if (!val_set_cstr(r->arena, f.ctx, "login_url", with_next(r, "/login", next)))
		return MM_ERR_NOMEM;
	if ((e = webform_take_password(&f, "password", &password)))
		return e;
	if (webform_ok(&f)) {
		const char *problem = password_problem(password, email);
		if (problem)
			webform_error(&f, "password", problem);
	}
	if (!webform_ok(&f))
		return render_form(r, res, &f, "signup", "signup.title", 200);
	if (!mail_allowed(r, res, &f, email, "signup", "signup", "signup.title", &e))
		return e;

	char hash[PASSWORD_HASH_BYTES], secret[TOKEN_TEXT_BYTES], token[TOKEN_TEXT_BYTES];
	if ((e = password_hash(password, hash)))
		return e;
	account_confirm_token_new(secret, token);
	struct signup su = {.mail = {.purpose = LINK_CONFIRM,
	                             .ttl = ACCOUNT_CONFIRM_LINK_TTL,
	                             .path_prefix = "/confirm/",
	                             .kind = "confirm",
	                             .lang = r->lang,
	                             .to = email,
	                             .next = next,
	                             .token = token},
	                    .u = {.email = email,
	                          .password_hash = str_from(hash),
	                          .lang = str_from(lang_code(r->lang)),
	                          .created_at = r->now}};
	/* The cookie whatever the address: the answer must not tell whether
	 * it was registered already. */
	if ((e = page_tx(r, signup_tx, &su)) || (e = account_confirm_cookie_set(r, res, secret)))
		return e;
	return page_redirect(r, res, "/signup/sent");
}

/* "Look in your mailbox": the page after a form that sent a link. */
static enum mm_err sent_page(struct req *r, struct res *res, const char *template_name,
                             const char *title_key)
{
	struct val *ctx = page_ctx(r);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, template_name, ctx, page_t(r, title_key), NULL);
}

static enum mm_err page_signup_sent(struct req *r, struct res *res)
{
	return sent_page(r, res, "signup_sent", "signup.sent_title");
}

/* ---- confirmation ------------------------------------------------------ */

/* The confirmation page: a button in the browser that signed up, the
 * password too in any other (account_link.h says why). */
static enum mm_err confirm_form(struct req *r, struct res *res, struct webform *f,
                                bool ask_password)
{
	enum mm_err e;
	struct str next = query_next(r);
	char *action = arena_printf(r->arena, "/confirm/%.*s", (int)req_param(r, "token").n,
	                            req_param(r, "token").p);
	if ((e = webform_init(f, r, res, page_ctx(r))) ||
	    (e = webform_blank(f, "password", NULL)) || !action ||
	    !val_set_cstr(r->arena, f->ctx, "action", with_next(r, action, next)) ||
	    !val_set_bool(r->arena, f->ctx, "ask_password", ask_password))
		return e ? e : MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_confirm(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = confirm_form(r, res, &f, !account_confirm_same_browser(r));
	return e ? e : render_form(r, res, &f, "confirm", "confirm.title", 200);
}

/* Uses the route's {token} as a confirmation link and confirms its
 * account; *user_id is the account's. From another browser than the one
 * that signed up, only with the account's password (checked here, in the
 * transaction that uses the link, so a refusal leaves the link usable;
 * the guess was counted before, see page_confirm_post). */
enum confirm_refusal { CONFIRM_ACCEPTED, CONFIRM_WRONG_PASSWORD, CONFIRM_THROTTLED };
struct confirmation {
	bool same_browser;
	struct str password;
	int64_t user_id;
	struct str email;
	struct login_guess guess;
	enum confirm_refusal refusal;
};

static enum mm_err confirm_tx(struct req *r, struct store *s, void *arg)
{
	struct confirmation *c = arg;
	struct link_token t;
	struct user u;
	enum mm_err e = account_link_use(r, s, LINK_CONFIRM, &t);
	if (e)
		return e;
	c->user_id = t.user_id;
	if (!c->same_browser) {
		if ((e = store_user_by_id(s, r->arena, t.user_id, &u)))
			return e;
		if (!password_verify(u.password_hash, c->password)) {
			c->refusal = CONFIRM_WRONG_PASSWORD;
			return MM_ERR_INVALID;
		}
	}
	if ((e = store_user_confirm(s, t.user_id, r->now)))
		return e;
	return audit_log(r, "account.confirm", t.user_id, 0, STR(""), AUDIT_OK,
	                 c->same_browser ? "" : "password");
}

/* The page again, with why the password was not accepted. */
static enum mm_err confirm_refused(struct req *r, struct res *res, const struct confirmation *c)
{
	struct webform f;
	enum mm_err e = confirm_form(r, res, &f, true);
	if (e)
		return e;
	if (c->refusal == CONFIRM_THROTTLED) {
		if ((e = too_many_mark(r, res, &f, "password", "confirm.throttled",
		                       (unsigned)c->guess.wait)))
			return e;
		audit_note(r, "account.confirm", c->user_id, 0, c->email, AUDIT_DENIED,
		           "throttled");
		return page_render(r, res, 429, "confirm", f.ctx, page_t(r, "confirm.title"), NULL);
	}
	audit_note(r, "account.confirm", c->user_id, 0, c->email, AUDIT_FAILED, "password");
	webform_error(&f, "password", "confirm.password_failed");
	return render_form(r, res, &f, "confirm", "confirm.title", 200);
}

/* From another browser: the password's guess is counted with the
 * account's log-ins (login_throttle.h) before the link is used. MM_OK
 * with c->refusal set when it must not be checked. */
static enum mm_err confirm_guess(struct req *r, struct confirmation *c)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	struct link_token t;
	struct user u;
	token_hash(req_param(r, "token"), hash);
	enum mm_err e = store_link_peek(r->store, r->arena, LINK_CONFIRM, hash, r->now, &t);
	if (e || (e = store_user_by_id(r->store, r->arena, t.user_id, &u)))
		return e;
	c->user_id = u.id;
	c->email = u.email;
	if (c->password.n == 0 || c->password.n > PASSWORD_MAX_BYTES) {
		c->refusal = CONFIRM_WRONG_PASSWORD; /* nothing to check, nothing to count */
		return MM_OK;
	}
	if ((e = login_guess_begin(r, u.email, &LOGIN_RULE, &c->guess)))
		return e;
	if (c->guess.wait > 0)
		c->refusal = CONFIRM_THROTTLED;
	return MM_OK;
}

static enum mm_err page_confirm_post(struct req *r, struct res *res)
{
	struct confirmation c = {.same_browser = account_confirm_same_browser(r)};
	enum mm_err e = MM_OK;
	if (kvlist_get_one(&r->form, "password", &c.password) != MM_OK)
		c.password = STR("");
	if (!c.same_browser && (e = confirm_guess(r, &c)) == MM_OK && c.refusal)
		return confirm_refused(r, res, &c);
	if (e == MM_OK)
		e = page_tx(r, confirm_tx, &c);
	if (e == MM_ERR_NOT_FOUND)
		return account_link_gone(r, res);
	if (e == MM_ERR_INVALID && c.refusal != CONFIRM_ACCEPTED)
		return confirm_refused(r, res, &c);
	if (e)
		return e;
	if (!c.same_browser && (e = login_guess_right(r, c.email, &c.guess)))
		return e;
	/* Signed in: this browser is one of the account's devices now. */
	if ((e = login_device_remember(r, res, c.user_id, &c.guess)))
		return e;
	if ((e = session_start(r, res, c.user_id)))
		return e;
	if (c.same_browser && (e = account_confirm_cookie_set(r, res, "")))
		return e;
	struct str next = query_next(r);
	if (page_path_is_local(next))
		return page_redirect(r, res, str_dup(r->arena, next));
	return page_redirect(r, res, "/home?notice=confirmed");
}

/* ---- log-in ------------------------------------------------------------ */

/* The buttons of the OpenID Connect providers (web/oidc.h) beside the
 * password form, keeping ?next=; none when no provider is configured.
 * With several, each names its provider. */
static enum mm_err oidc_buttons(struct req *r, struct val *ctx, struct str next)
{
	size_t n = oidc_provider_count();
	struct val *list = val_set_list_counted(r->arena, ctx, "oidc_providers", "has_oidc", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct oidc_provider_config *p = oidc_provider_at(i);
		const char *names[] = {"name"};
		const struct str values[] = {str_from(p->name)};
		char *path = arena_printf(r->arena, "/login/oidc/%s", p->name);
		char *label = n == 1 ? str_dup(r->arena, page_t(r, "oidc.login.button"))
		                     : i18n_fill(r->arena, r->lang, "oidc.login.button_named",
		                                 names, values, 1);
		struct val *item = val_list_push_obj(r->arena, list);
		if (!path || !label || !item ||
		    !val_set_cstr(r->arena, item, "url", with_next(r, path, next)) ||
		    !val_set_cstr(r->arena, item, "label", label))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_login(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if (r->user)
		return page_redirect(r, res, "/home");
	struct str next = query_next(r);
	if ((e = credentials_form(r, res, &f, "signup_url", "/signup")) ||
	    (e = set_notice(r, f.ctx)) || (e = oidc_buttons(r, f.ctx, next)))
		return e;
	return render_form(r, res, &f, "login", "login.title", 200);
}

/* The log-in form again, 429, saying how long to wait (rounded up to
 * minutes) and with Retry-After. */
static enum mm_err login_throttled(struct req *r, struct res *res, struct webform *f,
                                   struct str email, int64_t wait)
{
	enum mm_err e = too_many_mark(r, res, f, "email", "login.throttled", (unsigned)wait);
	if (e)
		return e;
	audit_note(r, "login", 0, 0, email, AUDIT_DENIED, "throttled");
	return page_render(r, res, 429, "login", f->ctx, page_t(r, "login.title"), NULL);
}

/* A right password of an account whose address is not confirmed yet: a
 * new confirmation link (a mail: within the mail allowance) for this
 * browser. */
static enum mm_err login_unconfirmed(struct req *r, struct res *res, struct webform *f,
                                     const struct user *u)
{
	enum mm_err e;
	if (!mail_allowed(r, res, f, u->email, "account.confirm_resend", "login", "login.title",
	                  &e))
		return e;
	char secret[TOKEN_TEXT_BYTES], token[TOKEN_TEXT_BYTES];
	account_confirm_token_new(secret, token);
	struct link_mail m = {.purpose = LINK_CONFIRM,
	                      .user_id = u->id,
	                      .ttl = ACCOUNT_CONFIRM_LINK_TTL,
	                      .path_prefix = "/confirm/",
	                      .kind = "confirm",
	                      .lang = mail_lang_of(u),
	                      .to = u->email,
	                      .token = token};
	if ((e = page_tx(r, link_mail_tx, &m)) || (e = account_confirm_cookie_set(r, res, secret)))
		return e;
	webform_error(f, "email", "login.unconfirmed");
	return render_form(r, res, f, "login", "login.title", 200);
}

static enum mm_err page_login_post(struct req *r, struct res *res)
{
	struct webform f;
	struct store *s = r->store;
	struct str email_in, email = STR(""), password, next;
	struct user u;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) || (e = set_notice(r, f.ctx)))
		return e;
	email_in = webform_take(&f, "email", EMAIL_MAX_CHARS);
	next = webform_take(&f, "next", 2048);
	if (!val_set_cstr(r->arena, f.ctx, "signup_url", with_next(r, "/signup", next)))
		return MM_ERR_NOMEM;
	if ((e = webform_take_password(&f, "password", &password)) ||
	    (e = oidc_buttons(r, f.ctx, next)))
		return e;
	if (core_email_normalise(r->arena, email_in, &email) != EMAIL_OK || password.n == 0 ||
	    password.n > PASSWORD_MAX_BYTES) {
		webform_error(&f, "email", "login.failed");
		return render_form(r, res, &f, "login", "login.title", 200);
	}
	/* Counted before the hash is computed (login_throttle.h). */
	struct login_guess g;
	if ((e = login_guess_begin(r, email, &LOGIN_RULE, &g)))
		return e;
	if (g.wait > 0)
		return login_throttled(r, res, &f, email, g.wait);
	e = store_user_by_email(s, r->arena, email, &u);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool known = e == MM_OK, ok = false;
	if (!known)
		password_verify_dummy(password);
	else
		ok = password_verify(u.password_hash, password) && !u.disabled_at;
	if (!ok) {
		/* The attempt stays recorded as a failure. */
		audit_note(r, "login", known ? u.id : 0, 0, email, AUDIT_FAILED,
		           known ? "password" : "unknown");
		webform_error(&f, "email", "login.failed");
		return render_form(r, res, &f, "login", "login.title", 200);
	}
	if ((e = login_guess_right(r, email, &g)))
		return e;
	if (!u.confirmed_at)
		return login_unconfirmed(r, res, &f, &u);
	if ((e = login_device_remember(r, res, u.id, &g)) || (e = session_start(r, res, u.id)))
		return e;
	audit_note(r, "login", u.id, 0, email, AUDIT_OK, "");
	char *target = page_path_is_local(next) ? str_dup(r->arena, next) : "/home";
	return page_redirect(r, res, target);
}

static enum mm_err page_logout_post(struct req *r, struct res *res)
{
	enum mm_err e;
	if (r->user)
		audit_note(r, "logout", 0, 0, STR(""), AUDIT_OK, "");
	if ((e = session_end(r, res)))
		return e;
	return page_redirect(r, res, "/login?notice=logged_out");
}

/* ---- forgotten password ------------------------------------------------ */

static enum mm_err page_forgot(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) || (e = webform_blank(&f, "email", NULL)))
		return e;
	return render_form(r, res, &f, "forgot", "forgot.title", 200);
}

static enum mm_err page_forgot_post(struct req *r, struct res *res)
{
	struct webform f;
	struct store *s = r->store;
	struct str email_in, email;
	struct user u;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))))
		return e;
	email_in = webform_take(&f, "email", EMAIL_MAX_CHARS);
	if (core_email_normalise(r->arena, email_in, &email) != EMAIL_OK) {
		webform_error(&f, "email", "signup.email_invalid");
		return render_form(r, res, &f, "forgot", "forgot.title", 200);
	}
	if (!mail_allowed(r, res, &f, email, "password.reset_requested", "forgot", "forgot.title",
	                  &e))
		return e;
	e = store_user_by_email(s, r->arena, email, &u);
	if (e == MM_OK && !u.disabled_at) {
		struct link_mail m = {.purpose = LINK_RESET,
		                      .user_id = u.id,
		                      .ttl = RESET_LINK_TTL,
		                      .path_prefix = "/password/reset/",
		                      .kind = "reset",
		                      .lang = mail_lang_of(&u),
		                      .to = email,
		                      .audit_action = "password.reset_requested"};
		if ((e = page_tx(r, link_mail_tx, &m)))
			return e;
	} else if (e && e != MM_ERR_NOT_FOUND) {
		return e;
	}
	return page_redirect(r, res, "/password/forgot/sent");
}

static enum mm_err page_forgot_sent(struct req *r, struct res *res)
{
	return sent_page(r, res, "forgot_sent", "forgot.sent_title");
}

static enum mm_err page_reset(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_blank(&f, "password", NULL)) ||
	    !val_set_str(r->arena, f.ctx, "token", req_param(r, "token")))
		return e ? e : MM_ERR_NOMEM;
	return render_form(r, res, &f, "reset", "reset.title", 200);
}

static enum mm_err page_reset_post(struct req *r, struct res *res)
{
	struct webform f;
	struct user u;
	struct str password;
	const char *problem;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_take_password(&f, "password", &password)) ||
	    !val_set_str(r->arena, f.ctx, "token", req_param(r, "token")))
		return e ? e : MM_ERR_NOMEM;
	e = account_link_set_password(r, LINK_RESET, "password.reset", password, &u, &problem);
	if (e == MM_ERR_NOT_FOUND)
		return account_link_gone(r, res);
	if (e == MM_ERR_INVALID && problem) {
		webform_error(&f, "password", problem);
		return render_form(r, res, &f, "reset", "reset.title", 200);
	}
	if (e)
		return e;
	return page_redirect(r, res, "/login?notice=reset");
}

/* This file's routes, in dispatch order (see account_routes.c). */
const struct route_table auth_routes =
    ROUTE_TABLE(ROUTE_FORM("/signup", page_signup, page_signup_post, RIGHT_PUBLIC),
                ROUTE_GET("/signup/sent", page_signup_sent, RIGHT_PUBLIC),
                ROUTE_FORM("/confirm/{token}", page_confirm, page_confirm_post, RIGHT_PUBLIC),
                ROUTE_FORM("/login", page_login, page_login_post, RIGHT_PUBLIC),
                ROUTE_POST("/logout", page_logout_post, RIGHT_PUBLIC),
                ROUTE_FORM("/password/forgot", page_forgot, page_forgot_post, RIGHT_PUBLIC),
                ROUTE_GET("/password/forgot/sent", page_forgot_sent, RIGHT_PUBLIC),
                ROUTE_FORM("/password/reset/{token}", page_reset, page_reset_post, RIGHT_PUBLIC));
