/*
 * pages.h — the handlers of the route table (web.c), one area per file.
 */
#ifndef MM_PAGES_H
#define MM_PAGES_H

#include "web/req.h"

enum mm_err page_home(struct req *r, struct res *res);  /* home.c */
enum mm_err page_rules(struct req *r, struct res *res); /* rules.c */
enum mm_err page_healthz(struct req *r, struct res *res); /* ops.c */
enum mm_err page_metrics(struct req *r, struct res *res); /* ops.c */

/* auth.c */
enum mm_err page_signup(struct req *r, struct res *res);
enum mm_err page_signup_post(struct req *r, struct res *res);
enum mm_err page_signup_sent(struct req *r, struct res *res);
enum mm_err page_confirm(struct req *r, struct res *res);
enum mm_err page_confirm_post(struct req *r, struct res *res);
enum mm_err page_login(struct req *r, struct res *res);
enum mm_err page_login_post(struct req *r, struct res *res);
enum mm_err page_logout_post(struct req *r, struct res *res);
enum mm_err page_forgot(struct req *r, struct res *res);
enum mm_err page_forgot_post(struct req *r, struct res *res);
enum mm_err page_forgot_sent(struct req *r, struct res *res);
enum mm_err page_reset(struct req *r, struct res *res);
enum mm_err page_reset_post(struct req *r, struct res *res);

/* account.c */
enum mm_err page_account(struct req *r, struct res *res);
enum mm_err page_account_sessions_post(struct req *r, struct res *res);

/* pages: account-extras */
/* pages: organisations */
/* pages: supporters-admin */

#endif
