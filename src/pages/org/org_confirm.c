/*
 * org_confirm.c — see org_confirm.h.
 */
#include "pages/org/org_confirm.h"

#include <stdarg.h>

#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/webform.h"

enum mm_err org_confirm(struct req *r, struct res *res, const char *key_prefix, struct str email,
                        const char *action_fmt, ...)
{
	struct arena *a = r->arena;
	va_list ap;
	va_start(ap, action_fmt);
	char *action_url = arena_vprintf(a, action_fmt, ap);
	va_end(ap);
	const char *const names[] = {"email", "organisation"};
	const struct str values[] = {email, r->org->profile->name};
	char *title_key = arena_printf(a, "%s.title", key_prefix);
	char *text_key = arena_printf(a, "%s.text", key_prefix);
	char *button_key = arena_printf(a, "%s.submit", key_prefix);
	struct webform f;
	enum mm_err e;
	if (!action_url || !title_key || !text_key || !button_key)
		return MM_ERR_NOMEM;
	if ((e = webform_init(&f, r, res, val_obj(a))))
		return e;
	if (!val_set_str(a, f.ctx, "heading", page_t(r, title_key)) ||
	    !val_set_str(a, f.ctx, "text", labels_fill(a, r->lang, text_key, names, values, 2)) ||
	    !val_set_cstr(a, f.ctx, "action", action_url) ||
	    !val_set_str(a, f.ctx, "button", page_t(r, button_key)) ||
	    !val_set_cstr(a, f.ctx, "back_url", "/org"))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "org_confirm", f.ctx, title_key, "org.title", "/org");
}

enum mm_err org_refuse(struct req *r, struct res *res, int status, const char *message_key,
                       const char *back_url)
{
	return titled_refuse(r, res, status, "org.refused.title", message_key, "org.confirm.back",
	                     back_url, NULL, NULL);
}
