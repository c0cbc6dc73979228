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
 */
#include <stdio.h>

#include "pages/services/services_view.h"
#include "pages/shared/titled.h"
#include "store/service_index.h"
#include "web/page.h"
#include "web/router.h"

/* The search the comparison's other listings come from: the one the
 * link names (tag and prefecture only), else the listing's first tag. */
static bool similar_search(struct req *r, const struct service *v, struct service_search *s)
{
	struct service_search from;
	struct kvlist only = {0};
	struct str value;
	char tag[16];
	*s = (struct service_search){.text = STR(""), .kind = -1, .category = -1, .page = 1};
	/* Only tag and prefecture of the query are read; anything else there
	 * (or a malformed value) is no search to follow. */
	for (size_t i = 0; i < r->query_fields.n; i++) {
		struct kv kv = r->query_fields.items[i];
		if ((str_eq_lit(kv.key, "tag") || str_eq_lit(kv.key, "prefecture")) &&
		    kvlist_push(r->arena, &only, kv.key, kv.value))
			return false;
	}
	if (kvlist_get_one(&only, "tag", &value) == MM_OK &&
	    service_search_read(r->arena, &only, &from) == MM_OK) {
		s->tags = from.tags;
		s->prefecture = from.prefecture;
		return true;
	}
	for (int i = 0; i < SERVICE_TAG_COUNT; i++)
		if (service_tag_name(&v->tags, i, tag))
			return service_tag_add(&s->tags, str_from(tag));
	return false;
}

/* ctx.compare_url: this listing and up to two others like it; "" when
 * there are none. */
static enum mm_err set_compare(struct req *r, struct val *ctx, const struct service *v)
{
	struct service_search s;
	struct service_found found = {0};
	struct buf b;
	enum mm_err e;
	buf_init(&b, r->arena, 128);
	if ((e = buf_printf(&b, "/services/compare?ids=%lld", (long long)v->id)))
		return e;
	if (similar_search(r, v, &s)) {
		struct service_find q = {.filter = &s,
		                         .folded = STR(""),
		                         .today = services_today(r),
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

static enum mm_err page_service(struct req *r, struct res *res)
{
	struct service v;
	enum mm_err e =
	    store_service_live(r->store, r->arena, req_param_int(r, "id"), services_today(r), &v);
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct val *ctx = val_obj(r->arena);
	struct val *crumbs = page_crumbs(r);
	struct val *obj = ctx ? val_set_obj(r->arena, ctx, "service") : NULL;
	if (e || !obj || !crumbs)
		return e ? e : MM_ERR_NOMEM;
	if ((e = services_view_full(r, obj, &v)) || (e = set_compare(r, ctx, &v)))
		return e;
	if (page_crumb(r, crumbs, page_t(r, "services.title"), "/services") ||
	    page_crumb(r, crumbs, v.name, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "service", ctx, v.name, crumbs);
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
	struct str today = services_today(r);
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
