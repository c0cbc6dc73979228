/*
 * service_contents.c — see service_contents.h.
 */
#include "pages/shared/service_contents.h"

#include "core/catalogue.h"
#include "view/labels.h"

enum mm_err service_contents_set(struct req *r, struct val *obj, const struct service *v,
                                 const char *labels_key)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, obj, "contents");
	if (!list)
		return MM_ERR_NOMEM;
	for (int i = 0; i < SERVICE_CONTENT_COUNT; i++) {
		struct val *c = val_list_push_obj(a, list);
		if (!c ||
		    !val_set_str(
		        a, c, "label",
		        labels_keyed(r->lang, labels_key, str_from(service_contents[i]))) ||
		    !val_set_bool(a, c, "included", (v->bundle_contents >> i) & 1) ||
		    !val_set_str(a, c, "detail", v->bundle_details[i]))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}
