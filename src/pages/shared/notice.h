/*
 * notice.h — the one-line notice a page shows after a redirect
 * ("/org?notice=created" → "The organisation was created."). Used by the
 * account, organisation, supporter, declaration, policy and admin pages.
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

/* A notice's name and the catalogue key of its text, for a page whose
 * notices' keys share no prefix. */
struct notice_key {
	const char *name, *key;
};

/* ctx.notice: the catalogue text keys[i].key for ?notice=keys[i].name; ""
 * when the query names none of them. */
MM_MUST_USE enum mm_err notice_set_keyed(struct req *r, struct val *ctx,
                                         const struct notice_key keys[], size_t n);

#endif
