/*
 * utf8.c — see utf8.h. Validation follows the well-formed byte sequences
 * table of Unicode §3.9; NUL is refused as well because no field of ours
 * may contain it and C code downstream would stop at it.
 */
#include "lib/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool utf8_valid(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0, n = s.n;
	while (i < n) {
		unsigned char c = p[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return false;
		i += len;
	}
	return true;
}

uint32_t utf8_next(struct str s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s.p + *i;
	uint32_t cp;
	size_t len;
	if (p[0] < 0x80) {
		cp = p[0];
		len = 1;
	} else if (p[0] < 0xE0) {
		cp = p[0] & 0x1Fu;
		len = 2;
	} else if (p[0] < 0xF0) {
		cp = p[0] & 0x0Fu;
		len = 3;
	} else {
		cp = p[0] & 0x07u;
		len = 4;
	}
	for (size_t k = 1; k < len && *i + k < s.n; k++)
		cp = (cp << 6) | (p[k] & 0x3Fu);
	*i += len;
	return cp;
}

size_t utf8_length(struct str s)
{
	size_t count = 0;
	for (size_t i = 0; i < s.n; i++)
		if (((unsigned char)s.p[i] & 0xC0) != 0x80)
			count++;
	return count;
}

enum mm_err utf8_nfkc(struct arena *a, struct str s, struct str *out)
{
	if (!utf8_valid(s))
		return MM_ERR_INVALID;
	if (s.n == 0) {
		*out = (struct str){"", 0};
		return MM_OK;
	}
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s.p, (utf8proc_ssize_t)s.n, &r,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? MM_ERR_NOMEM : MM_ERR_INVALID;
	char *copy = arena_strndup(a, (const char *)r, (size_t)n);
	free(r);
	if (!copy)
		return MM_ERR_NOMEM;
	*out = (struct str){copy, (size_t)n};
	return MM_OK;
}
