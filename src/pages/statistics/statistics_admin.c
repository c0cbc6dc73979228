/*
 * statistics_admin.c — the administrators' statistics (/admin/statistics):
 * the public tables with nothing hidden (CSV at /admin/statistics/NAME.csv),
 * the funnel of the sign-ups of each of the last 24 months (account →
 * organisation → self-assessment → published policy → ★ → ★★) and the
 * time owners took from sign-up to ★ and to ★★ (median and 90th
 * percentile, in days), and the benchmarks' figures per METI regional
 * bureau area (pages/shared/benchmark_view.h). RIGHT_ADMIN: 404 for
 * everyone else.
 */
#include "core/statistics.h"
#include "lib/civil.h"
#include "pages/shared/benchmark_view.h"
#include "pages/shared/titled.h"
#include "pages/statistics/statistics_view.h"
#include "store/statistics.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"

#define FUNNEL_WINDOW_S (2 * 366 * 86400LL) /* about the last 24 months */
#define FUNNEL_STAGES 6

/* The day count under which share (per cent) of the accounts lie; -1 when
 * none. */
static int64_t days_percentile(const struct statistics_days *d, size_t n, int share)
{
	int64_t total = 0, seen = 0;
	for (size_t i = 0; i < n; i++)
		total += d[i].accounts;
	if (total == 0)
		return -1;
	/* the smallest day count with at least share % of accounts at or below it */
	for (size_t i = 0; i < n; i++) {
		seen += d[i].accounts;
		if (seen * 100 >= total * share)
			return d[i].days;
	}
	return d[n - 1].days;
}

static enum mm_err set_funnel(struct req *r, struct val *ctx)
{
	static const char *const stage_keys[FUNNEL_STAGES] = {
	    "statistics.funnel.accounts",   "statistics.funnel.organisation",
	    "statistics.funnel.assessment", "statistics.funnel.policy",
	    "statistics.funnel.star",       "statistics.funnel.two_stars"};
	struct arena *a = r->arena;
	struct statistics_funnel *rows;
	size_t n;
	enum mm_err e = store_statistics_funnel(r->store, a, r->now - FUNNEL_WINDOW_S, &rows, &n);
	if (e)
		return e;
	struct val *stages = val_set_list(a, ctx, "funnel_stages"),
	           *list = val_set_list(a, ctx, "funnel");
	if (!stages || !list || !val_set_bool(a, ctx, "has_funnel", n > 0))
		return MM_ERR_NOMEM;
	for (size_t k = 0; k < FUNNEL_STAGES; k++) {
		struct val *v = val_list_push_obj(a, stages);
		if (!v || !val_set_str(a, v, "label", page_t(r, stage_keys[k])))
			return MM_ERR_NOMEM;
	}
	for (size_t i = n; i-- > 0;) { /* newest first */
		const struct statistics_funnel *f = &rows[i];
		const int64_t v[FUNNEL_STAGES] = {f->accounts, f->organisation, f->assessment,
		                                  f->policy,   f->star,         f->two_stars};
		struct val *row = val_list_push_obj(a, list);
		char *month = arena_printf(a, "%04d-%02d", f->month / 12, f->month % 12 + 1);
		struct val *cells = row ? val_set_list(a, row, "cells") : NULL;
		if (!cells || !month || !val_set_cstr(a, row, "month", month))
			return MM_ERR_NOMEM;
		for (size_t k = 0; k < FUNNEL_STAGES; k++) {
			struct val *c = val_list_push_obj(a, cells);
			char *count = labels_format_count(a, v[k]);
			if (!c || !count || !val_set_cstr(a, c, "text", count))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static enum mm_err set_time_to(struct req *r, struct val *ctx, int level, const char *name)
{
	struct arena *a = r->arena;
	struct statistics_days *d;
	size_t n;
	enum mm_err e =
	    store_statistics_time_to(r->store, a, level, r->now - FUNNEL_WINDOW_S, &d, &n);
	if (e)
		return e;
	int64_t total = 0, median = days_percentile(d, n, 50), p90 = days_percentile(d, n, 90);
	for (size_t i = 0; i < n; i++)
		total += d[i].accounts;
	struct val *v = val_set_obj(a, ctx, name);
	char *count = labels_format_count(a, total),
	     *m = arena_printf(a, "%lld", (long long)median),
	     *p = arena_printf(a, "%lld", (long long)p90);
	if (!v || !count || !m || !p || !val_set_cstr(a, v, "owners", count) ||
	    !val_set_bool(a, v, "known", median >= 0) || !val_set_cstr(a, v, "median", m) ||
	    !val_set_cstr(a, v, "p90", p))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_admin_statistics(struct req *r, struct res *res)
{
	struct stat_tables tables;
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = stat_tables_load(r->store, r->arena, r->lang, r->now, false, &tables)) ||
	    (e = statistics_view_tables(r, ctx, &tables, "/admin/statistics/")) ||
	    (e = set_funnel(r, ctx)) || (e = set_time_to(r, ctx, 1, "time_to_star")) ||
	    (e = set_time_to(r, ctx, 2, "time_to_two_stars")) ||
	    (e = benchmark_regions_ctx(r, ctx)))
		return e;
	return titled_render(r, res, 200, "admin_statistics", ctx, "statistics.admin.title",
	                     "admin.title", "/admin");
}

static enum mm_err page_admin_statistics_csv(struct req *r, struct res *res)
{
	struct stat_tables tables;
	enum mm_err e = stat_tables_load(r->store, r->arena, r->lang, r->now, false, &tables);
	return e ? e : statistics_view_csv(r, res, &tables, "mamori-statistics-full-");
}

const struct route_table statistics_admin_routes =
    ROUTE_TABLE(ROUTE_GET("/admin/statistics", page_admin_statistics, RIGHT_ADMIN),
                ROUTE_GET("/admin/statistics/{file}", page_admin_statistics_csv, RIGHT_ADMIN));
