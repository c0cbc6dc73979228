/*
 * admin_routes.h — the page handlers of this area, named in its route table
 * (admin_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_ADMIN_ROUTES_H
#define MM_PAGES_ADMIN_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_admin_declarations(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_declaration(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_declaration_approve_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_declaration_revoke_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_users(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_user(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_user_disable_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_user_enable_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_user_resend(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_user_resend_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_organisations(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_organisation(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_audit(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_welcome(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_admin_welcome_post(struct req *r, struct res *res);

#endif
