/*
 * verify_view.h — one declaration as the verification page shows it, and
 * the words the page, the badge and the mark share.
 */
#ifndef MM_VERIFY_VIEW_H
#define MM_VERIFY_VIEW_H

#include "store/verification.h"
#include "view/value.h"
#include "web/req.h"

/* Sets has_result and result.* in ctx. number: the normalised corporate
 * number to compare, or NULL when none was given. */
MM_MUST_USE enum mm_err verify_view_result(struct req *r, struct val *ctx,
                                           const struct verification *v, const struct str *number);

/* "2024年5月1日" / "1 May 2024" for a Unix time (Japan's calendar day). */
const char *verify_view_date(struct req *r, int64_t unix_s);

/* Catalogue text for "PREFIX.N" (levels, prefectures). */
struct str verify_view_numbered(struct req *r, const char *prefix, int n);

#endif
