/*
 * chart.h — SVG charts drawn on the server, sent inline in the page (no
 * scripts, no styles, no external references): bars of scores against
 * their maximum with a grid of coloured cells (the self-assessment result),
 * and a line of totals over time (its history).
 *
 * What it must never do: write a caller's text unescaped. Every label,
 * title and description goes through buf_append_html; numbers and
 * coordinates are the only things printed raw, and they come from the
 * program (integers formatted with %d). The id prefix is checked to be
 * [a-z0-9-] because it lands in id and aria-labelledby attributes.
 *
 * Every chart carries role="img" with a <title> and a <desc>; the page
 * shows the same data as a table beside it for those who cannot see it.
 * The geometry functions are exposed for the unit tests.
 */
#ifndef MM_CHART_H
#define MM_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/str.h"

#define CHART_BARS_MAX 8
#define CHART_CELLS_MAX 64
#define CHART_GROUPS_MAX 8
#define CHART_POINTS_MAX 500
#define CHART_TICKS_MAX 8
#define CHART_KINDS 5   /* colours of cells: 0 empty, 1–4 the caller's categories */
#define CHART_ID_MAX 32 /* characters of an id prefix */

/* Width of the drawing in SVG units; it scales to its container. */
#define CHART_WIDTH 400 /* small, so that text stays readable on a phone */

struct chart_bar {
	struct str label;      /* "Part 1 Basic measures" */
	struct str value_text; /* "18 / 20" */
	int value, max;        /* value may be negative: drawn as an empty bar */
};

struct chart_cell {
	struct str text; /* short: an item number */
	int kind;        /* 0 … CHART_KINDS - 1 */
};

/* A row of the grid: cells[first … first + count - 1] under a label. */
struct chart_cell_group {
	struct str label;
	size_t first, count;
};

struct chart_result_spec {
	const char *id; /* unique on the page */
	struct str title, desc;
	const struct chart_bar *bars;
	size_t bar_count;
	const struct chart_cell *cells;
	size_t cell_count;
	const struct chart_cell_group *groups;
	size_t group_count;
	struct str legend[CHART_KINDS]; /* label per kind; an empty one is left out */
};

struct chart_point {
	struct str label; /* under the point: a date */
	int value;
};

struct chart_trend_spec {
	const char *id;
	struct str title, desc;
	int min, max;     /* the value axis, min < max */
	const int *ticks; /* values marked by a line and a number on the axis */
	size_t tick_count;
	const struct chart_point *points;
	size_t count;
};

/* Appends the SVG to out. MM_ERR_INVALID for a bad id, counts over their
 * maximum, a group outside the cells or a kind outside 0…CHART_KINDS-1;
 * MM_ERR_TOO_LONG when out is full. */
/* What every chart of chart.c and chart_stats.c is made of: an id prefix
 * of lower-case letters, digits and '-' (at most CHART_ID_MAX), the
 * <svg …> with its <title> and <desc> at a font size, and a <text>. */
bool chart_id_ok(const char *id);
MM_MUST_USE enum mm_err chart_open_svg(struct buf *out, const char *id, int height, int font,
                                       struct str title, struct str desc);
MM_MUST_USE enum mm_err chart_text(struct buf *out, int x, int y, const char *attrs, struct str s);
MM_MUST_USE enum mm_err chart_result_svg(struct buf *out, const struct chart_result_spec *spec);
MM_MUST_USE enum mm_err chart_trend_svg(struct buf *out, const struct chart_trend_spec *spec);

/* Length of a bar for value against max over full units: 0 for values
 * ≤ 0 or max ≤ 0, full for value ≥ max, rounded to the nearest unit. */
int chart_bar_length(int value, int max, int full);
/* Vertical position of value on an axis from min (at top + height) to max
 * (at top); values outside are clamped to the axis. */
int chart_trend_y(int value, int min, int max, int top, int height);
/* Horizontal position of point i of count spread over width from left; a
 * single point sits in the middle. */
int chart_trend_x(size_t i, size_t count, int left, int width);

#endif
