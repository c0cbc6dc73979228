/*
 * router.h — one table of routes: method, pattern, handler, rights.
 * Patterns are literal segments and {name} parameters that match one
 * non-empty segment ("/verify/{id}"). GET routes also answer HEAD.
 * Rights are checked, and the CSRF token of every POST, by dispatch before
 * the handler runs; what depends on the record (owner of this
 * organisation…) is the handler's to check.
 */
#ifndef MM_ROUTER_H
#define MM_ROUTER_H

#include "web/req.h"

typedef enum mm_err (*route_handler)(struct req *r, struct res *res);

/* Who may use a route. Later issues add signed-in users, owners,
 * supporters and administrators; the check happens in the router. */
enum right {
	RIGHT_PUBLIC, /* anyone */
	RIGHT_USER,   /* signed in; anonymous GETs are sent to /login */
	RIGHT_ADMIN,  /* a signed-in administrator; others get 404 */
};

struct route {
	enum http_method method;
	const char *pattern;
	route_handler handler;
	enum right right;
	size_t max_body; /* 0: REQ_MAX_FORM_BODY */
};

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

/* Matches path against the table. On ROUTE_FOUND, *out and params are
 * set; on ROUTE_METHOD_NOT_ALLOWED, *allowed holds a bit per method
 * (1u << enum http_method) that the path does answer. */
enum route_match router_match(const struct route *routes, size_t n, enum http_method method,
			      struct str path, const struct route **out, struct str params[REQ_MAX_PARAMS],
			      unsigned *allowed);
/* "GET, HEAD, POST" for an allowed mask, into the arena. */
char *router_allow_header(struct arena *a, unsigned allowed);

#endif
