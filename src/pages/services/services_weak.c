/*
 * services_weak.c — see services_weak.h.
 */
#include "pages/services/services_weak.h"

#include <stdio.h>

#include "pages/services/services_view.h"
#include "store/service_index.h"
#include "store/services.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/render_cache.h"

/* What a weak self-assessment item and a weak directive differ in. */
struct weak_kind {
	const char *tag_prefix; /* "item-"; the tag's label is the heading ("2．…") */
	const char *lead_key, *lead_any_key;
	const char *section_key; /* the section's heading */
};

static const struct weak_kind items_kind = {"item-", "services.weak.lead", "services.weak.lead_any",
                                            "services.weak.heading"};
static const struct weak_kind directives_kind = {"directive-", "services.weak.lead_directives",
                                                 "services.weak.lead_directives_any",
                                                 "services.weak.heading_directives"};

/* "?tag=item-12&prefecture=13" (prefecture= empty for every one). */
static char *search_query(struct req *r, const char *tag, int prefecture)
{
	if (prefecture)
		return arena_printf(r->arena, "?tag=%s&prefecture=%d", tag, prefecture);
	return arena_printf(r->arena, "?tag=%s&prefecture=", tag);
}

/* One weak item or directive n: obj.{tag_label, listings,
 * has_listings, all_url, all_label, compare_url, compare_label,
 * can_compare}. */
static enum mm_err weak_one(struct req *r, struct val *obj, const struct weak_kind *k, int n,
                            int prefecture, struct str today)
{
	static const char *const count[] = {"count"};
	struct arena *a = r->arena;
	struct service_search s = {
	    .text = STR(""), .kind = -1, .category = -1, .prefecture = prefecture, .page = 1};
	struct service_found found;
	char tag[16], num[24];
	struct buf compare;
	enum mm_err e;
	snprintf(tag, sizeof tag, "%s%d", k->tag_prefix, n);
	if (!service_tag_add(&s.tags, str_from(tag)))
		return MM_ERR_INVALID;
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
	struct service *rows = arena_alloc(a, sizeof *rows * (found.n ? found.n : 1));
	size_t shown = 0;
	if (!rows)
		return MM_ERR_NOMEM;
	if ((e = store_services_shown(r->store, a, found.ids, found.n, rows, &shown)))
		return e;
	for (size_t i = 0; i < shown; i++) {
		struct val *lv = val_list_push_obj(a, list);
		char *url = arena_printf(a, "/services/%lld%s", (long long)rows[i].id, query);
		if (!lv || !url || (e = services_view_facts(r, lv, &rows[i])) ||
		    !val_set_cstr(a, lv, "url", url) ||
		    (e = buf_printf(&compare, "%s%lld", i ? "," : "", (long long)rows[i].id)))
			return e ? e : MM_ERR_NOMEM;
	}
	snprintf(num, sizeof num, "%lld", (long long)found.total);
	struct str all =
	    labels_fill(a, r->lang, "services.weak.all", count, (struct str[]){str_from(num)}, 1);
	snprintf(num, sizeof num, "%zu", shown);
	struct str compare_label = labels_fill(a, r->lang, "services.weak.compare", count,
	                                       (struct str[]){str_from(num)}, 1);
	char *all_url = arena_printf(a, "/services%s", query);
	if (!all_url || !val_set_str(a, obj, "tag_label", services_tag_label(r, tag)) ||
	    !val_set_bool(a, obj, "has_listings", shown > 0) ||
	    !val_set_cstr(a, obj, "all_url", all_url) || !val_set_str(a, obj, "all_label", all) ||
	    !val_set_bool(a, obj, "can_compare", shown > 1) ||
	    !val_set_cstr(a, obj, "compare_url", buf_cstr(&compare)) ||
	    !val_set_str(a, obj, "compare_label", compare_label))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The section's cache key: it is the same for every viewer (no user's
 * data in it), so it names the language, the day in Japan (listings end
 * by date), the catalogue's generation (read before the listings: a
 * section is never older than the generation it is kept under), the
 * prefecture and the weak numbers. */
static enum mm_err section_key(struct req *r, const struct weak_kind *k, const int *numbers,
                               size_t n, int prefecture, struct str today,
                               char key[RENDER_CACHE_KEY_MAX], bool *cacheable)
{
	struct buf text;
	int64_t generation;
	enum mm_err e;
	*cacheable = false;
	if ((e = store_catalogue_generation_recent(r->store, &generation)))
		return e;
	buf_init(&text, r->arena, 256);
	if ((e = buf_printf(&text, "%s\n%s\n%.*s\n%lld\n%d\n", k->tag_prefix, lang_code(r->lang),
	                    (int)today.n, today.p, (long long)generation, prefecture)))
		return e;
	for (size_t i = 0; i < n; i++)
		if ((e = buf_append_int(&text, numbers[i])) || (e = buf_append_char(&text, ',')))
			return e;
	*cacheable = render_cache_key(key, "services-weak", buf_str(&text));
	return MM_OK;
}

static enum mm_err weak_html(struct req *r, const struct weak_kind *k, const int *numbers, size_t n,
                             int prefecture, struct str *html)
{
	static const char *const names[] = {"prefecture"};
	struct arena *a = r->arena;
	struct str today = page_today(r);
	char key[RENDER_CACHE_KEY_MAX];
	bool cacheable;
	enum mm_err e;
	*html = STR("");
	if (n == 0)
		return MM_OK;
	if ((e = section_key(r, k, numbers, n, prefecture, today, key, &cacheable)))
		return e;
	if (cacheable && render_cache_get(a, key, html))
		return MM_OK;
	struct val *ctx = val_obj(a);
	struct val *list = ctx ? val_set_list(a, ctx, "weak_items") : NULL;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *obj = val_list_push_obj(a, list);
		if (!obj || (e = weak_one(r, obj, k, numbers[i], prefecture, today)))
			return e ? e : MM_ERR_NOMEM;
	}
	struct str lead =
	    prefecture ? labels_fill(a, r->lang, k->lead_key, names,
	                             (struct str[]){labels_prefecture(r->lang, prefecture)}, 1)
	               : page_t(r, k->lead_any_key);
	if (!val_set_str(a, ctx, "lead", lead) ||
	    !val_set_str(a, ctx, "section_heading", page_t(r, k->section_key)))
		return MM_ERR_NOMEM;
	if ((e = page_render_body(r, "services_weak", ctx, html)))
		return e;
	if (cacheable)
		render_cache_put(key, *html);
	return MM_OK;
}

enum mm_err services_weak_items_html(struct req *r,
                                     const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                     int prefecture, struct str *html)
{
	int order[ASSESSMENT_ITEM_COUNT];
	size_t n = core_assessment_advice_order(answers, order);
	return weak_html(r, &items_kind, order, n, prefecture, html);
}

enum mm_err services_weak_directives_html(struct req *r, const int *directives, size_t n,
                                          int prefecture, struct str *html)
{
	for (size_t i = 0; i < n; i++)
		if (directives[i] < 1 || directives[i] > SERVICE_DIRECTIVE_COUNT)
			return MM_ERR_INVALID;
	return weak_html(r, &directives_kind, directives, n, prefecture, html);
}
