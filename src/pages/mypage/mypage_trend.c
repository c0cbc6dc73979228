/*
 * mypage_trend.c — see mypage_trend.h.
 */
#include "pages/mypage/mypage_trend.h"

#include <stdio.h>

#include "lib/civil.h"
#include "store/assessment.h"
#include "store/declaration.h"
#include "view/chart.h"
#include "web/page.h"

struct year_score {
	int year, total;
	int64_t taken_at;
};

/* The latest result of each year, oldest year first. */
static size_t by_year(const struct assessment_summary *h, size_t n, struct year_score *out)
{
	size_t years = 0;
	for (size_t i = 0; i < n; i++) {
		int year = civil_utc(h[i].taken_at + CIVIL_JAPAN_OFFSET_S).year;
		if (years && out[years - 1].year == year)
			out[years - 1] = (struct year_score){year, h[i].total, h[i].taken_at};
		else if (years < MYPAGE_TREND_YEARS)
			out[years++] = (struct year_score){year, h[i].total, h[i].taken_at};
		else { /* keep the newest years */
			for (size_t k = 1; k < years; k++)
				out[k - 1] = out[k];
			out[years - 1] = (struct year_score){year, h[i].total, h[i].taken_at};
		}
	}
	return years;
}

static enum mm_err set_scores(struct req *r, struct val *ctx, int64_t org_id)
{
	static const int ticks[] = {0, 50, 70, 100};
	struct arena *a = r->arena;
	struct assessment_summary *h;
	struct year_score years[MYPAGE_TREND_YEARS];
	struct chart_point points[MYPAGE_TREND_YEARS];
	size_t n;
	enum mm_err e = store_assessment_history(r->store, a, org_id, &h, &n);
	if (e)
		return e;
	size_t count = by_year(h, n, years);
	struct val *list = val_set_list(a, ctx, "trend_years");
	if (!list || !val_set_bool(a, ctx, "has_trend", count > 0))
		return MM_ERR_NOMEM;
	for (size_t i = count; i-- > 0;) { /* newest first in the table */
		struct val *v = val_list_push_obj(a, list);
		char *year = arena_printf(a, "%d", years[i].year),
		     *score = arena_printf(a, "%d", years[i].total),
		     *change = i == 0 ? arena_printf(a, "—")
		                      : arena_printf(a, "%+d", years[i].total - years[i - 1].total);
		if (!v || !year || !score || !change || !val_set_cstr(a, v, "year", year) ||
		    !val_set_cstr(a, v, "score", score) || !val_set_cstr(a, v, "change", change) ||
		    !val_set_cstr(a, v, "taken", page_format_date(r, years[i].taken_at)))
			return MM_ERR_NOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		char *label = arena_printf(a, "%d", years[i].year);
		if (!label)
			return MM_ERR_NOMEM;
		points[i] = (struct chart_point){str_from(label), years[i].total};
	}
	struct buf b;
	buf_init(&b, a, 64 * 1024);
	if (count > 0) {
		struct chart_trend_spec spec = {"trend-chart",
		                                page_t(r, "mypage.trend.chart_title"),
		                                page_t(r, "mypage.trend.chart_desc"),
		                                0,
		                                100,
		                                ticks,
		                                sizeof ticks / sizeof ticks[0],
		                                points,
		                                count};
		if ((e = chart_trend_svg(&b, &spec)))
			return e;
	}
	return val_set_html(a, ctx, "trend_chart", buf_str(&b)) ? MM_OK : MM_ERR_NOMEM;
}

/* What a declaration event means to its owner, or NULL for events that
 * do not change the level. */
static const char *event_key(const struct declaration_event *e)
{
	if (str_eq_lit(e->kind, "declared"))
		return str_eq_lit(e->to_value, "2") ? "mypage.trend.declared_2"
		                                    : "mypage.trend.declared_1";
	if (str_eq_lit(e->kind, "level"))
		return str_eq_lit(e->to_value, "2") ? "mypage.trend.upgraded"
		                                    : "mypage.trend.downgraded";
	if (str_eq_lit(e->kind, "withdrawn"))
		return "mypage.trend.withdrawn";
	if (str_eq_lit(e->kind, "revoked"))
		return "mypage.trend.revoked";
	return NULL;
}

static enum mm_err set_levels(struct req *r, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct declaration *d;
	size_t n, shown = 0;
	enum mm_err e = store_declaration_list_of(r->store, a, org_id, &d, &n);
	struct val *list = val_set_list(a, ctx, "level_history");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	/* newest declaration first, each one's events newest first */
	for (size_t i = 0; i < n && shown < MYPAGE_LEVEL_EVENTS; i++) {
		struct declaration_event *ev;
		size_t m;
		if ((e = store_declaration_events(r->store, a, d[i].id, &ev, &m)))
			return e;
		for (size_t k = m; k-- > 0 && shown < MYPAGE_LEVEL_EVENTS;) {
			const char *key = event_key(&ev[k]);
			struct val *v = key ? val_list_push_obj(a, list) : NULL;
			if (!key)
				continue;
			if (!v || !val_set_cstr(a, v, "on", page_format_date(r, ev[k].at)) ||
			    !val_set_str(a, v, "what", page_t(r, key)) ||
			    !val_set_str(a, v, "id", d[i].public_id))
				return MM_ERR_NOMEM;
			shown++;
		}
	}
	return val_set_bool(a, ctx, "has_level_history", shown > 0) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err mypage_trend_set(struct req *r, struct val *ctx, int64_t org_id)
{
	if (org_id == 0) /* no organisation: nothing to show */
		return val_set_list(r->arena, ctx, "trend_years") &&
		               val_set_bool(r->arena, ctx, "has_trend", false) &&
		               val_set_html(r->arena, ctx, "trend_chart", STR("")) &&
		               val_set_list(r->arena, ctx, "level_history") &&
		               val_set_bool(r->arena, ctx, "has_level_history", false)
		           ? MM_OK
		           : MM_ERR_NOMEM;
	enum mm_err e = set_scores(r, ctx, org_id);
	return e ? e : set_levels(r, ctx, org_id);
}
