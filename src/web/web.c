/*
 * web.c — the framework's settings (read apart, before the database is
 * opened), the route table and dispatch: decode the target, choose the
 * language, match the route, check rights, parse the body, call the page,
 * turn every failure into an error page (a JSON error under /api/), and
 * send no cookie with an answer a shared cache may keep.
 * Handlers only see well-formed input: a bad escape, invalid UTF-8, a NUL
 * or a duplicated field that must be single is answered 400 here.
 */
#include "web/web.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/multipart.h"
#include "lib/utf8.h"
#include "store/store.h"
#include "view/views.h"
#include "web/api_answer.h"
#include "web/mail_rate.h"
#include "web/metrics_allow.h"
#include "web/page.h"
#include "web/proxy.h"
#include "web/ratelimit.h"
#include "web/fetch.h"
#include "web/oidc.h"
#include "web/fetch_rate.h"
#include "web/render_cache.h"
#include "web/router.h"
#include "web/scope.h"
#include "web/session.h"
#include "web/static.h"
#include "web/verify_cache.h"

/* The framework's own route; the areas' come from web_init(). */
static const struct route static_route = ROUTE_GET("/static/{file}", page_static, RIGHT_PUBLIC);

/* Every route, flattened from the groups at start-up, in dispatch order. */
static struct route *routes;
static bool *store_optional;         /* per route, from its group */
static bool *read_replica;           /* per route, from its group */
static route_handler *refusal_pages; /* per route, from its group's refusals (NULL: none) */
static size_t route_count;
/* The routes whose body may be other than REQ_MAX_FORM_BODY (a few
 * uploads), looked up before every request's body is read. */
#define BODY_ROUTES_MAX 32
static const struct route *body_routes[BODY_ROUTES_MAX];
static size_t body_route_count;

/* A year: the language choice is a preference, not a secret. */
#define LANG_COOKIE_MAX_AGE "31536000"

static struct web_config config;

/* Routes that carry a secret in their path (a {token} or a typed
 * {token:token}: the links of confirmation, reset, change of address,
 * invitation, an administrator's welcome and the one-click unsubscribe):
 * the literal start of each pattern, before the token. The access log
 * shows these paths as the pattern, never the token. */
#define SECRET_ROUTES_MAX 32
static struct secret_route {
	struct str prefix; /* the pattern before its token */
	struct str shown;  /* the pattern up to the token's closing brace */
} secret_prefixes[SECRET_ROUTES_MAX];
static size_t secret_prefix_count;
#define SECRET_PARAM "{token"

/* Strict: scripts and styles only from this origin, no inline code, no
 * framing, no plugins; forms post only here. */
static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
static const char csp_framable[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";

static void routes_free(void)
{
	free(routes);
	free(store_optional);
	free(read_replica);
	free(refusal_pages);
	routes = NULL;
	store_optional = NULL;
	read_replica = NULL;
	refusal_pages = NULL;
	route_count = 0;
	body_route_count = 0;
	secret_prefix_count = 0;
}

/* The group's refusal page for the routes of pattern; NULL: none. */
static route_handler refusal_page(const struct route_group *group, const char *pattern)
{
	for (size_t i = 0; i < group->nrefusals; i++)
		if (strcmp(group->refusals[i]->pattern, pattern) == 0)
			return group->refusals[i]->page;
	return NULL;
}

/* True when a route of the group has the pattern of each of its refusals. */
static bool refusals_match_routes(const struct route_group *group, char err[256])
{
	for (size_t i = 0; i < group->nrefusals; i++) {
		bool found = false;
		for (size_t t = 0; t < group->n && !found; t++)
			for (size_t j = 0; j < group->tables[t]->n && !found; j++)
				found = strcmp(group->tables[t]->routes[j].pattern,
				               group->refusals[i]->pattern) == 0;
		if (!found) {
			snprintf(err, 256,
			         "refusal page for %s: no route of its group has that pattern",
			         group->refusals[i]->pattern);
			return false;
		}
	}
	return true;
}

/* Checks one route and appends it, noting where a link token sits in its
 * pattern (those paths are logged as their pattern). */
/* Adds a route of a group (NULL: the framework's own, which needs no
 * database). */
static enum mm_err route_add(const struct route *rt, const struct route_group *group, char err[256])
{
	bool by_url = rt->right == RIGHT_ORG_READ || rt->right == RIGHT_ORG_EDIT ||
	              rt->right == RIGHT_ORG_OWNER;
	bool by_link_ok = rt->right != RIGHT_LINK || strstr(rt->pattern, ":token}");
	if (!router_pattern_valid(rt->pattern) ||
	    (by_url && !strstr(rt->pattern, "/{org:public_id}")) || !by_link_ok) {
		snprintf(err, 256, "route %s: malformed pattern or right", rt->pattern);
		return MM_ERR_INVALID;
	}
	const char *secret = strstr(rt->pattern, SECRET_PARAM);
	if (secret && secret_prefix_count == SECRET_ROUTES_MAX) {
		snprintf(err, 256, "route %s: too many routes with a token", rt->pattern);
		return MM_ERR_INVALID;
	}
	if (secret) {
		const char *close = strchr(secret, '}');
		secret_prefixes[secret_prefix_count++] = (struct secret_route){
		    .prefix = {rt->pattern, (size_t)(secret - rt->pattern)},
		    .shown = {rt->pattern, (size_t)(close - rt->pattern) + 1}};
	}
	if (rt->max_body && body_route_count == BODY_ROUTES_MAX) {
		snprintf(err, 256, "route %s: too many routes with a body limit of their own",
		         rt->pattern);
		return MM_ERR_INVALID;
	}
	refusal_pages[route_count] = group ? refusal_page(group, rt->pattern) : NULL;
	store_optional[route_count] = !group || group->store_optional;
	read_replica[route_count] = group && group->read_replica;
	if (rt->max_body)
		body_routes[body_route_count++] = &routes[route_count];
	routes[route_count++] = *rt;
	return MM_OK;
}

/* Joins the groups' tables behind the static route, refusing a malformed
 * pattern or an organisation right without {org} to decide on. */
enum mm_err web_routes_build(const struct route_group *const *groups, size_t ngroups, char err[256])
{
	size_t n = 1;
	enum mm_err e;
	routes_free();
	for (size_t g = 0; g < ngroups; g++)
		for (size_t t = 0; t < groups[g]->n; t++)
			n += groups[g]->tables[t]->n;
	routes = calloc(n, sizeof *routes);
	store_optional = calloc(n, sizeof *store_optional);
	read_replica = calloc(n, sizeof *read_replica);
	refusal_pages = calloc(n, sizeof *refusal_pages);
	if (!routes || !store_optional || !read_replica || !refusal_pages)
		return MM_ERR_NOMEM;
	for (size_t g = 0; g < ngroups; g++)
		if (!refusals_match_routes(groups[g], err))
			return MM_ERR_INVALID;
	if ((e = route_add(&static_route, NULL, err)))
		return e;
	for (size_t g = 0; g < ngroups; g++)
		for (size_t t = 0; t < groups[g]->n; t++)
			for (size_t i = 0; i < groups[g]->tables[t]->n; i++)
				if ((e = route_add(&groups[g]->tables[t]->routes[i], groups[g],
				                   err)))
					return e;
	assert(route_count == n);
	/* Routes are tried in order: one that an earlier route of the same
	 * method covers could never answer. */
	for (size_t j = 1; j < route_count; j++)
		for (size_t i = 0; i < j; i++)
			if (routes[i].method == routes[j].method &&
			    router_pattern_covers(routes[i].pattern, routes[j].pattern)) {
				snprintf(err, 256, "route %s is hidden by %s, tried before it",
				         routes[j].pattern, routes[i].pattern);
				return MM_ERR_INVALID;
			}
	return MM_OK;
}

bool web_settings_read(char err[256])
{
	return proxy_configure(getenv("MAMORI_TRUSTED_PROXIES"), err) &&
	       metrics_allow_configure(getenv("MAMORI_METRICS_ALLOW"), err) &&
	       fetch_configure(getenv("MAMORI_FETCH_ALLOW"), err) &&
	       fetch_rate_configure(getenv("MAMORI_FETCH_RATE"), err) &&
	       mail_rate_configure(getenv("MAMORI_MAIL_RATE"), err) &&
	       ratelimit_configure(getenv("MAMORI_VERIFY_RATE"), err) &&
	       verify_cache_configure(getenv("MAMORI_VERIFY_CACHE_MB"), err) && oidc_configure(err);
}

enum mm_err web_init(const struct web_config *c, const struct route_group *const *groups,
                     size_t ngroups, char err[256])
{
	enum mm_err e;
	config = *c;
	session_configure(c->secure);
	if ((e = web_routes_build(groups, ngroups, err)) || (e = views_load(err)) ||
	    (e = static_init(err)))
		return e;
	return MM_OK;
}

void web_free(void)
{
	routes_free();
	render_cache_free();
	verify_cache_clear();
	fetch_free();
	oidc_free();
	static_free();
	views_free();
}

enum mm_err web_security_headers(struct req *r, struct res *res)
{
	enum mm_err e;
	if ((e = res_header(r, res, "Content-Security-Policy",
	                    str_from(res->frame_allowed ? csp_framable : csp))) ||
	    (e = res_header(r, res, "X-Content-Type-Options", STR("nosniff"))) ||
	    (e = res_header(r, res, "Referrer-Policy", STR("strict-origin-when-cross-origin"))) ||
	    (e = res_header(r, res, "Permissions-Policy",
	                    STR("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
	                        "interest-cohort=()"))) ||
	    (e = res_header(r, res, "Cross-Origin-Opener-Policy", STR("same-origin"))))
		return e;
	if (!res->frame_allowed && (e = res_header(r, res, "X-Frame-Options", STR("DENY"))))
		return e;
	if (config.hsts &&
	    (e = res_header(r, res, "Strict-Transport-Security", STR("max-age=63072000"))))
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
		char *cookie = arena_printf(
		    r->arena, "lang=%s; Path=/; Max-Age=%s; HttpOnly; SameSite=Lax%s",
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
		if ((e = multipart_boundary(type, &boundary)) ||
		    (e = multipart_parse(r->arena, boundary, r->body, &m)))
			return e;
		return multipart_fields(r->arena, &m, &r->form);
	}
	return MM_OK; /* other types are the handler's to read */
}

const struct route *web_route_table(size_t *n)
{
	*n = route_count;
	return routes;
}

size_t web_body_limit(enum http_method method, struct str target)
{
	long q = str_index(target, '?');
	struct str path = q < 0 ? target : (struct str){target.p, (size_t)q};
	for (size_t i = 0; i < body_route_count; i++)
		if (body_routes[i]->method == method && str_eq_lit(path, body_routes[i]->pattern))
			return body_routes[i]->max_body;
	return REQ_MAX_FORM_BODY;
}

struct str web_log_path(const struct req *r)
{
	if (r->route && strstr(r->route->pattern, SECRET_PARAM))
		return str_from(r->route->pattern);
	long q = str_index(r->target, '?');
	struct str path = q < 0 ? r->target : (struct str){r->target.p, (size_t)q};
	/* Also when the request never reached its route (refused before
	 * dispatch, or a malformed target): the prefix decides. */
	for (size_t i = 0; i < secret_prefix_count; i++) {
		struct str p = secret_prefixes[i].prefix;
		if (path.n > p.n && memcmp(path.p, p.p, p.n) == 0)
			return secret_prefixes[i].shown;
	}
	return path;
}

/* A public answer (static files, the API, badges, marks, open data) is
 * the same for everyone and a shared cache may give it to everyone: a
 * cookie set on the way (a stale session's cookie cleared, a ?lang=
 * remembered) must not ride along, or the cache would sign out, or
 * switch the language of, every visitor it serves. */
static void drop_cookies_of_public_answer(struct res *res)
{
	if (!res_header_lists(res, "Cache-Control", "public"))
		return;
	size_t kept = 0;
	for (size_t i = 0; i < res->headers.n; i++)
		if (!str_eq_nocase(res->headers.items[i].key, "Set-Cookie"))
			res->headers.items[kept++] = res->headers.items[i];
	res->headers.n = kept;
}

static void finish(struct req *r, struct res *res)
{
	drop_cookies_of_public_answer(res);
	if (web_security_headers(r, res)) {
		res->headers.n = 0;
		res->status = 500;
		res->content_type = STR("text/plain; charset=utf-8");
		res->body = STR("mamori: error\n");
		if (res->has_file) { /* the error goes instead of the file */
			close(res->file_fd);
			res->has_file = false;
		}
	}
}

/* The code of an API error for a request refused before or around its
 * page (a batch body over its limit, an unknown path, a method the path
 * does not take). */
static const char *refusal_code(int status)
{
	switch (status) {
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 413:
		return "body_too_large";
	case 414:
		return "uri_too_long";
	case 431:
		return "headers_too_large";
	case 500:
		return "internal_error";
	case 501:
		return "not_implemented";
	case 503:
		return "unavailable";
	default:
		return "bad_request";
	}
}

/* A request refused before or around its page: programs calling the JSON
 * API under /api/ get a JSON error, everyone else the error page. */
static void refusal_answer(struct req *r, struct res *res, int status)
{
	if (!str_starts_with(r->target, "/api/")) {
		page_error(r, res, status);
		return;
	}
	char key[32];
	snprintf(key, sizeof key, "error.%d.message", status);
	if (!i18n_has(r->lang, str_from(key)))
		snprintf(key, sizeof key, "error.other.message");
	/* api_error answers with a plain error page when it cannot build the
	 * JSON, so there is nothing left to do on failure. */
	MM_IGNORE(api_error(r, res, status, refusal_code(status), key));
}

void web_refuse(struct req *r, struct res *res, int status)
{
	r->lang = lang_from_accept(req_header(r, "Accept-Language"));
	r->route_label = "unmatched";
	r->secure = config.secure;
	refusal_answer(r, res, status);
	finish(r, res);
}

/* The JSON API under /api/ is called by programs, without cookies or a
 * form to carry a token. Its POST (a batch of verifications) reads public
 * data and changes nothing, so a forged cross-site request gains nothing;
 * API routes must stay that way (no session, no state change). A route
 * of RIGHT_LINK (router.h) has its proof in its URL instead. */
static bool csrf_applies(const struct route *route)
{
	return strncmp(route->pattern, "/api/", 5) != 0 && route->right != RIGHT_LINK;
}

/* A signed-in user whom the route's right refuses: its group's page
 * saying who may use it when there is one (struct route_refusal), else
 * the error page of status. */
static void refuse_signed_in(struct req *r, struct res *res, int status)
{
	route_handler page = refusal_pages[r->route - routes];
	if (!page) {
		page_error(r, res, status);
		return;
	}
	enum mm_err e = page(r, res);
	if (e) {
		log_error("req=%s refusal page of %s: %s", r->id, r->route->pattern,
		          mm_err_name(e));
		res->headers.n = 0;
		page_error(r, res, 500);
	}
}

/* Rights and CSRF, before any handler runs. False when res holds the
 * refusal (or the error page when deciding failed). */
static bool allowed_here(struct req *r, struct res *res)
{
	bool safe = r->method == HTTP_GET || r->method == HTTP_HEAD;
	enum right right = r->route->right;
	if (!safe && csrf_applies(r->route) && !session_csrf_ok(r)) {
		page_error(r, res, 403);
		return false;
	}
	if (right == RIGHT_PUBLIC || right == RIGHT_LINK)
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
	if (right == RIGHT_ADMIN && !r->user->is_admin) {
		refuse_signed_in(r, res, 404);
		return false;
	}
	if (right == RIGHT_USER || right == RIGHT_ADMIN)
		return true;
	int status;
	enum mm_err e = scope_decide(r, right, &status);
	if (e) {
		log_error("req=%s rights of %s: %s", r->id, r->route->pattern, mm_err_name(e));
		page_error(r, res, e == MM_ERR_DB ? 503 : 500);
		return false;
	}
	if (status == 404 && (right == RIGHT_MEMBER || right == RIGHT_OWNER)) {
		/* these pages are about the user's own organisation: there is none */
		if (config.no_organisation)
			config.no_organisation(r, res);
		else
			page_error(r, res, 404);
		return false;
	}
	if (status) {
		refuse_signed_in(r, res, status);
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
	r->secure = config.secure;
	proxy_client_address(r);
	/* "OPTIONS *" asks about the server as a whole (RFC 9110 §9.3.7): a
	 * well-formed request, but no route takes OPTIONS, nor does the
	 * server. */
	if (r->method == HTTP_OPTIONS && str_eq_lit(r->target, "*")) {
		page_error(r, res, 501);
		goto done;
	}
	if (parse_target(r) || cookie_parse(r->arena, req_header(r, "Cookie"), &r->cookies)) {
		refusal_answer(r, res, 400);
		goto done;
	}
	if ((e = choose_language(r, res))) {
		refusal_answer(r, res, e == MM_ERR_NOMEM ? 500 : 400);
		goto done;
	}
	switch (router_match(routes, route_count, r->method, r->path, &r->route, r->params,
	                     &r->nparams, &allowed)) {
	case ROUTE_NOT_FOUND:
		refusal_answer(r, res, 404);
		goto done;
	case ROUTE_METHOD_NOT_ALLOWED: {
		char *allow = router_allow_header(r->arena, allowed);
		refusal_answer(r, res, 405);
		if (!allow || res_header(r, res, "Allow", str_from(allow)))
			refusal_answer(r, res, 500);
		goto done;
	}
	case ROUTE_FOUND:
		break;
	}
	r->route_label = r->route->pattern;
	if (parse_body(r)) {
		refusal_answer(r, res, 400);
		goto done;
	}
	size_t at = (size_t)(r->route - routes);
	r->store = store_thread();
	/* A page the read replica may serve still answers while the primary
	 * is down, visitors then seen as signed out. */
	if (!r->store && !store_optional[at] && !read_replica[at]) {
		refusal_answer(r, res, 503);
		goto done;
	}
	(void)store_take_write_refused(); /* forget a previous request's */
	if ((e = session_load(r, res))) {
		log_error("req=%s session: %s", r->id, mm_err_name(e));
		if (!store_optional[at] || e == MM_ERR_NOMEM) {
			refusal_answer(r, res, 503);
			goto done;
		}
		/* The database went away under a signed-in visitor: a page that
		 * answers without it serves them as signed out. */
		r->store = NULL;
		r->user = NULL;
		r->session = NULL;
	}
	if (!allowed_here(r, res))
		goto done;
	struct store *primary = r->store,
	             *replica = read_replica[at] ? store_thread_replica() : NULL;
	if (replica)
		r->store = replica; /* stale by the replica's lag at most */
	if (!r->store && read_replica[at]) {
		refusal_answer(r, res, 503); /* neither the primary nor the replica */
		goto done;
	}
	struct res untouched = *res;
	e = r->route->handler(r, res);
	if (e == MM_ERR_DB && replica && primary) {
		/* The replica went away (its connection now waits to reconnect):
		 * these pages only read, so the primary answers instead. */
		log_error("req=%s the read replica failed; answered from the primary", r->id);
		*res = untouched;
		r->store = primary;
		e = r->route->handler(r, res);
	}
	if (e) {
		/* The detail goes to the log, the reference to the user. */
		log_error("req=%s %s %s failed: %s", r->id, http_method_name(r->method),
		          r->route->pattern, mm_err_name(e));
		res->headers.n = 0;
		if (store_take_write_refused())
			page_error_writes_refused(r, res);
		else
			refusal_answer(r, res, 500);
	}
done:
	finish(r, res);
}
