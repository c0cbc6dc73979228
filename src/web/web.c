/*
 * web.c — the route table and dispatch: decode the target, choose the
 * language, match the route, check rights, parse the body, call the page,
 * turn every failure into an error page. Handlers only see well-formed
 * input: a bad escape, invalid UTF-8, a NUL or a duplicated field that
 * must be single is answered 400 here.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "lib/multipart.h"
#include "lib/utf8.h"
#include "view/views.h"
#include "web/api.h"
#include "web/page.h"
#include "web/pages.h"
#include "web/render_cache.h"
#include "web/verify_cache.h"
#include "web/router.h"
#include "web/session.h"
#include "web/static.h"

/* The one route table. GET routes also answer HEAD. */
static const struct route routes[] = {
    {HTTP_GET, "/", page_home, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/rules", page_rules, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/healthz", page_healthz, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/metrics", page_metrics, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/static/{file}", page_static, RIGHT_PUBLIC, 0},
    /* accounts (auth.c, account.c) */
    {HTTP_GET, "/signup", page_signup, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/signup", page_signup_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/signup/sent", page_signup_sent, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/confirm/{token}", page_confirm, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/confirm/{token}", page_confirm_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/login", page_login, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/login", page_login_post, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/logout", page_logout_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/forgot", page_forgot, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/password/forgot", page_forgot_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/forgot/sent", page_forgot_sent, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/password/reset/{token}", page_reset, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/password/reset/{token}", page_reset_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/account", page_account, RIGHT_USER, 0},
    {HTTP_POST, "/account/sessions", page_account_sessions_post, RIGHT_USER, 0},
    /* routes: account-extras */
    {HTTP_GET, "/account/profile", page_account_profile, RIGHT_USER, 0},
    {HTTP_POST, "/account/profile", page_account_profile_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/password", page_account_password, RIGHT_USER, 0},
    {HTTP_POST, "/account/password", page_account_password_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/email", page_account_email, RIGHT_USER, 0},
    {HTTP_POST, "/account/email", page_account_email_post, RIGHT_USER, 0},
    {HTTP_GET, "/account/email/sent", page_account_email_sent, RIGHT_USER, 0},
    {HTTP_GET, "/account/email/confirm/{token}", page_account_email_confirm, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/account/email/confirm/{token}", page_account_email_confirm_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/account/export.json", page_account_export, RIGHT_USER, 0},
    {HTTP_GET, "/account/delete", page_account_delete, RIGHT_USER, 0},
    {HTTP_POST, "/account/delete", page_account_delete_post, RIGHT_USER, 0},
    /* routes: organisations */
    {HTTP_GET, "/org", page_org, RIGHT_USER, 0},
    {HTTP_GET, "/org/new", page_org_new, RIGHT_USER, 0},
    {HTTP_POST, "/org/new", page_org_new_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/edit", page_org_edit, RIGHT_USER, 0},
    {HTTP_POST, "/org/edit", page_org_edit_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/invite", page_org_invite, RIGHT_USER, 0},
    {HTTP_POST, "/org/invite", page_org_invite_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/invitations/{id}/cancel", page_org_invitation_cancel, RIGHT_USER, 0},
    {HTTP_POST, "/org/invitations/{id}/cancel", page_org_invitation_cancel_post, RIGHT_USER, 0},
    {HTTP_GET, "/invite/{token}", page_invite, RIGHT_USER, 0},
    {HTTP_POST, "/invite/{token}", page_invite_post, RIGHT_USER, 0},
    {HTTP_POST, "/org/members/{id}/role", page_org_member_role_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/members/{id}/remove", page_org_member_remove, RIGHT_USER, 0},
    {HTTP_POST, "/org/members/{id}/remove", page_org_member_remove_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/leave", page_org_leave, RIGHT_USER, 0},
    {HTTP_POST, "/org/leave", page_org_leave_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/supporters/grant", page_org_grant, RIGHT_USER, 0},
    {HTTP_POST, "/org/supporters/grant", page_org_grant_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/supporters/{id}/revoke", page_org_grant_revoke, RIGHT_USER, 0},
    {HTTP_POST, "/org/supporters/{id}/revoke", page_org_grant_revoke_post, RIGHT_USER, 0},
    {HTTP_GET, "/org/export.json", page_org_export, RIGHT_USER, 0},
    {HTTP_GET, "/org/members.csv", page_org_members_csv, RIGHT_USER, 0},
    {HTTP_GET, "/org/audit", page_org_audit, RIGHT_USER, 0},
    {HTTP_GET, "/org/delete", page_org_delete, RIGHT_USER, 0},
    {HTTP_POST, "/org/delete", page_org_delete_post, RIGHT_USER, 0},
    {HTTP_GET, "/supporter", page_supporter, RIGHT_USER, 0},
    {HTTP_POST, "/supporter", page_supporter_post, RIGHT_USER, 0},
    {HTTP_POST, "/supporter/code", page_supporter_code_post, RIGHT_USER, 0},
    /* routes: supporters-admin */
    /* routes: assessment */
    {HTTP_GET, "/assessment", page_assessment, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/part/{n}", page_assessment_part, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/assessment/part/{n}", page_assessment_part_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/check", page_assessment_check, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/assessment/submit", page_assessment_submit_post, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/results/{id}", page_assessment_result, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/assessment/history", page_assessment_history, RIGHT_USER, 0},
    {HTTP_GET, "/assessment/history/{org}", page_assessment_history_org, RIGHT_USER, 0},
    /* routes: policy */
    {HTTP_GET, "/policy/edit", page_policy_mine, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org}", page_policy_edit, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org}/step/{step}", page_policy_step, RIGHT_USER, 0},
    {HTTP_POST, "/policy/edit/{org}/step/{step}", page_policy_step_post, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org}/preview", page_policy_preview, RIGHT_USER, 0},
    {HTTP_POST, "/policy/edit/{org}/publish", page_policy_publish_post, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org}/external", page_policy_external, RIGHT_USER, 0},
    {HTTP_POST, "/policy/edit/{org}/external", page_policy_external_post, RIGHT_USER, 0},
    {HTTP_GET, "/policy/edit/{org}/unpublish", page_policy_unpublish, RIGHT_USER, 0},
    {HTTP_POST, "/policy/edit/{org}/unpublish", page_policy_unpublish_post, RIGHT_USER, 0},
    {HTTP_GET, "/policy/{org}", page_policy_public, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/policy/{org}/v/{number}", page_policy_version, RIGHT_PUBLIC, 0},
    /* routes: declaration */
    /* verification (verify*.c, api*.c, badge.c): public, read-only, permanent URLs */
    {HTTP_GET, "/verify", page_verify, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/verify/batch", page_verify_batch, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/verify/batch", page_verify_batch_post, RIGHT_PUBLIC, REQ_MAX_UPLOAD},
    {HTTP_GET, "/verify/{id}", page_verify_declaration, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/verify/{id}/{file}", page_mark, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/badge/{file}", page_badge, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/declarants", page_declarants, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/openapi.json", page_api_openapi, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/declarations", page_api_declarations, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/declarations/verify", page_api_verify_batch, RIGHT_PUBLIC, API_BATCH_MAX_BODY},
    {HTTP_GET, "/api/v1/declarations/{id}", page_api_declaration, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/declarants", page_api_declarants, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/declaration", page_declaration, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/new", page_declaration_new, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/new", page_declaration_new_post, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/new/level", page_declaration_level, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/new/level", page_declaration_level_post, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/new/prerequisites", page_declaration_prerequisites, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/new/pledge", page_declaration_pledge, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/new/pledge", page_declaration_pledge_post, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/new/check", page_declaration_check, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/declared", page_declaration_declared, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/upgrade", page_declaration_upgrade, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/upgrade", page_declaration_upgrade_post, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/details", page_declaration_details, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/details", page_declaration_details_post, RIGHT_USER, 0},
    {HTTP_GET, "/declaration/withdraw", page_declaration_withdraw, RIGHT_USER, 0},
    {HTTP_POST, "/declaration/withdraw", page_declaration_withdraw_post, RIGHT_USER, 0},
    {HTTP_GET, "/admin/declarations", page_admin_declarations, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/declarations/{id}", page_admin_declaration, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/declarations/{id}/approve", page_admin_declaration_approve_post, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/declarations/{id}/revoke", page_admin_declaration_revoke_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin", page_admin, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users", page_admin_users, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users/{id}", page_admin_user, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id}/disable", page_admin_user_disable_post, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id}/enable", page_admin_user_enable_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/users/{id}/resend", page_admin_user_resend, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/users/{id}/resend", page_admin_user_resend_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/organisations", page_admin_organisations, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/organisations/{id}", page_admin_organisation, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/audit", page_admin_audit, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/welcome/{token}", page_admin_welcome, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/admin/welcome/{token}", page_admin_welcome_post, RIGHT_PUBLIC, 0},
};
#define ROUTE_COUNT (sizeof routes / sizeof routes[0])

/* A year: the language choice is a preference, not a secret. */
#define LANG_COOKIE_MAX_AGE "31536000"

static struct web_config config;

/* Strict: scripts and styles only from this origin, no inline code, no
 * framing, no plugins; forms post only here. */
static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			  "form-action 'self'; frame-ancestors 'none'";
static const char csp_framable[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
				   "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

enum mm_err web_init(const struct web_config *c, char err[256])
{
	enum mm_err e;
	config = *c;
	session_configure(c->secure);
	if ((e = views_load(err)) || (e = static_init(err)))
		return e;
	return MM_OK;
}

void web_free(void)
{
	render_cache_free();
	verify_cache_clear();
	static_free();
	views_free();
}

struct str req_header(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->headers.n; i++)
		if (str_eq_nocase(r->headers.items[i].key, name))
			return r->headers.items[i].value;
	return STR_NULL;
}

static const char *const method_names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};

enum http_method http_method_from(struct str name)
{
	for (int m = 0; m < HTTP_OTHER; m++)
		if (str_eq_lit(name, method_names[m]))
			return (enum http_method)m;
	return HTTP_OTHER;
}

const char *http_method_name(enum http_method m)
{
	return m < HTTP_OTHER ? method_names[m] : "OTHER";
}

enum mm_err res_header(struct req *r, struct res *res, const char *name, struct str value)
{
	return kvlist_push(r->arena, &res->headers, str_from(name), value);
}

enum mm_err web_security_headers(struct req *r, struct res *res)
{
	enum mm_err e;
	if ((e = res_header(r, res, "Content-Security-Policy", str_from(res->frame_allowed ? csp_framable : csp))) ||
	    (e = res_header(r, res, "X-Content-Type-Options", STR("nosniff"))) ||
	    (e = res_header(r, res, "Referrer-Policy", STR("strict-origin-when-cross-origin"))) ||
	    (e = res_header(r, res, "Permissions-Policy",
			    STR("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"))) ||
	    (e = res_header(r, res, "Cross-Origin-Opener-Policy", STR("same-origin"))))
		return e;
	if (!res->frame_allowed && (e = res_header(r, res, "X-Frame-Options", STR("DENY"))))
		return e;
	if (config.hsts && (e = res_header(r, res, "Strict-Transport-Security", STR("max-age=63072000"))))
		return e;
	return MM_OK;
}

/* Splits the target at '?', decodes the path; 400 on anything malformed. */
static enum mm_err parse_target(struct req *r)
{
	long q = str_index(r->target, '?');
	struct str raw_path = q < 0 ? r->target : (struct str){r->target.p, (size_t)q};
	r->query = q < 0 ? STR("") : (struct str){r->target.p + q + 1, r->target.n - (size_t)q - 1};
	if (raw_path.n == 0 || raw_path.p[0] != '/')
		return MM_ERR_INVALID;
	enum mm_err e = url_decode(r->arena, raw_path, false, &r->path);
	if (e)
		return e;
	return form_parse_urlencoded(r->arena, r->query, &r->query_fields);
}

/* ?lang= (remembered in a cookie), then the cookie, then Accept-Language. */
static enum mm_err choose_language(struct req *r, struct res *res)
{
	struct str code;
	enum mm_err e = kvlist_get_one(&r->query_fields, "lang", &code);
	if (e == MM_ERR_DUPLICATE)
		return e;
	if (e == MM_OK && lang_from_code(code, &r->lang)) {
		char *cookie = arena_printf(r->arena, "lang=%s; Path=/; Max-Age=%s; HttpOnly; SameSite=Lax%s",
					    lang_code(r->lang), LANG_COOKIE_MAX_AGE, config.secure ? "; Secure" : "");
		return cookie ? res_header(r, res, "Set-Cookie", str_from(cookie)) : MM_ERR_NOMEM;
	}
	if (kvlist_get_one(&r->cookies, "lang", &code) == MM_OK && lang_from_code(code, &r->lang))
		return MM_OK;
	r->lang = lang_from_accept(req_header(r, "Accept-Language"));
	return MM_OK;
}

/* The fields of a POST body, urlencoded or multipart. */
static enum mm_err parse_body(struct req *r)
{
	struct str type = req_header(r, "Content-Type");
	if (r->body.n == 0)
		return MM_OK;
	if (str_starts_with(type, "application/x-www-form-urlencoded"))
		return form_parse_urlencoded(r->arena, r->body, &r->form);
	if (str_starts_with(type, "multipart/form-data")) {
		struct str boundary;
		struct multipart m;
		enum mm_err e;
		if ((e = multipart_boundary(type, &boundary)) || (e = multipart_parse(r->arena, boundary, r->body, &m)))
			return e;
		return multipart_fields(r->arena, &m, &r->form);
	}
	return MM_OK; /* other types are the handler's to read */
}

const struct route *web_route_table(size_t *n)
{
	*n = ROUTE_COUNT;
	return routes;
}

size_t web_body_limit(enum http_method method, struct str target)
{
	long q = str_index(target, '?');
	struct str path = q < 0 ? target : (struct str){target.p, (size_t)q};
	for (size_t i = 0; i < ROUTE_COUNT; i++)
		if (routes[i].method == method && routes[i].max_body && str_eq_lit(path, routes[i].pattern))
			return routes[i].max_body;
	return REQ_MAX_FORM_BODY;
}

static void finish(struct req *r, struct res *res)
{
	if (web_security_headers(r, res)) {
		res->headers.n = 0;
		res->status = 500;
		res->content_type = STR("text/plain; charset=utf-8");
		res->body = STR("mamori: error\n");
	}
}

/* Programs calling the JSON API get JSON errors even for requests refused
 * before dispatch (a batch body over its limit, say). */
static const char *refusal_code(int status)
{
	switch (status) {
	case 413: return "body_too_large";
	case 414: return "uri_too_long";
	case 431: return "headers_too_large";
	case 503: return "unavailable";
	default: return "bad_request";
	}
}

void web_refuse(struct req *r, struct res *res, int status)
{
	r->lang = lang_from_accept(req_header(r, "Accept-Language"));
	r->route_label = "unmatched";
	if (str_starts_with(r->target, "/api/")) {
		char key[32];
		snprintf(key, sizeof key, "error.%d.message", status);
		api_error(r, res, status, refusal_code(status), key);
	} else {
		page_error(r, res, status);
	}
	finish(r, res);
}

/* The JSON API under /api/ is called by programs, without cookies or a
 * form to carry a token. Its POST (a batch of verifications) reads public
 * data and changes nothing, so a forged cross-site request gains nothing;
 * API routes must stay that way (no session, no state change). */
static bool csrf_applies(const struct route *route)
{
	return strncmp(route->pattern, "/api/", 5) != 0;
}

/* Rights and CSRF, before any handler runs. False when res holds the
 * refusal. */
static bool allowed_here(struct req *r, struct res *res)
{
	bool safe = r->method == HTTP_GET || r->method == HTTP_HEAD;
	if (!safe && csrf_applies(r->route) && !session_csrf_ok(r)) {
		page_error(r, res, 403);
		return false;
	}
	if (r->route->right == RIGHT_PUBLIC)
		return true;
	if (!r->user) {
		if (!safe) {
			page_error(r, res, 403);
			return false;
		}
		struct buf next;
		buf_init(&next, r->arena, REQ_MAX_URL * 3 + 32);
		if (buf_append_cstr(&next, "/login?next=") || buf_append_urlenc(&next, r->target) ||
		    page_redirect(r, res, buf_cstr(&next)))
			page_error(r, res, 500);
		return false;
	}
	if (r->route->right == RIGHT_ADMIN && !r->user->is_admin) {
		page_error(r, res, 404);
		return false;
	}
	return true;
}

void web_dispatch(struct req *r, struct res *res)
{
	unsigned allowed = 0;
	enum mm_err e;
	r->route_label = "unmatched";
	r->lang = LANG_JA;
	if (parse_target(r) || cookie_parse(r->arena, req_header(r, "Cookie"), &r->cookies)) {
		page_error(r, res, 400);
		goto done;
	}
	if ((e = choose_language(r, res))) {
		page_error(r, res, e == MM_ERR_NOMEM ? 500 : 400);
		goto done;
	}
	switch (router_match(routes, ROUTE_COUNT, r->method, r->path, &r->route, r->params, &allowed)) {
	case ROUTE_NOT_FOUND:
		page_error(r, res, 404);
		goto done;
	case ROUTE_METHOD_NOT_ALLOWED: {
		char *allow = router_allow_header(r->arena, allowed);
		page_error(r, res, 405);
		if (allow)
			res_header(r, res, "Allow", str_from(allow));
		goto done;
	}
	case ROUTE_FOUND:
		break;
	}
	r->route_label = r->route->pattern;
	if (parse_body(r)) {
		page_error(r, res, 400);
		goto done;
	}
	if ((e = session_load(r, res))) {
		log_error("req=%s session: %s", r->id, mm_err_name(e));
		page_error(r, res, 503);
		goto done;
	}
	if (!allowed_here(r, res))
		goto done;
	e = r->route->handler(r, res);
	if (e) {
		/* The detail goes to the log, the reference to the user. */
		log_error("req=%s %s %s failed: %s", r->id, http_method_name(r->method), r->route->pattern,
			  mm_err_name(e));
		res->headers.n = 0;
		page_error(r, res, 500);
	}
done:
	finish(r, res);
}
