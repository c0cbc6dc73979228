/*
 * demo.c — see demo.h.
 */
#include "app/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/corporate_number.h"
#include "app/demo_json.h"

static bool has_string(json_t *o, const char *key)
{
	return json_is_string(json_object_get(o, key));
}

static enum mm_err demo_one(struct store *s, json_t *item, void *ctx, bool *inserted, char err[256])
{
	(void)ctx;
	struct organisation o = demo_json_organisation(item);
	if (!has_string(item, "public_id") || !has_string(item, "name") ||
	    !has_string(item, "name_kana") || !has_string(item, "industry") || o.prefecture < 1 ||
	    o.prefecture > 47 ||
	    (o.corporate_number.n && !core_corporate_number_valid(o.corporate_number))) {
		snprintf(err, 256, "demo organisation %.*s is incomplete or invalid",
		         (int)o.public_id.n, o.public_id.p);
		return MM_ERR_INVALID;
	}
	enum mm_err e = store_organisation_upsert_demo(s, &o, inserted);
	if (e)
		snprintf(err, 256, "cannot store demo organisation %.*s", (int)o.public_id.n,
		         o.public_id.p);
	return e;
}

enum mm_err demo_seed(struct store *s, int *inserted, char err[256])
{
	return demo_json_load_each(s, "content/demo/organisations.json", "organisations",
	                           "no organisations list", demo_one, NULL, inserted, err);
}
