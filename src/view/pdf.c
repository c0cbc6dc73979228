/*
 * pdf.c — see pdf.h. One pass down the page: each block is laid out by
 * pango at the text width and drawn line by line, so that a block can
 * run on to the next page without losing a line.
 */
#include "view/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "lib/log.h"

/* A4 in points (1/72 inch) and the margins (20 mm sides, 22 mm top). */
#define PAGE_WIDTH 595.28
#define PAGE_HEIGHT 841.89
#define MARGIN_SIDE 56.7
#define MARGIN_TOP 62.4
#define MARGIN_BOTTOM 62.4
#define FOOTER_GAP 28.0 /* from the bottom edge to the footer's baseline area */

#define FONT_FAMILIES "Noto Sans CJK JP, IPAexGothic, sans-serif"
#define TITLE_SIZE 17.0
#define HEADING_SIZE 11.5
#define BODY_SIZE 10.5
#define NOTE_SIZE 8.0
#define LINE_SPACING 1.45 /* of the font size, for Japanese readability */
#define SPACE_AFTER_TITLE 16.0
#define SPACE_AFTER_HEADING 3.0
#define SPACE_AFTER_PARAGRAPH 8.0
#define HEADING_KEEP_LINES 2 /* body lines that must fit below a heading */

struct sink {
	struct buf buf;
	bool too_large;
};

struct page {
	const struct pdf_radar *radar; /* what a PDF_RADAR block draws; NULL: nothing */
	cairo_t *cr;
	PangoContext *pango;
	const struct pdf_document *doc;
	double y; /* top of the next line */
	int number;
};

/*
 * Debian's cairo 1.16 leaks a little in its font subsetting when a PDF
 * surface is finished, and fontconfig 2.14 while it parses its
 * configuration; both are the libraries' own, happen whatever the caller
 * does, and would fail every sanitizer run that draws a PDF. A sanitizer
 * build tells LeakSanitizer to ignore leaks allocated inside those two
 * libraries, and nothing else (our own leaks are still reported).
 */
#if defined(__SANITIZE_ADDRESS__)
#define PDF_LSAN_HOOK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_LSAN_HOOK 1
#endif
#endif
#ifdef PDF_LSAN_HOOK
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
#endif

static cairo_status_t write_chunk(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;
	if (buf_append(&s->buf, data, length)) {
		s->too_large = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static double font_size(enum pdf_block_kind kind)
{
	switch (kind) {
	case PDF_TITLE:
		return TITLE_SIZE;
	case PDF_HEADING:
		return HEADING_SIZE;
	case PDF_NOTE:
		return NOTE_SIZE;
	case PDF_PARAGRAPH:
	case PDF_RIGHT:
	case PDF_RADAR:
		break;
	}
	return BODY_SIZE;
}

static double space_after(enum pdf_block_kind kind)
{
	return kind == PDF_TITLE     ? SPACE_AFTER_TITLE
	       : kind == PDF_HEADING ? SPACE_AFTER_HEADING
	                             : SPACE_AFTER_PARAGRAPH;
}

static PangoLayout *layout_for(struct page *p, enum pdf_block_kind kind, struct str text)
{
	PangoLayout *layout = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT_FAMILIES);
	double size = font_size(kind);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	if (kind == PDF_TITLE || kind == PDF_HEADING)
		pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)((PAGE_WIDTH - 2 * MARGIN_SIDE) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, kind == PDF_TITLE   ? PANGO_ALIGN_CENTER
	                                   : kind == PDF_RIGHT ? PANGO_ALIGN_RIGHT
	                                                       : PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, text.p ? text.p : "", (int)text.n);
	return layout;
}

static double line_height(enum pdf_block_kind kind)
{
	return font_size(kind) * LINE_SPACING;
}

static void set_colour(struct page *p, enum pdf_block_kind kind)
{
	double grey = kind == PDF_NOTE ? 0.35 : 0;
	cairo_set_source_rgb(p->cr, grey, grey, grey);
}

static void draw_footer(struct page *p)
{
	if (p->doc->footer.n == 0)
		return;
	PangoLayout *layout = layout_for(p, PDF_NOTE, p->doc->footer);
	int height;
	pango_layout_get_size(layout, NULL, &height);
	set_colour(p, PDF_NOTE);
	cairo_move_to(p->cr, MARGIN_SIDE, PAGE_HEIGHT - FOOTER_GAP - (double)height / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, layout);
	g_object_unref(layout);
}

static void new_page(struct page *p)
{
	draw_footer(p);
	cairo_show_page(p->cr);
	p->y = MARGIN_TOP;
	p->number++;
}

/* Draws one block from p->y on, turning pages where it must. */
static void draw_block(struct page *p, const struct pdf_block *b)
{
	double lh = line_height(b->kind);
	double bottom = PAGE_HEIGHT - MARGIN_BOTTOM;
	PangoLayout *layout = layout_for(p, b->kind, b->text);
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	int lines = pango_layout_get_line_count(layout);
	double keep = b->kind == PDF_HEADING ? lh + HEADING_KEEP_LINES * line_height(PDF_PARAGRAPH)
	                                     : lh * (lines < 2 ? lines : 2);
	if (p->y > MARGIN_TOP && p->y + keep > bottom)
		new_page(p);
	set_colour(p, b->kind);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		if (p->y + lh > bottom) {
			new_page(p);
			set_colour(p, b->kind);
		}
		/* Baseline sits where a line of lh would put it, centred. */
		double ascent =
		    (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
		double height = (double)logical.height / PANGO_SCALE;
		cairo_move_to(p->cr, MARGIN_SIDE + (double)logical.x / PANGO_SCALE,
		              p->y + (lh - height) / 2 + ascent);
		pango_cairo_show_layout_line(p->cr, line);
		p->y += lh;
	} while (pango_layout_iter_next_line(it));
	p->y += space_after(b->kind);
	pango_layout_iter_free(it);
	g_object_unref(layout);
}

/* Radar: its height on the page, and the scale from chart_radar.h's
 * viewBox units (radius 140 at the outer ring) to points. */
#define RADAR_HEIGHT 190.0
#define RADAR_RADIUS 75.0
#define RADAR_LABEL_RADIUS 88.0
#define RADAR_CHART_RADIUS 140.0 /* chart_radar.c's outer ring */

static void radar_point(const struct pdf_radar *r, int axis, int value, double cx, double cy,
                        double *x, double *y)
{
	int ox, oy, px, py;
	chart_radar_point(axis, 0, r->max, &ox, &oy);
	chart_radar_point(axis, value, r->max, &px, &py);
	*x = cx + (px - ox) * RADAR_RADIUS / RADAR_CHART_RADIUS;
	*y = cy + (py - oy) * RADAR_RADIUS / RADAR_CHART_RADIUS;
}

static void radar_path(cairo_t *cr, const struct pdf_radar *r, const int *values, int fixed,
                       double cx, double cy)
{
	for (int a = 0; a < CHART_RADAR_AXES; a++) {
		double x, y;
		radar_point(r, a, values ? values[a] : fixed, cx, cy, &x, &y);
		if (a == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_close_path(cr);
}

static void draw_radar(struct page *p, const struct pdf_radar *r)
{
	cairo_t *cr = p->cr;
	if (!r || r->max <= 0 || r->rings < 1 || r->series_count > CHART_RADAR_SERIES_MAX)
		return;
	if (p->y > MARGIN_TOP && p->y + RADAR_HEIGHT > PAGE_HEIGHT - MARGIN_BOTTOM)
		new_page(p);
	double cx = PAGE_WIDTH / 2, cy = p->y + RADAR_HEIGHT / 2;
	cairo_save(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_set_source_rgb(cr, 0.77, 0.82, 0.86);
	for (int k = 1; k <= r->rings; k++) {
		radar_path(cr, r, NULL, r->max * k / r->rings, cx, cy);
		cairo_stroke(cr);
	}
	for (int a = 0; a < CHART_RADAR_AXES; a++) {
		double x, y;
		radar_point(r, a, r->max, cx, cy, &x, &y);
		cairo_move_to(cr, cx, cy);
		cairo_line_to(cr, x, y);
		cairo_stroke(cr);
	}
	for (size_t n = r->series_count; n-- > 0;) {
		if (!r->series[n])
			continue;
		radar_path(cr, r, r->series[n], 0, cx, cy);
		if (n == 0) {
			cairo_set_source_rgba(cr, 0.06, 0.30, 0.51, 0.2);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 0.06, 0.30, 0.51);
			cairo_set_dash(cr, NULL, 0, 0);
		} else {
			static const double dash[] = {4, 3};
			cairo_set_source_rgb(cr, 0.54, 0.29, 0);
			cairo_set_dash(cr, dash, 2, 0);
		}
		cairo_set_line_width(cr, 1.6);
		cairo_stroke(cr);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int a = 0; a < CHART_RADAR_AXES; a++) {
		double x, y;
		int w, h;
		radar_point(r, a, r->max, cx, cy, &x, &y);
		x = cx + (x - cx) * RADAR_LABEL_RADIUS / RADAR_RADIUS;
		y = cy + (y - cy) * RADAR_LABEL_RADIUS / RADAR_RADIUS;
		PangoLayout *layout = layout_for(p, PDF_HEADING, r->axis_labels[a]);
		pango_layout_set_width(layout, -1);
		pango_layout_get_size(layout, &w, &h);
		cairo_move_to(cr, x - (double)w / PANGO_SCALE / 2, y - (double)h / PANGO_SCALE / 2);
		pango_cairo_show_layout(cr, layout);
		g_object_unref(layout);
	}
	cairo_restore(cr);
	p->y += RADAR_HEIGHT + SPACE_AFTER_PARAGRAPH;
}

static void set_metadata(cairo_surface_t *surface, struct arena *a, const struct pdf_document *doc)
{
	char *title = str_dup(a, doc->title);
	if (title && title[0])
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mamori");
}

static enum mm_err draw_document(struct arena *a, cairo_surface_t *surface,
                                 const struct pdf_document *doc, const struct pdf_radar *radar)
{
	PangoFontMap *fonts = pango_cairo_font_map_new();
	cairo_t *cr = cairo_create(surface);
	struct page p = {.radar = radar, .cr = cr, .doc = doc, .y = MARGIN_TOP, .number = 1};
	char *lang = str_dup(a, doc->lang);
	if (!fonts || !lang) {
		cairo_destroy(cr);
		if (fonts)
			g_object_unref(fonts);
		return MM_ERR_NOMEM;
	}
	p.pango = pango_font_map_create_context(fonts);
	pango_cairo_update_context(cr, p.pango);
	pango_context_set_language(p.pango, pango_language_from_string(lang[0] ? lang : "ja"));
	set_metadata(surface, a, doc);
	for (size_t i = 0; i < doc->block_count; i++) {
		if (doc->blocks[i].kind == PDF_RADAR)
			draw_radar(&p, p.radar);
		else
			draw_block(&p, &doc->blocks[i]);
	}
	draw_footer(&p);
	cairo_show_page(cr);
	cairo_status_t status = cairo_status(cr);
	g_object_unref(p.pango);
	cairo_destroy(cr);
	g_object_unref(fonts);
	if (status != CAIRO_STATUS_SUCCESS) {
		log_error("pdf: cairo: %s", cairo_status_to_string(status));
		return MM_ERR_IO;
	}
	return MM_OK;
}

enum mm_err pdf_render(struct arena *a, const struct pdf_document *doc, struct str *out)
{
	return pdf_render_radar(a, doc, NULL, out);
}

enum mm_err pdf_render_radar(struct arena *a, const struct pdf_document *doc,
                             const struct pdf_radar *radar, struct str *out)
{
	struct sink sink = {0};
	if (!doc || doc->block_count > PDF_MAX_BLOCKS || (doc->block_count && !doc->blocks))
		return MM_ERR_INVALID;
	buf_init(&sink.buf, a, PDF_MAX_BYTES);
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(write_chunk, &sink, PAGE_WIDTH, PAGE_HEIGHT);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return MM_ERR_NOMEM;
	}
	enum mm_err e = draw_document(a, surface, doc, radar);
	cairo_surface_finish(surface);
	cairo_status_t status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (sink.too_large)
		return MM_ERR_TOO_LONG;
	if (e)
		return e;
	if (status != CAIRO_STATUS_SUCCESS) {
		log_error("pdf: surface: %s", cairo_status_to_string(status));
		return MM_ERR_IO;
	}
	*out = buf_str(&sink.buf);
	return MM_OK;
}
