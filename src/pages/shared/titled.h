/*
 * titled.h — rendering a page whose title and breadcrumbs come from the
 * catalogue: Home › PARENT › TITLE, the title also in <title>. Used by the
 * organisation, supporter and declaration pages.
 *
 * Takes catalogue keys, never text: a title is always ours.
 */
#ifndef MM_PAGES_SHARED_TITLED_H
#define MM_PAGES_SHARED_TITLED_H

#include "view/value.h"
#include "web/req.h"

/* Renders templates/TEMPLATE_NAME.html with ctx, titled by title_key,
 * under Home › parent_key (a link to parent_url) when parent_key is not
 * NULL, else directly under Home. */
MM_MUST_USE enum mm_err titled_render(struct req *r, struct res *res, int status,
                                      const char *template_name, struct val *ctx,
                                      const char *title_key, const char *parent_key,
                                      const char *parent_url);

/* Why an action was refused (templates/refused.html): titled by title_key
 * as titled_render does, the catalogue text message_key, and a link
 * back_key to back_url. */
MM_MUST_USE enum mm_err titled_refuse(struct req *r, struct res *res, int status,
                                      const char *title_key, const char *message_key,
                                      const char *back_key, const char *back_url,
                                      const char *parent_key, const char *parent_url);

#endif
