/*
 * web.h — what the HTTP layer calls: start-up (settings, catalogues,
 * content, templates, static files), the body limit of a target, and dispatch of a
 * whole request to its page. Dispatch always produces a response.
 */
#ifndef MM_WEB_H
#define MM_WEB_H

#include "web/req.h"

struct web_config {
	bool secure; /* behind TLS: Secure cookies */
	bool hsts;   /* send Strict-Transport-Security */
	/* What a page for members or owners of an organisation answers a
	 * signed-in user who belongs to none: the areas know what to offer
	 * (registering one). NULL: the 404 page. */
	void (*no_organisation)(struct req *r, struct res *res);
};

/* Reads the framework's settings from the environment: the trusted
 * proxies, who may read /metrics, the fetch allowance, the rate limits of
 * fetches, mails and verification, the verification cache's size, the
 * OpenID Connect providers. False, with a one-line reason in err that
 * names the variable, when one is malformed. Touches no database, logs
 * nothing: `serve` calls it before it migrates. web_free() undoes it. */
MM_MUST_USE bool web_settings_read(char err[256]);
/* Loads templates, catalogues and static files, and takes the areas'
 * route tables (kept by reference: they are constants). */
struct route_group;
MM_MUST_USE enum mm_err web_init(const struct web_config *config,
                                 const struct route_group *const *groups, size_t ngroups,
                                 char err[256]);
void web_free(void);
/* The route table alone, as web_init builds it: the framework's own routes
 * (/static/{file}) in front of the groups', each pattern checked. For
 * `mamori routes`, which prints what dispatch matches without loading
 * templates or files; web_free() frees it. */
MM_MUST_USE enum mm_err web_routes_build(const struct route_group *const *groups, size_t ngroups,
                                         char err[256]);

/* The largest body the route for this target accepts. */
size_t web_body_limit(enum http_method method, struct str target);
void web_dispatch(struct req *r, struct res *res);
/* An error page for a request the HTTP layer refused before dispatch
 * (413, 414, 431, 400, 503). */
void web_refuse(struct req *r, struct res *res, int status);
/* The path of a request as the access log may show it: without the query,
 * and for a route with a secret in its path (/confirm/{token}, …) the
 * pattern instead, even when the request was refused before dispatch. */
struct str web_log_path(const struct req *r);
/* The route table, for tests that visit every page. */
struct route;
const struct route *web_route_table(size_t *n);
/* Security headers every response carries. */
MM_MUST_USE enum mm_err web_security_headers(struct req *r, struct res *res);

#endif
