/*
 * identity_view.h — how the identity pages show a level (store/identity.h):
 * its words and, once verified, since when.
 */
#ifndef MM_PAGES_IDENTITY_VIEW_H
#define MM_PAGES_IDENTITY_VIEW_H

#include "store/identity.h"
#include "view/value.h"
#include "web/req.h"

/* ctx.NAME = {code ("letter"), text ("…（2026年12月5日）"), verified}. */
MM_MUST_USE enum mm_err identity_view_level(struct req *r, struct val *ctx, const char *name,
                                            enum org_identity level, int64_t at);

#endif
