/*
 * policy_preview.h — the preview of r->org's draft (GET
 * /policy/edit/{org}/preview, RIGHT_ORG_READ): the document as it would
 * be published, the steps publishing still needs, and — for an owner with
 * a complete draft — the publish button. Publishing (policy_publish.c)
 * shows it again with 422 when the draft is not complete.
 *
 * Reads only; never stores the draft it shows.
 */
#ifndef MM_PAGES_POLICY_PREVIEW_H
#define MM_PAGES_POLICY_PREVIEW_H

#include "web/req.h"

/* status 200, or 422 when publishing was refused. */
MM_MUST_USE enum mm_err policy_preview_render(struct req *r, struct res *res, struct store *s,
                                              int status);

#endif
