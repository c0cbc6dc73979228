/*
 * home.c — "/": what the declaration scheme is and why it matters to a
 * small firm. The text is in the catalogues; this only links what exists.
 */
#include "web/page.h"
#include "pages/home/home_routes.h"

enum mm_err page_home(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_cstr(r->arena, ctx, "rules_url", "/rules"))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "home", ctx, page_t(r, "home.title"), NULL);
}
