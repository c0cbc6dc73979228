/*
 * mark.c — see mark.h. One layout, two renderers: the SVG writer and the
 * cairo painter walk the same positions (the constants below), so the PNG
 * and the SVG look alike. The QR code always sits on a white panel with a
 * four-module quiet zone: scanners need dark modules on light ground, also
 * on the dark variant.
 */
#include "view/mark.h"

#include <cairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

#define QR_X 20.0
#define QR_Y 20.0
#define QR_SIZE 160.0 /* panel, quiet zone included */
#define QR_QUIET 4
#define TEXT_X 200.0
#define STAR_Y 100.0
#define STAR_R 16.0

static const char font_family[] = "Noto Sans CJK JP";
static const char svg_fonts[] = "'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif";

/* A five-pointed star, outer radius 1, inner 0.382, point up. */
static const double star_points[10][2] = {
    {0, -1},     {0.2245, -0.3090}, {0.9511, -0.3090}, {0.3633, 0.1180},   {0.5878, 0.8090},
    {0, 0.3820}, {-0.5878, 0.8090}, {-0.3633, 0.1180}, {-0.9511, -0.3090}, {-0.2245, -0.3090},
};

/* Colours as "#rrggbb", written as they are into the SVG and read by
 * cairo_hex() for the PNG, so the two cannot drift apart. */
struct palette {
	const char *background, *border, *text, *star;
};

static const struct palette palettes[] = {
    [MARK_LIGHT] = {"#ffffff", "#1d3557", "#1d3557", "#d98e04"},
    [MARK_DARK] = {"#14213d", "#fcbf49", "#ffffff", "#fcbf49"},
};

/* Text lines of the right-hand side: baseline y, size, bold. */
struct line {
	double y, size;
	bool bold;
};
static const struct line line_title = {48, 15, true}, line_title_en = {66, 10.5, false},
                         line_level = {146, 20, true}, line_level_en = {164, 11, false},
                         line_id = {186, 12.5, true};

static QRcode *qr_of(struct str url)
{
	char text[1024];
	if (url.n == 0 || url.n >= sizeof text)
		return NULL;
	memcpy(text, url.p, url.n);
	text[url.n] = '\0';
	return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

static double star_x(int i)
{
	return TEXT_X + STAR_R + 4 + i * (STAR_R * 2 + 8);
}

/* ---------------------------------------------------------------- SVG */

static enum mm_err svg_text(struct buf *b, const struct line *l, const char *fill, struct str text)
{
	if (buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%.1f\"%s fill=\"%s\">", TEXT_X,
	               l->y, l->size, l->bold ? " font-weight=\"bold\"" : "", fill) ||
	    buf_append_html(b, text) || buf_append_cstr(b, "</text>\n"))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err svg_qr(struct buf *b, const QRcode *qr)
{
	int total = qr->width + 2 * QR_QUIET;
	double module = QR_SIZE / total;
	if (buf_printf(
	        b,
	        "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
	        QR_X, QR_Y, QR_SIZE, QR_SIZE) ||
	    buf_printf(b, "<path fill=\"#000000\" shape-rendering=\"crispEdges\" d=\""))
		return MM_ERR_NOMEM;
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if ((qr->data[y * qr->width + x] & 1) &&
			    buf_printf(b, "M%.3f %.3fh%.3fv%.3fh-%.3fz",
			               QR_X + (x + QR_QUIET) * module,
			               QR_Y + (y + QR_QUIET) * module, module, module, module))
				return MM_ERR_NOMEM;
	return buf_append_cstr(b, "\"/>\n") ? MM_ERR_NOMEM : MM_OK;
}

static enum mm_err svg_star(struct buf *b, double cx, double cy, const char *fill)
{
	if (buf_printf(b, "<polygon fill=\"%s\" points=\"", fill))
		return MM_ERR_NOMEM;
	for (int i = 0; i < 10; i++)
		if (buf_printf(b, "%s%.2f,%.2f", i ? " " : "", cx + star_points[i][0] * STAR_R,
		               cy + star_points[i][1] * STAR_R))
			return MM_ERR_NOMEM;
	return buf_append_cstr(b, "\"/>\n") ? MM_ERR_NOMEM : MM_OK;
}

static struct str id_line(char *space, size_t cap, const struct mark *m)
{
	int n = snprintf(space, cap, "%.*s %.*s", (int)m->id_label.n, m->id_label.p, (int)m->id.n,
	                 m->id.p);
	return n < 0 || (size_t)n >= cap ? STR_NULL : (struct str){space, (size_t)n};
}

enum mm_err mark_svg(struct buf *b, const struct mark *m)
{
	const struct palette *p = &palettes[m->theme];
	char id_text[128];
	struct str id = id_line(id_text, sizeof id_text, m);
	QRcode *qr = qr_of(m->url);
	enum mm_err e = MM_OK;
	if (!qr || !id.p) {
		QRcode_free(qr);
		return MM_ERR_INVALID;
	}
	if (buf_printf(b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	               "viewBox=\"0 0 %d %d\""
	               " role=\"img\" aria-label=\"",
	               MARK_WIDTH, MARK_HEIGHT, MARK_WIDTH, MARK_HEIGHT) ||
	    buf_append_html(b, m->title) || buf_append_char(b, ' ') ||
	    buf_append_html(b, m->level_words) || buf_append_char(b, ' ') ||
	    buf_append_html(b, id) || buf_printf(b, "\" font-family=\"%s\">\n", svg_fonts) ||
	    buf_printf(b,
	               "<rect x=\"2\" y=\"2\" width=\"%d\" height=\"%d\" rx=\"14\" fill=\"%s\" "
	               "stroke=\"%s\""
	               " stroke-width=\"4\"/>\n",
	               MARK_WIDTH - 4, MARK_HEIGHT - 4, p->background, p->border))
		e = MM_ERR_NOMEM;
	if (!e)
		e = svg_qr(b, qr);
	if (!e && !(e = svg_text(b, &line_title, p->text, m->title)))
		e = svg_text(b, &line_title_en, p->text, m->title_en);
	for (int i = 0; i < m->level && !e; i++)
		e = svg_star(b, star_x(i), STAR_Y, p->star);
	if (!e && !(e = svg_text(b, &line_level, p->text, m->level_words)) &&
	    !(e = svg_text(b, &line_level_en, p->text, m->level_words_en)) &&
	    !(e = svg_text(b, &line_id, p->text, id)))
		e = buf_append_cstr(b, "</svg>\n") ? MM_ERR_NOMEM : MM_OK;
	QRcode_free(qr);
	return e;
}

/* ---------------------------------------------------------------- PNG */

/* hex is one of the palette's "#rrggbb". */
static void cairo_hex(cairo_t *cr, const char *hex)
{
	unsigned long rgb = strtoul(hex + 1, NULL, 16);
	cairo_set_source_rgb(cr, (double)(rgb >> 16 & 0xff) / 255, (double)(rgb >> 8 & 0xff) / 255,
	                     (double)(rgb & 0xff) / 255);
}

static void png_text(cairo_t *cr, const struct line *l, struct str text)
{
	char s[256];
	size_t n = text.n < sizeof s - 1
	               ? text.n
	               : 0; /* longer text is not drawn rather than cut mid-character */
	memcpy(s, text.p, n);
	s[n] = '\0';
	cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
	                       l->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, l->size);
	cairo_move_to(cr, TEXT_X, l->y);
	cairo_show_text(cr, s);
}

static void png_star(cairo_t *cr, double cx, double cy)
{
	for (int i = 0; i < 10; i++)
		(i ? cairo_line_to : cairo_move_to)(cr, cx + star_points[i][0] * STAR_R,
		                                    cy + star_points[i][1] * STAR_R);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void png_qr(cairo_t *cr, const QRcode *qr)
{
	int total = qr->width + 2 * QR_QUIET;
	double module = QR_SIZE / total;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, QR_X, QR_Y, QR_SIZE, QR_SIZE);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				cairo_rectangle(cr, QR_X + (x + QR_QUIET) * module,
				                QR_Y + (y + QR_QUIET) * module, module, module);
	cairo_fill(cr);
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_append(closure, data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -1.5707963, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, 1.5707963);
	cairo_arc(cr, x + r, y + h - r, r, 1.5707963, 3.1415927);
	cairo_arc(cr, x + r, y + r, r, 3.1415927, 4.712389);
	cairo_close_path(cr);
}

enum mm_err mark_png(struct buf *b, const struct mark *m, int width)
{
	const struct palette *p = &palettes[m->theme];
	char id_text[128];
	struct str id = id_line(id_text, sizeof id_text, m);
	if (width < MARK_PNG_MIN || width > MARK_PNG_MAX || !id.p)
		return MM_ERR_INVALID;
	QRcode *qr = qr_of(m->url);
	if (!qr)
		return MM_ERR_INVALID;
	int height = width * MARK_HEIGHT / MARK_WIDTH;
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
	cairo_t *cr = cairo_create(surface);
	double scale = (double)width / MARK_WIDTH;
	cairo_scale(cr, scale, scale);
	/* crisp QR modules: no anti-aliasing on the code itself */
	rounded_rect(cr, 2, 2, MARK_WIDTH - 4, MARK_HEIGHT - 4, 14);
	cairo_hex(cr, p->background);
	cairo_fill_preserve(cr);
	cairo_set_line_width(cr, 4);
	cairo_hex(cr, p->border);
	cairo_stroke(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	png_qr(cr, qr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
	cairo_hex(cr, p->star);
	for (int i = 0; i < m->level; i++)
		png_star(cr, star_x(i), STAR_Y);
	cairo_hex(cr, p->text);
	png_text(cr, &line_title, m->title);
	png_text(cr, &line_title_en, m->title_en);
	png_text(cr, &line_level, m->level_words);
	png_text(cr, &line_level_en, m->level_words_en);
	png_text(cr, &line_id, id);
	cairo_surface_flush(surface);
	cairo_status_t status = cairo_status(cr);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_write_to_png_stream(surface, png_write, b);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	QRcode_free(qr);
	return status == CAIRO_STATUS_SUCCESS       ? MM_OK
	       : status == CAIRO_STATUS_WRITE_ERROR ? MM_ERR_NOMEM
	                                            : MM_ERR_IO;
}

/* ---------------------------------------------------------------- badge */

/* Wide characters (East Asian Width W or F, and the ambiguous symbols a
 * Japanese font draws full-width), as ranges of code points. */
static const uint32_t wide_ranges[][2] = {
    {0x1100, 0x115f}, {0x2025, 0x2026},   {0x2460, 0x27bf},   {0x2e80, 0x303e},
    {0x3041, 0x33ff}, {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xac00, 0xd7a3}, {0xf900, 0xfaff},   {0xfe30, 0xfe4f},   {0xff00, 0xff60},
    {0xffe0, 0xffe6}, {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd},
};
/* Characters drawn on the one before (combining marks, variation
 * selectors, zero-width spaces and joiners, the kana voicing marks). */
static const uint32_t zero_ranges[][2] = {
    {0x0300, 0x036f}, {0x1ab0, 0x1aff}, {0x200b, 0x200f}, {0x20d0, 0x20ff},
    {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xe0100, 0xe01ef},
};

#define BADGE_WIDE 11.0
#define BADGE_ELLIPSIS "\u2026" /* drawn full-width by a Japanese font */

static bool in_ranges(uint32_t c, const uint32_t (*ranges)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	return false;
}

static double char_width(uint32_t c)
{
	if (c < 0x80) {
		if (strchr(" .,:;'!|ilj", (int)c) && c)
			return 3.5;
		if (strchr("mwMW@", (int)c) && c)
			return 9.5;
		return c >= 'A' && c <= 'Z' ? 7.5 : 6.5;
	}
	if (in_ranges(c, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
		return 0;
	if (c >= 0xff61 && c <= 0xff9f)
		return 6; /* half-width katakana */
	if (in_ranges(c, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
		return BADGE_WIDE;
	return 7; /* other alphabets: Latin letters with accents, Greek, Cyrillic */
}

double mark_text_width(struct str s)
{
	double w = 0;
	if (!utf8_valid(s))
		return BADGE_WIDE * (double)s.n;
	for (size_t i = 0; i < s.n;)
		w += char_width(utf8_next(s, &i));
	return w;
}

size_t mark_text_fit(struct str s, double max_width)
{
	if (mark_text_width(s) <= max_width)
		return s.n;
	if (!utf8_valid(s))
		return 0;
	double w = BADGE_WIDE; /* the ellipsis */
	size_t fit = 0;
	for (size_t i = 0; i < s.n;) {
		w += char_width(utf8_next(s, &i));
		if (w > max_width)
			break;
		fit = i;
	}
	return fit;
}

/* The text's width rounded up to whole px. */
static int text_width(struct str s)
{
	return (int)(mark_text_width(s) + 0.999);
}

/* The name as drawn: whole, or its start and "…". */
static enum mm_err append_name(struct buf *b, struct str name, size_t fit)
{
	enum mm_err e = buf_append_html(b, (struct str){name.p, fit});
	return !e && fit < name.n ? buf_append_cstr(b, BADGE_ELLIPSIS) : e;
}

enum mm_err mark_badge_svg(struct buf *b, struct str label, struct str status, enum badge_tone tone,
                           struct str name, struct str id_text)
{
	static const char *const colours[] = {[BADGE_GOOD] = "#1a7f37",
	                                      [BADGE_ENDED] = "#6e7781",
	                                      [BADGE_REVOKED] = "#b42318",
	                                      [BADGE_UNKNOWN] = "#6e7781"};
	bool named = name.n || id_text.n;
	size_t fit = mark_text_fit(name, BADGE_NAME_MAX_WIDTH);
	int name_w = fit < name.n ? text_width((struct str){name.p, fit}) + (int)BADGE_WIDE
	                          : text_width(name);
	int lw = text_width(label) + 12, sw = text_width(status) + 12, w = lw + sw;
	int id_w = text_width(id_text), row2 = 6 + name_w + (name.n ? 12 : 0) + id_w + 6;
	if (named && row2 > w) {
		sw += row2 - w; /* the status part takes what the second row needs more */
		w = row2;
	}
	int h = named ? BADGE_HEIGHT_NAMED : BADGE_HEIGHT;
	if (buf_printf(b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	               "viewBox=\"0 0 %d %d\""
	               " role=\"img\" aria-label=\"",
	               w, h, w, h) ||
	    buf_append_html(b, label) || buf_append_cstr(b, ": ") || buf_append_html(b, status) ||
	    (named && (buf_append_cstr(b, " \u2014 ") || buf_append_html(b, name) ||
	               buf_append_cstr(b, " ") || buf_append_html(b, id_text))) ||
	    buf_printf(b, "\" font-family=\"%s\" font-size=\"11\">\n", svg_fonts) ||
	    buf_printf(b, "<rect width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#3d4451\"/>\n", w, h) ||
	    buf_printf(b, "<rect x=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", lw, sw,
	               BADGE_HEIGHT, colours[tone]) ||
	    buf_printf(b, "<text x=\"6\" y=\"14\" fill=\"#ffffff\">") ||
	    buf_append_html(b, label) ||
	    buf_printf(b, "</text>\n<text x=\"%d\" y=\"14\" fill=\"#ffffff\" font-weight=\"bold\">",
	               lw + 6) ||
	    buf_append_html(b, status) || buf_append_cstr(b, "</text>\n"))
		return MM_ERR_NOMEM;
	if (named &&
	    (buf_printf(b,
	                "<rect x=\"1\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
	                "<text x=\"6\" y=\"%d\" fill=\"#1d3557\" font-weight=\"bold\">",
	                BADGE_HEIGHT, w - 2, BADGE_HEIGHT - 1, BADGE_HEIGHT + 14) ||
	     append_name(b, name, fit) ||
	     buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" fill=\"#3d4451\" text-anchor=\"end\">",
	                w - 6, BADGE_HEIGHT + 14) ||
	     buf_append_html(b, id_text) || buf_append_cstr(b, "</text>\n")))
		return MM_ERR_NOMEM;
	return buf_append_cstr(b, "</svg>\n") ? MM_ERR_NOMEM : MM_OK;
}
