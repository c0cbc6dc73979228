/*
 * org_url_record.c — see org_url_record.h.
 */
#include "pages/org/org_url_record.h"

#include <assert.h>

#include "web/page.h"
#include "store/org_support.h"

enum mm_err org_url_invitation(struct req *r, struct org_invitation *out)
{
	assert(r->org);
	return store_org_invitation_get(r->store, r->arena, r->org->id, req_param_int(r, "id"),
	                                r->now, out);
}

enum mm_err org_url_member(struct req *r, struct org_member *out)
{
	assert(r->org);
	return store_org_member_get(r->store, r->arena, r->org->id, req_param_int(r, "id"), out);
}

enum mm_err org_url_grant(struct req *r, struct org_grant *out)
{
	assert(r->org);
	return store_org_grant_get(r->store, r->arena, r->org->id, req_param_int(r, "id"), out);
}

enum mm_err org_url_missing(struct req *r, struct res *res, enum mm_err e)
{
	if (e != MM_ERR_NOT_FOUND)
		return e;
	page_error(r, res, 404);
	return MM_OK;
}
