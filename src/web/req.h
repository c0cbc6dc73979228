/*
 * req.h — a request and its response as the pages see them. The HTTP layer
 * (src/http) fills struct req from the wire and turns struct res back into
 * bytes; nothing under src/web knows which HTTP library that is.
 * Everything a request points to lives in its arena.
 */
#ifndef MM_REQ_H
#define MM_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/form.h"
#include "store/org.h"
#include "view/i18n.h"

/* Request limits. Over one: 414 / 431 / 413 with a short page. */
#define REQ_MAX_URL (8u * 1024)            /* request target, bytes */
#define REQ_MAX_HEADERS (16u * 1024)       /* all header names and values */
#define REQ_MAX_FORM_BODY (1024u * 1024)   /* urlencoded forms and most bodies */
#define REQ_MAX_UPLOAD (10u * 1024 * 1024) /* routes that accept files */
#define REQ_MAX_PARAMS 4                   /* {parameters} in a route pattern */
#define RES_MAX_BODY (8u * 1024 * 1024)    /* a rendered page */

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
	HTTP_OTHER,
};

struct route;
struct store;

/* A {parameter} of the matched route, checked against its type. */
struct route_param {
	struct str name; /* as in the pattern */
	struct str text; /* the decoded segment */
	int64_t number;  /* for {name:int} and {name:A..B} */
};

/* The organisation a route's right is about (enum right in router.h):
 * the user's own for RIGHT_MEMBER/RIGHT_OWNER, the URL's {org} for
 * RIGHT_ORG_*. */
enum scope_role { SCOPE_OWNER, SCOPE_MEMBER, SCOPE_SUPPORTER_EDIT, SCOPE_SUPPORTER_READ };
struct org_scope {
	int64_t id;
	struct str public_id;
	enum scope_role role;
	struct org_profile *profile; /* the whole profile, from the store */
};

struct req {
	struct arena *arena;
	const char *id; /* 16 hex digits, in the log line and on the 500 page */
	enum http_method method;
	struct str method_name;
	struct str target; /* as received: path and query, still encoded */
	struct str path;   /* decoded */
	struct str query;  /* encoded, without '?' */
	struct kvlist query_fields;
	struct kvlist headers; /* names as received; look up with req_header() */
	struct kvlist cookies;
	struct str body;
	struct kvlist form; /* urlencoded or multipart fields of a POST */
	enum lang lang;
	const struct route *route;
	struct route_param params[REQ_MAX_PARAMS];
	size_t nparams;
	const char *route_label; /* the matched pattern, for metrics; "unmatched" */
	bool secure;             /* served behind TLS (configuration) */
	struct str ip;           /* the client's address, for throttling and audit */
	bool ip_forwarded;       /* ip was read from a trusted proxy's X-Forwarded-For */
	int64_t now;             /* Unix seconds when the request arrived */
	/* The signed-in user and their session (NULL when anonymous), set by
	 * dispatch before the handler runs. */
	struct user *user;
	struct session *session;
	/* The CSRF token forms on this page must carry (session.h). */
	const char *csrf;
	/* This thread's database connection, opened; set by dispatch before
	 * the handler runs (503 when it cannot be had). */
	struct store *store;
	/* Set by dispatch for the organisation rights; NULL otherwise. */
	const struct org_scope *org;
};

struct res {
	int status;
	struct str content_type;
	struct str body;
	struct str gzip_body; /* a precompressed body, when there is one */
	struct kvlist headers;
	bool compressible;  /* the HTTP layer may gzip it */
	bool frame_allowed; /* drop frame-ancestors 'none' (embeddable badge) */
	bool personal;      /* shows one visitor's own data, signed in or not: no-store */
	bool close;         /* close the connection after sending */
	/* A file sent as the body instead of body, read by the HTTP layer
	 * as it goes out (never whole in memory), which closes file_fd. */
	bool has_file;
	int file_fd;
	uint64_t file_size;
};

/* The route parameter called name, as matched; name must be in the
 * route's pattern (asserted). */
struct str req_param(const struct req *r, const char *name);
/* The number of a {name:int} or {name:A..B} parameter. */
int64_t req_param_int(const struct req *r, const char *name);

/* Case-insensitive header lookup; STR_NULL when absent. */
struct str req_header(const struct req *r, const char *name);
enum http_method http_method_from(struct str name);
const char *http_method_name(enum http_method m);

MM_MUST_USE enum mm_err res_header(struct req *r, struct res *res, const char *name,
                                   struct str value);
/* True when a header name of res, a comma-separated list (Vary,
 * Cache-Control), holds item; both compared without case. */
bool res_header_lists(const struct res *res, const char *name, const char *item);

#endif
