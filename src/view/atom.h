/*
 * atom.h — Atom feeds (RFC 4287) written from the program's own values.
 * Every text is escaped for XML (& < > " '), and a text with a character
 * XML 1.0 does not allow (a control character other than tab and line
 * breaks, or invalid UTF-8) is refused rather than written: a feed is
 * either well formed or not written at all. Entry content is HTML, sent
 * escaped as type="html".
 *
 * Ids are whatever the caller gives (tag: URIs that never change for a
 * thing); times are Unix seconds, written as RFC 3339 in UTC.
 */
#ifndef MM_VIEW_ATOM_H
#define MM_VIEW_ATOM_H

#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define ATOM_CONTENT_TYPE "application/atom+xml; charset=utf-8"

struct atom_feed {
	struct str id, title, self_url, html_url;
	struct str lang; /* xml:lang, "ja" */
	int64_t updated; /* the newest entry's, or the feed's own start when empty */
};

struct atom_entry {
	struct str id, title, url, author, summary;
	struct str content_html; /* "" for none: the summary stands alone */
	struct str categories;   /* comma-joined terms, "" for none */
	int64_t published, updated;
};

/* The whole feed into b. MM_ERR_INVALID when a text cannot be XML (see
 * above) or a required one (ids, titles, urls, author) is empty. */
MM_MUST_USE enum mm_err atom_write(struct buf *b, const struct atom_feed *feed,
                                   const struct atom_entry *entries, size_t n);

#endif
