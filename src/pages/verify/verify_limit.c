/*
 * verify_limit.c — see verify_limit.h.
 */
#include "pages/verify/verify_limit.h"

#include "lib/json.h"
#include "view/i18n.h"
#include "web/page.h"
#include "web/ratelimit.h"

static enum mm_err render_limited(struct req *r, struct res *res, const char *seconds)
{
	const char *names[] = {"seconds"};
	struct str values[] = {str_from(seconds)};
	struct val *ctx = val_obj(r->arena);
	char *text =
	    seconds ? i18n_fill(r->arena, r->lang, "verify.limited.text", names, values, 1) : NULL;
	if (!ctx || !text || !val_set_cstr(r->arena, ctx, "text", text))
		return MM_ERR_NOMEM;
	return page_render(r, res, 429, "verify_limited", ctx, page_t(r, "verify.limited.title"),
	                   NULL);
}

static bool rate_ok(struct req *r, struct res *res, bool json, unsigned cost)
{
	unsigned retry;
	if (cost == 0 || ratelimit_take(r->ip, ratelimit_now_us(), cost, &retry))
		return true;
	char *seconds = arena_printf(r->arena, "%u", retry);
	res->headers.n = 0;
	if (json) {
		struct buf b;
		buf_init(&b, r->arena, 1024);
		struct str message = page_t(r, "verify.api.error.rate_limited");
		if (buf_append_cstr(&b, "{\"error\":{\"code\":\"rate_limited\",\"message\":") ||
		    json_append_escaped(&b, message) || buf_append_cstr(&b, "}}\n") ||
		    res_header(r, res, "Access-Control-Allow-Origin", STR("*"))) {
			res->headers.n = 0;
			page_error(r, res, 429);
		} else {
			res->status = 429;
			res->content_type = STR("application/json");
			res->body = buf_str(&b);
		}
	} else if (render_limited(r, res, seconds)) {
		page_error(r, res, 429);
	}
	/* Retry-After is a hint: when there is no memory left even for it, the
	 * 429 without it is still the right answer. */
	if (seconds)
		MM_IGNORE(res_header(r, res, "Retry-After", str_from(seconds)));
	return false;
}

bool verify_rate_ok(struct req *r, struct res *res, bool json)
{
	return rate_ok(r, res, json, 1);
}

bool verify_rate_batch_ok(struct req *r, struct res *res, bool json, size_t n)
{
	size_t tokens = (n + VERIFY_BATCH_IDS_PER_TOKEN - 1) / VERIFY_BATCH_IDS_PER_TOKEN;
	return rate_ok(r, res, json, tokens > 1 ? (unsigned)(tokens - 1) : 0);
}
