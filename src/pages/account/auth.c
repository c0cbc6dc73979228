/*
 * auth.c — signing up, confirming the address, logging in and out,
 * resetting a forgotten password: /signup, /confirm/{token}, /login,
 * /logout, /password/forgot, /password/reset/{token}.
 *
 * Nothing here reveals whether an address is registered: sign-up and
 * "forgot password" answer the same whatever the address, log-in failures
 * have one message, and unknown accounts cost the same hashing time.
 * Links in mail are single-use and only consumed by a POST (mail scanners
 * that follow links must not use them up).
 */
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "lib/utf8.h"
#include "store/account.h"
#include "pages/account/account_common.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "pages/account/account_routes.h"
#include "pages/account/password.h"
#include "web/session.h"
#include "web/webform.h"

#define EMAIL_MAX_CHARS ACCOUNT_EMAIL_MAX_CHARS
#define CONFIRM_LINK_TTL (7 * 24 * 60 * 60)
#define RESET_LINK_TTL (60 * 60)
/* Log-in throttling: after LOGIN_FREE_FAILURES failures within the window,
 * each further attempt waits LOGIN_DELAY_FIRST_S doubled per failure, up to
 * LOGIN_DELAY_MAX_S. Per address the allowance is larger (offices share one). */
#define LOGIN_WINDOW_S (60 * 60)
#define LOGIN_FREE_FAILURES 5
#define LOGIN_FREE_FAILURES_IP 30
#define LOGIN_DELAY_FIRST_S 30
#define LOGIN_DELAY_MAX_S (15 * 60)

/* A `next` target is followed only when it is a path of this site. */
static bool next_is_local(struct str next)
{
	if (next.n < 1 || next.p[0] != '/' ||
	    (next.n > 1 && (next.p[1] == '/' || next.p[1] == '\\')))
		return false;
	for (size_t i = 0; i < next.n; i++)
		if ((unsigned char)next.p[i] < 0x20)
			return false;
	return true;
}

/* path, or path?next=… when next is local (for links that must bring the
 * visitor back, e.g. to an invitation after signing up). */
static char *with_next(struct req *r, const char *path, struct str next)
{
	struct buf b;
	buf_init(&b, r->arena, 8192);
	if (buf_append_cstr(&b, path))
		return NULL;
	if (next_is_local(next) && (buf_append_cstr(&b, "?next=") || buf_append_urlenc(&b, next)))
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

/* A notice shown above a form after a redirect (?notice=KEY, from a fixed
 * list so no one can put words on our page). */
static enum mm_err set_notice(struct req *r, struct val *ctx)
{
	static const char *const notices[] = {"confirmed",        "reset",         "logged_out",
	                                      "password_changed", "email_changed", "deleted"};
	struct str notice;
	const char *text = "";
	if (kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK) {
		for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++) {
			if (str_eq_lit(notice, notices[i])) {
				char key[64];
				snprintf(key, sizeof key, "notice.%s", notices[i]);
				text = page_t(r, key).p ? str_dup(r->arena, page_t(r, key)) : "";
			}
		}
	}
	return val_set_cstr(r->arena, ctx, "notice", text) ? MM_OK : MM_ERR_NOMEM;
}

/* A link token for purpose, stored hashed; the mail gets the text. */
static enum mm_err link_create(struct req *r, struct store *s, enum link_purpose purpose,
                               int64_t user_id, int64_t ttl, const char *path_prefix, char **link)
{
	char text[TOKEN_TEXT_BYTES];
	unsigned char hash[TOKEN_HASH_BYTES];
	token_new(text, hash);
	struct link_token t = {.purpose = purpose, .user_id = user_id, .expires_at = r->now + ttl};
	enum mm_err e = store_link_insert(s, hash, &t, r->now);
	if (e)
		return e;
	*link = mail_link(r->arena, arena_printf(r->arena, "%s%s", path_prefix, text));
	return *link ? MM_OK : MM_ERR_NOMEM;
}

/* ---- sign-up ---------------------------------------------------------- */

enum mm_err page_signup(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	struct str next = STR("");
	if (r->user)
		return page_redirect(r, res, "/account");
	kvlist_get_one(&r->query_fields, "next", &next);
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_set(&f, "email", STR(""))) || (e = webform_set(&f, "password", STR(""))) ||
	    (e = webform_set(&f, "next", next_is_local(next) ? next : STR(""))) ||
	    !val_set_cstr(r->arena, f.ctx, "login_url", with_next(r, "/login", next)))
		return e ? e : MM_ERR_NOMEM;
	return render_form(r, res, &f, "signup", "signup.title", 200);
}

enum mm_err page_signup_post(struct req *r, struct res *res)
{
	struct webform f;
	struct str email_in, email, password;
	struct store *s = store_thread();
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if (r->user)
		return page_redirect(
		    r, res, "/account"); /* signed in already: no second account from here */
	if ((e = webform_init(&f, r, res, page_ctx(r))))
		return e;
	email_in = webform_take(&f, "email", EMAIL_MAX_CHARS);
	struct str next = webform_take(&f, "next", 2048);
	if (!val_set_cstr(r->arena, f.ctx, "login_url", with_next(r, "/login", next)))
		return MM_ERR_NOMEM;
	if (kvlist_get_one(&r->form, "password", &password) != MM_OK)
		password = STR("");
	webform_set(&f, "password", STR("")); /* never sent back */
	if (email_in.n == 0)
		webform_error(&f, "email", "signup.email_missing");
	else if (!account_email_normalise(r->arena, email_in, &email))
		webform_error(&f, "email", "signup.email_invalid");
	if (webform_ok(&f)) {
		const char *problem = password_problem(password, email);
		if (problem)
			webform_error(&f, "password", problem);
	}
	if (!webform_ok(&f))
		return render_form(r, res, &f, "signup", "signup.title", 200);

	char hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(password, hash)))
		return e;
	struct user u = {.email = email,
	                 .password_hash = str_from(hash),
	                 .lang = str_from(lang_code(r->lang)),
	                 .created_at = r->now};
	int64_t id;
	char *link;
	if ((e = store_begin(s)))
		return e;
	e = store_user_insert(s, &u, &id);
	if (e == MM_ERR_CONFLICT) {
		/* Registered already: tell the owner of the address, not the
		 * visitor. */
		struct user existing;
		e = store_user_by_email(s, r->arena, email, &existing);
		if (!e)
			e = mail_queue(s, r->arena, r->lang, "signup_exists", email,
			               mail_link(r->arena, "/login"), r->now);
	} else if (!e && !(e = link_create(r, s, LINK_CONFIRM, id, CONFIRM_LINK_TTL, "/confirm/",
	                                   &link))) {
		if (next_is_local(next))
			link = with_next(r, link, next);
		e = link ? mail_queue(s, r->arena, r->lang, "confirm", email, link, r->now)
		         : MM_ERR_NOMEM;
	}
	if (e || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/signup/sent");
}

enum mm_err page_signup_sent(struct req *r, struct res *res)
{
	struct val *ctx = page_ctx(r);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "signup_sent", ctx, page_t(r, "signup.sent_title"), NULL);
}

/* ---- confirmation ------------------------------------------------------ */

enum mm_err page_confirm(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	struct str next = STR("");
	kvlist_get_one(&r->query_fields, "next", &next);
	char *action = arena_printf(r->arena, "/confirm/%.*s", (int)req_param(r, "token").n,
	                            req_param(r, "token").p);
	if ((e = webform_init(&f, r, res, page_ctx(r))) || !action ||
	    !val_set_cstr(r->arena, f.ctx, "action", with_next(r, action, next)))
		return e ? e : MM_ERR_NOMEM;
	return render_form(r, res, &f, "confirm", "confirm.title", 200);
}

static enum mm_err link_gone(struct req *r, struct res *res)
{
	struct val *ctx = page_ctx(r);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 410, "link_gone", ctx, page_t(r, "link.gone_title"), NULL);
}

enum mm_err page_confirm_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct link_token t;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	token_hash(req_param(r, "token"), hash);
	if ((e = store_begin(s)))
		return e;
	e = store_link_use(s, r->arena, LINK_CONFIRM, hash, r->now, &t);
	if (e == MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return link_gone(r, res);
	}
	if (e || (e = store_user_confirm(s, t.user_id, r->now)) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	if ((e = session_start(r, res, t.user_id)))
		return e;
	audit_log(r, "account.confirm", t.user_id, 0, STR(""), AUDIT_OK, "");
	struct str next;
	if (kvlist_get_one(&r->query_fields, "next", &next) == MM_OK && next_is_local(next))
		return page_redirect(r, res, str_dup(r->arena, next));
	return page_redirect(r, res, "/account?notice=confirmed");
}

/* ---- log-in ------------------------------------------------------------ */

enum mm_err page_login(struct req *r, struct res *res)
{
	struct webform f;
	struct str next = STR("");
	enum mm_err e;
	if (r->user)
		return page_redirect(r, res, "/account");
	kvlist_get_one(&r->query_fields, "next", &next);
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_set(&f, "email", STR(""))) || (e = webform_set(&f, "password", STR(""))) ||
	    (e = webform_set(&f, "next", next_is_local(next) ? next : STR(""))) ||
	    (e = set_notice(r, f.ctx)) ||
	    !val_set_cstr(r->arena, f.ctx, "signup_url", with_next(r, "/signup", next)))
		return e ? e : MM_ERR_NOMEM;
	return render_form(r, res, &f, "login", "login.title", 200);
}

/* Seconds the next attempt must wait, 0 when it may go ahead. */
static int64_t login_wait(struct req *r, struct store *s, struct str email)
{
	int64_t by_email = 0, by_ip = 0, last = 0;
	if (store_login_failure_count(s, email, r->ip, r->now - LOGIN_WINDOW_S, &by_email, &by_ip,
	                              &last))
		return 0;
	int64_t over = by_email - LOGIN_FREE_FAILURES;
	if (by_ip - LOGIN_FREE_FAILURES_IP > over)
		over = by_ip - LOGIN_FREE_FAILURES_IP;
	if (over < 0)
		return 0;
	int64_t delay = LOGIN_DELAY_FIRST_S;
	while (over-- > 0 && delay < LOGIN_DELAY_MAX_S)
		delay *= 2;
	if (delay > LOGIN_DELAY_MAX_S)
		delay = LOGIN_DELAY_MAX_S;
	return last + delay > r->now ? last + delay - r->now : 0;
}

enum mm_err page_login_post(struct req *r, struct res *res)
{
	struct webform f;
	struct store *s = store_thread();
	struct str email_in, email = STR(""), password, next;
	struct user u;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = webform_init(&f, r, res, page_ctx(r))) || (e = set_notice(r, f.ctx)))
		return e;
	email_in = webform_take(&f, "email", EMAIL_MAX_CHARS);
	next = webform_take(&f, "next", 2048);
	if (!val_set_cstr(r->arena, f.ctx, "signup_url", with_next(r, "/signup", next)))
		return MM_ERR_NOMEM;
	if (kvlist_get_one(&r->form, "password", &password) != MM_OK)
		password = STR("");
	webform_set(&f, "password", STR(""));
	if (!account_email_normalise(r->arena, email_in, &email) || password.n == 0 ||
	    password.n > PASSWORD_MAX_BYTES) {
		webform_error(&f, "email", "login.failed");
		return render_form(r, res, &f, "login", "login.title", 200);
	}
	int64_t wait = login_wait(r, s, email);
	if (wait > 0) {
		char minutes[24];
		snprintf(minutes, sizeof minutes, "%lld", (long long)((wait + 59) / 60));
		const char *const names[] = {"minutes"};
		const struct str values[] = {str_from(minutes)};
		char *msg = i18n_fill(r->arena, r->lang, "login.throttled", names, values, 1);
		webform_error(&f, "email", "login.throttled");
		struct val *err = (struct val *)val_get(f.errors->last->v, STR("message"));
		if (msg && err)
			err->s = str_from(msg);
		audit_log(r, "login", 0, 0, email, AUDIT_DENIED, "throttled");
		char *retry = arena_printf(r->arena, "%lld", (long long)wait);
		if (!retry || (e = res_header(r, res, "Retry-After", str_from(retry))))
			return e ? e : MM_ERR_NOMEM;
		return page_render(r, res, 429, "login", f.ctx, page_t(r, "login.title"), NULL);
	}
	e = store_user_by_email(s, r->arena, email, &u);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool ok = false;
	if (e == MM_ERR_NOT_FOUND)
		password_verify_dummy(password);
	else
		ok = password_verify(u.password_hash, password) && !u.disabled_at;
	if (!ok) {
		store_login_failure_add(s, email, r->ip, r->now);
		audit_log(r, "login", e ? 0 : u.id, 0, email, AUDIT_FAILED,
		          e ? "unknown" : "password");
		webform_error(&f, "email", "login.failed");
		return render_form(r, res, &f, "login", "login.title", 200);
	}
	if (!u.confirmed_at) {
		char *link;
		if ((e = store_begin(s)) ||
		    (e = link_create(r, s, LINK_CONFIRM, u.id, CONFIRM_LINK_TTL, "/confirm/",
		                     &link)) ||
		    (e = mail_queue(s, r->arena, r->lang, "confirm", u.email, link, r->now)) ||
		    (e = store_commit(s))) {
			store_rollback(s);
			return e;
		}
		webform_error(&f, "email", "login.unconfirmed");
		return render_form(r, res, &f, "login", "login.title", 200);
	}
	store_login_failure_clear(s, email);
	if ((e = session_start(r, res, u.id)))
		return e;
	audit_log(r, "login", u.id, 0, email, AUDIT_OK, "");
	char *target = next_is_local(next) ? str_dup(r->arena, next) : "/account";
	return page_redirect(r, res, target);
}

enum mm_err page_logout_post(struct req *r, struct res *res)
{
	enum mm_err e;
	if (r->user)
		audit_log(r, "logout", 0, 0, STR(""), AUDIT_OK, "");
	if ((e = session_end(r, res)))
		return e;
	return page_redirect(r, res, "/login?notice=logged_out");
}

/* ---- forgotten password ------------------------------------------------ */

enum mm_err page_forgot(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) || (e = webform_set(&f, "email", STR(""))))
		return e;
	return render_form(r, res, &f, "forgot", "forgot.title", 200);
}

enum mm_err page_forgot_post(struct req *r, struct res *res)
{
	struct webform f;
	struct store *s = store_thread();
	struct str email_in, email;
	struct user u;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = webform_init(&f, r, res, page_ctx(r))))
		return e;
	email_in = webform_take(&f, "email", EMAIL_MAX_CHARS);
	if (!account_email_normalise(r->arena, email_in, &email)) {
		webform_error(&f, "email", "signup.email_invalid");
		return render_form(r, res, &f, "forgot", "forgot.title", 200);
	}
	e = store_user_by_email(s, r->arena, email, &u);
	if (e == MM_OK && !u.disabled_at) {
		char *link;
		if ((e = store_begin(s)) ||
		    (e = link_create(r, s, LINK_RESET, u.id, RESET_LINK_TTL, "/password/reset/",
		                     &link)) ||
		    (e = mail_queue(s, r->arena, account_user_lang(&u), "reset", email, link,
		                    r->now)) ||
		    (e = store_commit(s))) {
			store_rollback(s);
			return e;
		}
		audit_log(r, "password.reset_requested", u.id, 0, email, AUDIT_OK, "");
	} else if (e && e != MM_ERR_NOT_FOUND) {
		return e;
	}
	return page_redirect(r, res, "/password/forgot/sent");
}

enum mm_err page_forgot_sent(struct req *r, struct res *res)
{
	struct val *ctx = page_ctx(r);
	if (!ctx)
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "forgot_sent", ctx, page_t(r, "forgot.sent_title"), NULL);
}

enum mm_err page_reset(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_set(&f, "password", STR(""))) ||
	    !val_set_str(r->arena, f.ctx, "token", req_param(r, "token")))
		return e ? e : MM_ERR_NOMEM;
	return render_form(r, res, &f, "reset", "reset.title", 200);
}

enum mm_err page_reset_post(struct req *r, struct res *res)
{
	struct webform f;
	struct store *s = store_thread();
	unsigned char hash[TOKEN_HASH_BYTES];
	struct link_token t;
	struct user u;
	struct str password;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = webform_init(&f, r, res, page_ctx(r))) ||
	    (e = webform_set(&f, "password", STR(""))) ||
	    !val_set_str(r->arena, f.ctx, "token", req_param(r, "token")))
		return e ? e : MM_ERR_NOMEM;
	if (kvlist_get_one(&r->form, "password", &password) != MM_OK)
		password = STR("");
	token_hash(req_param(r, "token"), hash);
	if ((e = store_begin(s)))
		return e;
	e = store_link_use(s, r->arena, LINK_RESET, hash, r->now, &t);
	if (!e)
		e = store_user_by_id(s, r->arena, t.user_id, &u);
	if (e == MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return link_gone(r, res);
	}
	if (e) {
		store_rollback(s);
		return e;
	}
	const char *problem = password_problem(password, u.email);
	if (problem) {
		store_rollback(s); /* the link stays usable for a better password */
		webform_error(&f, "password", problem);
		return render_form(r, res, &f, "reset", "reset.title", 200);
	}
	char pw_hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(password, pw_hash)) ||
	    (e = store_user_set_password(s, u.id, str_from(pw_hash))) ||
	    (e = store_session_delete_user(s, u.id, 0)) ||
	    (e = store_user_confirm(s, u.id, r->now)) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	audit_log(r, "password.reset", u.id, 0, u.email, AUDIT_OK, "");
	return page_redirect(r, res, "/login?notice=reset");
}
