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

#include "lib/clock.h"
#include "store/store.h"
#include "web/page.h"
#include "web/render_cache.h"
#include "web/router.h"

/* The body and the CSV files are the same for every viewer, so they are
 * kept in the render cache for the second they were made in, until this
 * process commits a write: a busy page reads the counters at most once a
 * second per process, and shows figures at most a second older than
 * other processes' writes (its own show at once). what names the page
 * or file (a file name is at most STATISTICS_CSV_NAME_MAX bytes). */
static bool cache_key(struct req *r, struct str what, char key[RENDER_CACHE_KEY_MAX])
{
	int n = snprintf(key, RENDER_CACHE_KEY_MAX, "statistics:%s:%llu:%lld:%.*s",
	                 lang_code(r->lang), (unsigned long long)store_commits(),
	                 (long long)(clock_monotonic_ms() / 1000), (int)what.n, what.p);
	return n > 0 && n < RENDER_CACHE_KEY_MAX;
}

static enum mm_err page_statistics(struct req *r, struct res *res)
{
	struct stat_tables tables;
	struct val *ctx = val_obj(r->arena), *crumbs = page_crumbs(r);
	struct str body, title = page_t(r, "statistics.title");
	char key[RENDER_CACHE_KEY_MAX];
	bool keyed = cache_key(r, STR("/"), key); /* before reading: a later commit is a new key */
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

/* Only a file that exists is kept: an unknown name reads the tables. */
static enum mm_err page_statistics_csv(struct req *r, struct res *res)
{
	static const char prefix[] = "mamori-statistics-";
	struct stat_tables tables;
	struct str csv, file = req_param(r, "file");
	char key[RENDER_CACHE_KEY_MAX];
	bool keyed = file.n <= STATISTICS_CSV_NAME_MAX && cache_key(r, file, key), found;
	if (keyed && render_cache_get(r->arena, key, &csv))
		return statistics_view_csv_send(r, res, csv, prefix);
	enum mm_err e = stat_tables_load(r->store, r->arena, r->lang, r->now, true, &tables);
	if (e || (e = statistics_view_csv_text(r, &tables, &csv, &found)))
		return e;
	if (!found) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (keyed)
		render_cache_put(key, csv);
	return statistics_view_csv_send(r, res, csv, prefix);
}

const struct route_table statistics_routes =
    ROUTE_TABLE(ROUTE_GET("/statistics", page_statistics, RIGHT_PUBLIC),
                ROUTE_GET("/statistics/{file}", page_statistics_csv, RIGHT_PUBLIC));
