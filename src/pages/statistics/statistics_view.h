/*
 * statistics_view.h — what the public and the administrators' statistics
 * pages share: each table of statistics_tables.h with its chart (an SVG
 * of view/chart_stats.h) and its figures as template values, and a
 * table's CSV download.
 */
#ifndef MM_PAGES_STATISTICS_VIEW_H
#define MM_PAGES_STATISTICS_VIEW_H

#include "pages/statistics/statistics_tables.h"
#include "web/req.h"
#include "view/value.h"

/* ctx.tables: every table, with its chart, its rows and its CSV address
 * (csv_base + NAME.csv). */
MM_MUST_USE enum mm_err statistics_view_tables(struct req *r, struct val *ctx,
                                               const struct stat_tables *tables,
                                               const char *csv_base);
#define STATISTICS_CSV_NAME_MAX 32 /* the longest {file} a table has */

/* GET CSV_BASE{file}: the table file names as NAME.csv, 404 for anything
 * else. */
MM_MUST_USE enum mm_err statistics_view_csv(struct req *r, struct res *res,
                                            const struct stat_tables *tables, const char *prefix);
/* The same in two steps: the CSV text of the table {file} names (with a
 * BOM), found false for anything else; then the download of a found
 * one, named PREFIX NAME-LANG.csv. */
MM_MUST_USE enum mm_err statistics_view_csv_text(struct req *r, const struct stat_tables *tables,
                                                 struct str *csv, bool *found);
MM_MUST_USE enum mm_err statistics_view_csv_send(struct req *r, struct res *res, struct str csv,
                                                 const char *prefix);

#endif
