/*
 * account_routes.h — the page handlers of this area, named in its route table
 * (account_routes.c). Only that table and the files defining them include this.
 */
#ifndef MM_PAGES_ACCOUNT_ROUTES_H
#define MM_PAGES_ACCOUNT_ROUTES_H

#include "web/req.h"

MM_MUST_USE enum mm_err page_signup(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_signup_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_signup_sent(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_confirm(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_confirm_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_login(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_login_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_logout_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_forgot(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_forgot_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_forgot_sent(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_reset(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_reset_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_sessions_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_profile(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_profile_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_password(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_password_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_email(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_email_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_email_sent(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_email_confirm(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_email_confirm_post(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_export(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_delete(struct req *r, struct res *res);
MM_MUST_USE enum mm_err page_account_delete_post(struct req *r, struct res *res);

#endif
