/*
 * account.c — "/account": who I am, my sessions (with "log out
 * everywhere else"), my profile (display name, language for mail) and my
 * password. Changing the e-mail address is in account_email.c; export and
 * deletion in account_data.c.
 *
 * A password change asks for the current password first, ends every
 * session of the account and starts a new one for this browser (a change
 * of privilege gets a new token), and tells the owner of the address.
 */
#include "core/user_agent.h"
#include "pages/account/account_form.h"
#include "pages/account/account_reauth.h"
#include "pages/account/password.h"
#include "pages/shared/notice.h"
#include "store/account.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/session.h"
#include "web/webform.h"
#include "web/router.h"

#define PROFILE_NAME_MAX_CHARS 100

/* ?notice= names this page knows, and the catalogue key of each. */
static const struct notice_key notices[] = {
    {"confirmed", "notice.confirmed"},
    {"sessions_ended", "notice.sessions_ended"},
    {"password_changed", "notice.password_changed"},
    {"email_changed", "notice.email_changed"},
    {"profile_saved", "account_extras.notice_profile_saved"},
};

/* "Chrome（Windows）" for a User-Agent header whose browser and system are
 * known; the one that is known alone; else the header as it is. */
static struct str device_text(struct req *r, struct str header)
{
	static const char *const names[] = {"browser", "system"};
	struct user_agent_names n = core_user_agent_names(header);
	if (n.browser && n.system)
		return labels_fill(r->arena, r->lang, "account.session_device", names,
		                   (struct str[]){str_from(n.browser), str_from(n.system)}, 2);
	if (n.browser || n.system)
		return str_from(n.browser ? n.browser : n.system);
	return header;
}

static enum mm_err set_sessions(struct req *r, struct val *ctx, size_t *count)
{
	struct arena *a = r->arena;
	struct session *sessions;
	enum mm_err e = store_session_list(r->store, a, r->user->id, &sessions, count);
	if (e)
		return e;
	struct val *list = val_set_list(a, ctx, "sessions");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < *count; i++) {
		struct val *item = val_list_push_obj(a, list);
		if (!item ||
		    !val_set_cstr(a, item, "last_seen",
		                  page_format_time(r, sessions[i].last_seen_at)) ||
		    !val_set_cstr(a, item, "created",
		                  page_format_time(r, sessions[i].created_at)) ||
		    !val_set_str(a, item, "ip", sessions[i].ip) ||
		    !val_set_str(a, item, "user_agent", device_text(r, sessions[i].user_agent)) ||
		    !val_set_bool(a, item, "current", sessions[i].id == r->session->id))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_account(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct webform f;
	size_t n;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(a))) || (e = set_sessions(r, f.ctx, &n)) ||
	    (e = notice_set_keyed(r, f.ctx, notices, sizeof notices / sizeof notices[0])))
		return e;
	const struct user *u = r->user;
	if (!val_set_str(a, f.ctx, "email", u->email) || !val_set_str(a, f.ctx, "name", u->name) ||
	    !val_set_bool(a, f.ctx, "has_name", u->name.n > 0) ||
	    !val_set_str(a, f.ctx, "lang_label", account_lang_label(r, u->lang)) ||
	    !val_set_bool(a, f.ctx, "is_admin", u->is_admin) ||
	    !val_set_bool(a, f.ctx, "other_sessions", n > 1))
		return MM_ERR_NOMEM;
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "account.title"), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "account", f.ctx, page_t(r, "account.title"), crumbs);
}

/* Every other session of the account ends, with its audit line. */
static enum mm_err sessions_end_others_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	enum mm_err e = store_session_delete_user(s, r->user->id, r->session->id);
	if (e)
		return e;
	return audit_log(r, "sessions.end_others", 0, 0, r->user->email, AUDIT_OK, "");
}

static enum mm_err page_account_sessions_post(struct req *r, struct res *res)
{
	enum mm_err e = page_tx(r, sessions_end_others_tx, NULL);
	if (e)
		return e;
	return page_redirect(r, res, "/account?notice=sessions_ended");
}

/* ---- profile ----------------------------------------------------------- */

static enum mm_err profile_form(struct req *r, struct webform *f, struct str lang)
{
	struct arena *a = r->arena;
	bool en = str_eq_lit(lang, "en");
	if (!val_set_bool(a, f->ctx, "lang_is_ja", !en) ||
	    !val_set_bool(a, f->ctx, "lang_is_en", en))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_account_profile(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(&f, "name", r->user->name)) ||
	    (e = webform_set(&f, "lang", r->user->lang)) ||
	    (e = profile_form(r, &f, r->user->lang)))
		return e;
	return account_render(r, res, &f, "account_profile", "account_extras.profile_title", 200);
}

/* Names are kept as typed, but not with control characters (they could
 * not have come from the form's one-line field). */
static bool name_is_printable(struct str name)
{
	for (size_t i = 0; i < name.n; i++) {
		unsigned char c = (unsigned char)name.p[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

/* The new name and mail language, with their audit line. */
struct profile_change {
	struct str name;
	enum lang lang;
};

static enum mm_err profile_change_tx(struct req *r, struct store *s, void *arg)
{
	struct profile_change *c = arg;
	const char *code = lang_code(c->lang);
	enum mm_err e = store_user_set_profile(s, r->user->id, c->name, str_from(code));
	if (e)
		return e;
	return audit_log(r, "profile.change", 0, 0, STR(""), AUDIT_OK, code);
}

static enum mm_err page_account_profile_post(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str name = webform_take(&f, "name", PROFILE_NAME_MAX_CHARS);
	struct str lang = webform_take(&f, "lang", 2);
	enum lang chosen = LANG_JA;
	if (!name_is_printable(name))
		webform_error(&f, "name", "account_extras.profile_name_invalid");
	if (!lang_from_code(lang, &chosen))
		webform_error(&f, "lang", "account_extras.profile_lang_invalid");
	if ((e = profile_form(r, &f, lang)))
		return e;
	if (!webform_ok(&f))
		return account_render(r, res, &f, "account_profile", "account_extras.profile_title",
		                      200);
	struct profile_change c = {.name = name, .lang = chosen};
	if ((e = page_tx(r, profile_change_tx, &c)))
		return e;
	return page_redirect(r, res, "/account?notice=profile_saved");
}

/* ---- password ---------------------------------------------------------- */

static enum mm_err password_form(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "current_password", "new_password", NULL)))
		return e;
	return MM_OK;
}

static enum mm_err page_account_password(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = password_form(r, res, &f);
	if (e)
		return e;
	return account_render(r, res, &f, "account_password", "account_extras.password_title", 200);
}

/* The new password for the signed-in user, the end of every session of
 * the account (this one included: a stolen cookie must not outlive the
 * password it was obtained with), of every link mailed for it before
 * (a reset or change-of-address link taken with the old password) and
 * the mail that tells the owner. */
struct password_change {
	const char *hash;
};

static enum mm_err password_change_tx(struct req *r, struct store *s, void *arg)
{
	struct password_change *c = arg;
	enum mm_err e;
	if ((e = store_user_set_password(s, r->user->id, str_from(c->hash))) ||
	    (e = store_session_delete_user(s, r->user->id, 0)) ||
	    (e = store_link_revoke_user(s, r->user->id, r->now)) ||
	    (e = audit_log(r, "password.change", 0, 0, r->user->email, AUDIT_OK, "")))
		return e;
	return mail_queue(s, r->arena, mail_lang_of(r->user), "password_changed", r->user->email,
	                  NULL, r->now);
}

static enum mm_err page_account_password_post(struct req *r, struct res *res)
{
	struct webform f;
	struct str password;
	enum mm_err e;
	if ((e = password_form(r, res, &f)))
		return e;
	if (!account_reauth_or_answer(r, res, &f, "password.change", "account_password",
	                              "account_extras.password_title", &e))
		return e;
	if ((e = webform_take_password(&f, "new_password", &password)))
		return e;
	const char *problem = password_problem(password, r->user->email);
	if (problem) {
		webform_error(&f, "new_password", problem);
		return account_render(r, res, &f, "account_password",
		                      "account_extras.password_title", 200);
	}
	char hash[PASSWORD_HASH_BYTES];
	if ((e = password_hash(password, hash)))
		return e;
	struct password_change c = {.hash = hash};
	if ((e = page_tx(r, password_change_tx, &c)))
		return e;
	r->session = NULL;
	if ((e = session_start(r, res, r->user->id)))
		return e;
	return page_redirect(r, res, "/account?notice=password_changed");
}

/* This file's routes, in dispatch order (see account_routes.c). */
const struct route_table account_routes = ROUTE_TABLE(
    ROUTE_GET("/account", page_account, RIGHT_USER),
    ROUTE_POST("/account/sessions", page_account_sessions_post, RIGHT_USER),
    ROUTE_FORM("/account/profile", page_account_profile, page_account_profile_post, RIGHT_USER),
    ROUTE_FORM("/account/password", page_account_password, page_account_password_post, RIGHT_USER));
