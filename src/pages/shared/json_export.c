/*
 * json_export.c — see json_export.h.
 */
#include "pages/shared/json_export.h"

#include <stdlib.h>
#include <string.h>

#include "lib/civil.h"

json_t *json_export_str(struct str s)
{
	return json_stringn(s.p ? s.p : "", s.n);
}

json_t *json_export_time(int64_t t)
{
	char text[CIVIL_ISO_BYTES];
	if (t <= 0)
		return json_null();
	civil_iso_utc(t, text);
	return json_string(text);
}

void json_builder_set(struct json_builder *b, json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value))
		b->failed = true;
}

void json_builder_push(struct json_builder *b, json_t *list, json_t *value)
{
	if (!value || json_array_append_new(list, value))
		b->failed = true;
}

json_t *json_builder_set_list(struct json_builder *b, json_t *obj, const char *key)
{
	json_t *list = json_array();
	json_builder_set(b, obj, key, list);
	return b->failed ? NULL : list;
}

json_t *json_builder_push_obj(struct json_builder *b, json_t *list)
{
	json_t *o = json_object();
	json_builder_push(b, list, o);
	return b->failed ? NULL : o;
}

/* root dumped with flags besides the indent and the order. */
static enum mm_err export_text(struct arena *a, const json_t *root, size_t flags, struct str *out)
{
	char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags) : NULL;
	if (!text)
		return MM_ERR_NOMEM;
	size_t n = strlen(text);
	char *copy = arena_strdup(a, text);
	free(text);
	if (!copy)
		return MM_ERR_NOMEM;
	*out = (struct str){copy, n};
	return MM_OK;
}

enum mm_err json_export_text(struct arena *a, const json_t *root, struct str *out)
{
	return export_text(a, root, 0, out);
}

enum mm_err json_export_text_precise(struct arena *a, const json_t *root, int precision,
                                     struct str *out)
{
	return export_text(a, root, JSON_REAL_PRECISION(precision), out);
}
