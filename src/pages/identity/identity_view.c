/*
 * identity_view.c — see identity_view.h. The words are the verification
 * page's (verify.identity.*), so a level reads the same everywhere.
 */
#include "pages/identity/identity_view.h"

#include "view/i18n.h"
#include "web/page.h"

enum mm_err identity_view_level(struct req *r, struct val *ctx, const char *name,
                                enum org_identity level, int64_t at)
{
	struct arena *a = r->arena;
	static const char *const keys[ORG_IDENTITY_COUNT] = {
	    [ORG_IDENTITY_UNVERIFIED] = "verify.identity.unverified",
	    [ORG_IDENTITY_LETTER] = "verify.identity.letter",
	    [ORG_IDENTITY_BUSINESS_ID] = "verify.identity.business_id",
	};
	if ((unsigned)level >= ORG_IDENTITY_COUNT)
		level = ORG_IDENTITY_UNVERIFIED;
	const char *const names[] = {"date"};
	const struct str values[] = {str_from(at ? page_format_date(r, at) : "")};
	const char *text = i18n_fill(a, r->lang, keys[level], names, values, 1);
	struct val *v = val_set_obj(a, ctx, name);
	if (!text || !v || !val_set_cstr(a, v, "code", org_identity_names[level]) ||
	    !val_set_cstr(a, v, "text", text) ||
	    !val_set_bool(a, v, "verified", level != ORG_IDENTITY_UNVERIFIED))
		return MM_ERR_NOMEM;
	return MM_OK;
}
