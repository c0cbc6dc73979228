/*
 * chart_stats.c — see chart_stats.h. The drawing is CHART_WIDTH wide and
 * scales with its container through the viewBox. Map colours run from
 * pale to dark blue; the legend and the table beside say what each means.
 */
#include "view/chart_stats.h"

#include <string.h>

#include "view/chart.h"

#define FONT 15
#define BAR_ROW 30
#define BAR_LABEL 150 /* width kept for labels */
#define BAR_FULL 170  /* a bar at the largest value */
#define BAR_HEIGHT 18
#define MAP_COLS 13
#define MAP_ROWS 11
#define TILE_STEP 30
#define TILE 27
#define LEGEND_ROW 26

static const char *const class_fill[CHART_STATS_CLASSES] = {"#dbe7f3", "#a9c6e3", "#5f95c9",
                                                            "#2a6aa8", "#0d3b6e"};
#define HIDDEN_FILL "#ffffff"

/* Column, row of each prefecture (code - 1): a rough picture of Japan,
 * Hokkaido at the top right, Okinawa at the bottom left. */
static const unsigned char tiles[CHART_STATS_PREFECTURES][2] = {
    {12, 0}, {12, 1}, {12, 2}, {12, 3}, {11, 2}, {11, 3}, {12, 4}, {11, 5}, {11, 4}, {10, 4},
    {10, 5}, {11, 6}, {10, 6}, {9, 6},  {10, 3}, {8, 3},  {7, 3},  {6, 4},  {9, 5},  {9, 4},
    {8, 4},  {8, 6},  {8, 5},  {7, 6},  {7, 5},  {6, 5},  {5, 6},  {5, 5},  {6, 6},  {6, 7},
    {3, 5},  {2, 5},  {3, 6},  {2, 6},  {1, 6},  {4, 8},  {4, 7},  {3, 7},  {3, 8},  {1, 7},
    {0, 7},  {0, 8},  {1, 8},  {2, 8},  {2, 9},  {1, 9},  {0, 10},
};

void chart_stats_tile(int prefecture, int *col, int *row)
{
	if (prefecture < 1 || prefecture > CHART_STATS_PREFECTURES) {
		*col = *row = 0;
		return;
	}
	*col = tiles[prefecture - 1][0];
	*row = tiles[prefecture - 1][1];
}

int chart_stats_class(int64_t value, const int64_t class_max[CHART_STATS_CLASSES])
{
	for (int k = 0; k < CHART_STATS_CLASSES; k++)
		if (value <= class_max[k])
			return k;
	return CHART_STATS_CLASSES - 1;
}

void chart_stats_class_bounds(int64_t max, int64_t class_max[CHART_STATS_CLASSES])
{
	int64_t step = max > 0 ? (max + CHART_STATS_CLASSES - 1) / CHART_STATS_CLASSES : 1;
	for (int k = 0; k < CHART_STATS_CLASSES; k++)
		class_max[k] = step * (k + 1);
}

enum mm_err chart_stats_bars_svg(struct buf *out, const struct chart_stats_bars_spec *spec)
{
	if (!chart_id_ok(spec->id) || spec->count > CHART_STATS_BARS_MAX)
		return MM_ERR_INVALID;
	int64_t max = 0;
	for (size_t i = 0; i < spec->count; i++)
		if (!spec->bars[i].hidden && spec->bars[i].value > max)
			max = spec->bars[i].value;
	enum mm_err e = chart_open_svg(out, spec->id, (int)spec->count * BAR_ROW + 8, FONT,
	                               spec->title, spec->desc);
	for (size_t i = 0; !e && i < spec->count; i++) {
		const struct chart_stats_bar *b = &spec->bars[i];
		int y = (int)i * BAR_ROW;
		int len = b->hidden || max <= 0 || b->value <= 0
		              ? 0
		              : (int)((b->value * BAR_FULL + max / 2) / max);
		if (len == 0 && !b->hidden && b->value > 0)
			len = 1;
		if ((e = chart_text(out, 0, y + 20, " fill=\"#1b2230\"", b->label)))
			break;
		if (len > 0 && (e = buf_printf(out,
		                               "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
		                               " fill=\"#0f4c81\"/>",
		                               BAR_LABEL, y + 6, len, BAR_HEIGHT)))
			break;
		e = chart_text(out, BAR_LABEL + len + 6, y + 20,
		               " fill=\"#1b2230\" font-weight=\"700\"", b->value_text);
	}
	return e ? e : buf_append_cstr(out, "</svg>");
}

static enum mm_err draw_tile(struct buf *out, const struct chart_stats_map_spec *spec, int p)
{
	int col, row;
	chart_stats_tile(p + 1, &col, &row);
	const char *fill = spec->hidden[p]
	                       ? HIDDEN_FILL
	                       : class_fill[chart_stats_class(spec->values[p], spec->class_max)];
	enum mm_err e;
	if ((e = buf_printf(out, "<g><title>")) || (e = buf_append_html(out, spec->names[p])) ||
	    (e = buf_append_cstr(out, " ")) || (e = buf_append_html(out, spec->value_texts[p])) ||
	    (e = buf_printf(out,
	                    "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\""
	                    " fill=\"%s\" stroke=\"#4a5466\"/></g>",
	                    col * TILE_STEP + 5, row * TILE_STEP, TILE, TILE, fill)))
		return e;
	return MM_OK;
}

static enum mm_err draw_legend(struct buf *out, const struct chart_stats_map_spec *spec, int top)
{
	enum mm_err e = MM_OK;
	for (int k = 0; !e && k <= CHART_STATS_CLASSES; k++) {
		int y = top + k * LEGEND_ROW;
		const char *fill = k < CHART_STATS_CLASSES ? class_fill[k] : HIDDEN_FILL;
		if ((e = buf_printf(out,
		                    "<rect x=\"5\" y=\"%d\" width=\"20\" height=\"20\" fill=\"%s\""
		                    " stroke=\"#4a5466\"/>",
		                    y, fill)))
			break;
		e = chart_text(out, 34, y + 16, " fill=\"#1b2230\"",
		               k < CHART_STATS_CLASSES ? spec->legend[k] : spec->legend_hidden);
	}
	return e;
}

enum mm_err chart_stats_map_svg(struct buf *out, const struct chart_stats_map_spec *spec)
{
	if (!chart_id_ok(spec->id))
		return MM_ERR_INVALID;
	int legend_top = MAP_ROWS * TILE_STEP + 10;
	enum mm_err e =
	    chart_open_svg(out, spec->id, legend_top + (CHART_STATS_CLASSES + 1) * LEGEND_ROW, FONT,
	                   spec->title, spec->desc);
	for (int p = 0; !e && p < CHART_STATS_PREFECTURES; p++)
		e = draw_tile(out, spec, p);
	if (!e)
		e = draw_legend(out, spec, legend_top);
	return e ? e : buf_append_cstr(out, "</svg>");
}
