/*
 * support_bundle.c — see support_bundle.h.
 */
#include "pages/shared/support_bundle.h"

#include "core/org_fields.h"

enum mm_err support_bundle_set(struct arena *a, struct val *obj, const char *key,
                               const struct org_support *sup)
{
	struct val *o = val_set_obj(a, obj, key);
	const char *tel = sup->phone.n ? org_phone_tel(a, sup->phone) : "";
	if (!o || !tel || !val_set_str(a, o, "name", sup->name) ||
	    !val_set_str(a, o, "phone", sup->phone) || !val_set_cstr(a, o, "tel", tel) ||
	    !val_set_str(a, o, "url", sup->url))
		return MM_ERR_NOMEM;
	return MM_OK;
}
