/*
 * org_here.c — see org_here.h.
 */
#include "pages/org/org_here.h"

#include "web/page.h"

enum mm_err org_here_load(struct req *r, struct store *s, struct org_here *out)
{
	enum mm_err e = store_org_membership_of(s, r->user->id, &out->membership);
	if (e)
		return e;
	return store_org_by_id(s, r->arena, out->membership.organisation_id, &out->org);
}

enum mm_err org_here_require(struct req *r, struct res *res, struct store *s, enum org_need need,
                             struct org_here *out, bool *answered)
{
	enum mm_err e = org_here_load(r, s, out);
	*answered = false;
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	if (e)
		return e;
	if (need == ORG_NEED_OWNER && !org_is_owner(out)) {
		page_error(r, res, 403);
		*answered = true;
	}
	return MM_OK;
}

bool org_is_owner(const struct org_here *h)
{
	return h->membership.role == ORG_ROLE_OWNER;
}
