/*
 * api_declarants.c — GET /api/v1/declarants: the public list of
 * organisations whose declaration is in force, searched and paged like
 * the page "/declarants". "total" is counted up to DECLARANTS_COUNT_MAX + 1
 * ("total_is_lower_bound" says when it stopped there); "next" is the cursor
 * of the next page (?after=), null on the last. Only public fields.
 * With include_ended=1 the withdrawn and revoked declarations are listed
 * too, and then (only then, so that the answer to every older query stays
 * as it was) each item says its status. Answers are kept in the render
 * cache like the page's (declarants_cache.h).
 */
#include "pages/verify/api.h"
#include "pages/verify/declarants_cache.h"
#include "pages/verify/declarants_query.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "web/router.h"

/* The answer to q, finished, in body; *refused for a page too deep or a
 * cursor that names nothing (nothing written). */
static enum mm_err search_answer(struct req *r, const struct declarant_query *q, struct str *body,
                                 bool *refused)
{
	struct declarant_page page;
	enum mm_err e = store_verification_search(r->store, r->arena, q, &page);
	*refused = e == MM_ERR_INVALID;
	if (e || *refused)
		return *refused ? MM_OK : e;
	struct buf b;
	struct json j;
	api_begin(r, &j, &b);
	json_key(&j, "total");
	json_write_int(&j, page.total);
	json_key(&j, "page");
	json_write_int(&j, q->page);
	json_key(&j, "total_is_lower_bound");
	json_write_bool(&j, page.total_capped);
	json_key(&j, "per_page");
	json_write_int(&j, DECLARANTS_PER_PAGE);
	json_key(&j, "next");
	if (page.next.n)
		json_write_string(&j, page.next);
	else
		json_write_null(&j);
	json_key(&j, "items");
	json_array_begin(&j);
	for (size_t i = 0; i < page.n; i++) {
		json_object_begin(&j);
		json_key(&j, "id");
		json_write_string(&j, page.items[i].public_id);
		json_key(&j, "level");
		json_write_int(&j, page.items[i].level);
		json_key(&j, "name");
		json_write_string(&j, page.items[i].name);
		json_key(&j, "prefecture");
		json_write_int(&j, page.items[i].prefecture);
		if (q->with_ended) {
			json_key(&j, "status");
			json_write_cstring(&j, verify_status_code(page.items[i].status));
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	if ((e = api_finish(&j, &b)))
		return e;
	*body = buf_str(&b);
	return MM_OK;
}

static enum mm_err page_api_declarants(struct req *r, struct res *res)
{
	struct declarant_query q;
	char key[RENDER_CACHE_KEY_MAX];
	struct str body;
	bool cacheable;
	if (!verify_rate_ok(r, res, true))
		return MM_OK;
	if (!declarants_query_read(r, &q))
		return api_error(r, res, 400, "bad_query", "verify.api.error.bad_query");
	enum mm_err e = declarants_cache_key(r, DECLARANTS_API, &q, key, &cacheable);
	if (e)
		return e;
	if (!cacheable || !render_cache_get(r->arena, key, &body)) {
		bool refused;
		if ((e = search_answer(r, &q, &body, &refused)))
			return e;
		if (refused)
			return api_error(r, res, 400, "bad_query", "verify.api.error.bad_query");
		if (cacheable)
			render_cache_put(key, body);
	}
	return api_send_body(r, res, body);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table api_declarants_routes =
    ROUTE_TABLE(ROUTE_GET("/api/v1/declarants", page_api_declarants, RIGHT_PUBLIC));
