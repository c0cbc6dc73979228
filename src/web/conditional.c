/*
 * conditional.c — see conditional.h.
 */
#include "web/conditional.h"

#include <sodium.h>

bool conditional_tag_listed(struct str header, struct str tag)
{
	struct str item;
	while (str_next_item(&header, ',', &item)) {
		if (str_starts_with(item, "W/"))
			item = (struct str){item.p + 2, item.n - 2};
		if (str_eq(item, tag) || str_eq_lit(item, "*"))
			return true;
	}
	return false;
}

void conditional_etag(struct str body, char out[CONDITIONAL_ETAG_LEN + 1])
{
	unsigned char hash[12];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)body.p, body.n, NULL, 0);
	out[0] = '"';
	sodium_bin2hex(out + 1, sizeof hash * 2 + 1, hash, sizeof hash);
	out[CONDITIONAL_ETAG_LEN - 1] = '"';
	out[CONDITIONAL_ETAG_LEN] = '\0';
}

enum mm_err conditional_get_tag(struct req *r, struct res *res, struct str tag,
                                const char *cache_control)
{
	enum mm_err e;
	if ((e = res_header(r, res, "ETag", tag)) ||
	    (e = res_header(r, res, "Cache-Control", str_from(cache_control))))
		return e;
	/* res->compressible stays: a 304 carries the Vary its 200 would
	 * (RFC 9110 §15.4.5), and an empty body is never compressed. */
	if (conditional_tag_listed(req_header(r, "If-None-Match"), tag)) {
		res->status = 304;
		res->body = STR("");
	}
	return MM_OK;
}

enum mm_err conditional_get(struct req *r, struct res *res, const char *cache_control)
{
	char tag[CONDITIONAL_ETAG_LEN + 1];
	conditional_etag(res->body, tag);
	char *copy = arena_strdup(r->arena, tag);
	return copy ? conditional_get_tag(r, res, str_from(copy), cache_control) : MM_ERR_NOMEM;
}
