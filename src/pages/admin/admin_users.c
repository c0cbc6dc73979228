/*
 * admin_users.c — accounts as administrators see them: /admin/users
 * (search by address, newest first, paged), /admin/users/{id} (details,
 * memberships, recent audit entries) and what can be done to one account:
 * disable or enable it (a reason is required and recorded), send a new
 * confirmation mail (after a confirmation page).
 *
 * Audit lines about an account name it as "user:ID" rather than by its
 * address, so that they hold no personal data once the account is gone.
 */
#include "pages/account/account_form.h"
#include "pages/account/account_link.h"
#include "pages/admin/admin_page.h"
#include "pages/admin/admin_paging.h"
#include "pages/shared/notice.h"
#include "store/consult.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

#define ADMIN_USER_RECENT_ENTRIES 20
#define ADMIN_REASON_MAX_CHARS 500

static char *user_target(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "user:%lld", (long long)id);
}

static enum mm_err set_user(struct req *r, struct val *obj, const struct user *u)
{
	struct arena *a = r->arena;
	if (!val_set_cstr(a, obj, "url", arena_printf(a, "/admin/users/%lld", (long long)u->id)) ||
	    !val_set_long(a, obj, "id", (long)u->id) || !val_set_str(a, obj, "email", u->email) ||
	    !val_set_str(a, obj, "name", u->name) ||
	    !val_set_str(a, obj, "lang", account_lang_label(r, u->lang)) ||
	    !val_set_cstr(a, obj, "created", page_format_time(r, u->created_at)) ||
	    !val_set_bool(a, obj, "confirmed", u->confirmed_at != 0) ||
	    !val_set_cstr(a, obj, "confirmed_at",
	                  u->confirmed_at ? page_format_time(r, u->confirmed_at) : "") ||
	    !val_set_bool(a, obj, "is_admin", u->is_admin) ||
	    !val_set_bool(a, obj, "disabled", u->disabled_at != 0) ||
	    !val_set_cstr(a, obj, "disabled_at",
	                  u->disabled_at ? page_format_time(r, u->disabled_at) : "") ||
	    !val_set_str(a, obj, "disabled_reason", u->disabled_reason))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* ---- the list -------------------------------------------------------------- */

static enum mm_err page_admin_users(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct str q;
	int64_t page, total;
	struct user *users;
	size_t n;
	enum mm_err e;
	if (!admin_search_params_or_400(r, res, &page, &q))
		return MM_OK;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = store_admin_user_search(r->store, a, q, (page - 1) * ADMIN_PAGE_SIZE,
	                                 ADMIN_PAGE_SIZE, &users, &n, &total)))
		return e;
	struct val *list = val_set_list_counted(a, ctx, "users", "has_users", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *item = val_list_push_obj(a, list);
		if (!item || (e = set_user(r, item, &users[i])))
			return item ? e : MM_ERR_NOMEM;
	}
	return admin_search_render(r, res, "admin_users", ctx, "admin.users_title", "/admin/users",
	                           q, page, total);
}

/* ---- one account ------------------------------------------------------------ */

/* ?notice= names the account page knows, and the catalogue key of each. */
static const struct notice_key notices[] = {
    {"disabled", "admin.notice_disabled"},
    {"enabled", "admin.notice_enabled"},
    {"resent", "admin.notice_resent"},
    {"desk_granted", "admin.notice.desk_granted"},
    {"desk_revoked", "admin.notice.desk_revoked"},
};

static enum mm_err set_memberships(struct req *r, struct val *ctx, int64_t user_id)
{
	struct arena *a = r->arena;
	struct admin_membership *m;
	size_t n;
	enum mm_err e = store_admin_user_memberships(r->store, a, user_id, &m, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "memberships", "has_memberships", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; !e && i < n; i++)
		e = admin_membership_row_push(
		    r, list,
		    &(struct admin_membership_row){arena_printf(a, "/admin/organisations/%lld",
		                                                (long long)m[i].organisation_id),
		                                   NULL, m[i].organisation_name, m[i].role,
		                                   m[i].created_at});
	return e;
}

/* The account page, with the forms in f (their values and errors). */
static enum mm_err render_user(struct req *r, struct res *res, struct webform *f,
                               const struct user *u, int status)
{
	struct arena *a = r->arena;
	struct admin_audit_filter filter = {
	    .action_prefix = STR(""), .user_id = u->id, .by_subject = true};
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	enum mm_err e;
	struct val *user = val_set_obj(a, f->ctx, "user");
	if (!user)
		return MM_ERR_NOMEM;
	if ((e = set_user(r, user, u)) || (e = set_memberships(r, f->ctx, u->id)) ||
	    (e = store_admin_audit_search(r->store, a, &filter, 0, ADMIN_USER_RECENT_ENTRIES, &rows,
	                                  &n, &total)) ||
	    (e = admin_audit_entries(r, f->ctx, rows, n)) ||
	    (e = notice_set_keyed(r, f->ctx, notices, sizeof notices / sizeof notices[0])))
		return e;
	bool desk;
	if ((e = store_consult_desk_is(r->store, u->id, &desk)))
		return e;
	if (!val_set_bool(a, f->ctx, "is_desk", desk) ||
	    !val_set_bool(a, f->ctx, "is_self", u->id == r->user->id) ||
	    !val_set_bool(a, f->ctx, "more_entries", total > (int64_t)n) ||
	    !val_set_cstr(a, f->ctx, "audit_url",
	                  arena_printf(a, "/admin/audit?user=%lld", (long long)u->id)))
		return MM_ERR_NOMEM;
	if (status == 200 && !webform_ok(f))
		status = 422;
	return admin_render(r, res, status, "admin_user", f->ctx, u->email, "admin.users_title",
	                    "/admin/users");
}

/* The account named by the route's {id:int}, or false after answering
 * 404 (no such account: the route cannot know) or with *e set. */
static bool load_user(struct req *r, struct res *res, struct user *u, enum mm_err *e)
{
	bool found;
	*e = page_found_or_404(
	    r, res, store_user_by_id(r->store, r->arena, req_param_int(r, "id"), u), &found);
	return found;
}

/* The account of the route and the empty forms of its page; false after
 * answering (404) or with *e set. */
static bool load_user_form(struct req *r, struct res *res, struct user *u, struct webform *f,
                           enum mm_err *e)
{
	if (!load_user(r, res, u, e))
		return false;
	if ((*e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (*e = webform_blank(f, "disable_reason", "enable_reason", NULL)))
		return false;
	return true;
}

static enum mm_err page_admin_user(struct req *r, struct res *res)
{
	struct user u;
	struct webform f;
	enum mm_err e;
	if (!load_user_form(r, res, &u, &f, &e))
		return e;
	audit_note(r, "admin.user_view", 0, 0, str_from(user_target(r, u.id)), AUDIT_OK, "");
	return render_user(r, res, &f, &u, 200);
}

/* Back to the account page with a notice (one of notices[]). */
static enum mm_err user_notice(struct req *r, struct res *res, const struct user *u,
                               const char *notice)
{
	return page_redirectf(r, res, "/admin/users/%lld?notice=%s", (long long)u->id, notice);
}

/* Disabling or enabling one account, with the reason typed, in one
 * transaction with its audit line. */
struct account_switch {
	const struct user *u;
	bool disable;
	struct str reason;
};

/* Disabling ends every session of the account at once; the log-in form
 * then refuses it with its usual message. */
static enum mm_err account_switch_tx(struct req *r, struct store *s, void *arg)
{
	struct account_switch *sw = arg;
	int64_t id = sw->u->id;
	enum mm_err e = sw->disable ? store_admin_user_set_disabled(s, id, r->now, sw->reason)
	                            : store_admin_user_set_disabled(s, id, 0, STR(""));
	if (!e && sw->disable)
		e = store_session_delete_user(s, id, 0);
	if (e)
		return e;
	return audit_log(r, sw->disable ? "admin.user_disable" : "admin.user_enable", 0, 0,
	                 str_from(user_target(r, id)), AUDIT_OK, str_dup(r->arena, sw->reason));
}

/* POST /admin/users/{id}/disable and /enable: a reason is required, and an
 * administrator cannot disable their own account. Doing what is done
 * already changes nothing and answers the same. */
static enum mm_err account_switch_post(struct req *r, struct res *res, bool disable)
{
	const char *field = disable ? "disable_reason" : "enable_reason";
	const char *action = disable ? "admin.user_disable" : "admin.user_enable";
	const char *notice = disable ? "disabled" : "enabled";
	struct user u;
	struct webform f;
	enum mm_err e;
	if (!load_user_form(r, res, &u, &f, &e))
		return e;
	struct str reason = webform_take(&f, field, ADMIN_REASON_MAX_CHARS);
	if (disable && u.id == r->user->id)
		webform_error(&f, field, "admin.disable_self");
	else if (reason.n == 0)
		webform_error(&f, field, "admin.reason_missing");
	if (!webform_ok(&f)) {
		audit_note(r, action, 0, 0, str_from(user_target(r, u.id)), AUDIT_DENIED, "");
		return render_user(r, res, &f, &u, 200);
	}
	struct account_switch sw = {.u = &u, .disable = disable, .reason = reason};
	if ((disable != (u.disabled_at != 0)) && (e = page_tx(r, account_switch_tx, &sw)))
		return e;
	return user_notice(r, res, &u, notice);
}

static enum mm_err page_admin_user_disable_post(struct req *r, struct res *res)
{
	return account_switch_post(r, res, true);
}

static enum mm_err page_admin_user_enable_post(struct req *r, struct res *res)
{
	return account_switch_post(r, res, false);
}

/* ---- a new confirmation mail -------------------------------------------------- */

static enum mm_err resend_page(struct req *r, struct res *res, const struct user *u, int status)
{
	struct arena *a = r->arena;
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(a))))
		return e;
	struct val *user = val_set_obj(a, f.ctx, "user");
	if (!user || (e = set_user(r, user, u)))
		return user ? e : MM_ERR_NOMEM;
	if (!val_set_bool(a, f.ctx, "can_resend", !u->confirmed_at && !u->disabled_at))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_user_resend", f.ctx,
	                    page_t(r, "admin.resend_title"), "admin.users_title", "/admin/users");
}

static enum mm_err page_admin_user_resend(struct req *r, struct res *res)
{
	struct user u;
	enum mm_err e;
	if (!load_user(r, res, &u, &e))
		return e;
	return resend_page(r, res, &u, 200);
}

/* A new confirmation link for u, the mail carrying it and the audit line. */
struct resend {
	const struct user *u;
};

static enum mm_err resend_tx(struct req *r, struct store *s, void *arg)
{
	const struct user *u = ((struct resend *)arg)->u;
	struct link_token t = {.purpose = LINK_CONFIRM,
	                       .user_id = u->id,
	                       .expires_at = r->now + ACCOUNT_CONFIRM_LINK_TTL};
	char *link;
	enum mm_err e;
	if ((e = account_link_create(s, r->arena, &t, r->now, "/confirm/", &link)) ||
	    (e = mail_queue(s, r->arena, mail_lang_of(u), "confirm", u->email, link, r->now)))
		return e;
	return audit_log(r, "admin.user_resend", 0, 0, str_from(user_target(r, u->id)), AUDIT_OK,
	                 "");
}

static enum mm_err page_admin_user_resend_post(struct req *r, struct res *res)
{
	struct user u;
	enum mm_err e;
	if (!load_user(r, res, &u, &e))
		return e;
	if (u.confirmed_at || u.disabled_at) {
		audit_note(r, "admin.user_resend", 0, 0, str_from(user_target(r, u.id)),
		           AUDIT_DENIED, u.confirmed_at ? "confirmed" : "disabled");
		return resend_page(r, res, &u, 409);
	}
	struct resend rs = {.u = &u};
	if ((e = page_tx(r, resend_tx, &rs)))
		return e;
	return user_notice(r, res, &u, "resent");
}

/* This file's routes, in dispatch order (see admin_routes.c). */
const struct route_table admin_users_routes = ROUTE_TABLE(
    ROUTE_GET("/admin/users", page_admin_users, RIGHT_ADMIN),
    ROUTE_GET("/admin/users/{id:int}", page_admin_user, RIGHT_ADMIN),
    ROUTE_POST("/admin/users/{id:int}/disable", page_admin_user_disable_post, RIGHT_ADMIN),
    ROUTE_POST("/admin/users/{id:int}/enable", page_admin_user_enable_post, RIGHT_ADMIN),
    ROUTE_FORM("/admin/users/{id:int}/resend", page_admin_user_resend, page_admin_user_resend_post,
               RIGHT_ADMIN));
