/*
 * assessment_history.c — an organisation's self-assessment results over
 * time: /assessment/history (the signed-in user's organisation; a page
 * that says so when they have none) and /assessment/history/{org} (an
 * organisation seen by one of its members or by a supporter with the
 * owner's consent: RIGHT_ORG_READ, decided by dispatch before this runs;
 * a supporter's view is audited).
 *
 * Every result with its date, questionnaire version and scores, newest
 * first, and a trend line of the totals (SVG) drawn from the same rows.
 */
#include <string.h>

#include "pages/assessment/assessment_taker.h"
#include "pages/assessment/assessment_text.h"
#include "pages/check/check_result.h"
#include "view/chart.h"
#include "web/page.h"
#include "web/router.h"

#define HISTORY_SVG_MAX (256u * 1024)

/* Lines across the trend chart: the band edges, zero and the ends. */
static const int trend_ticks[] = {ASSESSMENT_MIN_TOTAL, 0, ASSESSMENT_SEVERAL_GAPS_MIN,
                                  ASSESSMENT_SOME_GAPS_MIN, ASSESSMENT_MAX_TOTAL};

static enum mm_err trend_chart(struct req *r, const struct assessment_summary *items, size_t n,
                               struct str *out)
{
	struct chart_point *points = arena_zalloc(r->arena, (n ? n : 1) * sizeof *points);
	struct buf b;
	if (!points)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		char *date = page_format_date(r, items[i].taken_at);
		if (!date)
			return MM_ERR_NOMEM;
		points[i] = (struct chart_point){str_from(date), items[i].total};
	}
	const char *const names[] = {"count", "first", "last"};
	const struct str values[] = {words_int(r, (long)n), words_int(r, items[0].total),
	                             words_int(r, items[n - 1].total)};
	struct chart_trend_spec spec = {
	    .id = "trend-chart",
	    .title = page_t(r, "assessment.history.chart_title"),
	    .desc = words_fill(r, "assessment.history.chart_desc", names, values, 3),
	    .min = ASSESSMENT_MIN_TOTAL,
	    .max = ASSESSMENT_MAX_TOTAL,
	    .ticks = trend_ticks,
	    .tick_count = sizeof trend_ticks / sizeof trend_ticks[0],
	    .points = points,
	    .count = n};
	buf_init(&b, r->arena, HISTORY_SVG_MAX);
	enum mm_err e = chart_trend_svg(&b, &spec);
	*out = buf_str(&b);
	return e;
}

static enum mm_err rows_ctx(struct req *r, struct val *ctx, const struct assessment_summary *items,
                            size_t n)
{
	struct arena *a = r->arena;
	struct val *rows = val_set_list(a, ctx, "results");
	if (!rows)
		return MM_ERR_NOMEM;
	for (size_t k = n; k-- > 0;) {
		const struct assessment_summary *it = &items[k];
		char *date = NULL;
		struct val *row = check_history_row(r, &ASSESSMENT_CHECK, rows, it->id,
		                                    it->taken_at, it->version, &date);
		const char *const names[] = {"date"};
		const struct str values[] = {str_from(date)};
		if (!row || !val_set_long(a, row, "total", it->total) ||
		    !val_set_long(a, row, "part1", it->part[0]) ||
		    !val_set_long(a, row, "part2", it->part[1]) ||
		    !val_set_long(a, row, "part3", it->part[2]) ||
		    !val_set_str(a, row, "open_label",
		                 words_fill(r, "assessment.history.open", names, values, 1)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* An organisation's history (its policy draft linked for a supporter who
 * may edit it: nobody takes an assessment for a client); for a signed-in
 * user without an organisation, the page that says so, in the same frame. */
static enum mm_err render_history(struct req *r, struct res *res,
                                  const struct check_history_view *v)
{
	struct arena *a = r->arena;
	const struct org_profile *org = v->org;
	struct assessment_summary *items = NULL;
	struct val *ctx = val_obj(a);
	struct str svg = STR("");
	size_t n = 0;
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((org && (e = store_assessment_history(r->store, a, org->id, &items, &n))) ||
	    (n && (e = trend_chart(r, items, n, &svg))) || (e = rows_ctx(r, ctx, items, n)) ||
	    (e = check_history_fields(r, ctx, v, n)))
		return e;
	const char *policy_edit_url =
	    org ? arena_printf(a, "/policy/edit/%.*s", (int)org->public_id.n, org->public_id.p)
	        : "";
	if (!val_set_html(a, ctx, "chart", svg) ||
	    !val_set_bool(a, ctx, "supporter_edit", v->role == SCOPE_SUPPORTER_EDIT) ||
	    !val_set_cstr(a, ctx, "policy_edit_url", policy_edit_url))
		return MM_ERR_NOMEM;
	return check_render(r, res, &ASSESSMENT_CHECK, 200, "assessment_history", ctx,
	                    page_t(r, "assessment.history.title"), true);
}

static enum mm_err page_assessment_history(struct req *r, struct res *res)
{
	return check_history_serve(r, res, &ASSESSMENT_CHECK, render_history);
}

/* This file's routes, in dispatch order (see assessment_routes.c). */
const struct route_table assessment_history_routes = ROUTE_TABLE(
    ROUTE_GET("/assessment/history", page_assessment_history, RIGHT_USER),
    ROUTE_GET("/assessment/history/{org:public_id}", page_assessment_history, RIGHT_ORG_READ));
