/*
 * content.h — long-form content written in CommonMark under content/,
 * rendered once at start with libcmark in safe mode (raw HTML in the
 * source is dropped, unsafe link schemes are removed) and kept for the
 * life of the process; and the same rendering for what users write
 * (news bodies, listing descriptions), with its headings moved below the
 * heading of the page that shows it.
 */
#ifndef MM_CONTENT_H
#define MM_CONTENT_H

#include "view/i18n.h"

#define RULE_COUNT 5 /* the five basic rules of a ★ declaration */

/* A situation of "/help" (core/help.h), from content/help/SLUG.LANG.md. */
struct help_page {
	struct str title; /* plain text, from the file's first "# " line */
	struct str html;  /* the rest, rendered */
	/* The first ordered list of html (the steps of the first hour), as
	 * rendered: a start refuses a page without one. */
	struct str first_steps;
	/* Where in html the items of the last section's list (the contacts)
	 * begin, just after its "<ul>": a page puts the firm's own support
	 * bundle there, first. A start refuses a page without one. */
	size_t contacts_at;
};

struct rule {
	int number;
	struct str title; /* plain text, from the file's first "# " line */
	struct str html;  /* the rest, rendered */
};

/* Renders CommonMark into the arena (safe mode), headings as written: for
 * the program's own content. */
MM_MUST_USE enum mm_err markdown_render(struct arena *a, struct str src, struct str *html);
/* Renders CommonMark a user wrote (safe mode) to be shown under a heading
 * of heading_level (1 to 5), its headings an outline below that one: the
 * first, and any written at its level or higher, one level below
 * heading_level ("# " or "## " under the page's h1 becomes h2); each other
 * one level below the nearest earlier heading written higher. So the text
 * never adds a second h1, never climbs above the section it sits in, and
 * never skips a level; none goes below h6. */
MM_MUST_USE enum mm_err markdown_render_under(struct arena *a, struct str src, int heading_level,
                                              struct str *html);
/* Splits "# Title\n\nbody" and renders the body. */
MM_MUST_USE enum mm_err markdown_titled(struct arena *a, struct str src, struct str *title,
                                        struct str *html);

MM_MUST_USE enum mm_err content_load(struct arena *a, char err[TPL_ERR_MAX]);
const struct rule *content_rules(enum lang l); /* RULE_COUNT entries */
/* The page of help_situations[i] (i < HELP_SITUATION_COUNT). */
const struct help_page *content_help(enum lang l, size_t i);

#endif
