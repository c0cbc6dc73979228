/*
 * org_confirm.c — see org_confirm.h.
 */
#include "pages/org/org_confirm.h"

#include <stdarg.h>

#include "pages/shared/confirm.h"
#include "pages/shared/titled.h"
#include "view/labels.h"

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
	if (!title_key || !text_key || !button_key)
		return MM_ERR_NOMEM;
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = title_key,
	                          .lead = labels_fill(a, r->lang, text_key, names, values, 2),
	                          .action = action_url,
	                          .submit_key = button_key,
	                          .back_url = "/org",
	                          .back_key = "org.confirm.back",
	                          .parent_key = "org.title",
	                          .parent_url = "/org",
	                      });
}

enum mm_err org_refuse(struct req *r, struct res *res, int status, const char *message_key,
                       const char *back_url)
{
	return titled_refuse(r, res, status, "org.refused.title", message_key, "org.confirm.back",
	                     back_url, NULL, NULL);
}
