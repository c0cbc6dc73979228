/*
 * confirm.c — see confirm.h.
 */
#include "pages/shared/confirm.h"

#include "pages/shared/titled.h"
#include "web/page.h"

/* ctx.reason: the reason field's label and hint (false when the page has
 * none: a template names only values that are set). */
static bool set_reason(struct req *r, struct val *ctx, const struct confirm_reason *reason)
{
	struct val *v = val_set_obj(r->arena, ctx, "reason");
	return v && val_set_str(r->arena, v, "label", page_t(r, reason->label_key)) &&
	       val_set_str(r->arena, v, "hint", page_t(r, reason->hint_key));
}

enum mm_err confirm_page_set(struct webform *f, const struct confirm_page *c)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	if (!c->action || !c->back_url)
		return MM_ERR_NOMEM;
	const char *heading_key = c->heading_key ? c->heading_key : c->title_key;
	if (!val_set_str(a, f->ctx, "heading", page_t(r, heading_key)) ||
	    !val_set_str(a, f->ctx, "lead", c->lead) ||
	    !val_set_str(a, f->ctx, "text", c->text_key ? page_t(r, c->text_key) : STR("")) ||
	    !val_set_str(a, f->ctx, "who", c->who) ||
	    (c->reason ? !set_reason(r, f->ctx, c->reason)
	               : !val_set_bool(a, f->ctx, "reason", false)) ||
	    !val_set_cstr(a, f->ctx, "action", c->action) ||
	    !val_set_str(a, f->ctx, "submit", page_t(r, c->submit_key)) ||
	    !val_set_cstr(a, f->ctx, "back_url", c->back_url) ||
	    !val_set_str(a, f->ctx, "back", page_t(r, c->back_key)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err confirm_render(struct req *r, struct res *res, const struct confirm_page *c)
{
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (!e)
		e = confirm_page_set(&f, c);
	return e ? e
	         : titled_render(r, res, 200, "confirm_page", f.ctx, c->title_key, c->parent_key,
	                         c->parent_url);
}
