/*
 * router.c — see router.h. The table is short and matching is a segment
 * walk; no allocation.
 */
#include "web/router.h"

#include <string.h>

/* Matches one pattern; params receive the {name} segments. */
static bool pattern_match(const char *pattern, struct str path, struct str params[REQ_MAX_PARAMS])
{
	size_t np = 0, pi = 0, si = 0, plen = strlen(pattern);
	while (pi < plen && si < path.n) {
		if (pattern[pi] == '{') {
			const char *close = strchr(pattern + pi, '}');
			size_t start = si;
			while (si < path.n && path.p[si] != '/')
				si++;
			if (si == start || np >= REQ_MAX_PARAMS || !close)
				return false;
			params[np++] = (struct str){path.p + start, si - start};
			pi = (size_t)(close - pattern) + 1;
		} else {
			if (pattern[pi] != path.p[si])
				return false;
			pi++;
			si++;
		}
	}
	return pi == plen && si == path.n;
}

enum route_match router_match(const struct route *routes, size_t n, enum http_method method,
			      struct str path, const struct route **out, struct str params[REQ_MAX_PARAMS],
			      unsigned *allowed)
{
	*allowed = 0;
	for (size_t i = 0; i < n; i++) {
		struct str found[REQ_MAX_PARAMS] = {0};
		if (!pattern_match(routes[i].pattern, path, found))
			continue;
		enum http_method m = routes[i].method;
		*allowed |= 1u << m;
		if (m == HTTP_GET)
			*allowed |= 1u << HTTP_HEAD;
		if (m == method || (m == HTTP_GET && method == HTTP_HEAD)) {
			*out = &routes[i];
			memcpy(params, found, sizeof found);
			return ROUTE_FOUND;
		}
	}
	return *allowed ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}

char *router_allow_header(struct arena *a, unsigned allowed)
{
	struct buf b;
	buf_init(&b, a, 128);
	for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
		if (!(allowed & (1u << m)))
			continue;
		if ((b.n && buf_append_cstr(&b, ", ")) || buf_append_cstr(&b, http_method_name((enum http_method)m)))
			return NULL;
	}
	return buf_cstr(&b);
}
