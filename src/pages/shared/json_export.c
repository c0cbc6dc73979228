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
