/*
 * org_routes.h — the page handlers of this area, named in its route table
 * (org_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_ORG_ROUTES_H
#define MM_PAGES_ORG_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_org(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_new(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_new_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_edit(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_edit_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_invite(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_invite_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_invitation_cancel(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_invitation_cancel_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_invite(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_invite_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_member_role_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_member_remove(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_member_remove_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_leave(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_leave_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_grant(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_grant_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_grant_revoke(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_grant_revoke_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_export(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_members_csv(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_audit(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_delete(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_org_delete_post(struct req *r, struct res *res);

#endif
