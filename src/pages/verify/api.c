/*
 * api.c — GET /api/v1/declarations/{id}, GET /api/v1/declarations
 * ?corporate_number=N and GET /api/openapi.json; the answer and error
 * helpers of api.h. Reads only; limited per address (ratelimit.h).
 */
#include "pages/verify/api.h"

#include "core/corporate_number.h"
#include "lib/civil.h"
#include "lib/embedded.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "view/i18n.h"
#include "web/api_answer.h"
#include "web/conditional.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"

#define OPENAPI_FILE "content/api/openapi.json"

void api_begin(struct req *r, struct json *j, struct buf *b)
{
	buf_init(b, r->arena, API_MAX_RESPONSE);
	json_init(j, b);
	json_object_begin(j);
}

enum mm_err api_finish(struct json *j, struct buf *b)
{
	enum mm_err e = json_finish(j);
	return e ? e : buf_append_char(b, '\n');
}

enum mm_err api_send_body(struct req *r, struct res *res, struct str body)
{
	enum mm_err e = api_send_json(r, res, body);
	return e ? e : conditional_get(r, res, API_CACHE_CONTROL);
}

enum mm_err api_send(struct req *r, struct res *res, struct json *j, struct buf *b, bool cacheable)
{
	enum mm_err e = api_finish(j, b);
	if (e)
		return e;
	if (cacheable)
		return api_send_body(r, res, buf_str(b));
	if ((e = api_send_json(r, res, buf_str(b))))
		return e;
	return res_header(r, res, "Cache-Control", STR("no-store"));
}

static void write_level(struct json *j, struct str digit)
{
	if (digit.n == 1 && (digit.p[0] == '1' || digit.p[0] == '2'))
		json_write_int(j, digit.p[0] - '0');
	else
		json_write_null(j);
}

/* An event's object begun, up to the key "from": its day and kind. */
static void write_event_start(struct req *r, struct json *j, const struct verification_event *e)
{
	json_object_begin(j);
	json_member_cstring(j, "on", civil_japan_date(r->arena, e->at));
	json_member_string(j, "event", e->kind);
	json_key(j, "from");
}

/* A change of identity: from is the registered name before it (and the
 * number before, when it changed); to and reason are null. */
static void write_details_event(struct req *r, struct json *j, const struct verification_event *e)
{
	write_event_start(r, j, e);
	json_write_string(j, e->old_name);
	if (e->old_corporate_number.n) {
		json_member_string(j, "corporate_number_before", e->old_corporate_number);
	}
	json_key(j, "to");
	json_write_null(j);
	json_key(j, "reason");
	json_write_null(j);
	json_object_end(j);
}

/* One public event. from/to are levels for "declared" and "level";
 * statuses for "withdrawn" and "revoked". */
static void write_event(struct req *r, struct json *j, const struct verification_event *e)
{
	bool status_change = str_eq_lit(e->kind, "withdrawn") || str_eq_lit(e->kind, "revoked");
	if (str_eq_lit(e->kind, "details")) {
		write_details_event(r, j, e);
		return;
	}
	write_event_start(r, j, e);
	if (status_change)
		json_write_cstring(j, "active");
	else if (str_eq_lit(e->kind, "declared"))
		json_write_null(j);
	else
		write_level(j, e->from);
	json_key(j, "to");
	if (status_change)
		json_write_string(j, e->kind);
	else
		write_level(j, e->to);
	json_member_string_or_null(j, "reason", e->reason);
	json_object_end(j);
}

void api_write_declaration(struct req *r, struct json *j, const struct verification *v,
                           bool with_history)
{
	struct arena *a = r->arena;
	char *path = arena_printf(a, "/verify/%.*s", (int)v->public_id.n, v->public_id.p);
	char *pref_key = arena_printf(a, "pref.%d", v->prefecture);
	json_member_string(j, "id", v->public_id);
	json_member_cstring(j, "status", verify_status_code(v->status));
	json_member_int(j, "level", v->level);
	json_key(j, "organisation");
	json_object_begin(j);
	json_member_string(j, "name", v->name);
	json_member_string(j, "name_kana", v->name_kana);
	json_member_int(j, "prefecture", v->prefecture);
	json_member_string(j, "prefecture_name",
	                   pref_key ? i18n_get(LANG_JA, str_from(pref_key)) : STR(""));
	json_member_string_or_null(j, "corporate_number", v->corporate_number);
	json_member_string_or_null(j, "registered_name", v->registered_name);
	json_member_string(j, "identity", v->identity.n ? v->identity : STR("unverified"));
	json_key(j, "identity_since");
	if (v->identity_at)
		json_write_cstring(j, civil_japan_date(a, v->identity_at));
	else
		json_write_null(j);
	json_object_end(j);
	json_member_cstring(j, "declared_on", civil_japan_date(a, v->declared_at));
	json_member_cstring(j, "changed_on", civil_japan_date(a, v->changed_at));
	json_key(j, "ended_on");
	if (v->status == VERIFICATION_ACTIVE)
		json_write_null(j);
	else
		json_write_cstring(j, civil_japan_date(a, v->ended_at));
	json_key(j, "policy_url");
	json_write_string_or_null(
	    j, v->level == 2 && v->status == VERIFICATION_ACTIVE ? v->policy_url : STR(""));
	json_member_cstring(j, "verification_url", path ? mail_link(a, path) : "");
	if (!with_history)
		return;
	json_key(j, "history");
	json_array_begin(j);
	for (size_t i = 0; i < v->history_n; i++)
		write_event(r, j, &v->history[i]);
	json_array_end(j);
	json_key(j, "earlier_revoked");
	json_array_begin(j);
	for (size_t i = 0; i < v->revoked_n; i++) {
		json_object_begin(j);
		json_member_string(j, "id", v->revoked[i].public_id);
		json_member_cstring(j, "declared_on",
		                    civil_japan_date(a, v->revoked[i].declared_at));
		json_member_cstring(j, "revoked_on", civil_japan_date(a, v->revoked[i].revoked_at));
		json_object_end(j);
	}
	json_array_end(j);
}

/* ?name= once, or absent (STR_NULL); false when repeated. */
static bool query_once(struct req *r, const char *name, struct str *out)
{
	enum mm_err e = kvlist_get_one(&r->query_fields, name, out);
	if (e == MM_ERR_NOT_FOUND)
		*out = STR_NULL;
	return e != MM_ERR_DUPLICATE;
}

/* Why a query is answered 400: the error code and its catalogue message. */
struct query_refusal {
	const char *code, *message_key;
};

static const struct query_refusal QUERY_REPEATED = {"bad_query", "verify.api.error.bad_query"};
static const struct query_refusal QUERY_BAD_NUMBER = {"invalid_corporate_number",
                                                      "verify.api.error.corporate_number"};

/* ?corporate_number= (once, optional: raw->p NULL when absent) read into
 * *number; NULL when it is fine, else why it is refused. */
static const struct query_refusal *number_query(struct req *r, struct str *raw, struct str *number)
{
	if (!query_once(r, "corporate_number", raw))
		return &QUERY_REPEATED;
	if (raw->p && !core_corporate_number_read(r->arena, *raw, number))
		return &QUERY_BAD_NUMBER;
	return NULL;
}

/* A cached answer is the entity tag followed by the body. */
static enum mm_err send_cached(struct req *r, struct res *res, struct str value)
{
	enum mm_err e = api_send_json(
	    r, res, (struct str){value.p + CONDITIONAL_ETAG_LEN, value.n - CONDITIONAL_ETAG_LEN});
	return e ? e
	         : conditional_get_tag(r, res, (struct str){value.p, CONDITIONAL_ETAG_LEN},
	                               API_CACHE_CONTROL);
}

/* The answer for a declaration without a corporate number to compare:
 * the same for everyone until the declaration changes, so it is kept in
 * the verification cache with its entity tag. */
static enum mm_err send_declaration(struct req *r, struct res *res, struct str id,
                                    const struct verification *v, uint64_t serial)
{
	struct buf b, kept;
	struct json j;
	enum mm_err e;
	api_begin(r, &j, &b);
	api_write_declaration(r, &j, v, true);
	json_object_end(&j);
	if ((e = json_finish(&j)) || (e = buf_append_char(&b, '\n')))
		return e;
	char tag[CONDITIONAL_ETAG_LEN + 1];
	conditional_etag(buf_str(&b), tag);
	buf_init(&kept, r->arena, CONDITIONAL_ETAG_LEN + b.n);
	if ((e = buf_append(&kept, tag, CONDITIONAL_ETAG_LEN)) || (e = buf_append(&kept, b.p, b.n)))
		return e;
	/* Made from the cached record (serial): kept while that record is. */
	if (serial)
		verify_cache_put_derived(VERIFY_CACHE_API, id, VERIFY_CACHE_RECORD, serial,
		                         buf_str(&kept));
	else
		verify_cache_put(VERIFY_CACHE_API, id, v->change_seq, buf_str(&kept));
	return send_cached(r, res, buf_str(&kept));
}

static enum mm_err page_api_declaration(struct req *r, struct res *res)
{
	struct str id, raw_number, number = STR(""), cached;
	enum verify_outcome outcome;
	struct verification v;
	uint64_t serial = 0;
	if (!verify_rate_ok(r, res, true))
		return MM_OK;
	const struct query_refusal *bad = number_query(r, &raw_number, &number);
	if (bad)
		return api_error(r, res, 400, bad->code, bad->message_key);
	enum mm_err e = MM_OK;
	outcome = verify_id_outcome(r->arena, req_param(r, "id"), &id);
	if (outcome == VERIFY_FOUND) {
		if (!raw_number.p && verify_cached(r, VERIFY_CACHE_API, id, &cached) &&
		    cached.n > CONDITIONAL_ETAG_LEN)
			return send_cached(r, res, cached);
		e = verify_find_serial(r, id, true, &outcome, &v, &serial);
	}
	if (e)
		return e;
	switch (outcome) {
	case VERIFY_MALFORMED:
		return api_error(r, res, 400, "malformed_id", "verify.api.error.malformed_id");
	case VERIFY_MISTYPED:
		return api_error(r, res, 404, "mistyped_id", "verify.api.error.mistyped");
	case VERIFY_NOT_FOUND:
		return api_error(r, res, 404, "not_found", "verify.api.error.not_found");
	case VERIFY_FOUND:
		break;
	}
	if (!raw_number.p)
		return send_declaration(r, res, id, &v, serial);
	struct buf b;
	struct json j;
	api_begin(r, &j, &b);
	api_write_declaration(r, &j, &v, true);
	json_key(&j, "corporate_number_matches");
	json_write_bool(&j, str_eq(number, v.corporate_number));
	json_object_end(&j);
	return api_send(r, res, &j, &b, true);
}

static enum mm_err page_api_declarations(struct req *r, struct res *res)
{
	struct str raw_number, number;
	struct verification *list;
	size_t n;
	if (!verify_rate_ok(r, res, true))
		return MM_OK;
	const struct query_refusal *bad = number_query(r, &raw_number, &number);
	if (bad)
		return api_error(r, res, 400, bad->code, bad->message_key);
	/* Without a corporate number the list is empty (there is no "all"). */
	n = 0;
	if (raw_number.p) {
		enum mm_err e =
		    store_verification_by_corporate_number(r->store, r->arena, number, &list, &n);
		if (e)
			return e;
	}
	struct buf b;
	struct json j;
	api_begin(r, &j, &b);
	json_key(&j, "corporate_number");
	json_write_string_or_null(&j, raw_number.p ? number : STR(""));
	json_key(&j, "items");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(&j);
		api_write_declaration(r, &j, &list[i], false);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	return api_send(r, res, &j, &b, true);
}

static enum mm_err page_api_openapi(struct req *r, struct res *res)
{
	const struct embedded_file *f = embedded_find(OPENAPI_FILE);
	if (!f)
		return MM_ERR_NOT_FOUND;
	res->status = 200;
	res->content_type = STR("application/json");
	res->body = embedded_str(f);
	res->compressible = true;
	enum mm_err e = res_header(r, res, "Access-Control-Allow-Origin", STR("*"));
	return e ? e : conditional_get(r, res, "public, max-age=3600");
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table api_routes =
    ROUTE_TABLE(ROUTE_GET("/api/openapi.json", page_api_openapi, RIGHT_PUBLIC),
                ROUTE_GET("/api/v1/declarations", page_api_declarations, RIGHT_PUBLIC),
                ROUTE_GET("/api/v1/declarations/{id}", page_api_declaration, RIGHT_PUBLIC));
