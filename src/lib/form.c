/*
 * form.c — see form.h.
 */
#include "lib/form.h"

#include <string.h>

#include "lib/utf8.h"

enum mm_err kvlist_push(struct arena *a, struct kvlist *l, struct str key, struct str value)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct kv *items =
		    arena_realloc(a, l->items, l->cap * sizeof *items, cap * sizeof *items);
		if (!items)
			return MM_ERR_NOMEM;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = (struct kv){key, value};
	return MM_OK;
}

enum mm_err kvlist_get_one(const struct kvlist *l, const char *key, struct str *out)
{
	size_t found = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (str_eq_lit(l->items[i].key, key)) {
			if (found++)
				return MM_ERR_DUPLICATE;
			*out = l->items[i].value;
		}
	}
	return found ? MM_OK : MM_ERR_NOT_FOUND;
}

size_t kvlist_count(const struct kvlist *l, const char *key)
{
	size_t count = 0;
	for (size_t i = 0; i < l->n; i++)
		count += str_eq_lit(l->items[i].key, key);
	return count;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum mm_err url_decode(struct arena *a, struct str in, bool plus_is_space, struct str *out)
{
	/* Fast path: nothing to decode. */
	if (!memchr(in.p ? in.p : "", '%', in.n) &&
	    !(plus_is_space && memchr(in.p ? in.p : "", '+', in.n))) {
		if (!utf8_valid(in))
			return MM_ERR_INVALID;
		*out = in;
		return MM_OK;
	}
	char *p = arena_alloc(a, in.n + 1);
	if (!p)
		return MM_ERR_NOMEM;
	size_t n = 0;
	for (size_t i = 0; i < in.n; i++) {
		char c = in.p[i];
		if (c == '%') {
			if (in.n - i < 3)
				return MM_ERR_INVALID;
			int hi = hexval(in.p[i + 1]), lo = hexval(in.p[i + 2]);
			if (hi < 0 || lo < 0)
				return MM_ERR_INVALID;
			p[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			p[n++] = ' ';
		} else {
			p[n++] = c;
		}
	}
	p[n] = '\0';
	struct str s = {p, n};
	if (!utf8_valid(s))
		return MM_ERR_INVALID;
	*out = s;
	return MM_OK;
}

enum mm_err form_parse_urlencoded(struct arena *a, struct str body, struct kvlist *out)
{
	size_t i = 0;
	while (i < body.n) {
		const char *amp = memchr(body.p + i, '&', body.n - i);
		size_t end = amp ? (size_t)(amp - body.p) : body.n;
		struct str pair = {body.p + i, end - i};
		i = end + 1;
		if (pair.n == 0)
			continue;
		long eq = str_index(pair, '=');
		struct str rawk = eq < 0 ? pair : (struct str){pair.p, (size_t)eq};
		struct str rawv =
		    eq < 0 ? STR("") : (struct str){pair.p + eq + 1, pair.n - (size_t)eq - 1};
		if (rawk.n == 0)
			return MM_ERR_INVALID;
		if (rawk.n > FORM_MAX_KEY * 3)
			return MM_ERR_TOO_LONG;
		if (out->n >= FORM_MAX_FIELDS)
			return MM_ERR_TOO_LONG;
		struct str k, v;
		enum mm_err err = url_decode(a, rawk, true, &k);
		if (!err)
			err = url_decode(a, rawv, true, &v);
		if (!err && k.n > FORM_MAX_KEY)
			err = MM_ERR_TOO_LONG;
		if (!err)
			err = kvlist_push(a, out, k, v);
		if (err)
			return err;
	}
	return MM_OK;
}

enum mm_err cookie_parse(struct arena *a, struct str header, struct kvlist *out)
{
	struct str pair;
	while (str_next_item(&header, ';', &pair)) {
		long eq = str_index(pair, '=');
		if (eq <= 0)
			continue;
		struct str k = str_trim((struct str){pair.p, (size_t)eq});
		struct str v = str_trim((struct str){pair.p + eq + 1, pair.n - (size_t)eq - 1});
		if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"') {
			v.p++;
			v.n -= 2;
		}
		if (k.n == 0 || k.n > FORM_MAX_KEY || !utf8_valid(k) || !utf8_valid(v))
			continue;
		if (out->n >= COOKIE_MAX_COUNT)
			return MM_OK; /* the rest belong to others sharing the domain */
		enum mm_err err = kvlist_push(a, out, k, v);
		if (err)
			return err;
	}
	return MM_OK;
}
