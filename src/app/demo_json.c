/*
 * demo_json.c — see demo_json.h.
 */
#include "app/demo_json.h"

#include <stdio.h>

#include "lib/embedded.h"

enum mm_err demo_json_open(const char *path, const char *list, const char *no_list, json_t **root,
                           char err[256])
{
	const struct embedded_file *f = embedded_find(path);
	json_error_t jerr;
	*root = NULL;
	if (!f) {
		snprintf(err, 256, "%s is missing", path);
		return MM_ERR_NOT_FOUND;
	}
	json_t *doc = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(json_object_get(doc, list))) {
		snprintf(err, 256, "%s: %s", path, doc ? no_list : jerr.text);
		json_decref(doc);
		return MM_ERR_INVALID;
	}
	*root = doc;
	return MM_OK;
}

enum mm_err demo_json_load_each(struct store *s, const char *path, const char *list,
                                const char *no_list, demo_json_item_loader load, void *ctx,
                                int *inserted, char err[256])
{
	json_t *root;
	*inserted = 0;
	enum mm_err e = demo_json_open(path, list, no_list, &root, err);
	if (e)
		return e;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(root, list), i, item)
	{
		bool added = false;
		if ((e = load(s, item, ctx, &added, err)))
			break;
		*inserted += added;
	}
	json_decref(root);
	return e;
}

struct str demo_json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? (struct str){json_string_value(v), json_string_length(v)}
	                         : STR("");
}

struct organisation demo_json_organisation(json_t *item)
{
	return (struct organisation){
	    .public_id = demo_json_str(item, "public_id"),
	    .name = demo_json_str(item, "name"),
	    .name_kana = demo_json_str(item, "name_kana"),
	    .name_en = demo_json_str(item, "name_en"),
	    .corporate_number = demo_json_str(item, "corporate_number"),
	    .prefecture = (int)json_integer_value(json_object_get(item, "prefecture")),
	    .industry = demo_json_str(item, "industry"),
	    .employees = (int)json_integer_value(json_object_get(item, "employees")),
	    .capital_yen = json_integer_value(json_object_get(item, "capital_yen")),
	};
}
