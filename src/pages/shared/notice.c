/*
 * notice.c — see notice.h.
 */
#include "pages/shared/notice.h"

#include "view/i18n.h"
#include "view/labels.h"

enum mm_err notice_set(struct req *r, struct val *ctx, const char *prefix,
                       const char *const allowed[], size_t n)
{
	struct str notice, text = STR("");
	if (kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK)
		for (size_t i = 0; i < n; i++)
			if (str_eq_lit(notice, allowed[i]))
				text = labels_keyed(r->lang, prefix, notice);
	return val_set_str(r->arena, ctx, "notice", text) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err notice_set_keyed(struct req *r, struct val *ctx, const struct notice_key keys[],
                             size_t n)
{
	struct str notice, text = STR("");
	if (kvlist_get_one(&r->query_fields, "notice", &notice) == MM_OK)
		for (size_t i = 0; i < n; i++)
			if (str_eq_lit(notice, keys[i].name))
				text = i18n_get(r->lang, str_from(keys[i].key));
	return val_set_str(r->arena, ctx, "notice", text) ? MM_OK : MM_ERR_NOMEM;
}
