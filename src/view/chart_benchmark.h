/*
 * chart_benchmark.h — the small histogram of "firms like yours": how many
 * organisations of a group have a total in each bin, with the bin of the
 * firm looking at it marked, drawn on the server as view/chart.h draws
 * the others (role="img", a <title> and a <desc>, every text escaped,
 * numbers printed by the program). The page shows the same figures in a
 * table beside it.
 */
#ifndef MM_CHART_BENCHMARK_H
#define MM_CHART_BENCHMARK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define CHART_HISTOGRAM_BINS_MAX 32

struct chart_histogram_spec {
	const char *id; /* [a-z0-9-], unique on the page */
	struct str title, desc;
	const int64_t *bins;
	size_t count;
	struct str low_label, high_label; /* under the first and the last bin */
	int marked;                       /* the firm's bin; -1 for none */
	struct str marker;                /* above the marked bin: "You" */
};

/* Appends the SVG to out. MM_ERR_INVALID for a bad id, no bins or more
 * than CHART_HISTOGRAM_BINS_MAX, a negative count; MM_ERR_TOO_LONG when
 * out is full. */
MM_MUST_USE enum mm_err chart_histogram_svg(struct buf *out,
                                            const struct chart_histogram_spec *spec);
/* Height in SVG units of a bin of value against the largest, over full:
 * 0 for 0, at least 2 for any value above 0. */
int chart_histogram_height(int64_t value, int64_t largest, int full);

#endif
