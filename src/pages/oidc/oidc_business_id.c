/*
 * oidc_business_id.c — see oidc_business_id.h.
 */
#include "pages/oidc/oidc_business_id.h"

#include <string.h>

#include "pages/identity/identity_notify.h"
#include "store/identity.h"
#include "web/audit.h"
#include "web/page.h"

struct verification {
	int64_t user_id, org_id;
	struct str number, source, org_name;
	struct identity_moved moved;
};

static enum mm_err verify_tx(struct req *r, struct store *s, void *arg)
{
	struct verification *v = arg;
	enum mm_err e =
	    store_identity_verify(s, r->arena, v->org_id, v->number, ORG_IDENTITY_BUSINESS_ID,
	                          v->source, v->user_id, r->now, &v->moved);
	if (e)
		return e;
	if (v->moved.claim_id) {
		char *detail =
		    arena_printf(r->arena, "claim %lld: moved to %.*s",
		                 (long long)v->moved.claim_id, (int)v->org_name.n, v->org_name.p);
		if (!detail)
			return MM_ERR_NOMEM;
		if ((e = audit_log(r, "identity.number_lost", v->user_id, v->moved.holder_id,
		                   v->number, AUDIT_OK, detail)) ||
		    (e = identity_notify_number_lost(r, s, &v->moved, v->number)))
			return e;
	}
	return audit_log(r, "identity.verify", v->user_id, v->org_id, v->number, AUDIT_OK,
	                 "business_id");
}

enum mm_err oidc_business_id_apply(struct req *r, int64_t user_id, const char *issuer,
                                   struct str number)
{
	struct org_membership m;
	struct org_profile o;
	struct org_identity_state id;
	enum mm_err e = store_org_membership_of(r->store, user_id, &m);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK; /* no organisation (yet): nothing to verify */
	if (e)
		return e;
	if (m.role != ORG_ROLE_OWNER)
		return MM_OK;
	if ((e = store_org_by_id(r->store, r->arena, m.organisation_id, &o)) ||
	    (e = store_identity_get(r->store, r->arena, m.organisation_id, &id)))
		return e;
	if (o.sole_proprietor || (o.corporate_number.n && !str_eq(o.corporate_number, number)))
		return MM_OK;
	if (id.level == ORG_IDENTITY_BUSINESS_ID && str_eq(o.corporate_number, number))
		return MM_OK; /* verified so already */
	size_t n = strlen(issuer);
	struct verification v = {
	    .user_id = user_id,
	    .org_id = m.organisation_id,
	    .number = number,
	    .source = {issuer, n > IDENTITY_SOURCE_MAX ? IDENTITY_SOURCE_MAX : n}};
	e = page_tx(r, verify_tx, &v);
	if (e == MM_ERR_CONFLICT) {
		/* A verified organisation holds the number: it stays there. */
		audit_note(r, "identity.verify", user_id, m.organisation_id, number, AUDIT_DENIED,
		           "held by a verified organisation");
		return MM_OK;
	}
	return e;
}
