/*
 * req.c — reading a request (headers, route parameters, methods) and
 * adding response headers: what pages and the framework share, with no
 * knowledge of dispatch.
 */
#include "web/req.h"

#include <assert.h>

static const struct route_param *param_named(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (str_eq_lit(r->params[i].name, name))
			return &r->params[i];
	return NULL;
}

struct str req_param(const struct req *r, const char *name)
{
	const struct route_param *p = param_named(r, name);
	assert(p && "the route's pattern names this parameter");
	return p ? p->text : STR("");
}

int64_t req_param_int(const struct req *r, const char *name)
{
	const struct route_param *p = param_named(r, name);
	assert(p && "a typed number parameter of the route's pattern");
	return p ? p->number : 0;
}

struct str req_header(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->headers.n; i++)
		if (str_eq_nocase(r->headers.items[i].key, name))
			return r->headers.items[i].value;
	return STR_NULL;
}

static const char *const method_names[] = {"GET",    "HEAD",  "POST",   "PUT",
                                           "DELETE", "PATCH", "OPTIONS"};

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

bool res_header_lists(const struct res *res, const char *name, const char *item)
{
	for (size_t i = 0; i < res->headers.n; i++) {
		struct str list = res->headers.items[i].value, one;
		if (!str_eq_nocase(res->headers.items[i].key, name))
			continue;
		while (str_next_item(&list, ',', &one))
			if (str_eq_nocase(one, item))
				return true;
	}
	return false;
}
