/*
 * experts_view.c — see experts_view.h.
 */
#include "pages/experts/experts_view.h"

#include "core/experts.h"
#include "core/help.h"
#include "core/org_fields.h"
#include "lib/form.h"
#include "view/labels.h"
#include "web/page.h"

/* The items of a list: how many, the value of item i, its label. */
static size_t list_count(enum expert_list list)
{
	switch (list) {
	case EXPERT_LIST_PREFECTURES:
		return PREFECTURE_COUNT;
	case EXPERT_LIST_SKILLS:
		return HELP_CATEGORY_COUNT;
	case EXPERT_LIST_LANGUAGES:
		return EXPERT_LANGUAGE_COUNT;
	}
	return 0;
}

static const char *item_field(struct arena *a, enum expert_list list, size_t i)
{
	switch (list) {
	case EXPERT_LIST_PREFECTURES:
		return arena_printf(a, "pref_%zu", i + 1);
	case EXPERT_LIST_SKILLS:
		return arena_printf(a, "skill_%s", help_categories[i]);
	case EXPERT_LIST_LANGUAGES:
		return arena_printf(a, "lang_%s", expert_languages[i]);
	}
	return NULL;
}

static struct str item_label(struct req *r, enum expert_list list, size_t i)
{
	switch (list) {
	case EXPERT_LIST_PREFECTURES:
		return labels_prefecture(r->lang, (int)i + 1);
	case EXPERT_LIST_SKILLS:
		return labels_keyed(r->lang, "experts.skill", str_from(help_categories[i]));
	case EXPERT_LIST_LANGUAGES:
		return labels_keyed(r->lang, "experts.language", str_from(expert_languages[i]));
	}
	return STR("");
}

/* "東京都、神奈川県" / "Tokyo, Kanagawa": the labels of the bits set;
 * NULL when the arena is full. */
static const char *joined(struct req *r, enum expert_list list, int64_t mask)
{
	struct str sep = page_t(r, "experts.list_separator");
	struct buf b;
	enum mm_err e = MM_OK;
	bool first = true;
	buf_init(&b, r->arena, 4096);
	for (size_t i = 0; !e && i < list_count(list); i++) {
		if (!expert_mask_has(mask, (int)i))
			continue;
		if (!first)
			e = buf_append_str(&b, sep);
		if (!e)
			e = buf_append_str(&b, item_label(r, list, i));
		first = false;
	}
	return e ? NULL : str_dup(r->arena, buf_str(&b));
}

enum mm_err experts_view_set(struct req *r, struct val *obj, const struct expert *e)
{
	struct arena *a = r->arena;
	const char *url = arena_printf(a, "/experts/%lld", (long long)e->id);
	const char *contact = arena_printf(a, "/consultations/new?expert=%lld", (long long)e->id);
	const char *updated = page_format_date(r, e->updated_at);
	const char *prefectures = joined(r, EXPERT_LIST_PREFECTURES, e->prefectures);
	const char *skills = joined(r, EXPERT_LIST_SKILLS, e->skills);
	const char *languages = joined(r, EXPERT_LIST_LANGUAGES, e->languages);
	if (!url || !contact || !updated || !prefectures || !skills || !languages ||
	    !val_set_long(a, obj, "id", e->id) || !val_set_cstr(a, obj, "url", url) ||
	    !val_set_str(a, obj, "name", e->name) ||
	    !val_set_str(a, obj, "kind", labels_keyed(r->lang, "experts.kind", e->kind)) ||
	    !val_set_str(a, obj, "qualifications", e->qualifications) ||
	    !val_set_str(a, obj, "introduction", e->introduction) ||
	    !val_set_bool(a, obj, "has_introduction", e->introduction.n > 0) ||
	    !val_set_cstr(a, obj, "prefectures", prefectures) ||
	    !val_set_cstr(a, obj, "skills", skills) ||
	    !val_set_cstr(a, obj, "languages", languages) ||
	    !val_set_bool(a, obj, "takes_consultations", e->takes_consultations) ||
	    !val_set_cstr(a, obj, "contact_url", contact) ||
	    !val_set_str(a, obj, "status",
	                 labels_keyed(r->lang, "experts.status",
	                              str_from(expert_status_names[e->status]))) ||
	    !val_set_bool(a, obj, "pending", e->status == EXPERT_PENDING) ||
	    !val_set_bool(a, obj, "approved", e->status == EXPERT_APPROVED) ||
	    !val_set_bool(a, obj, "rejected", e->status == EXPERT_REJECTED) ||
	    !val_set_str(a, obj, "reject_reason", e->reject_reason) ||
	    !val_set_cstr(a, obj, "updated", updated))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err experts_view_checkboxes(struct req *r, struct val *ctx, const char *name,
                                    enum expert_list list, int64_t mask)
{
	struct arena *a = r->arena;
	struct val *items = val_set_list(a, ctx, name);
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < list_count(list); i++) {
		struct val *v = val_list_push_obj(a, items);
		const char *field = item_field(a, list, i);
		if (!v || !field || !val_set_cstr(a, v, "field", field) ||
		    !val_set_str(a, v, "label", item_label(r, list, i)) ||
		    !val_set_bool(a, v, "checked", expert_mask_has(mask, (int)i)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

int64_t experts_view_checked(struct req *r, enum expert_list list)
{
	int64_t mask = 0;
	for (size_t i = 0; i < list_count(list); i++) {
		const char *field = item_field(r->arena, list, i);
		struct str v;
		if (field && kvlist_get_one(&r->form, field, &v) == MM_OK && str_eq_lit(v, "1"))
			mask |= (int64_t)1 << i;
	}
	return mask;
}
