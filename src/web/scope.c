/*
 * scope.c — see scope.h.
 */
#include "web/scope.h"

#include <assert.h>

#include "store/assessment.h"
#include "store/org_support.h"

enum mm_err scope_role_of(struct req *r, int64_t org_id, int64_t user_id, enum scope_role *role)
{
	struct org_membership m;
	enum org_access access;
	enum mm_err e = store_org_membership_of(r->store, user_id, &m);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (!e && m.organisation_id == org_id) {
		*role = m.role == ORG_ROLE_OWNER ? SCOPE_OWNER : SCOPE_MEMBER;
		return MM_OK;
	}
	if ((e = store_org_grant_access(r->store, org_id, user_id, &access)))
		return e;
	*role = access == ORG_ACCESS_EDIT ? SCOPE_SUPPORTER_EDIT : SCOPE_SUPPORTER_READ;
	return MM_OK;
}

/* The user's own organisation. */
static enum mm_err own_organisation(struct req *r, struct org_scope *scope)
{
	struct org_membership m;
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &m);
	if (e)
		return e;
	scope->id = m.organisation_id;
	scope->role = m.role == ORG_ROLE_OWNER ? SCOPE_OWNER : SCOPE_MEMBER;
	return MM_OK;
}

/* The organisation {org} of the URL, as the user may see it. */
static enum mm_err url_organisation(struct req *r, struct org_scope *scope)
{
	enum mm_err e =
	    store_assessment_org_id_by_public_id(r->store, req_param(r, "org"), &scope->id);
	if (e)
		return e;
	return scope_role_of(r, scope->id, r->user->id, &scope->role);
}

static bool role_allows(enum right right, enum scope_role role)
{
	switch (right) {
	case RIGHT_MEMBER:
	case RIGHT_ORG_READ:
		return true;
	case RIGHT_ORG_EDIT:
		return role != SCOPE_SUPPORTER_READ;
	case RIGHT_OWNER:
	case RIGHT_ORG_OWNER:
		return role == SCOPE_OWNER;
	default:
		break;
	}
	assert(!"an organisation right");
	return false;
}

enum mm_err scope_decide(struct req *r, enum right right, int *status)
{
	assert(r->user && r->store);
	struct org_scope *scope = arena_alloc(r->arena, sizeof *scope);
	struct org_profile *profile = arena_alloc(r->arena, sizeof *profile);
	if (!scope || !profile)
		return MM_ERR_NOMEM;
	bool own = right == RIGHT_MEMBER || right == RIGHT_OWNER;
	enum mm_err e = own ? own_organisation(r, scope) : url_organisation(r, scope);
	*status = 0;
	if (e == MM_ERR_NOT_FOUND) {
		*status = 404;
		return MM_OK;
	}
	if (e || (e = store_org_by_id(r->store, r->arena, scope->id, profile)))
		return e;
	scope->profile = profile;
	scope->public_id = profile->public_id;
	r->org = scope;
	if (!role_allows(right, scope->role))
		*status = 403;
	return MM_OK;
}
