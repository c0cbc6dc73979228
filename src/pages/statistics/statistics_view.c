/*
 * statistics_view.c — see statistics_view.h. Charts show the totals of
 * each row (the level table its two levels); the table beside shows every
 * figure, hidden ones as "< 10" in both.
 */
#include "pages/statistics/statistics_view.h"

#include <stdio.h>
#include <string.h>

#include "core/org_fields.h"
#include "view/chart_stats.h"
#include "view/labels.h"
#include "web/page.h"

/* The value a chart draws for row r: its total, or for the level table
 * each level as a bar of its own. */
static enum mm_err bars_chart(struct req *r, struct buf *b, const struct stat_table *tb)
{
	struct chart_stats_bar bars[CHART_STATS_BARS_MAX];
	size_t w = stat_table_width(tb), n = 0;
	if (tb->rows == 1) { /* levels: one bar per column */
		for (size_t c = 0; c < tb->cols && n < CHART_STATS_BARS_MAX; c++, n++)
			bars[n] = (struct chart_stats_bar){tb->col_labels[c],
			                                   stat_cell_text(r->arena, r->lang, tb, c),
			                                   tb->v[c], tb->hidden[c]};
	} else {
		/* the monthly series: new declarations; the others: the row total */
		size_t col = tb->margins ? tb->cols : 0;
		for (size_t row = 0; row < tb->rows && n < CHART_STATS_BARS_MAX; row++, n++) {
			size_t i = row * w + col;
			bars[n] = (struct chart_stats_bar){tb->row_labels[row],
			                                   stat_cell_text(r->arena, r->lang, tb, i),
			                                   tb->v[i], tb->hidden[i]};
		}
	}
	char id[40];
	snprintf(id, sizeof id, "chart-%s", tb->name);
	struct chart_stats_bars_spec spec = {id, tb->title, tb->desc, bars, n};
	return chart_stats_bars_svg(b, &spec);
}

static enum mm_err map_chart(struct req *r, struct buf *b, const struct stat_table *tb)
{
	struct chart_stats_map_spec *spec = arena_zalloc(r->arena, sizeof *spec);
	if (!spec)
		return MM_ERR_NOMEM;
	size_t w = stat_table_width(tb);
	int64_t max = 0;
	spec->id = "chart-map";
	spec->title = page_t(r, "statistics.map.title");
	spec->desc = page_t(r, "statistics.map.desc");
	for (size_t p = 0; p < CHART_STATS_PREFECTURES && p < tb->rows; p++) {
		size_t i = p * w + tb->cols;
		spec->names[p] = tb->row_labels[p];
		spec->value_texts[p] = stat_cell_text(r->arena, r->lang, tb, i);
		spec->values[p] = tb->v[i];
		spec->hidden[p] = tb->hidden[i];
		if (!tb->hidden[i] && tb->v[i] > max)
			max = tb->v[i];
	}
	chart_stats_class_bounds(max, spec->class_max);
	int64_t low = 0;
	for (int k = 0; k < CHART_STATS_CLASSES; k++) {
		char *from = labels_format_count(r->arena, low),
		     *to = labels_format_count(r->arena, spec->class_max[k]);
		char *text = from && to ? arena_printf(r->arena, "%s – %s", from, to) : NULL;
		spec->legend[k] = text ? str_from(text) : STR("");
		low = spec->class_max[k] + 1;
	}
	spec->legend_hidden = page_t(r, "statistics.map.hidden");
	return chart_stats_map_svg(b, spec);
}

static enum mm_err table_rows(struct req *r, struct val *v, const struct stat_table *tb)
{
	struct arena *a = r->arena;
	size_t w = stat_table_width(tb), h = stat_table_height(tb);
	struct val *cols = val_set_list(a, v, "cols"), *rows = val_set_list(a, v, "rows");
	if (!cols || !rows)
		return MM_ERR_NOMEM;
	for (size_t c = 0; c < w; c++) {
		struct val *col = val_list_push_obj(a, cols);
		if (!col || !val_set_str(a, col, "label", tb->col_labels[c]))
			return MM_ERR_NOMEM;
	}
	for (size_t row = 0; row < h; row++) {
		struct val *o = val_list_push_obj(a, rows);
		struct val *cells = o ? val_set_list(a, o, "cells") : NULL;
		if (!cells || !val_set_str(a, o, "label", tb->row_labels[row]) ||
		    !val_set_cstr(a, o, "row_class",
		                  tb->margins && row == tb->rows ? "statistics-total" : "") ||
		    !val_set_str(a, o, "extra", tb->extra ? tb->extra[row] : STR("")))
			return MM_ERR_NOMEM;
		for (size_t c = 0; c < w; c++) {
			struct val *cell = val_list_push_obj(a, cells);
			if (!cell || !val_set_str(a, cell, "text",
			                          stat_cell_text(a, r->lang, tb, row * w + c)))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

enum mm_err statistics_view_tables(struct req *r, struct val *ctx, const struct stat_tables *tables,
                                   const char *csv_base)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "tables");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < STAT_TABLE_COUNT; i++) {
		const struct stat_table *tb = &tables->t[i];
		struct val *v = val_list_push_obj(a, list);
		struct buf chart, map;
		enum mm_err e;
		buf_init(&chart, a, 256 * 1024);
		buf_init(&map, a, 256 * 1024);
		char *csv = arena_printf(a, "%s%s.csv", csv_base, tb->name);
		if (!v || !csv)
			return MM_ERR_NOMEM;
		if ((e = bars_chart(r, &chart, tb)) ||
		    (i == STAT_PREFECTURES && (e = map_chart(r, &map, tb))) ||
		    (e = table_rows(r, v, tb)))
			return e;
		if (!val_set_cstr(a, v, "name", tb->name) ||
		    !val_set_str(a, v, "title", tb->title) ||
		    !val_set_str(a, v, "desc", tb->desc) || !val_set_cstr(a, v, "csv_url", csv) ||
		    !val_set_html(a, v, "chart", buf_str(&chart)) ||
		    !val_set_html(a, v, "map", buf_str(&map)) ||
		    !val_set_bool(a, v, "has_map", map.n > 0) ||
		    !val_set_bool(a, v, "has_extra", tb->extra_code != NULL) ||
		    !val_set_str(a, v, "extra_label", tb->extra_label))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

enum mm_err statistics_view_csv_text(struct req *r, const struct stat_tables *tables,
                                     struct str *csv, bool *found)
{
	struct str file = req_param(r, "file");
	const struct stat_table *tb;
	*found = file.n <= STATISTICS_CSV_NAME_MAX && str_ends_with(file, ".csv") &&
	         (tb = stat_tables_find(tables, (struct str){file.p, file.n - 4}));
	if (!*found)
		return MM_OK;
	struct buf b;
	buf_init(&b, r->arena, 1024 * 1024);
	enum mm_err e = buf_append(&b, "\xEF\xBB\xBF", 3); /* a BOM, for spreadsheets */
	if (e || (e = stat_table_csv(&b, r->arena, r->lang, tb)))
		return e;
	*csv = buf_str(&b);
	return MM_OK;
}

enum mm_err statistics_view_csv_send(struct req *r, struct res *res, struct str csv,
                                     const char *prefix)
{
	struct str file = req_param(r, "file");
	char *name = arena_printf(r->arena, "%s%.*s-%s.csv", prefix, (int)(file.n - 4), file.p,
	                          lang_code(r->lang));
	return name ? page_download(r, res, "text/csv; charset=utf-8", name, csv) : MM_ERR_NOMEM;
}

enum mm_err statistics_view_csv(struct req *r, struct res *res, const struct stat_tables *tables,
                                const char *prefix)
{
	struct str csv;
	bool found;
	enum mm_err e = statistics_view_csv_text(r, tables, &csv, &found);
	if (e)
		return e;
	if (!found) {
		page_error(r, res, 404);
		return MM_OK;
	}
	return statistics_view_csv_send(r, res, csv, prefix);
}
