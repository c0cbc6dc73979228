/*
 * chart_radar.c — see chart_radar.h. The ten axes are 36° apart, starting
 * at the top and going clockwise; their sines and cosines are constants
 * (ten-thousandths), so that no floating point decides a coordinate.
 */
#include "view/chart_radar.h"

#include <stdio.h>

#define CENTRE_X (CHART_RADAR_SIZE / 2)
#define CENTRE_Y 190
#define RADIUS 140 /* of the outer ring */
#define LABEL_RADIUS 165
#define LEGEND_TOP 372
#define HEIGHT 440
#define FONT 16
#define UNIT 10000

static const int sine[CHART_RADAR_AXES] = {0, 5878,  9511,  9511,  5878,
                                           0, -5878, -9511, -9511, -5878};
static const int cosine[CHART_RADAR_AXES] = {10000,  8090,  3090,  -3090, -8090,
                                             -10000, -8090, -3090, 3090,  8090};
static const char *const stroke[CHART_RADAR_SERIES_MAX] = {"#0f4c81", "#8a4b00", "#2f6b2f"};

/* The outline's dashes: an earlier result dashed, a group's average
 * dotted, the result itself solid ("": none). */
static const char *dashes(const struct chart_radar_series *s)
{
	return s->dotted   ? " stroke-dasharray=\"2 4\""
	       : s->dashed ? " stroke-dasharray=\"6 4\""
	                   : "";
}

/* n / d rounded to the nearest integer, halves away from zero (d > 0). */
static int div_round(long long n, long long d)
{
	return (int)(n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d)));
}

void chart_radar_point(int axis, int value, int max, int *x, int *y)
{
	if (axis < 0 || axis >= CHART_RADAR_AXES || max <= 0) {
		*x = CENTRE_X;
		*y = CENTRE_Y;
		return;
	}
	if (value < 0)
		value = 0;
	if (value > max)
		value = max;
	long long r = (long long)RADIUS * value; /* × 1/max */
	*x = CENTRE_X + div_round(r * sine[axis], (long long)max * UNIT);
	*y = CENTRE_Y - div_round(r * cosine[axis], (long long)max * UNIT);
}

/* A closed polygon through the ten points of values. */
static enum mm_err polygon(struct buf *out, const int *values, int max, const char *attrs)
{
	enum mm_err e = buf_append_cstr(out, "<polygon points=\"");
	for (int k = 0; !e && k < CHART_RADAR_AXES; k++) {
		int x, y;
		chart_radar_point(k, values[k], max, &x, &y);
		e = buf_printf(out, "%s%d,%d", k ? " " : "", x, y);
	}
	return e ? e : buf_printf(out, "\"%s/>", attrs);
}

static enum mm_err grid(struct buf *out, const struct chart_radar_spec *spec)
{
	int ring[CHART_RADAR_AXES];
	enum mm_err e = MM_OK;
	for (int k = 1; !e && k <= spec->rings; k++) {
		int v = div_round((long long)spec->max * k, spec->rings);
		for (int a = 0; a < CHART_RADAR_AXES; a++)
			ring[a] = v;
		e = polygon(out, ring, spec->max, " fill=\"none\" stroke=\"#c5d0dc\"");
		if (!e) {
			char text[16];
			int x, y;
			chart_radar_point(0, v, spec->max, &x, &y);
			snprintf(text, sizeof text, "%d", k);
			e = chart_text(out, x + 4, y + 14, " fill=\"#4a5466\" font-size=\"12\"",
			               str_from(text));
		}
	}
	for (int a = 0; !e && a < CHART_RADAR_AXES; a++) {
		int x, y, lx, ly;
		chart_radar_point(a, spec->max, spec->max, &x, &y);
		/* the label sits outside the outer ring */
		lx = CENTRE_X + div_round((long long)LABEL_RADIUS * sine[a], UNIT);
		ly = CENTRE_Y - div_round((long long)LABEL_RADIUS * cosine[a], UNIT) + 6;
		if ((e = buf_printf(
		         out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c5d0dc\"/>",
		         CENTRE_X, CENTRE_Y, x, y)))
			break;
		e = chart_text(out, lx, ly,
		               " fill=\"#1b2230\" font-weight=\"700\" text-anchor=\"middle\"",
		               spec->axis_labels[a]);
	}
	return e;
}

static enum mm_err legend(struct buf *out, const struct chart_radar_spec *spec)
{
	enum mm_err e = MM_OK;
	for (size_t i = 0; !e && i < spec->series_count; i++) {
		int y = LEGEND_TOP + (int)i * 28;
		e = buf_printf(out,
		               "<line x1=\"20\" y1=\"%d\" x2=\"56\" y2=\"%d\" stroke=\"%s\""
		               " stroke-width=\"4\"%s/>",
		               y, y, stroke[i], dashes(&spec->series[i]));
		if (!e)
			e = chart_text(out, 66, y + 6, " fill=\"#1b2230\"", spec->series[i].label);
	}
	return e;
}

enum mm_err chart_radar_svg(struct buf *out, const struct chart_radar_spec *spec)
{
	enum mm_err e;
	if (!chart_id_ok(spec->id) || spec->max <= 0 || spec->rings < 1 || spec->rings > 10 ||
	    spec->series_count < 1 || spec->series_count > CHART_RADAR_SERIES_MAX)
		return MM_ERR_INVALID;
	/* a third legend line makes the drawing taller */
	int height = spec->series_count > 2 ? HEIGHT + 28 : HEIGHT;
	if ((e = chart_open_svg(out, spec->id, height, FONT, spec->title, spec->desc)) ||
	    (e = grid(out, spec)))
		return e;
	/* The group and the earlier result first, so that this one is drawn
	 * over them. */
	for (size_t n = spec->series_count; n-- > 0;) {
		const struct chart_radar_series *s = &spec->series[n];
		bool outline = s->dashed || s->dotted;
		char attrs[160];
		if (outline)
			snprintf(attrs, sizeof attrs,
			         " fill=\"none\" stroke=\"%s\" stroke-width=\"3\"%s", stroke[n],
			         dashes(s));
		else
			snprintf(
			    attrs, sizeof attrs,
			    " fill=\"%s\" fill-opacity=\"0.2\" stroke=\"%s\" stroke-width=\"3\"",
			    stroke[n], stroke[n]);
		if ((e = polygon(out, s->values, spec->max, attrs)))
			return e;
		for (int a = 0; !outline && a < CHART_RADAR_AXES; a++) {
			int x, y;
			chart_radar_point(a, s->values[a], spec->max, &x, &y);
			if ((e = buf_printf(out,
			                    "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>", x,
			                    y, stroke[n])))
				return e;
		}
	}
	if ((e = legend(out, spec)))
		return e;
	return buf_append_cstr(out, "</svg>");
}
