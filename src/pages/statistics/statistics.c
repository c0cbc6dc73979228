/*
 * statistics.c — the scheme's public statistics (/statistics) and each of
 * its tables as CSV (/statistics/NAME.csv), for anyone, in Japanese and
 * English. Every figure comes from the counters kept on write
 * (store/statistics.h), so the page reads the same few thousand rows at
 * any size; a cell counting fewer than 10 organisations is shown as
 * "< 10", and so is any cell that would give one away
 * (core/statistics.h). The CSV holds exactly what the page shows.
 */
#include "pages/shared/titled.h"
#include "pages/statistics/statistics_view.h"
#include "web/page.h"
#include "web/router.h"

static enum mm_err page_statistics(struct req *r, struct res *res)
{
	struct stat_tables tables;
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = stat_tables_load(r->store, r->arena, r->lang, r->now, true, &tables)) ||
	    (e = statistics_view_tables(r, ctx, &tables, "/statistics/")))
		return e;
	return titled_render(r, res, 200, "statistics", ctx, "statistics.title", NULL, NULL);
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
