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

struct str demo_json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? (struct str){json_string_value(v), json_string_length(v)}
	                         : STR("");
}
