/*
 * notice.h — the one-line notice a page shows after a redirect
 * ("/org?notice=created" → "The organisation was created."). Used by the
 * organisation, supporter, declaration, policy and admin pages.
 *
 * The query names a notice, never its words: only names the page lists
 * are shown, as catalogue text, so nobody can put words on our pages
 * through a link.
 */
#ifndef MM_PAGES_SHARED_NOTICE_H
#define MM_PAGES_SHARED_NOTICE_H

#include "view/value.h"
#include "web/req.h"

/* ctx.notice: the catalogue text PREFIX.NAME for ?notice=NAME when NAME
 * is one of allowed; "" otherwise. */
MM_MUST_USE enum mm_err notice_set(struct req *r, struct val *ctx, const char *prefix,
                                   const char *const allowed[], size_t n);

#endif
