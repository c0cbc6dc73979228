/*
 * demo.c — see demo.h.
 */
#include "app/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/corporate_number.h"
#include "app/demo_json.h"

static struct str json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? (struct str){json_string_value(v), json_string_length(v)}
	                         : STR_NULL;
}

static enum mm_err demo_one(struct store *s, json_t *item, bool *inserted, char err[256])
{
	struct organisation o = {
	    .public_id = json_str(item, "public_id"),
	    .name = json_str(item, "name"),
	    .name_kana = json_str(item, "name_kana"),
	    .name_en = json_str(item, "name_en"),
	    .corporate_number = json_str(item, "corporate_number"),
	    .prefecture = (int)json_integer_value(json_object_get(item, "prefecture")),
	    .industry = json_str(item, "industry"),
	    .employees = (int)json_integer_value(json_object_get(item, "employees")),
	    .capital_yen = json_integer_value(json_object_get(item, "capital_yen")),
	};
	if (!o.public_id.p || !o.name.p || !o.name_kana.p || !o.industry.p || o.prefecture < 1 ||
	    o.prefecture > 47 ||
	    (o.corporate_number.n && !core_corporate_number_valid(o.corporate_number))) {
		snprintf(err, 256, "demo organisation %.*s is incomplete or invalid",
		         (int)o.public_id.n, o.public_id.p ? o.public_id.p : "?");
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
	json_t *root;
	*inserted = 0;
	enum mm_err e = demo_json_open("content/demo/organisations.json", "organisations",
	                               "no organisations list", &root, err);
	if (e)
		return e;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(root, "organisations"), i, item)
	{
		bool added = false;
		if ((e = demo_one(s, item, &added, err)))
			break;
		*inserted += added;
	}
	json_decref(root);
	return e;
}
