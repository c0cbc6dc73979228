/*
 * desk.c — "/desk": the help desk's page. Desk staff (a role that
 * administrators give on the account's page, /admin/users/{id}) see the
 * queue of open consultations, unassigned ones first, those unassigned for
 * more than a day marked; desk staff and administrators see the figures:
 * open consultations by category and region, and the time to the first
 * answer and to closing (median and 90th percentile over the last 30
 * days), also as CSV (/desk/figures.csv). Anyone else gets 404.
 *
 * POST /admin/users/{id}/desk gives or takes the role (administrators,
 * audit-logged).
 */
#include "pages/consult/consult_access.h"
#include "pages/shared/titled.h"
#include "lib/str.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"

#define DESK_WINDOW_S (30 * CONSULT_DAY_S)

struct figures {
	struct consult_open_count *open;
	size_t nopen;
	int64_t answer_median, answer_p90, close_median, close_p90;
	size_t nanswer, nclose;
};

static enum mm_err figures_read(struct req *r, struct figures *g)
{
	int64_t *t;
	size_t n;
	enum mm_err e = store_consult_open_counts(r->store, r->arena, &g->open, &g->nopen);
	if (!e && !(e = store_consult_first_answer_times(r->store, r->arena, r->now - DESK_WINDOW_S,
	                                                 &t, &n))) {
		g->nanswer = n;
		g->answer_median = consult_percentile(t, n, 50);
		g->answer_p90 = consult_percentile(t, n, 90);
	}
	if (!e &&
	    !(e = store_consult_close_times(r->store, r->arena, r->now - DESK_WINDOW_S, &t, &n))) {
		g->nclose = n;
		g->close_median = consult_percentile(t, n, 50);
		g->close_p90 = consult_percentile(t, n, 90);
	}
	return e;
}

/* Hours with one decimal ("3.5"). */
static char *hours(struct arena *a, int64_t s)
{
	return arena_printf(a, "%lld.%lld", (long long)(s / 3600), (long long)(s % 3600 / 360));
}

/* Who may see the page: desk staff, or an administrator (figures only);
 * for them, the figures. False when the 404 page was sent or *e failed. */
static bool allowed(struct req *r, struct res *res, bool *desk, struct figures *g, enum mm_err *e)
{
	if ((*e = store_consult_desk_is(r->store, r->user->id, desk)))
		return false;
	if (!*desk && !r->user->is_admin) {
		page_error(r, res, 404);
		return false;
	}
	return !(*e = figures_read(r, g));
}

static enum mm_err page_desk(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct figures g = {0};
	bool desk;
	enum mm_err e;
	if (!allowed(r, res, &desk, &g, &e))
		return e;
	struct val *open = val_set_list(a, ctx, "open");
	if (!open)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < g.nopen; i++) {
		struct val *v = val_list_push_obj(a, open);
		if (!v ||
		    !val_set_str(a, v, "category",
		                 labels_keyed(r->lang, "consult.category", g.open[i].category)) ||
		    !val_set_str(a, v, "region",
		                 labels_prefecture(r->lang, g.open[i].prefecture)) ||
		    !val_set_long(a, v, "count", (long)g.open[i].count))
			return MM_ERR_NOMEM;
	}
	if (desk) {
		struct consultation *c;
		size_t n;
		int64_t total, late = 0;
		if ((e = store_consult_list_open(r->store, a, &c, &n, &total)))
			return e;
		if ((e = consult_set_rows(r, ctx, "queue", c, n)))
			return e;
		for (size_t i = 0; i < n; i++)
			late += c[i].status == CONSULT_NEW &&
			        r->now - c[i].created_at > CONSULT_UNASSIGNED_LATE_S;
		if (!val_set_bool(a, ctx, "has_queue", n > 0) ||
		    !val_set_long(a, ctx, "queue_total", (long)total) ||
		    !val_set_bool(a, ctx, "queue_cut", (int64_t)n < total) ||
		    !val_set_long(a, ctx, "queue_shown", (long)n) ||
		    !val_set_long(a, ctx, "late_count", (long)late))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "is_desk", desk) ||
	    !val_set_bool(a, ctx, "has_open", g.nopen > 0) ||
	    !val_set_long(a, ctx, "answered", (long)g.nanswer) ||
	    !val_set_long(a, ctx, "closed", (long)g.nclose) ||
	    !val_set_cstr(a, ctx, "answer_median", hours(a, g.answer_median)) ||
	    !val_set_cstr(a, ctx, "answer_p90", hours(a, g.answer_p90)) ||
	    !val_set_cstr(a, ctx, "close_median", hours(a, g.close_median)) ||
	    !val_set_cstr(a, ctx, "close_p90", hours(a, g.close_p90)))
		return MM_ERR_NOMEM;
	audit_note(r, "desk.view", 0, 0, STR("desk"), AUDIT_OK, desk ? "queue" : "figures");
	res->personal = true;
	return titled_render(r, res, 200, "consult_desk", ctx, "consult.desk.title", NULL, NULL);
}

/* The figures as CSV: one line per category and region with its open
 * count, then the four times in seconds. Names are the program's. */
static enum mm_err page_desk_csv(struct req *r, struct res *res)
{
	struct figures g = {0};
	struct buf b;
	bool desk;
	enum mm_err e;
	if (!allowed(r, res, &desk, &g, &e))
		return e;
	buf_init(&b, r->arena, 64 * 1024);
	e = buf_append_cstr(&b, "figure,category,prefecture,value\r\n");
	for (size_t i = 0; !e && i < g.nopen; i++)
		e = buf_printf(&b, "open,%.*s,%d,%lld\r\n", (int)g.open[i].category.n,
		               g.open[i].category.p, g.open[i].prefecture,
		               (long long)g.open[i].count);
	if (!e)
		e = buf_printf(&b,
		               "first_answer_median_s,,,%lld\r\nfirst_answer_p90_s,,,%lld\r\n"
		               "close_median_s,,,%lld\r\nclose_p90_s,,,%lld\r\n",
		               (long long)g.answer_median, (long long)g.answer_p90,
		               (long long)g.close_median, (long long)g.close_p90);
	if (e)
		return e;
	return page_download(r, res, "text/csv; charset=utf-8", "mamori-desk-figures.csv",
	                     buf_str(&b));
}

/* ---- the role, given by administrators ---- */

struct role_change {
	int64_t user_id;
	bool on;
};

static enum mm_err role_tx(struct req *r, struct store *s, void *arg)
{
	struct role_change *c = arg;
	enum mm_err e = store_consult_desk_set(s, c->user_id, c->on, r->user->id, r->now);
	return e ? e
	         : audit_log(r, c->on ? "admin.desk_grant" : "admin.desk_revoke", 0, 0,
	                     str_from(arena_printf(r->arena, "user:%lld", (long long)c->user_id)),
	                     AUDIT_OK, "");
}

static enum mm_err page_admin_desk_post(struct req *r, struct res *res)
{
	struct role_change c = {.user_id = req_param_int(r, "id")};
	struct user u;
	struct str v;
	enum mm_err e = store_user_by_id(r->store, r->arena, c.user_id, &u);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	if (kvlist_get_one(&r->form, "desk", &v) ||
	    !(str_eq_lit(v, "on") || str_eq_lit(v, "off"))) {
		page_error(r, res, 400);
		return MM_OK;
	}
	c.on = str_eq_lit(v, "on");
	if ((e = page_tx(r, role_tx, &c)))
		return e;
	return page_redirectf(r, res, "/admin/users/%lld?notice=%s", (long long)c.user_id,
	                      c.on ? "desk_granted" : "desk_revoked");
}

/* This file's routes (see consult_routes.c). */
const struct route_table desk_routes =
    ROUTE_TABLE({HTTP_GET, "/desk", page_desk, RIGHT_USER, 0},
                {HTTP_GET, "/desk/figures.csv", page_desk_csv, RIGHT_USER, 0},
                {HTTP_POST, "/admin/users/{id:int}/desk", page_admin_desk_post, RIGHT_ADMIN, 0});
