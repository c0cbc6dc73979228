/*
 * admin_paging.c — see admin_paging.h.
 */
#include "pages/admin/admin_paging.h"

#include "lib/utf8.h"

bool admin_page_number(struct req *r, int64_t *page)
{
	struct str text;
	long n;
	enum mm_err e = kvlist_get_one(&r->query_fields, "page", &text);
	if (e == MM_ERR_NOT_FOUND) {
		*page = 1;
		return true;
	}
	if (e || str_to_long(text, 1, ADMIN_PAGE_MAX, &n))
		return false;
	*page = n;
	return true;
}

bool admin_query_text(struct req *r, const char *name, size_t max_chars, struct str *out)
{
	enum mm_err e = kvlist_get_one(&r->query_fields, name, out);
	if (e == MM_ERR_NOT_FOUND) {
		*out = STR("");
		return true;
	}
	if (e)
		return false;
	*out = str_trim(*out);
	return utf8_length(*out) <= max_chars;
}

bool admin_search_params(struct req *r, int64_t *page, struct str *q)
{
	return admin_page_number(r, page) && admin_query_text(r, "q", ADMIN_QUERY_MAX_CHARS, q);
}

/* Appends NAME=VALUE, the value percent-encoded, for each param that is
 * not empty, each after *sep ("?" for the first, then "&"). */
static enum mm_err append_params(struct buf *b, const struct admin_param *params, size_t n_params,
                                 const char **sep)
{
	for (size_t i = 0; i < n_params; i++) {
		if (params[i].value.n == 0)
			continue;
		enum mm_err e;
		if ((e = buf_append_cstr(b, *sep)) || (e = buf_append_cstr(b, params[i].name)) ||
		    (e = buf_append_char(b, '=')) || (e = buf_append_urlenc(b, params[i].value)))
			return e;
		*sep = "&";
	}
	return MM_OK;
}

char *admin_url(struct req *r, const char *path, const struct admin_param *params, size_t n_params)
{
	struct buf b;
	const char *sep = "?";
	buf_init(&b, r->arena, REQ_MAX_URL);
	if (buf_append_cstr(&b, path) || append_params(&b, params, n_params, &sep))
		return NULL;
	return buf_cstr(&b);
}

static char *page_url(struct req *r, const char *path, const struct admin_param *params,
                      size_t n_params, int64_t page)
{
	struct buf b;
	const char *sep = "?";
	buf_init(&b, r->arena, REQ_MAX_URL);
	if (buf_append_cstr(&b, path) || append_params(&b, params, n_params, &sep) ||
	    buf_printf(&b, "%spage=%lld", sep, (long long)page))
		return NULL;
	return buf_cstr(&b);
}

enum mm_err admin_pagination(struct req *r, struct val *ctx, int64_t page, int64_t total,
                             const char *path, const struct admin_param *params, size_t n_params)
{
	struct arena *a = r->arena;
	int64_t pages = total > 0 ? (total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE : 1;
	if (pages > ADMIN_PAGE_MAX)
		pages = ADMIN_PAGE_MAX;
	bool has_prev = page > 1, has_next = page < pages;
	char *prev = page_url(r, path, params, n_params, has_prev ? page - 1 : 1);
	char *next = page_url(r, path, params, n_params, has_next ? page + 1 : pages);
	struct val *p = val_set_obj(a, ctx, "pagination");
	if (!prev || !next || !p || !val_set_long(a, p, "page", (long)page) ||
	    !val_set_long(a, p, "pages", (long)pages) ||
	    !val_set_long(a, p, "total", (long)total) ||
	    !val_set_bool(a, p, "has_prev", has_prev) ||
	    !val_set_bool(a, p, "has_next", has_next) || !val_set_cstr(a, p, "prev_url", prev) ||
	    !val_set_cstr(a, p, "next_url", next) || !val_set_bool(a, p, "several", pages > 1))
		return MM_ERR_NOMEM;
	return MM_OK;
}
