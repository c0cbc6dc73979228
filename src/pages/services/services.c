/*
 * services.c — "/services": the search of the service catalogue. A
 * search box and the filters (kind, category, prefecture, on-site, price
 * ceiling, bundle contents, tags), results by relevance then name, 20 to
 * a page, each with the three facts that decide (price, region,
 * contents) and a box to tick for the comparison (a GET form to
 * /services/compare). The prefecture defaults to the signed-in visitor's
 * organisation's, with a link that clears it ("prefecture=" empty).
 *
 * Only live listings shown today are found (store/service_index.h). A
 * query that cannot be read is answered 400 with the reason and a way
 * back, never with a filter silently dropped.
 *
 * An anonymous visitor's body (everything inside the layout) is cached
 * (web/render_cache.h) under the language, the parsed filter, the day in
 * Japan and the catalogue's generation, which every change of what the
 * public sees bumps (store_catalogue_generation); a signed-in visitor's
 * is rendered each time (their organisation's prefecture is the default).
 */
#include <stdio.h>

#include "pages/services/services_find.h"
#include "pages/services/services_view.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"

/* ctx.contents: [{value, label, checked}] for the bundle's contents. */
static enum mm_err set_contents(struct req *r, struct val *ctx, const struct service_search *s)
{
	struct val *list = val_set_list(r->arena, ctx, "contents_options");
	if (!list)
		return MM_ERR_NOMEM;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++) {
		struct val *o = val_list_push_obj(r->arena, list);
		if (!o || !val_set_cstr(r->arena, o, "value", service_contents[i]) ||
		    !val_set_str(
		        r->arena, o, "label",
		        labels_keyed(r->lang, "services.content", str_from(service_contents[i]))) ||
		    !val_set_bool(r->arena, o, "checked", (s->contents >> i) & 1))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* ctx.tag_groups: [{heading, id, tags: [{value, label, checked}]}]. */
static enum mm_err set_tags(struct req *r, struct val *ctx, const struct service_search *s)
{
	static const char *const headings[] = {"services.tags.items", "services.tags.rules",
	                                       "services.tags.directives"};
	static const char *const ids[] = {"tags-items", "tags-rules", "tags-directives"};
	static const int counts[] = {SERVICE_ITEM_COUNT, SERVICE_RULE_COUNT,
	                             SERVICE_DIRECTIVE_COUNT};
	struct arena *a = r->arena;
	struct val *groups = val_set_list(a, ctx, "tag_groups");
	struct service_tags all = {(INT64_C(1) << SERVICE_ITEM_COUNT) - 1,
	                           (INT64_C(1) << SERVICE_RULE_COUNT) - 1,
	                           (INT64_C(1) << SERVICE_DIRECTIVE_COUNT) - 1};
	int i = 0;
	if (!groups || !val_set_bool(a, ctx, "tags_open", service_search_tag_count(s) > 0))
		return MM_ERR_NOMEM;
	for (int g = 0; g < 3; g++) {
		struct val *group = val_list_push_obj(a, groups);
		struct val *tags = group ? val_set_list(a, group, "tags") : NULL;
		if (!tags || !val_set_str(a, group, "heading", page_t(r, headings[g])) ||
		    !val_set_cstr(a, group, "id", ids[g]))
			return MM_ERR_NOMEM;
		for (int k = 0; k < counts[g]; k++, i++) {
			char name[16], mine[16];
			struct val *t = val_list_push_obj(a, tags);
			if (!service_tag_name(&all, i, name))
				return MM_ERR_INVALID;
			if (!t || !val_set_cstr(a, t, "value", arena_strdup(a, name)) ||
			    !val_set_str(a, t, "label", services_tag_label(r, name)) ||
			    !val_set_bool(a, t, "checked", service_tag_name(&s->tags, i, mine)))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static enum mm_err set_form(struct req *r, struct val *ctx, const struct service_search *s,
                            bool defaulted)
{
	struct arena *a = r->arena;
	char code[4] = "", price[24] = "";
	struct service_search cleared = *s;
	struct str clear_url;
	enum mm_err e;
	if (s->prefecture)
		snprintf(code, sizeof code, "%d", s->prefecture);
	if (s->price_max)
		snprintf(price, sizeof price, "%lld", (long long)s->price_max);
	cleared.prefecture = 0;
	cleared.prefecture_given = true;
	if ((e = service_search_url(a, &cleared, "/services", &clear_url)) ||
	    (e = labels_options_prefecture(a, r->lang, ctx, "prefectures", str_from(code))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "kinds", service_kinds, SERVICE_KIND_COUNT,
	                              "services.kind",
	                              s->kind >= 0 ? str_from(service_kinds[s->kind]) : STR(""))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "categories", service_categories,
	                              SERVICE_CATEGORY_COUNT, "services.category",
	                              s->category >= 0 ? str_from(service_categories[s->category])
	                                               : STR(""))) ||
	    (e = set_contents(r, ctx, s)) || (e = set_tags(r, ctx, s)))
		return e;
	/* the clearing link without its trailing "&" */
	clear_url.n--;
	if (!val_set_str(a, ctx, "q", s->text) || !val_set_bool(a, ctx, "onsite", s->onsite) ||
	    !val_set_cstr(a, ctx, "price", arena_strdup(a, price)) ||
	    !val_set_bool(a, ctx, "prefecture_defaulted", defaulted) ||
	    !val_set_str(a, ctx, "clear_prefecture_url", clear_url))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err bad_query(struct req *r, struct res *res)
{
	return titled_refuse(r, res, 400, "services.bad_query.title", "services.bad_query",
	                     "services.back_to_search", "/services?prefecture=", NULL, NULL);
}

/* The page inside the layout: the form and one page of results. */
static enum mm_err search_body(struct req *r, struct service_search *s, bool defaulted,
                               struct str *body)
{
	struct arena *a = r->arena;
	struct services_result found;
	struct str url;
	enum mm_err e;
	if ((e = services_find_run(r, s, &found)) ||
	    (e = service_search_url(a, s, "/services", &url)))
		return e;
	struct val *ctx = val_obj(a);
	struct val *items = ctx ? val_set_list(a, ctx, "results") : NULL;
	struct paging p = {.page = found.page,
	                   .pages = found.pages,
	                   .total = found.total,
	                   .size = SERVICES_RESULTS_PAGE};
	if (!items)
		return MM_ERR_NOMEM;
	if ((e = set_form(r, ctx, s, defaulted)) || (e = paging_set(r, ctx, &p, str_dup(a, url))))
		return e;
	for (size_t i = 0; i < found.n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = services_view_facts(r, v, &found.items[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_results", found.n > 0) ||
	    !val_set_bool(a, ctx, "can_compare", found.n > 1) ||
	    !val_set_cstr(a, ctx, "total", labels_format_count(a, found.total)))
		return MM_ERR_NOMEM;
	return page_render_body(r, "services", ctx, body);
}

/* An anonymous visitor's body is cached under the parsed filter written
 * out (every filter and the page), so that equivalent queries share it. */
static enum mm_err search_key(struct req *r, const struct service_search *s,
                              char key[RENDER_CACHE_KEY_MAX], bool *cacheable)
{
	struct str url;
	*cacheable = false;
	if (r->user)
		return MM_OK;
	enum mm_err e = service_search_url(r->arena, s, "/services", &url);
	char *canonical =
	    e ? NULL
	      : arena_printf(r->arena, "%.*spage=%lld", (int)url.n, url.p, (long long)s->page);
	if (e || !canonical)
		return e ? e : MM_ERR_NOMEM;
	return services_cache_key(r, "services-search", str_from(canonical), key, cacheable);
}

static enum mm_err page_services(struct req *r, struct res *res)
{
	struct service_search s;
	char key[RENDER_CACHE_KEY_MAX];
	struct str body;
	bool defaulted, cacheable;
	enum mm_err e = services_find_read(r, true, &s, &defaulted);
	if (e == MM_ERR_INVALID)
		return bad_query(r, res);
	if (e || (e = search_key(r, &s, key, &cacheable)))
		return e;
	if (!cacheable || !render_cache_get(r->arena, key, &body)) {
		if ((e = search_body(r, &s, defaulted, &body)))
			return e;
		if (cacheable)
			render_cache_put(key, body);
	}
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "services.title"), NULL))
		return MM_ERR_NOMEM;
	return page_layout(r, res, 200, body, page_t(r, "services.title"), crumbs);
}

/* This file's routes, in dispatch order (see services_routes.c). */
const struct route_table services_search_routes =
    ROUTE_TABLE(ROUTE_GET("/services", page_services, RIGHT_PUBLIC));
