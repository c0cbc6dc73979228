/*
 * file_row.c — see file_row.h.
 */
#include "pages/shared/file_row.h"

#include "view/labels.h"

struct val *file_row_push(struct arena *a, struct val *list, struct str filename, const char *url,
                          int64_t size)
{
	struct val *v = val_list_push_obj(a, list);
	if (!v || !val_set_str(a, v, "filename", filename) || !val_set_cstr(a, v, "url", url) ||
	    !val_set_cstr(a, v, "size", labels_format_count(a, (size + 1023) / 1024)))
		return NULL;
	return v;
}
