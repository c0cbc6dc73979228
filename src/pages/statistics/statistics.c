/*
 * statistics.c — the scheme's public statistics (/statistics) and each of
 * its tables as CSV (/statistics/NAME.csv), for anyone, in Japanese and
 * English. Every figure comes from the counters kept on write
 * (store/statistics.h), so the page reads the same few thousand rows at
 * any size; a cell counting fewer than 10 organisations is shown as
 * "< 10", and so is any cell that would give one away
 * (core/statistics.h). The CSV holds exactly what the page shows.
 */
#include "pages/statistics/statistics_view.h"

#include <stdio.h>
#include <time.h>

#include "store/store.h"
#include "web/page.h"
#include "web/render_cache.h"
#include "web/router.h"

/* The body is the same for every viewer, so it is kept in the render
 * cache for the second it was made in, until this process commits a
 * write: a busy page reads the counters at most once a second per
 * process, and shows figures at most a second older than other
 * processes' writes (its own show at once). */
static bool body_key(struct req *r, char key[RENDER_CACHE_KEY_MAX])
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	int n = snprintf(key, RENDER_CACHE_KEY_MAX, "statistics:%s:%llu:%lld", lang_code(r->lang),
	                 (unsigned long long)store_commits(), (long long)t.tv_sec);
	return n > 0 && n < RENDER_CACHE_KEY_MAX;
}

static enum mm_err page_statistics(struct req *r, struct res *res)
{
	struct stat_tables tables;
	struct val *ctx = val_obj(r->arena), *crumbs = page_crumbs(r);
	struct str body, title = page_t(r, "statistics.title");
	char key[RENDER_CACHE_KEY_MAX];
	bool keyed = body_key(r, key); /* before reading: a later commit is a new key */
	enum mm_err e;
	if (!ctx || !crumbs || page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	if (!keyed || !render_cache_get(r->arena, key, &body)) {
		if ((e = stat_tables_load(r->store, r->arena, r->lang, r->now, true, &tables)) ||
		    (e = statistics_view_tables(r, ctx, &tables, "/statistics/")) ||
		    (e = page_render_body(r, "statistics", ctx, &body)))
			return e;
		if (keyed)
			render_cache_put(key, body);
	}
	return page_layout(r, res, 200, body, title, crumbs);
}

static enum mm_err page_statistics_csv(struct req *r, struct res *res)
{
	struct stat_tables tables;
	enum mm_err e = stat_tables_load(r->store, r->arena, r->lang, r->now, true, &tables);
	return e ? e : statistics_view_csv(r, res, &tables, "mamori-statistics-");
}

const struct route_table statistics_routes =
    ROUTE_TABLE(ROUTE_GET("/statistics", page_statistics, RIGHT_PUBLIC),
                ROUTE_GET("/statistics/{file}", page_statistics_csv, RIGHT_PUBLIC));
