/*
 * mark.h — our own mark for a declaration (not the scheme's registered
 * logo) and the live badge, drawn by the program: SVG text, or PNG through
 * cairo. The mark shows the level as stars, the level's words in Japanese
 * and English, the declaration ID and a QR code (libqrencode) of the
 * verification URL. Pure drawing: the caller supplies every word (from the
 * catalogue) and the URL; nothing here looks anything up.
 */
#ifndef MM_MARK_H
#define MM_MARK_H

#include "lib/str.h"

#define MARK_WIDTH 400 /* SVG user units; PNGs are scaled from this */
#define MARK_HEIGHT 200
#define MARK_PNG_MIN 200
#define MARK_PNG_MAX 2000
#define BADGE_HEIGHT 20          /* the badge without a declarant (an unknown ID) */
#define BADGE_HEIGHT_NAMED 40    /* with the declarant's name and the ID under it */
#define BADGE_NAME_MAX_WIDTH 220 /* px at the badge's 11 px: longer names end in "…" */

enum mark_theme { MARK_LIGHT, MARK_DARK };

struct mark {
	struct str url;             /* what the QR code holds */
	struct str id;              /* 11 digits */
	int level;                  /* 1 or 2 */
	struct str title, title_en; /* the words above the stars */
	struct str level_words, level_words_en;
	struct str id_label; /* "宣言ID" */
	enum mark_theme theme;
};

/* The mark as an SVG document. MM_ERR_INVALID when the URL does not fit a
 * QR code. */
MM_MUST_USE enum mm_err mark_svg(struct buf *out, const struct mark *m);
/* The mark as a PNG width pixels wide (MARK_PNG_MIN…MARK_PNG_MAX). */
MM_MUST_USE enum mm_err mark_png(struct buf *out, const struct mark *m, int width);

enum badge_tone { BADGE_GOOD, BADGE_ENDED, BADGE_REVOKED, BADGE_UNKNOWN };

/* A small badge: label | status, coloured by tone, and under it whose it
 * is: the declarant's name (shortened with "…" to BADGE_NAME_MAX_WIDTH)
 * and id_text ("ID 12345678901"). Without name and id_text it is one row
 * (BADGE_HEIGHT), else two (BADGE_HEIGHT_NAMED). */
MM_MUST_USE enum mm_err mark_badge_svg(struct buf *out, struct str label, struct str status,
                                       enum badge_tone tone, struct str name, struct str id_text);
/* The width in px of text at the badge's 11 px, estimated per character:
 * full-width (East Asian wide: kanji, kana, full-width forms, ★) 11,
 * half-width kana 6, narrow Latin by shape 3.5…9.5, combining marks 0.
 * Text that is not valid UTF-8 counts 11 a byte. */
double mark_text_width(struct str s);
/* The length in bytes of the longest start of s that fits max_width px
 * together with the ellipsis; s.n when all of s fits without one. */
size_t mark_text_fit(struct str s, double max_width);

#endif
