/*
 * chart_stats.h — the SVG charts of the statistics pages, drawn on the
 * server as view/chart.h draws the others (role="img", a <title> and a
 * <desc>, every text escaped, numbers printed by the program): bars of
 * counts against the largest, and a map of Japan's 47 prefectures as a
 * grid of tiles coloured by count. A hidden value (a small cell, see
 * core/statistics.h) is drawn as no bar and a pale tile with its text
 * ("< 10") and never as its number. The page shows the same figures in a
 * table beside each chart.
 */
#ifndef MM_CHART_STATS_H
#define MM_CHART_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define CHART_STATS_BARS_MAX 60
#define CHART_STATS_PREFECTURES 47
#define CHART_STATS_CLASSES 5 /* colours of the map, the pale "hidden" one apart */

struct chart_stats_bar {
	struct str label, value_text; /* value_text: "1,234" or "< 10" */
	int64_t value;
	bool hidden;
};

struct chart_stats_bars_spec {
	const char *id; /* [a-z0-9-], unique on the page */
	struct str title, desc;
	const struct chart_stats_bar *bars;
	size_t count;
};

struct chart_stats_map_spec {
	const char *id;
	struct str title, desc;
	/* per prefecture 1…47 at [code - 1]: its name and value */
	struct str names[CHART_STATS_PREFECTURES], value_texts[CHART_STATS_PREFECTURES];
	int64_t values[CHART_STATS_PREFECTURES];
	bool hidden[CHART_STATS_PREFECTURES];
	/* the legend: a label per class (upper bounds), and for hidden */
	struct str legend[CHART_STATS_CLASSES], legend_hidden;
	int64_t class_max[CHART_STATS_CLASSES]; /* class k holds values ≤ class_max[k] */
};

MM_MUST_USE enum mm_err chart_stats_bars_svg(struct buf *out,
                                             const struct chart_stats_bars_spec *spec);
MM_MUST_USE enum mm_err chart_stats_map_svg(struct buf *out,
                                            const struct chart_stats_map_spec *spec);
/* The colour class of value among the bounds (the last class for any
 * value above the others). */
int chart_stats_class(int64_t value, const int64_t class_max[CHART_STATS_CLASSES]);
/* Bounds of CHART_STATS_CLASSES equal steps from 0 to max (at least 1 each). */
void chart_stats_class_bounds(int64_t max, int64_t class_max[CHART_STATS_CLASSES]);
/* Tile of a prefecture on the map's grid: column and row. */
void chart_stats_tile(int prefecture, int *col, int *row);

#endif
