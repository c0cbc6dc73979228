/*
 * chart.c — see chart.h. Coordinates are integers in SVG user units; the
 * drawing is CHART_WIDTH wide and as tall as its content, and scales with
 * its container through the viewBox. Colours are those of static/style.css
 * (white text on each cell colour has a contrast of 6.5:1 or more).
 */
#include "view/chart.h"

#include <stdio.h>
#include <string.h>

/* Result chart: bars, then one row of cells per group, then the legend. */
#define BAR_ROW 60   /* label, bar and gap */
#define BAR_FULL 300 /* length of a bar at its maximum */
#define BAR_HEIGHT 24
#define CELL 26      /* a grid cell is CELL × CELL */
#define CELL_STEP 30 /* cell and gap */
#define GROUP_ROW 66 /* label, cells and gap */
#define LEGEND_ROW 32
#define LEGEND_COLUMN 200
#define FONT 16

/* Trend chart. */
#define TREND_HEIGHT 300
#define TREND_LEFT 40
#define TREND_RIGHT 16
#define TREND_TOP 28
#define TREND_PLOT 200
#define TREND_ALL_LABELS_MAX 2 /* more points than this: label first and last only */

static const char *const cell_fill[CHART_KINDS] = {"#c5d0dc", "#1e6b3a", "#8a4b00", "#b3261e",
                                                   "#4a5466"};
static const char *const cell_ink[CHART_KINDS] = {"#1b2230", "#ffffff", "#ffffff", "#ffffff",
                                                  "#ffffff"};

int chart_bar_length(int value, int max, int full)
{
	if (value <= 0 || max <= 0 || full <= 0)
		return 0;
	if (value >= max)
		return full;
	return (int)(((long long)value * full * 2 + max) / (2LL * max));
}

int chart_trend_y(int value, int min, int max, int top, int height)
{
	if (max <= min)
		return top + height;
	if (value < min)
		value = min;
	if (value > max)
		value = max;
	long long from_top = (long long)(max - value) * height * 2 + (max - min);
	return top + (int)(from_top / (2LL * (max - min)));
}

int chart_trend_x(size_t i, size_t count, int left, int width)
{
	if (count <= 1)
		return left + width / 2;
	if (i >= count)
		i = count - 1;
	return left + (int)(((long long)i * width * 2 + (long long)(count - 1)) /
	                    (2LL * (long long)(count - 1)));
}

bool chart_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > CHART_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return false;
	return true;
}

enum mm_err chart_open_svg(struct buf *out, const char *id, int height, int font, struct str title,
                           struct str desc)
{
	enum mm_err e;
	if ((e = buf_printf(
	         out,
	         "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	         " role=\"img\" aria-labelledby=\"%s-title %s-desc\" font-size=\"%d\">"
	         "<title id=\"%s-title\">",
	         CHART_WIDTH, height, id, id, font, id)) ||
	    (e = buf_append_html(out, title)) ||
	    (e = buf_printf(out, "</title><desc id=\"%s-desc\">", id)) ||
	    (e = buf_append_html(out, desc)) || (e = buf_append_cstr(out, "</desc>")))
		return e;
	return MM_OK;
}

enum mm_err chart_text(struct buf *out, int x, int y, const char *attrs, struct str s)
{
	enum mm_err e;
	if ((e = buf_printf(out, "<text x=\"%d\" y=\"%d\"%s>", x, y, attrs)) ||
	    (e = buf_append_html(out, s)) || (e = buf_append_cstr(out, "</text>")))
		return e;
	return MM_OK;
}

static enum mm_err draw_bar(struct buf *out, const struct chart_bar *b, int y)
{
	int len = chart_bar_length(b->value, b->max, BAR_FULL);
	enum mm_err e;
	if ((e = chart_text(out, 0, y + 18, " fill=\"#1b2230\"", b->label)) ||
	    (e = buf_printf(out,
	                    "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eef3f8\""
	                    " stroke=\"#4a5466\"/>",
	                    y + 26, BAR_FULL, BAR_HEIGHT)) ||
	    (len > 0 && (e = buf_printf(out,
	                                "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\""
	                                " fill=\"#0f4c81\"/>",
	                                y + 26, len, BAR_HEIGHT))) ||
	    (e = chart_text(out, BAR_FULL + 12, y + 44, " fill=\"#1b2230\" font-weight=\"700\"",
	                    b->value_text)))
		return e;
	return MM_OK;
}

static enum mm_err draw_group(struct buf *out, const struct chart_result_spec *spec,
                              const struct chart_cell_group *g, int y)
{
	enum mm_err e = chart_text(out, 0, y + 18, " fill=\"#1b2230\"", g->label);
	for (size_t j = 0; !e && j < g->count; j++) {
		const struct chart_cell *c = &spec->cells[g->first + j];
		int x = (int)j * CELL_STEP;
		if ((e = buf_printf(out,
		                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\""
		                    " fill=\"%s\"/>",
		                    x, y + 28, CELL, CELL, cell_fill[c->kind])))
			break;
		char attrs[64];
		int n = snprintf(attrs, sizeof attrs,
		                 " text-anchor=\"middle\" font-size=\"13\" fill=\"%s\"",
		                 cell_ink[c->kind]);
		if (n < 0 || (size_t)n >= sizeof attrs)
			return MM_ERR_INVALID;
		e = chart_text(out, x + CELL / 2, y + 28 + 18, attrs, c->text);
	}
	return e;
}

static size_t legend_count(const struct chart_result_spec *spec)
{
	size_t n = 0;
	for (int k = 0; k < CHART_KINDS; k++)
		n += spec->legend[k].n > 0;
	return n;
}

static enum mm_err draw_legend(struct buf *out, const struct chart_result_spec *spec, int y)
{
	size_t shown = 0;
	for (int k = 0; k < CHART_KINDS; k++) {
		if (spec->legend[k].n == 0)
			continue;
		int x = (int)(shown % 2) * LEGEND_COLUMN;
		int row = y + (int)(shown / 2) * LEGEND_ROW;
		enum mm_err e;
		if ((e = buf_printf(out,
		                    "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"20\" rx=\"3\""
		                    " fill=\"%s\"/>",
		                    x, row, cell_fill[k])) ||
		    (e = chart_text(out, x + 28, row + 16, " fill=\"#1b2230\"", spec->legend[k])))
			return e;
		shown++;
	}
	return MM_OK;
}

static bool result_spec_ok(const struct chart_result_spec *spec)
{
	if (!chart_id_ok(spec->id) || spec->bar_count > CHART_BARS_MAX ||
	    spec->cell_count > CHART_CELLS_MAX || spec->group_count > CHART_GROUPS_MAX ||
	    (spec->bar_count && !spec->bars) || (spec->cell_count && !spec->cells) ||
	    (spec->group_count && !spec->groups))
		return false;
	for (size_t i = 0; i < spec->cell_count; i++)
		if (spec->cells[i].kind < 0 || spec->cells[i].kind >= CHART_KINDS)
			return false;
	for (size_t g = 0; g < spec->group_count; g++) {
		const struct chart_cell_group *grp = &spec->groups[g];
		if (grp->first > spec->cell_count || grp->count > spec->cell_count - grp->first ||
		    (int)grp->count * CELL_STEP > CHART_WIDTH)
			return false;
	}
	return true;
}

enum mm_err chart_result_svg(struct buf *out, const struct chart_result_spec *spec)
{
	if (!result_spec_ok(spec))
		return MM_ERR_INVALID;
	int bars_height = (int)spec->bar_count * BAR_ROW;
	int groups_top = bars_height + (spec->bar_count ? 16 : 0);
	int legend_top = groups_top + (int)spec->group_count * GROUP_ROW;
	int legend_rows = (int)(legend_count(spec) + 1) / 2;
	int height = legend_top + legend_rows * LEGEND_ROW + 8;
	enum mm_err e = chart_open_svg(out, spec->id, height, FONT, spec->title, spec->desc);
	for (size_t i = 0; !e && i < spec->bar_count; i++)
		e = draw_bar(out, &spec->bars[i], (int)i * BAR_ROW);
	for (size_t g = 0; !e && g < spec->group_count; g++)
		e = draw_group(out, spec, &spec->groups[g], groups_top + (int)g * GROUP_ROW);
	if (!e)
		e = draw_legend(out, spec, legend_top);
	return e ? e : buf_append_cstr(out, "</svg>");
}

/* ---- trend ----------------------------------------------------------------- */

static bool trend_spec_ok(const struct chart_trend_spec *spec)
{
	return chart_id_ok(spec->id) && spec->min < spec->max && spec->count <= CHART_POINTS_MAX &&
	       spec->tick_count <= CHART_TICKS_MAX && (!spec->count || spec->points) &&
	       (!spec->tick_count || spec->ticks);
}

static enum mm_err draw_ticks(struct buf *out, const struct chart_trend_spec *spec)
{
	int plot_width = CHART_WIDTH - TREND_LEFT - TREND_RIGHT;
	for (size_t i = 0; i < spec->tick_count; i++) {
		int y = chart_trend_y(spec->ticks[i], spec->min, spec->max, TREND_TOP, TREND_PLOT);
		enum mm_err e = buf_printf(
		    out,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c5d0dc\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#4a5466\">%d</text>",
		    TREND_LEFT, y, TREND_LEFT + plot_width, y, TREND_LEFT - 8, y + 5,
		    spec->ticks[i]);
		if (e)
			return e;
	}
	return MM_OK;
}

static enum mm_err draw_points(struct buf *out, const struct chart_trend_spec *spec)
{
	int plot_width = CHART_WIDTH - TREND_LEFT - TREND_RIGHT;
	enum mm_err e = MM_OK;
	if (spec->count > 1) {
		e = buf_append_cstr(
		    out, "<polyline fill=\"none\" stroke=\"#0f4c81\" stroke-width=\"3\" points=\"");
		for (size_t i = 0; !e && i < spec->count; i++)
			e = buf_printf(
			    out, "%s%d,%d", i ? " " : "",
			    chart_trend_x(i, spec->count, TREND_LEFT + 16, plot_width - 32),
			    chart_trend_y(spec->points[i].value, spec->min, spec->max, TREND_TOP,
			                  TREND_PLOT));
		if (!e)
			e = buf_append_cstr(out, "\"/>");
	}
	for (size_t i = 0; !e && i < spec->count; i++) {
		int x = chart_trend_x(i, spec->count, TREND_LEFT + 16, plot_width - 32);
		int y = chart_trend_y(spec->points[i].value, spec->min, spec->max, TREND_TOP,
		                      TREND_PLOT);
		bool labelled =
		    spec->count <= TREND_ALL_LABELS_MAX || i == 0 || i + 1 == spec->count;
		e = buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#0f4c81\"/>", x, y);
		if (!e && labelled)
			e = buf_printf(
			    out,
			    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1b2230\""
			    " font-weight=\"700\">%d</text>",
			    x, y - 12, spec->points[i].value);
		if (!e && labelled)
			e = chart_text(out, x, TREND_TOP + TREND_PLOT + 32,
			               i == 0 && spec->count > 1
			                   ? " text-anchor=\"start\" fill=\"#1b2230\""
			               : i + 1 == spec->count && i
			                   ? " text-anchor=\"end\" fill=\"#1b2230\""
			                   : " text-anchor=\"middle\" fill=\"#1b2230\"",
			               spec->points[i].label);
	}
	return e;
}

enum mm_err chart_trend_svg(struct buf *out, const struct chart_trend_spec *spec)
{
	if (!trend_spec_ok(spec))
		return MM_ERR_INVALID;
	enum mm_err e = chart_open_svg(out, spec->id, TREND_HEIGHT, FONT, spec->title, spec->desc);
	if (!e)
		e = draw_ticks(out, spec);
	if (!e)
		e = draw_points(out, spec);
	return e ? e : buf_append_cstr(out, "</svg>");
}
