/*
 * too_many.c — see too_many.h.
 */
#include "pages/shared/too_many.h"

#include "view/i18n.h"

enum mm_err too_many_mark(struct req *r, struct res *res, struct webform *f, const char *field,
                          const char *key, unsigned retry_after_s)
{
	char *minutes = arena_printf(r->arena, "%u", (retry_after_s + 59) / 60);
	char *retry = arena_printf(r->arena, "%u", retry_after_s);
	const char *const names[] = {"minutes"};
	if (!minutes || !retry)
		return MM_ERR_NOMEM;
	const struct str values[] = {str_from(minutes)};
	char *text = i18n_fill(r->arena, r->lang, key, names, values, 1);
	if (!text)
		return MM_ERR_NOMEM;
	if (webform_error_text(f, field, str_from(text)))
		return MM_ERR_NOMEM;
	return res_header(r, res, "Retry-After", str_from(retry));
}
