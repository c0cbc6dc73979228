/*
 * chart_radar.h — a radar chart of ten axes drawn on the server as SVG
 * (the management self-check: one axis per directive), with up to two
 * series on the same axes (this result, and the firm's previous one drawn
 * dashed). Built on chart.h's chart_open_svg and chart_text, so it keeps
 * their rules: role="img" with <title> and <desc>, every caller's text
 * escaped, only program-made numbers printed raw. The page shows the same
 * figures in a table beside it.
 */
#ifndef MM_CHART_RADAR_H
#define MM_CHART_RADAR_H

#include "view/chart.h"

#define CHART_RADAR_AXES 10
#define CHART_RADAR_SERIES_MAX 3
#define CHART_RADAR_SIZE 400 /* width of the drawing (viewBox units) */

struct chart_radar_series {
	struct str label;  /* in the legend */
	const int *values; /* CHART_RADAR_AXES values in 0…max */
	bool dashed;       /* an earlier result: outline only, dashed */
	bool dotted;       /* a group's average: outline only, dotted */
};

struct chart_radar_spec {
	const char *id; /* unique on the page */
	struct str title, desc;
	struct str axis_labels[CHART_RADAR_AXES]; /* short: "1" … "10" */
	int max;                                  /* value at the outer ring */
	int rings; /* rings at max/rings steps, 1…10, ring k labelled k */
	const struct chart_radar_series *series;
	size_t series_count;
};

/* Appends the SVG to out. MM_ERR_INVALID for a bad id, max ≤ 0, rings out
 * of range, more than CHART_RADAR_SERIES_MAX series or no series;
 * MM_ERR_TOO_LONG when out is full. Values outside 0…max are clamped. */
MM_MUST_USE enum mm_err chart_radar_svg(struct buf *out, const struct chart_radar_spec *spec);

/* Where value lies on axis (0 at the top, then clockwise): x and y in
 * viewBox units, the centre at value 0. Exposed for the unit tests. */
void chart_radar_point(int axis, int value, int max, int *x, int *y);

#endif
