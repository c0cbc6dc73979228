/*
 * pdf.h — a one-column A4 document as PDF, drawn by cairo with pango
 * laying out the text: a title, headings, paragraphs, lines set to the
 * right (a signature block), a radar chart, and a small footer on every
 * page. The text
 * stays text in the PDF (selectable, searchable, read by pdftotext).
 *
 * Everything given is plain text: it is laid out with
 * pango_layout_set_text, never parsed as markup, so nothing a user typed
 * can change the document's formatting. A line break in a block's text
 * stays a line break. Text that does not fit on a page continues on the
 * next; a heading is never left alone at the bottom of a page.
 *
 * Fonts: Noto Sans CJK JP (Debian fonts-noto-cjk), or IPAexGothic
 * (fonts-ipaexfont-gothic), found through fontconfig. Each call makes its
 * own font map and frees it, so no state is kept between requests or
 * shared between threads.
 */
#ifndef MM_PDF_H
#define MM_PDF_H

#include <stddef.h>

#include "lib/str.h"
#include "view/chart_radar.h"

#define PDF_MAX_BYTES (4u * 1024 * 1024) /* a document larger than this is an error */
#define PDF_MAX_BLOCKS 256

enum pdf_block_kind {
	PDF_TITLE,     /* large, centred */
	PDF_HEADING,   /* bold */
	PDF_PARAGRAPH, /* body text */
	PDF_RIGHT,     /* body text set to the right margin (date, signature) */
	PDF_NOTE,      /* small grey text */
	PDF_RADAR,     /* the radar chart given to pdf_render_radar, centred; text unused */
};

/* A radar chart drawn with the geometry of view/chart_radar.h: rings at
 * max/rings steps, the first series filled, the second (an earlier
 * result) dashed. Values outside 0…max are clamped. */
struct pdf_radar {
	int max, rings;
	const int *series[CHART_RADAR_SERIES_MAX]; /* CHART_RADAR_AXES values each */
	size_t series_count;
	struct str axis_labels[CHART_RADAR_AXES];
};

struct pdf_block {
	enum pdf_block_kind kind;
	struct str text; /* valid UTF-8 */
};

struct pdf_document {
	struct str title;  /* the document's metadata title */
	struct str lang;   /* "ja" / "en": chooses the glyph forms for CJK text */
	struct str footer; /* printed small at the bottom of every page; may be empty */
	const struct pdf_block *blocks;
	size_t block_count;
};

/* Renders doc into the arena; *out is the PDF file. MM_ERR_TOO_LONG when
 * it would exceed PDF_MAX_BYTES, MM_ERR_INVALID for a bad argument. */
MM_MUST_USE enum mm_err pdf_render(struct arena *a, const struct pdf_document *doc,
                                   struct str *out);
/* The same, with the radar chart that the document's PDF_RADAR blocks
 * draw (pdf_render draws none for them). */
MM_MUST_USE enum mm_err pdf_render_radar(struct arena *a, const struct pdf_document *doc,
                                         const struct pdf_radar *radar, struct str *out);

#endif
