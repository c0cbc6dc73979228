/*
 * services_listing.c — one live listing, "/services/{id}", with
 * everything the catalogue holds about it and a way to compare it; and
 * "/services/compare?ids=1,2,3", up to three listings side by side (a
 * table whose columns are the listings, readable at 360 px).
 *
 * A listing that is not live today (never approved, its registration
 * ended, or no such id) is 404 to everyone here, as the public sees only
 * approved, unexpired listings. The comparison answers 400 for ids it
 * cannot read (none, more than three, repeated, not numbers) and 404
 * when one of them names no live listing.
 *
 * The listing page's comparison takes the search it came from when the
 * link carries one (?tag=…&prefecture=…, as the links from a weak item
 * of a result do): this listing and the first two others of that search,
 * so that a firm goes from its weak item to a comparison in two clicks.
 * Without one, the others share the listing's first tag.
 *
 * An anonymous visitor's listing page is cached as the search's is (see
 * services.c): its key names the listing, the search its comparison
 * follows, the language, the day and the catalogue's generation.
 */
#include <stdio.h>
#include <string.h>

#include "pages/services/services_find.h"
#include "pages/services/services_view.h"
#include "pages/shared/titled.h"
#include "store/service_index.h"
#include "web/page.h"
#include "web/router.h"

/* The search a link names (its tag and prefecture only), when it names
 * one that reads: the comparison's other listings come from it. */
static bool named_search(struct req *r, struct service_search *from)
{
	struct kvlist only = {0};
	struct str value;
	/* Only tag and prefecture of the query are read; anything else there
	 * (or a malformed value) is no search to follow. */
	for (size_t i = 0; i < r->query_fields.n; i++) {
		struct kv kv = r->query_fields.items[i];
		if ((str_eq_lit(kv.key, "tag") || str_eq_lit(kv.key, "prefecture")) &&
		    kvlist_push(r->arena, &only, kv.key, kv.value))
			return false;
	}
	return kvlist_get_one(&only, "tag", &value) == MM_OK &&
	       service_search_read(r->arena, &only, from) == MM_OK;
}

/* The search the comparison's other listings come from: the one the
 * link names (named, when it names one), else the listing's first tag. */
static bool similar_search(const struct service *v, const struct service_search *named,
                           struct service_search *s)
{
	char tag[16];
	*s = (struct service_search){.text = STR(""), .kind = -1, .category = -1, .page = 1};
	if (named) {
		s->tags = named->tags;
		s->prefecture = named->prefecture;
		return true;
	}
	for (int i = 0; i < SERVICE_TAG_COUNT; i++)
		if (service_tag_name(&v->tags, i, tag))
			return service_tag_add(&s->tags, str_from(tag));
	return false;
}

/* ctx.compare_url: this listing and up to two others like it; "" when
 * there are none. */
static enum mm_err set_compare(struct req *r, struct val *ctx, const struct service *v,
                               const struct service_search *named)
{
	struct service_search s;
	struct service_found found = {0};
	struct buf b;
	enum mm_err e;
	buf_init(&b, r->arena, 128);
	if ((e = buf_printf(&b, "/services/compare?ids=%lld", (long long)v->id)))
		return e;
	if (similar_search(v, named, &s)) {
		struct service_find q = {.filter = &s,
		                         .folded = STR(""),
		                         .today = page_today(r),
		                         .limit = SERVICE_COMPARE_MAX,
		                         .no_count = true};
		if ((e = store_services_find(r->store, r->arena, &q, &found)))
			return e;
	}
	size_t others = 0;
	for (size_t i = 0; i < found.n && others < SERVICE_COMPARE_MAX - 1; i++)
		if (found.ids[i] != v->id) {
			if ((e = buf_printf(&b, ",%lld", (long long)found.ids[i])))
				return e;
			others++;
		}
	if (!val_set_cstr(r->arena, ctx, "compare_url", others ? buf_cstr(&b) : "") ||
	    !val_set_bool(r->arena, ctx, "has_compare", others > 0))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The listing's name (the page's title) and the page inside the layout,
 * as cached: the name, a NUL, the body. NOT_FOUND when it is not live. */
static enum mm_err listing_body(struct req *r, int64_t id, const struct service_search *named,
                                struct str *cached)
{
	struct service v;
	struct str body;
	struct buf b;
	enum mm_err e = store_service_live(r->store, r->arena, id, page_today(r), &v);
	if (e)
		return e;
	struct val *ctx = val_obj(r->arena);
	struct val *obj = ctx ? val_set_obj(r->arena, ctx, "service") : NULL;
	if (!obj)
		return MM_ERR_NOMEM;
	if ((e = services_view_full(r, obj, &v)) || (e = set_compare(r, ctx, &v, named)) ||
	    (e = page_render_body(r, "service", ctx, &body)))
		return e;
	buf_init(&b, r->arena, v.name.n + 1 + body.n + 1);
	if ((e = buf_append_str(&b, v.name)) || (e = buf_append(&b, "", 1)) ||
	    (e = buf_append_str(&b, body)))
		return e;
	*cached = buf_str(&b);
	return MM_OK;
}

static enum mm_err page_service(struct req *r, struct res *res)
{
	int64_t id = req_param_int(r, "id");
	struct service_search from;
	const struct service_search *named = named_search(r, &from) ? &from : NULL;
	char key[RENDER_CACHE_KEY_MAX];
	struct str cached;
	bool cacheable = false;
	enum mm_err e = MM_OK;
	/* An anonymous visitor's page is cached under the listing and the
	 * search its comparison follows, as parsed. */
	if (!r->user) {
		char *canonical =
		    named ? arena_printf(r->arena, "%lld&%llx.%llx.%llx.%d", (long long)id,
		                         (long long)named->tags.items, (long long)named->tags.rules,
		                         (long long)named->tags.directives, named->prefecture)
		          : arena_printf(r->arena, "%lld", (long long)id);
		if (!canonical)
			return MM_ERR_NOMEM;
		e = services_cache_key(r, "services-listing", str_from(canonical), key, &cacheable);
	}
	if (!e && (!cacheable || !render_cache_get(r->arena, key, &cached))) {
		e = listing_body(r, id, named, &cached);
		if (!e && cacheable)
			render_cache_put(key, cached);
	}
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	const char *nul = memchr(cached.p, '\0', cached.n);
	if (!nul)
		return MM_ERR_INVALID;
	struct str name = {cached.p, (size_t)(nul - cached.p)};
	struct str body = {nul + 1, cached.n - name.n - 1};
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "services.title"), "/services") ||
	    page_crumb(r, crumbs, name, NULL))
		return MM_ERR_NOMEM;
	return page_layout(r, res, 200, body, name, crumbs);
}

/* "/services/compare?ids=…" of ids without the one at skip; "" when none
 * would be left. */
static const char *compare_url_without(struct req *r, const int64_t *ids, size_t n, size_t skip)
{
	struct buf b;
	bool first = true;
	if (n < 2)
		return "";
	buf_init(&b, r->arena, 128);
	if (buf_append_cstr(&b, "/services/compare?ids="))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i == skip)
			continue;
		if (buf_printf(&b, "%s%lld", first ? "" : ",", (long long)ids[i]))
			return NULL;
		first = false;
	}
	return buf_cstr(&b);
}

static enum mm_err page_services_compare(struct req *r, struct res *res)
{
	int64_t ids[SERVICE_COMPARE_MAX];
	size_t n;
	struct str today = page_today(r);
	enum mm_err e;
	if (service_compare_ids(&r->query_fields, ids, &n))
		return titled_refuse(r, res, 400, "services.compare.title",
		                     "services.compare.bad_ids", "services.back_to_search",
		                     "/services", "services.title", "/services");
	struct val *ctx = val_obj(r->arena);
	struct val *list = ctx ? val_set_list(r->arena, ctx, "services") : NULL;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct service v;
		struct val *obj = val_list_push_obj(r->arena, list);
		const char *remove = compare_url_without(r, ids, n, i);
		if (!obj || !remove)
			return MM_ERR_NOMEM;
		e = store_service_live(r->store, r->arena, ids[i], today, &v);
		if (e == MM_ERR_NOT_FOUND)
			return titled_refuse(r, res, 404, "services.compare.title",
			                     "services.compare.gone", "services.back_to_search",
			                     "/services", "services.title", "/services");
		if (e || (e = services_view_full(r, obj, &v)))
			return e;
		if (!val_set_cstr(r->arena, obj, "remove_url", remove) ||
		    !val_set_bool(r->arena, obj, "can_remove", remove[0] != '\0'))
			return MM_ERR_NOMEM;
	}
	if (!val_set_long(r->arena, ctx, "count", (long)n))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "services_compare", ctx, "services.compare.title",
	                     "services.title", "/services");
}

/* This file's routes, in dispatch order (see services_routes.c): the
 * literal "/services/compare" before "/services/{id}". */
const struct route_table services_listing_routes =
    ROUTE_TABLE(ROUTE_GET("/services/compare", page_services_compare, RIGHT_PUBLIC),
                ROUTE_GET("/services/{id:int}", page_service, RIGHT_PUBLIC));
