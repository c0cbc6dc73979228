/*
 * demo.c — see demo.h.
 */
#include "app/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/corporate_number.h"
#include "lib/embedded.h"

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
	const struct embedded_file *f = embedded_find("content/demo/organisations.json");
	json_error_t jerr;
	*inserted = 0;
	if (!f) {
		snprintf(err, 256, "content/demo/organisations.json is missing");
		return MM_ERR_NOT_FOUND;
	}
	json_t *root = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *list = json_object_get(root, "organisations");
	enum mm_err e = MM_OK;
	if (!json_is_array(list)) {
		snprintf(err, 256, "content/demo/organisations.json: %s",
		         root ? "no organisations list" : jerr.text);
		e = MM_ERR_INVALID;
	}
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		bool added = false;
		if ((e = demo_one(s, item, &added, err)))
			break;
		*inserted += added;
	}
	json_decref(root);
	return e;
}
