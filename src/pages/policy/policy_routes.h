/*
 * policy_routes.h — the page handlers of this area, named in its route table
 * (policy_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_POLICY_ROUTES_H
#define MM_PAGES_POLICY_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_policy_mine(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_edit(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_step(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_step_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_preview(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_publish_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_external(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_external_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_unpublish(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_unpublish_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_public(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_policy_version(struct req *r, struct res *res);

#endif
