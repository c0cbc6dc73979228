/*
 * services_weak.c — see services_weak.h.
 */
#include "pages/services/services_weak.h"

#include <stdio.h>

#include "pages/services/services_view.h"
#include "store/service_index.h"
#include "view/labels.h"
#include "web/page.h"

/* "?tag=item-12&prefecture=13" (prefecture= empty for every one). */
static char *search_query(struct req *r, const char *tag, int prefecture)
{
	if (prefecture)
		return arena_printf(r->arena, "?tag=%s&prefecture=%d", tag, prefecture);
	return arena_printf(r->arena, "?tag=%s&prefecture=", tag);
}

/* One weak item: obj.{heading, listings, has_listings, all_url, all_label,
 * compare_url, compare_label, can_compare}. */
static enum mm_err weak_item(struct req *r, struct val *obj, int item, int prefecture,
                             struct str today)
{
	static const char *const number[] = {"number"}, *const count[] = {"count"};
	struct arena *a = r->arena;
	struct service_search s = {
	    .text = STR(""), .kind = -1, .category = -1, .prefecture = prefecture, .page = 1};
	struct service_found found;
	char tag[16], num[24];
	struct buf compare;
	enum mm_err e;
	s.tags.items = (int64_t)1 << (item - 1);
	snprintf(tag, sizeof tag, "item-%d", item);
	struct service_find q = {
	    .filter = &s, .folded = STR(""), .today = today, .limit = SERVICES_WEAK_PER_ITEM};
	if ((e = store_services_find(r->store, a, &q, &found)))
		return e;
	const char *query = search_query(r, tag, prefecture);
	struct val *list = val_set_list(a, obj, "listings");
	if (!query || !list)
		return MM_ERR_NOMEM;
	buf_init(&compare, a, 128);
	if ((e = buf_append_cstr(&compare, "/services/compare?ids=")))
		return e;
	size_t shown = 0;
	for (size_t i = 0; i < found.n; i++) {
		struct service v;
		e = store_service_live(r->store, a, found.ids[i], today, &v);
		if (e == MM_ERR_NOT_FOUND)
			continue;
		struct val *lv = val_list_push_obj(a, list);
		char *url = arena_printf(a, "/services/%lld%s", (long long)v.id, query);
		if (e || !lv || !url || (e = services_view_facts(r, lv, &v)) ||
		    !val_set_cstr(a, lv, "url", url) ||
		    (e = buf_printf(&compare, "%s%lld", shown ? "," : "", (long long)v.id)))
			return e ? e : MM_ERR_NOMEM;
		shown++;
	}
	snprintf(num, sizeof num, "%d", item);
	struct str heading =
	    labels_fill(a, r->lang, "services.weak.item", number, (struct str[]){str_from(num)}, 1);
	snprintf(num, sizeof num, "%lld", (long long)found.total);
	struct str all =
	    labels_fill(a, r->lang, "services.weak.all", count, (struct str[]){str_from(num)}, 1);
	snprintf(num, sizeof num, "%zu", shown);
	struct str compare_label = labels_fill(a, r->lang, "services.weak.compare", count,
	                                       (struct str[]){str_from(num)}, 1);
	char *all_url = arena_printf(a, "/services%s", query);
	if (!all_url || !val_set_str(a, obj, "heading", heading) ||
	    !val_set_str(a, obj, "tag_label", services_tag_label(r, tag)) ||
	    !val_set_bool(a, obj, "has_listings", shown > 0) ||
	    !val_set_cstr(a, obj, "all_url", all_url) || !val_set_str(a, obj, "all_label", all) ||
	    !val_set_bool(a, obj, "can_compare", shown > 1) ||
	    !val_set_cstr(a, obj, "compare_url", buf_cstr(&compare)) ||
	    !val_set_str(a, obj, "compare_label", compare_label))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err services_weak_items_html(struct req *r,
                                     const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                     int prefecture, struct str *html)
{
	static const char *const names[] = {"prefecture"};
	struct arena *a = r->arena;
	int order[ASSESSMENT_ITEM_COUNT];
	size_t n = core_assessment_advice_order(answers, order);
	struct str today = services_today(r);
	enum mm_err e;
	*html = STR("");
	if (n == 0)
		return MM_OK;
	struct val *ctx = val_obj(a);
	struct val *items = ctx ? val_set_list(a, ctx, "weak_items") : NULL;
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *obj = val_list_push_obj(a, items);
		if (!obj || (e = weak_item(r, obj, order[i], prefecture, today)))
			return e ? e : MM_ERR_NOMEM;
	}
	struct str lead =
	    prefecture ? labels_fill(a, r->lang, "services.weak.lead", names,
	                             (struct str[]){labels_prefecture(r->lang, prefecture)}, 1)
	               : page_t(r, "services.weak.lead_any");
	if (!val_set_str(a, ctx, "lead", lead))
		return MM_ERR_NOMEM;
	return page_render_body(r, "services_weak", ctx, html);
}
