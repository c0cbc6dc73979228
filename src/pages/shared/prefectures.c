/*
 * prefectures.c — see prefectures.h.
 */
#include "pages/shared/prefectures.h"

#include "core/org_fields.h"
#include "view/labels.h"

/* Room for every name with its separator, in either language. */
#define PREFECTURES_JOINED_MAX 4096

static bool has(uint64_t mask, int code)
{
	return (mask >> (code - 1)) & 1;
}

enum mm_err prefecture_boxes_set(struct req *r, struct val *ctx, uint64_t mask)
{
	struct arena *a = r->arena;
	struct val *items = val_set_list(a, ctx, "prefecture_boxes");
	if (!items)
		return MM_ERR_NOMEM;
	for (int code = 1; code <= PREFECTURE_COUNT; code++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || !val_set_cstr(a, v, "field", arena_printf(a, "pref_%d", code)) ||
		    !val_set_str(a, v, "label", labels_prefecture(r->lang, code)) ||
		    !val_set_bool(a, v, "checked", has(mask, code)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

struct str prefectures_joined(struct req *r, uint64_t mask, struct str sep)
{
	struct buf b;
	buf_init(&b, r->arena, PREFECTURES_JOINED_MAX);
	for (int code = 1; code <= PREFECTURE_COUNT; code++) {
		if (!has(mask, code))
			continue;
		if ((b.n && buf_append_str(&b, sep)) ||
		    buf_append_str(&b, labels_prefecture(r->lang, code)))
			return STR("");
	}
	return buf_str(&b);
}
