/*
 * org_url_record.h — the record an owner's URL names by {id:int}: a
 * pending invitation (/org/invitations/{id}/cancel), a member
 * (/org/members/{id}/…) or a supporter's grant (/org/supporters/{id}/revoke).
 *
 * The route has already required RIGHT_OWNER and typed the id; what no
 * route right can say is that the record belongs to that organisation.
 * Each lookup is made within r->org->id, so another organisation's id
 * answers 404 exactly like one that does not exist (nothing leaks). Pages
 * must not look these records up any other way.
 */
#ifndef MM_PAGES_ORG_URL_RECORD_H
#define MM_PAGES_ORG_URL_RECORD_H

#include "store/org.h"
#include "store/org_support.h"
#include "web/req.h"

/* MM_ERR_NOT_FOUND when there is no such record in r->org. */
MM_MUST_USE enum mm_err org_url_invitation(struct req *r, struct org_invitation *out);
MM_MUST_USE enum mm_err org_url_member(struct req *r, struct org_member *out);
MM_MUST_USE enum mm_err org_url_grant(struct req *r, struct org_grant *out);

/* The answer to a failed org_url_*(): a 404 page for MM_ERR_NOT_FOUND
 * (then MM_OK), any other error as it is. */
MM_MUST_USE enum mm_err org_url_missing(struct req *r, struct res *res, enum mm_err e);

#endif
