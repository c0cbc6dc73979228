/*
 * org_here.h — the signed-in user's own organisation and their role in it,
 * loaded by a page itself. For the pages of other areas (assessment,
 * declaration, policy) whose routes do not declare RIGHT_MEMBER or
 * RIGHT_OWNER yet; the organisation pages read r->org, which dispatch
 * loads for those rights (web/scope.h), and must not use this.
 *
 * Decides the same way as the route rights: 404 to a user without an
 * organisation, 403 to a member on an owner's page. Delete this file once
 * no route needs it.
 */
#ifndef MM_PAGES_ORG_HERE_H
#define MM_PAGES_ORG_HERE_H

#include "store/org.h"
#include "web/req.h"

struct org_here {
	struct org_membership membership;
	struct org_profile org;
};

enum org_need { ORG_NEED_MEMBER, ORG_NEED_OWNER };

/* The signed-in user's organisation; MM_ERR_NOT_FOUND when none. */
MM_MUST_USE enum mm_err org_here_load(struct req *r, struct store *s, struct org_here *out);
/* Loads it for a page that needs it; answers 404 (no organisation) or 403
 * (an owner's page, a member asking) itself and sets *answered. */
MM_MUST_USE enum mm_err org_here_require(struct req *r, struct res *res, struct store *s,
                                         enum org_need need, struct org_here *out, bool *answered);
bool org_is_owner(const struct org_here *h);

#endif
