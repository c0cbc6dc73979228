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
enum mm_err page_account_profile(struct req *r, struct res *res);       /* account.c */
enum mm_err page_account_profile_post(struct req *r, struct res *res);
enum mm_err page_account_password(struct req *r, struct res *res);
enum mm_err page_account_password_post(struct req *r, struct res *res);
enum mm_err page_account_email(struct req *r, struct res *res);         /* account_email.c */
enum mm_err page_account_email_post(struct req *r, struct res *res);
enum mm_err page_account_email_sent(struct req *r, struct res *res);
enum mm_err page_account_email_confirm(struct req *r, struct res *res);
enum mm_err page_account_email_confirm_post(struct req *r, struct res *res);
enum mm_err page_account_export(struct req *r, struct res *res);        /* account_data.c */
enum mm_err page_account_delete(struct req *r, struct res *res);
enum mm_err page_account_delete_post(struct req *r, struct res *res);
/* pages: organisations */
/* org.c, org_members.c, org_supporters.c, org_data.c, supporter.c */
enum mm_err page_org(struct req *r, struct res *res);
enum mm_err page_org_new(struct req *r, struct res *res);
enum mm_err page_org_new_post(struct req *r, struct res *res);
enum mm_err page_org_edit(struct req *r, struct res *res);
enum mm_err page_org_edit_post(struct req *r, struct res *res);
enum mm_err page_org_invite(struct req *r, struct res *res);
enum mm_err page_org_invite_post(struct req *r, struct res *res);
enum mm_err page_org_invitation_cancel(struct req *r, struct res *res);
enum mm_err page_org_invitation_cancel_post(struct req *r, struct res *res);
enum mm_err page_invite(struct req *r, struct res *res);
enum mm_err page_invite_post(struct req *r, struct res *res);
enum mm_err page_org_member_role_post(struct req *r, struct res *res);
enum mm_err page_org_member_remove(struct req *r, struct res *res);
enum mm_err page_org_member_remove_post(struct req *r, struct res *res);
enum mm_err page_org_leave(struct req *r, struct res *res);
enum mm_err page_org_leave_post(struct req *r, struct res *res);
enum mm_err page_org_grant(struct req *r, struct res *res);
enum mm_err page_org_grant_post(struct req *r, struct res *res);
enum mm_err page_org_grant_revoke(struct req *r, struct res *res);
enum mm_err page_org_grant_revoke_post(struct req *r, struct res *res);
enum mm_err page_org_export(struct req *r, struct res *res);
enum mm_err page_org_members_csv(struct req *r, struct res *res);
enum mm_err page_org_audit(struct req *r, struct res *res);
enum mm_err page_org_delete(struct req *r, struct res *res);
enum mm_err page_org_delete_post(struct req *r, struct res *res);
enum mm_err page_supporter(struct req *r, struct res *res);
enum mm_err page_supporter_post(struct req *r, struct res *res);
enum mm_err page_supporter_code_post(struct req *r, struct res *res);
/* pages: supporters-admin */
/* pages: assessment */
enum mm_err page_assessment(struct req *r, struct res *res);            /* assessment.c */
enum mm_err page_assessment_part(struct req *r, struct res *res);
enum mm_err page_assessment_part_post(struct req *r, struct res *res);
enum mm_err page_assessment_check(struct req *r, struct res *res);
enum mm_err page_assessment_submit_post(struct req *r, struct res *res);
enum mm_err page_assessment_result(struct req *r, struct res *res);     /* assessment_result.c */
enum mm_err page_assessment_history(struct req *r, struct res *res);    /* assessment_history.c */
enum mm_err page_assessment_history_org(struct req *r, struct res *res);
/* pages: policy */
enum mm_err page_policy_mine(struct req *r, struct res *res); /* policy_builder.c */
enum mm_err page_policy_edit(struct req *r, struct res *res);
enum mm_err page_policy_step(struct req *r, struct res *res);
enum mm_err page_policy_step_post(struct req *r, struct res *res);
enum mm_err page_policy_preview(struct req *r, struct res *res);
enum mm_err page_policy_publish_post(struct req *r, struct res *res); /* policy_publish.c */
enum mm_err page_policy_external(struct req *r, struct res *res);
enum mm_err page_policy_external_post(struct req *r, struct res *res);
enum mm_err page_policy_unpublish(struct req *r, struct res *res);
enum mm_err page_policy_unpublish_post(struct req *r, struct res *res);
enum mm_err page_policy_public(struct req *r, struct res *res); /* policy_public.c */
enum mm_err page_policy_version(struct req *r, struct res *res);
/* pages: declaration */
/* verification: verify.c, verify_batch.c, verify_declarants.c, badge.c, api*.c */
#define API_BATCH_MAX_BODY (256u * 1024) /* 1,000 {id, corporate_number} pairs with room to spare */
enum mm_err page_verify(struct req *r, struct res *res);
enum mm_err page_verify_declaration(struct req *r, struct res *res);
enum mm_err page_verify_batch(struct req *r, struct res *res);
enum mm_err page_verify_batch_post(struct req *r, struct res *res);
enum mm_err page_declarants(struct req *r, struct res *res);
enum mm_err page_badge(struct req *r, struct res *res);
enum mm_err page_mark(struct req *r, struct res *res);
enum mm_err page_api_declaration(struct req *r, struct res *res);
enum mm_err page_api_declarations(struct req *r, struct res *res);
enum mm_err page_api_verify_batch(struct req *r, struct res *res);
enum mm_err page_api_declarants(struct req *r, struct res *res);
enum mm_err page_api_openapi(struct req *r, struct res *res);
/* declaration.c, declaration_new.c, admin_declarations.c */
enum mm_err page_declaration(struct req *r, struct res *res);
enum mm_err page_declaration_new(struct req *r, struct res *res);
enum mm_err page_declaration_new_post(struct req *r, struct res *res);
enum mm_err page_declaration_level(struct req *r, struct res *res);
enum mm_err page_declaration_level_post(struct req *r, struct res *res);
enum mm_err page_declaration_prerequisites(struct req *r, struct res *res);
enum mm_err page_declaration_pledge(struct req *r, struct res *res);
enum mm_err page_declaration_pledge_post(struct req *r, struct res *res);
enum mm_err page_declaration_check(struct req *r, struct res *res);
enum mm_err page_declaration_declared(struct req *r, struct res *res);
enum mm_err page_declaration_upgrade(struct req *r, struct res *res);
enum mm_err page_declaration_upgrade_post(struct req *r, struct res *res);
enum mm_err page_declaration_details(struct req *r, struct res *res);
enum mm_err page_declaration_details_post(struct req *r, struct res *res);
enum mm_err page_declaration_withdraw(struct req *r, struct res *res);
enum mm_err page_declaration_withdraw_post(struct req *r, struct res *res);
enum mm_err page_admin_declarations(struct req *r, struct res *res);
enum mm_err page_admin_declaration(struct req *r, struct res *res);
enum mm_err page_admin_declaration_approve_post(struct req *r, struct res *res);
enum mm_err page_admin_declaration_revoke_post(struct req *r, struct res *res);
enum mm_err page_admin(struct req *r, struct res *res);                 /* admin.c */
enum mm_err page_admin_audit(struct req *r, struct res *res);
enum mm_err page_admin_welcome(struct req *r, struct res *res);
enum mm_err page_admin_welcome_post(struct req *r, struct res *res);
enum mm_err page_admin_users(struct req *r, struct res *res);           /* admin_users.c */
enum mm_err page_admin_user(struct req *r, struct res *res);
enum mm_err page_admin_user_disable_post(struct req *r, struct res *res);
enum mm_err page_admin_user_enable_post(struct req *r, struct res *res);
enum mm_err page_admin_user_resend(struct req *r, struct res *res);
enum mm_err page_admin_user_resend_post(struct req *r, struct res *res);
enum mm_err page_admin_organisations(struct req *r, struct res *res);   /* admin_orgs.c */
enum mm_err page_admin_organisation(struct req *r, struct res *res);

#endif
