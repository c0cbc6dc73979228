/*
 * router.h — route tables: method, pattern, handler, right, body limit.
 *
 * A pattern is literal segments and typed parameters that each match one
 * whole segment ("/org/members/{id:int}/remove"):
 *   {name}            any non-empty segment of at most ROUTE_PARAM_MAX bytes
 *   {name:int}        a record id: 1…10^18, digits only, no leading zero
 *   {name:A..B}       a small number between A and B (0 ≤ A ≤ B ≤ 9999)
 *   {name:public_id}  an organisation's public id: 1–64 of [a-z0-9-]
 *   {name:token}      a link token: 1–128 of [A-Za-z0-9_-]
 * A segment that does not fit its type does not match the route, so a
 * malformed id is answered 404 before any page runs. GET routes also
 * answer HEAD.
 *
 * The right is checked by dispatch (web.c) before the handler runs, with
 * the CSRF token of every POST; see enum right. Handlers read parameters
 * by name through req_param() and req_param_int() (req.h).
 */
#ifndef MM_ROUTER_H
#define MM_ROUTER_H

#include "web/req.h"

typedef enum mm_err (*route_handler)(struct req *r, struct res *res);

#define ROUTE_PARAM_MAX 256

/* Who may use a route. The organisation rights load r->org; without the
 * right dispatch answers for the page: anonymous GETs go to /login, other
 * anonymous requests get 403, the rest as noted. */
enum right {
	RIGHT_PUBLIC,    /* anyone */
	RIGHT_USER,      /* signed in */
	RIGHT_MEMBER,    /* a member of the user's own organisation (404 without one) */
	RIGHT_OWNER,     /* an owner of it (403 for a member) */
	RIGHT_ORG_READ,  /* the organisation {org} of the URL: a member, or a supporter with any
	                    consent (404 for anyone else, so its existence does not leak) */
	RIGHT_ORG_EDIT,  /* a member, or a supporter with edit consent (403 with read consent) */
	RIGHT_ORG_OWNER, /* an owner of {org} (403 for other members and supporters) */
	RIGHT_ADMIN,     /* a signed-in administrator; others get 404 (or the route's
	                    refusal page: struct route_refusal) */
	RIGHT_LINK,      /* anyone holding the link: the {…:token} of the URL, mailed to one
	                    person, is the proof, so a POST needs no CSRF token (RFC 8058's
	                    one-click unsubscribe, which a mail program POSTs with no cookie and
	                    no form of ours); start-up refuses it without a token parameter */
	RIGHT_COUNT
};

struct route {
	enum http_method method;
	const char *pattern;
	route_handler handler;
	enum right right;
	size_t max_body; /* 0: REQ_MAX_FORM_BODY */
};

/* The entries of a route table, one line each:
 *   ROUTE_GET(pattern, handler, right)            a page
 *   ROUTE_POST(pattern, handler, right)           an action, its form body at most
 *                                                 REQ_MAX_FORM_BODY
 *   ROUTE_POST_BODY(pattern, handler, right, max) one whose body may be max bytes
 *   ROUTE_FORM(pattern, show, submit, right)      a form: GET shows it, POST submits
 *                                                 it, both under one right
 */
#define ROUTE_GET(pattern, handler, right)                                                         \
	{                                                                                          \
		HTTP_GET, (pattern), (handler), (right), 0                                         \
	}
#define ROUTE_POST(pattern, handler, right)                                                        \
	{                                                                                          \
		HTTP_POST, (pattern), (handler), (right), 0                                        \
	}
#define ROUTE_POST_BODY(pattern, handler, right, max)                                              \
	{                                                                                          \
		HTTP_POST, (pattern), (handler), (right), (max)                                    \
	}
#define ROUTE_FORM(pattern, show, submit, right)                                                   \
	ROUTE_GET(pattern, show, right), ROUTE_POST(pattern, submit, right)

/* The routes of one page file, written beside its handlers (which stay
 * static to that file):
 *     const struct route_table org_members_routes = ROUTE_TABLE(
 *         ROUTE_GET("/org/members", page_org_members, RIGHT_MEMBER),
 *         ROUTE_FORM("/org/invite", page_org_invite, page_org_invite_post, RIGHT_OWNER));
 */
struct route_table {
	const struct route *routes;
	size_t n;
};
#define ROUTE_TABLE(...)                                                                           \
	{                                                                                          \
		(const struct route[]){__VA_ARGS__},                                               \
		    sizeof((const struct route[]){__VA_ARGS__}) / sizeof(struct route)             \
	}

/* A page for a signed-in user whom a route's right refuses, shown in
 * place of the right's own answer (404 or 403) on every route of that
 * pattern in the group: for a page whose address is no secret, it says
 * who may use the page and how to ask. Written beside the route's table:
 *     const struct route_refusal community_new_refusal = {
 *         "/communities/new", page_community_new_refused};
 */
struct route_refusal {
	const char *pattern;
	route_handler page;
};

/* One area's tables in dispatch order (pages/AREA/AREA_routes.c):
 *     const struct route_group org_route_group = {
 *         ROUTE_TABLES(&org_routes, &org_members_routes)};
 */
struct route_group {
	const struct route_table *const *tables;
	size_t n;
	/* Its pages answer without the database (the home page, the rules,
	 * health checks): they still get r->store when it can be had, but a
	 * database that is down does not turn them into 503s (a signed-in
	 * visitor whose session cannot be read is then served signed out). */
	bool store_optional;
	/* Its pages only read, and may read from the read replica when one is
	 * configured (store_thread_replica()): the public verification pages,
	 * the badge and the declarant search. The session, the rights and the
	 * CSRF token are still read from the primary. */
	bool read_replica;
	/* The refusal pages of its routes (ROUTE_REFUSALS); start-up refuses
	 * one whose pattern no route of the group has. */
	const struct route_refusal *const *refusals;
	size_t nrefusals;
};
/* The tables and n of a struct route_group, in the order given. */
#define ROUTE_TABLES(...)                                                                          \
	.tables = (const struct route_table *const[]){__VA_ARGS__},                                \
	.n = sizeof((const struct route_table *const[]){__VA_ARGS__}) /                            \
	     sizeof(const struct route_table *)
/* The refusals and nrefusals of a struct route_group. */
#define ROUTE_REFUSALS(...)                                                                        \
	.refusals = (const struct route_refusal *const[]){__VA_ARGS__},                            \
	.nrefusals = sizeof((const struct route_refusal *const[]){__VA_ARGS__}) /                  \
	             sizeof(const struct route_refusal *)

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

/* Matches path against the table. On ROUTE_FOUND, *out and params are
 * set (*nparams of them); on ROUTE_METHOD_NOT_ALLOWED, *allowed holds a
 * bit per method (1u << enum http_method) that the path does answer. */
enum route_match router_match(const struct route *routes, size_t n, enum http_method method,
                              struct str path, const struct route **out,
                              struct route_param params[REQ_MAX_PARAMS], size_t *nparams,
                              unsigned *allowed);
/* "GET, HEAD, POST" for an allowed mask, into the arena. */
char *router_allow_header(struct arena *a, unsigned allowed);
/* True when every {parameter} of pattern is well formed with a known type
 * and a unique name (checked for every route at start-up). */
bool router_pattern_valid(const char *pattern);
/* True when every path pattern b matches is also matched by pattern a:
 * a route with pattern a tried first would leave b's route unreachable
 * (for the same method). Checked for every pair at start-up. */
bool router_pattern_covers(const char *a, const char *b);
/* The right's name as route tables and tests spell it ("RIGHT_ORG_EDIT" → "org_edit"). */
const char *router_right_name(enum right r);

#endif
