/*
 * api_batch.c — POST /api/v1/declarations/verify: up to
 * API_BATCH_MAX {id, corporate_number} pairs in, one status per pair out,
 * in the same order. For an office that checks the IDs typed into a pile
 * of applications: each answer says whether the declaration exists, is in
 * force, at which level, and whether the corporate number is the
 * declarant's. One bad pair does not spoil the others: it gets status
 * "malformed" or "mistyped"; only a body that is not the documented shape
 * is refused as a whole (400).
 */
#include "pages/verify/api_batch.h"

#include "lib/utf8.h"
#include "pages/verify/api.h"
#include "core/corporate_number.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "web/router.h"

/* Reads {"items": [{"id": "…", "corporate_number": "…"|null}, …]}. */
static bool read_pairs(struct arena *a, json_t *root, struct api_batch_pair **out, size_t *n,
                       bool *too_many)
{
	json_t *items = json_is_object(root) ? json_object_get(root, "items") : NULL;
	*too_many = false;
	if (!json_is_array(items))
		return false;
	*n = json_array_size(items);
	if (*n > API_BATCH_MAX) {
		*too_many = true;
		return false;
	}
	*out = arena_alloc(a, sizeof **out * (*n ? *n : 1));
	if (!*out)
		return false;
	for (size_t i = 0; i < *n; i++) {
		json_t *item = json_array_get(items, i);
		json_t *id = json_is_object(item) ? json_object_get(item, "id") : NULL;
		json_t *number =
		    json_is_object(item) ? json_object_get(item, "corporate_number") : NULL;
		if (!json_is_string(id) ||
		    (number && !json_is_string(number) && !json_is_null(number)))
			return false;
		(*out)[i].id = (struct str){json_string_value(id), json_string_length(id)};
		(*out)[i].number = json_is_string(number) ? (struct str){json_string_value(number),
		                                                         json_string_length(number)}
		                                          : STR_NULL;
	}
	return true;
}

enum api_batch_read api_batch_read(struct arena *a, struct str body, json_t **root,
                                   struct api_batch_pair **pairs, size_t *n)
{
	json_error_t error;
	bool too_many;
	*pairs = NULL;
	*n = 0;
	*root = json_loadb(body.p ? body.p : "", body.n, JSON_REJECT_DUPLICATES, &error);
	if (!*root)
		return API_BATCH_MALFORMED_JSON;
	if (read_pairs(a, *root, pairs, n, &too_many))
		return API_BATCH_OK;
	return too_many ? API_BATCH_TOO_MANY : API_BATCH_INVALID;
}

static enum mm_err write_result(struct req *r, struct json *j, size_t index,
                                const struct api_batch_pair *p)
{
	struct str id, number = STR("");
	enum verify_outcome outcome;
	struct verification v;
	bool number_given = p->number.p && p->number.n;
	bool number_ok = !number_given || core_corporate_number_read(r->arena, p->number, &number);
	enum mm_err e = verify_lookup(r, p->id, false, &id, &outcome, &v);
	if (e)
		return e;
	json_object_begin(j);
	json_member_int(j, "index", (int64_t)index);
	json_member_string(j, "input", utf8_valid(p->id) ? p->id : STR(""));
	if (outcome == VERIFY_FOUND) {
		api_write_declaration(r, j, &v, false); /* id, status (active…), level… */
	} else {
		json_key(j, "id");
		if (outcome == VERIFY_MALFORMED)
			json_write_null(j);
		else
			json_write_string(j, id);
		json_member_cstring(j, "status", verify_outcome_code(outcome, &v));
	}
	json_key(j, "corporate_number_valid");
	if (number_given)
		json_write_bool(j, number_ok);
	else
		json_write_null(j);
	json_key(j, "corporate_number_matches");
	if (number_given && outcome == VERIFY_FOUND)
		json_write_bool(j, number_ok && str_eq(number, v.corporate_number));
	else
		json_write_null(j);
	json_object_end(j);
	return MM_OK;
}

static enum mm_err page_api_verify_batch(struct req *r, struct res *res)
{
	struct api_batch_pair *pairs = NULL;
	size_t n = 0;
	json_t *root;
	if (!verify_rate_ok(r, res, true))
		return MM_OK;
	enum api_batch_read read = api_batch_read(r->arena, r->body, &root, &pairs, &n);
	if (read == API_BATCH_MALFORMED_JSON)
		return api_error(r, res, 400, "malformed_json", "verify.api.error.malformed_json");
	enum mm_err e = MM_OK;
	struct buf b;
	struct json j;
	if (read != API_BATCH_OK) {
		json_decref(root);
		return read == API_BATCH_TOO_MANY
		           ? api_error(r, res, 413, "too_many_items", "verify.api.error.too_many")
		           : api_error(r, res, 400, "invalid_request",
		                       "verify.api.error.invalid_request");
	}
	if (!verify_rate_batch_ok(r, res, true, n)) {
		json_decref(root);
		return MM_OK;
	}
	api_begin(r, &j, &b);
	json_key(&j, "count");
	json_write_int(&j, (int64_t)n);
	json_key(&j, "items");
	json_array_begin(&j);
	for (size_t i = 0; i < n && !e; i++)
		e = write_result(r, &j, i, &pairs[i]);
	json_array_end(&j);
	json_object_end(&j);
	/* pairs point into root: release it only after writing */
	json_decref(root);
	return e ? e : api_send(r, res, &j, &b, false);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table api_batch_routes = ROUTE_TABLE(ROUTE_POST_BODY(
    "/api/v1/declarations/verify", page_api_verify_batch, RIGHT_PUBLIC, API_BATCH_MAX_BODY));
