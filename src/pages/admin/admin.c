/*
 * admin.c — the administrators' own pages: the overview (/admin), the
 * audit log (/admin/audit) and the welcome link that sets a new
 * administrator's password (/admin/welcome/{token}). The audit log, as
 * filtered, also downloads as CSV (/admin/audit.csv, the newest
 * ADMIN_AUDIT_CSV_MAX_ROWS entries) for the records kept outside the
 * site; the download is itself audited. Administrators are
 * made only by `mamori admin create` (app/admin_create.h), which hands out
 * that link; the web site offers no way to become one.
 *
 * The route table makes every /admin page RIGHT_ADMIN (others get 404, so
 * the area's existence does not show); the welcome link is the one public
 * page, and it needs a token only the command line hands out. Every change
 * an administrator makes is audited.
 */
#include "core/email.h"
#include "pages/account/account_link.h"
#include "pages/admin/admin_page.h"
#include "pages/admin/admin_paging.h"
#include "pages/shared/csv_export.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

#define ADMIN_OVERVIEW_WINDOW_S (24 * 60 * 60) /* "recent" on the overview */
#define ADMIN_OVERVIEW_ENTRIES 10
#define ADMIN_ACTION_MAX_CHARS 64
#define ADMIN_AUDIT_CSV_MAX_ROWS ADMIN_LIST_MAX /* the newest; older ones by filtering */

/* ---- overview ------------------------------------------------------------ */

static enum mm_err set_counts(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct admin_counts c;
	enum mm_err e = store_admin_counts(r->store, r->now - ADMIN_OVERVIEW_WINDOW_S, &c);
	if (e)
		return e;
	struct val *o = val_set_obj(a, ctx, "counts");
	if (!o || !val_set_long(a, o, "users", (long)c.users) ||
	    !val_set_long(a, o, "admins", (long)c.admins) ||
	    !val_set_long(a, o, "unconfirmed", (long)c.unconfirmed) ||
	    !val_set_long(a, o, "disabled", (long)c.disabled) ||
	    !val_set_long(a, o, "organisations", (long)c.organisations) ||
	    !val_set_long(a, o, "audit_recent", (long)c.audit_recent) ||
	    !val_set_long(a, o, "failed_logins_recent", (long)c.failed_logins_recent))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_admin(struct req *r, struct res *res)
{
	struct admin_audit_filter filter = {.action_prefix = STR("")};
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	enum mm_err e;
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = set_counts(r, ctx)) ||
	    (e = store_admin_audit_search(r->store, r->arena, &filter, 0, ADMIN_OVERVIEW_ENTRIES,
	                                  &rows, &n, &total)) ||
	    (e = admin_audit_entries(r, ctx, rows, n)))
		return e;
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "admin.title"), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "admin_overview", ctx, page_t(r, "admin.title"), crumbs);
}

/* ---- audit log ----------------------------------------------------------- */

/* ?user= is an account number or an e-mail address; an address no account
 * has selects nothing (-1). */
static enum mm_err audit_user_filter(struct req *r, struct str text, int64_t *user_id)
{
	long n;
	struct str email;
	struct user u;
	*user_id = 0;
	if (text.n == 0)
		return MM_OK;
	if (str_to_long(text, 1, INT32_MAX, &n) == MM_OK) {
		*user_id = n;
		return MM_OK;
	}
	*user_id = -1;
	if (core_email_normalise(r->arena, text, &email) != EMAIL_OK)
		return MM_OK;
	enum mm_err e = store_user_by_email(r->store, r->arena, email, &u);
	if (e == MM_OK)
		*user_id = u.id;
	return e == MM_ERR_NOT_FOUND ? MM_OK : e;
}

/* ?action= and ?user= as typed, and the filter they select; *ok false
 * (the page answers 400) when either is repeated or too long. */
struct audit_query {
	struct str action, user;
	struct admin_audit_filter filter;
};

static enum mm_err audit_query_read(struct req *r, struct audit_query *q, bool *ok)
{
	*q = (struct audit_query){.filter = {.by_subject = true}};
	*ok = admin_query_text(r, "action", ADMIN_ACTION_MAX_CHARS, &q->action) &&
	      admin_query_text(r, "user", ADMIN_QUERY_MAX_CHARS, &q->user);
	if (!*ok)
		return MM_OK;
	q->filter.action_prefix = q->action;
	return audit_user_filter(r, q->user, &q->filter.user_id);
}

/* The address of the CSV of what the page shows (the same filters). */
static const char *audit_csv_url(struct req *r, const struct audit_query *q)
{
	const struct admin_param params[] = {{"action", q->action}, {"user", q->user}};
	return admin_url(r, "/admin/audit.csv", params, 2);
}

static enum mm_err page_admin_audit(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct audit_query q;
	int64_t page;
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	bool ok;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	enum mm_err e = audit_query_read(r, &q, &ok);
	if (e)
		return e;
	if (!ok || !admin_page_number(r, &page)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if ((e = store_admin_audit_search(r->store, a, &q.filter, (page - 1) * ADMIN_PAGE_SIZE,
	                                  ADMIN_PAGE_SIZE, &rows, &n, &total)) ||
	    (e = admin_audit_entries(r, ctx, rows, n)))
		return e;
	const struct admin_param params[] = {{"action", q.action}, {"user", q.user}};
	if ((e = admin_pagination(r, ctx, page, total, "/admin/audit", params, 2)))
		return e;
	const char *csv_url = audit_csv_url(r, &q);
	if (!csv_url || !val_set_str(a, ctx, "action", q.action) ||
	    !val_set_str(a, ctx, "user", q.user) || !val_set_cstr(a, ctx, "csv_url", csv_url))
		return MM_ERR_NOMEM;
	return admin_render(r, res, 200, "admin_audit", ctx, page_t(r, "admin.audit_title"), NULL,
	                    NULL);
}

static enum mm_err audit_csv_row(struct req *r, struct buf *b, const struct admin_audit_row *row)
{
	enum mm_err e;
	if ((e = csv_export_time(b, row->e.at, false)) ||
	    (e = buf_append_csv(b, row->actor_email, false)) ||
	    (e = buf_append_csv(b, row->e.action, false)) ||
	    (e = buf_append_csv(b, row->organisation_name, false)) ||
	    (e = buf_append_csv(b, row->e.target, false)) ||
	    (e = buf_append_csv(b, admin_outcome_label(r, row->e.outcome), false)) ||
	    (e = buf_append_csv(b, row->e.ip, false)))
		return e;
	return buf_append_csv(b, row->e.detail, true);
}

static enum mm_err page_admin_audit_csv(struct req *r, struct res *res)
{
	static const char *const headers[] = {"admin.audit_at",     "admin.audit_actor",
	                                      "admin.audit_action", "admin.audit_organisation",
	                                      "admin.audit_target", "admin.audit_outcome",
	                                      "admin.audit_ip",     "admin.audit_detail"};
	enum { COLUMNS = sizeof headers / sizeof headers[0] };
	struct audit_query q;
	struct admin_audit_row *rows;
	size_t n;
	int64_t total;
	bool ok;
	enum mm_err e = audit_query_read(r, &q, &ok);
	if (e)
		return e;
	if (!ok) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if ((e = store_admin_audit_search(r->store, r->arena, &q.filter, 0,
	                                  ADMIN_AUDIT_CSV_MAX_ROWS, &rows, &n, &total)))
		return e;
	struct buf b;
	buf_init(&b, r->arena, RES_MAX_BODY);
	e = csv_export_head(r, &b, headers, COLUMNS);
	for (size_t i = 0; !e && i < n; i++)
		e = audit_csv_row(r, &b, &rows[i]);
	if (e)
		return e;
	audit_note(r, "admin.audit_export", 0, 0, STR(""), AUDIT_OK, "");
	return page_download(r, res, "text/csv; charset=utf-8", "audit.csv", buf_str(&b));
}

/* ---- the welcome link ------------------------------------------------------ */

static enum mm_err welcome_form(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "password", NULL)))
		return e;
	if (!val_set_bool(r->arena, f->ctx, "spent", false) ||
	    !val_set_cstr(r->arena, f->ctx, "problem", ""))
		return MM_ERR_NOMEM;
	return val_set_str(r->arena, f->ctx, "token", req_param(r, "token")) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err welcome_render(struct req *r, struct res *res, struct webform *f)
{
	return page_render(r, res, webform_ok(f) ? 200 : 422, "admin_welcome", f->ctx,
	                   page_t(r, "admin.welcome_title"), NULL);
}

static enum mm_err page_admin_welcome(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e = welcome_form(r, res, &f);
	return e ? e : welcome_render(r, res, &f);
}

static enum mm_err page_admin_welcome_post(struct req *r, struct res *res)
{
	struct webform f;
	struct user u;
	struct str password;
	const char *problem;
	enum mm_err e;
	if ((e = welcome_form(r, res, &f)) ||
	    (e = webform_take_password(&f, "password", &password)))
		return e;
	e = account_link_set_password(r, LINK_ADMIN, "admin.welcome", password, &u, &problem);
	if (e == MM_ERR_NOT_FOUND)
		return account_link_gone(r, res);
	if (e == MM_ERR_INVALID && problem) {
		/* The link made an administrator, so it works once, refused
		 * or not: the page says why, and that a new link is needed. */
		if (!val_set_bool(r->arena, f.ctx, "spent", true) ||
		    !val_set_str(r->arena, f.ctx, "problem", page_t(r, problem)))
			return MM_ERR_NOMEM;
		audit_note(r, "admin.welcome", u.id, 0, STR(""), AUDIT_DENIED, "password refused");
		return page_render(r, res, 422, "admin_welcome", f.ctx,
		                   page_t(r, "admin.welcome_title"), NULL);
	}
	if (e)
		return e;
	return page_redirect(r, res, "/login?notice=reset");
}

/* This file's routes, in dispatch order (see admin_routes.c). */
const struct route_table admin_routes =
    ROUTE_TABLE(ROUTE_GET("/admin", page_admin, RIGHT_ADMIN),
                ROUTE_GET("/admin/audit", page_admin_audit, RIGHT_ADMIN),
                ROUTE_GET("/admin/audit.csv", page_admin_audit_csv, RIGHT_ADMIN),
                ROUTE_FORM("/admin/welcome/{token}", page_admin_welcome, page_admin_welcome_post,
                           RIGHT_PUBLIC));
