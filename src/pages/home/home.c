/*
 * home.c — "/": what the declaration scheme is and why it matters to a
 * small firm. The text is in the catalogues; this only links what exists.
 */
#include "web/page.h"
#include "web/router.h"

static enum mm_err page_home(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_cstr(r->arena, ctx, "rules_url", "/rules"))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "home", ctx, page_t(r, "home.title"), NULL);
}

/* This file's routes, in dispatch order (see home_routes.c). */
const struct route_table home_routes = ROUTE_TABLE(ROUTE_GET("/", page_home, RIGHT_PUBLIC));
