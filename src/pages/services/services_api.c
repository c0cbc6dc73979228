/*
 * services_api.c — GET /api/v1/services: the search of /services as
 * JSON, with the same query fields (q, kind, category, prefecture,
 * onsite, price, contents, tag, page), paged 20 at a time, described in
 * content/api/openapi.json. No prefecture is put in for the caller: an
 * API answer depends on its query alone. A query that cannot be read is
 * 400 {"error": {"code": "bad_query"}}.
 *
 * Prices are yen: "min" and "max" as the provider gives them (before
 * tax) and "min_with_tax", "max_with_tax" as the pages show them; "max"
 * is null without a range, every amount null for a price on quote.
 * Dates are ISO ("" → null).
 */
#include <stdio.h>

#include "lib/json.h"
#include "pages/services/services_find.h"
#include "web/api_answer.h"
#include "web/router.h"

#define SERVICES_API_MAX (1u * 1024 * 1024)

static void write_names(struct json *j, const char *key, int64_t mask, const char *const names[],
                        size_t n)
{
	json_key(j, key);
	json_array_begin(j);
	for (size_t i = 0; i < n; i++)
		if (mask & ((int64_t)1 << i))
			json_write_cstring(j, names[i]);
	json_array_end(j);
}

static void write_amount(struct json *j, const char *key, bool shown, int64_t yen)
{
	json_key(j, key);
	if (shown)
		json_write_int(j, yen);
	else
		json_write_null(j);
}

static void write_price(struct json *j, const struct service *v)
{
	bool quote = str_eq_lit(v->price_unit, "quote");
	bool range = !quote && v->price_max > v->price_min;
	json_key(j, "price");
	json_object_begin(j);
	json_member_string(j, "unit", v->price_unit);
	write_amount(j, "min", !quote, v->price_min);
	write_amount(j, "max", range, v->price_max);
	write_amount(j, "min_with_tax", !quote, service_price_with_tax(v->price_min));
	write_amount(j, "max_with_tax", range, service_price_with_tax(v->price_max));
	json_object_end(j);
}

static void write_service(struct json *j, const struct service *v)
{
	char url[64], tag[16];
	snprintf(url, sizeof url, "/services/%lld", (long long)v->id);
	json_object_begin(j);
	json_member_int(j, "id", v->id);
	json_member_cstring(j, "url", url);
	json_member_string(j, "name", v->name);
	json_member_string(j, "provider", v->provider_name);
	json_member_cstring(j, "kind", service_kinds[v->kind < SERVICE_KIND_COUNT ? v->kind : 0]);
	write_price(j, v);
	json_member_bool(j, "nationwide", v->nationwide);
	json_key(j, "prefectures");
	json_array_begin(j);
	for (int p = 1; p <= 47 && !v->nationwide; p++)
		if (v->prefectures & ((int64_t)1 << (p - 1)))
			json_write_int(j, p);
	json_array_end(j);
	json_member_bool(j, "on_site", v->on_site);
	write_names(j, "contents", v->bundle_contents, service_contents, SERVICE_CONTENT_COUNT);
	write_names(j, "categories", v->categories, service_categories, SERVICE_CATEGORY_COUNT);
	json_key(j, "tags");
	json_array_begin(j);
	for (int i = 0; i < SERVICE_TAG_COUNT; i++)
		if (service_tag_name(&v->tags, i, tag))
			json_write_cstring(j, tag);
	json_array_end(j);
	json_member_string_or_null(j, "valid_from", v->valid_from);
	json_member_string_or_null(j, "valid_until", v->valid_until);
	json_object_end(j);
}

static enum mm_err page_api_services(struct req *r, struct res *res)
{
	struct service_search s;
	struct services_result found;
	struct buf b;
	struct json j;
	bool defaulted;
	enum mm_err e = services_find_read(r, false, &s, &defaulted);
	if (e == MM_ERR_INVALID)
		return api_error(r, res, 400, "bad_query", "services.api.error.bad_query");
	if (e || (e = services_find_run(r, &s, &found)))
		return e;
	buf_init(&b, r->arena, SERVICES_API_MAX);
	json_init(&j, &b);
	json_object_begin(&j);
	json_key(&j, "total");
	json_write_int(&j, found.total);
	json_key(&j, "page");
	json_write_int(&j, found.page);
	json_key(&j, "pages");
	json_write_int(&j, found.pages);
	json_key(&j, "per_page");
	json_write_int(&j, SERVICES_RESULTS_PAGE);
	json_key(&j, "items");
	json_array_begin(&j);
	for (size_t i = 0; i < found.n; i++)
		write_service(&j, &found.items[i]);
	json_array_end(&j);
	json_object_end(&j);
	if ((e = json_finish(&j)) || (e = buf_append_char(&b, '\n')))
		return e;
	return api_send_json(r, res, buf_str(&b));
}

/* This file's routes, in dispatch order (see services_routes.c). */
const struct route_table services_api_routes =
    ROUTE_TABLE(ROUTE_GET("/api/v1/services", page_api_services, RIGHT_PUBLIC));
