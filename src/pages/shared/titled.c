/*
 * titled.c — see titled.h.
 */
#include "pages/shared/titled.h"

#include "web/page.h"

enum mm_err titled_render(struct req *r, struct res *res, int status, const char *template_name,
                          struct val *ctx, const char *title_key, const char *parent_key,
                          const char *parent_url)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || (parent_key && page_crumb(r, crumbs, page_t(r, parent_key), parent_url)) ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, page_t(r, title_key), crumbs);
}

enum mm_err titled_refuse(struct req *r, struct res *res, int status, const char *title_key,
                          const char *message_key, const char *back_key, const char *back_url,
                          const char *parent_key, const char *parent_url)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx || !val_set_str(r->arena, ctx, "heading", page_t(r, title_key)) ||
	    !val_set_str(r->arena, ctx, "message", page_t(r, message_key)) ||
	    !val_set_str(r->arena, ctx, "back_label", page_t(r, back_key)) ||
	    !val_set_cstr(r->arena, ctx, "back_url", back_url))
		return MM_ERR_NOMEM;
	return titled_render(r, res, status, "refused", ctx, title_key, parent_key, parent_url);
}
