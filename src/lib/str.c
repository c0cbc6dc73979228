/*
 * str.c — see str.h. Every append checks the buffer's maximum first and
 * fails with MM_ERR_TOO_LONG rather than truncate.
 */
#include "lib/str.h"

#include <assert.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct str str_from(const char *s)
{
	return s ? (struct str){s, strlen(s)} : STR_NULL;
}

bool str_eq(struct str a, struct str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* Compares without measuring lit first: template lookups call this for
 * every name of a context, on every request. */
bool str_eq_lit(struct str a, const char *lit)
{
	if (!lit)
		return a.n == 0;
	for (size_t i = 0; i < a.n; i++)
		if (lit[i] != a.p[i] || lit[i] == '\0')
			return false;
	return lit[a.n] == '\0';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool str_eq_nocase(struct str a, const char *lit)
{
	size_t n = strlen(lit);
	if (a.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(a.p[i]) != ascii_lower(lit[i]))
			return false;
	return true;
}

bool str_starts_with(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

bool str_ends_with(struct str s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.n >= n && memcmp(s.p + s.n - n, suffix, n) == 0;
}

static size_t space_at(const char *p, size_t n)
{
	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		return 1;
	if (n >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x80)
		return 3; /* U+3000 IDEOGRAPHIC SPACE */
	return 0;
}

static size_t space_before(const char *p, size_t n)
{
	if (n >= 1 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		return 1;
	if (n >= 3 && (unsigned char)p[n - 3] == 0xE3 && (unsigned char)p[n - 2] == 0x80 &&
	    (unsigned char)p[n - 1] == 0x80)
		return 3;
	return 0;
}

struct str str_trim(struct str s)
{
	size_t k;
	while (s.n && (k = space_at(s.p, s.n))) {
		s.p += k;
		s.n -= k;
	}
	while (s.n && (k = space_before(s.p, s.n)))
		s.n -= k;
	return s;
}

char *str_dup(struct arena *a, struct str s)
{
	return arena_strndup(a, s.p ? s.p : "", s.n);
}

long str_index(struct str s, char c)
{
	const char *q = s.n ? memchr(s.p, c, s.n) : NULL;
	return q ? (long)(q - s.p) : -1;
}

bool str_is_plain_name(struct str s, size_t max)
{
	if (s.n == 0 || s.n > max)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

bool str_all_digits(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

bool str_next_item(struct str *list, char sep, struct str *item)
{
	if (list->n == 0)
		return false;
	long at = str_index(*list, sep);
	*item = str_trim(at < 0 ? *list : (struct str){list->p, (size_t)at});
	*list = at < 0 ? STR_NULL : (struct str){list->p + at + 1, list->n - (size_t)at - 1};
	return true;
}

enum mm_err str_to_long(struct str s, long min, long max, long *out)
{
	if (s.n == 0 || s.n > 19)
		return MM_ERR_INVALID;
	size_t i = 0;
	bool neg = false;
	if (s.p[0] == '-') {
		neg = true;
		i = 1;
		if (s.n == 1)
			return MM_ERR_INVALID;
	}
	long v = 0;
	for (; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return MM_ERR_INVALID;
		int d = s.p[i] - '0';
		if (v > (LONG_MAX - d) / 10)
			return MM_ERR_INVALID;
		v = v * 10 + d;
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return MM_ERR_INVALID;
	*out = v;
	return MM_OK;
}

void buf_init(struct buf *b, struct arena *a, size_t max)
{
	b->arena = a;
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
	b->max = max;
}

static enum mm_err buf_reserve(struct buf *b, size_t extra)
{
	if (extra > b->max || b->n > b->max - extra)
		return MM_ERR_TOO_LONG;
	size_t need = b->n + extra + 1; /* room for a NUL */
	if (need <= b->cap)
		return MM_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *p = arena_realloc(b->arena, b->p, b->cap, cap);
	if (!p)
		return MM_ERR_NOMEM;
	b->p = p;
	b->cap = cap;
	/* A buffer always has room for what it holds, one NUL and no more
	 * than its maximum. */
	assert(b->n + extra < b->cap && b->cap <= b->max + 1);
	return MM_OK;
}

enum mm_err buf_expect(struct buf *b, size_t extra)
{
	if (extra > b->max || b->n > b->max - extra)
		return MM_ERR_TOO_LONG;
	size_t need = b->n + extra + 1; /* room for a NUL; exactly, not doubled */
	if (need <= b->cap)
		return MM_OK;
	char *p = arena_realloc(b->arena, b->p, b->cap, need);
	if (!p)
		return MM_ERR_NOMEM;
	b->p = p;
	b->cap = need;
	return MM_OK;
}

enum mm_err buf_append(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return MM_OK;
	enum mm_err err = buf_reserve(b, n);
	if (err)
		return err;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	assert(b->n <= b->max && b->n < b->cap);
	return MM_OK;
}

enum mm_err buf_append_str(struct buf *b, struct str s)
{
	return buf_append(b, s.p, s.n);
}

enum mm_err buf_append_cstr(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

enum mm_err buf_append_char(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

enum mm_err buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(b->arena, fmt, ap);
	va_end(ap);
	return s ? buf_append_cstr(b, s) : MM_ERR_NOMEM;
}

enum mm_err buf_append_html(struct buf *b, struct str s)
{
	/* Entities by byte; NULL for the bytes that stand for themselves. */
	static const struct {
		const char *text;
		size_t n;
	} entity[256] = {
	    ['&'] = {"&amp;", 5},  ['<'] = {"&lt;", 4},   ['>'] = {"&gt;", 4},
	    ['"'] = {"&quot;", 6}, ['\''] = {"&#39;", 5},
	};
	size_t start = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (!entity[c].text)
			continue;
		enum mm_err err = buf_append(b, s.p + start, i - start);
		if (!err)
			err = buf_append(b, entity[c].text, entity[c].n);
		if (err)
			return err;
		start = i + 1;
	}
	return buf_append(b, s.p + start, s.n - start);
}

enum mm_err buf_append_csv(struct buf *b, struct str s, bool last)
{
	bool formula = s.n && (s.p[0] == '=' || s.p[0] == '+' || s.p[0] == '-' || s.p[0] == '@' ||
	                       s.p[0] == '\t' || s.p[0] == '\r');
	enum mm_err e = buf_append_char(b, '"');
	if (!e && formula)
		e = buf_append_char(b, '\'');
	size_t start = 0;
	for (size_t i = 0; !e && i < s.n; i++) {
		if (s.p[i] == '"') {
			e = buf_append(b, s.p + start,
			               i + 1 - start); /* the quote, then its double */
			start = i;
		}
	}
	if (!e)
		e = buf_append(b, s.p + start, s.n - start);
	return e ? e : buf_append_cstr(b, last ? "\"\r\n" : "\",");
}

enum mm_err buf_append_int(struct buf *b, int64_t v)
{
	char digits[21]; /* "-9223372036854775808" */
	char *end = digits + sizeof digits, *p = end;
	/* the magnitude as unsigned: -INT64_MIN does not fit in an int64_t */
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return buf_append(b, p, (size_t)(end - p));
}

enum mm_err buf_append_csv_int(struct buf *b, int64_t v, bool last)
{
	enum mm_err e = buf_append_int(b, v);
	return e ? e : last ? buf_append(b, "\r\n", 2) : buf_append_char(b, ',');
}

enum mm_err buf_append_urlenc(struct buf *b, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		enum mm_err err;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			err = buf_append_char(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			err = buf_append(b, e, 3);
		}
		if (err)
			return err;
	}
	return MM_OK;
}

struct str buf_str(const struct buf *b)
{
	return (struct str){b->p ? b->p : "", b->n};
}

char *buf_cstr(struct buf *b)
{
	if (!b->p && buf_reserve(b, 0) != MM_OK)
		return NULL;
	b->p[b->n] = '\0';
	return b->p;
}
