/*
 * chart_benchmark.c — see chart_benchmark.h.
 */
#include "view/chart_benchmark.h"

#include "view/chart.h"

#define TOP 28    /* room for the marker's text */
#define BARS 120  /* height of the tallest bin */
#define BOTTOM 24 /* room for the axis labels */
#define FONT 13

int chart_histogram_height(int64_t value, int64_t largest, int full)
{
	if (value <= 0 || largest <= 0)
		return 0;
	int64_t h = (value * full + largest / 2) / largest;
	return h < 2 ? 2 : (int)(h > full ? full : h);
}

enum mm_err chart_histogram_svg(struct buf *out, const struct chart_histogram_spec *spec)
{
	enum mm_err e;
	int64_t largest = 0;
	if (!chart_id_ok(spec->id) || spec->count == 0 || spec->count > CHART_HISTOGRAM_BINS_MAX)
		return MM_ERR_INVALID;
	for (size_t b = 0; b < spec->count; b++) {
		if (spec->bins[b] < 0)
			return MM_ERR_INVALID;
		if (spec->bins[b] > largest)
			largest = spec->bins[b];
	}
	int step = CHART_WIDTH / (int)spec->count, base = TOP + BARS;
	if ((e = chart_open_svg(out, spec->id, TOP + BARS + BOTTOM, FONT, spec->title,
	                        spec->desc)) ||
	    (e = buf_printf(out,
	                    "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a5466\"/>",
	                    base, step * (int)spec->count, base)))
		return e;
	for (size_t b = 0; b < spec->count; b++) {
		int h = chart_histogram_height(spec->bins[b], largest, BARS);
		bool mine = (int)b == spec->marked;
		if (h > 0 && (e = buf_printf(out,
		                             "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
		                             " fill=\"%s\"/>",
		                             (int)b * step + 1, base - h, step - 2, h,
		                             mine ? "#0f4c81" : "#8fa6bf")))
			return e;
		if (mine &&
		    ((e = buf_printf(out, "<path d=\"M%d %d l-5 -8 h10 z\" fill=\"#b3261e\"/>",
		                     (int)b * step + step / 2, base - h - 2)) ||
		     (e = chart_text(
		          out, (int)b * step + step / 2, base - h - 12,
		          (int)b * step < CHART_WIDTH / 2
		              ? " fill=\"#1b2230\" font-weight=\"700\""
		              : " fill=\"#1b2230\" font-weight=\"700\" text-anchor=\"end\"",
		          spec->marker))))
			return e;
	}
	if ((e = chart_text(out, 0, base + 18, " fill=\"#1b2230\"", spec->low_label)) ||
	    (e = chart_text(out, step * (int)spec->count, base + 18,
	                    " fill=\"#1b2230\" text-anchor=\"end\"", spec->high_label)))
		return e;
	return buf_append_cstr(out, "</svg>");
}
