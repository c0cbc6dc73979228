/*
 * scope.h — the record-level rights of enum right (router.h): which
 * organisation a request is about and whether its user may act on it.
 * Decided here in one place, before any page runs, so a page can trust
 * r->org and never repeats the check. The only rights that stay in pages
 * are those that no route can name (a result reached by an anonymous
 * visitor's cookie, say), and each says so where it is checked.
 */
#ifndef MM_WEB_SCOPE_H
#define MM_WEB_SCOPE_H

#include "web/req.h"
#include "web/router.h"

/* Loads r->org for right (a RIGHT_MEMBER … RIGHT_ORG_OWNER route, with a
 * signed-in user) and decides. *status is 0 when allowed, else the answer
 * (403 or 404). A failed lookup is returned as the error. */
MM_MUST_USE enum mm_err scope_decide(struct req *r, enum right right, int *status);

/* The role of user_id in org_id: member or owner, else a supporter's
 * consent; MM_ERR_NOT_FOUND for anyone else. */
MM_MUST_USE enum mm_err scope_role_of(struct req *r, int64_t org_id, int64_t user_id,
                                      enum scope_role *role);

#endif
