/*
 * digits.c — see digits.h. One pass over the NFKC form, one allocation
 * (the result) in the caller's arena. ASCII input, the usual case (an ID
 * typed or scanned as digits), is its own NFKC form and is not normalised
 * again.
 */
#include "core/digits.h"

#include "lib/utf8.h"

bool core_digits_is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2043 ||
	       cp == 0xFE58 || cp == 0x30FC;
}

bool core_digits_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t';
}

static bool all_ascii(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] >= 0x80)
			return false;
	return true;
}

enum mm_err core_digits_normalise(struct arena *a, struct str in, enum digits_form form,
                                  struct str *out)
{
	struct str norm = in;
	enum mm_err e;
	*out = STR("");
	if (in.n > DIGITS_INPUT_MAX)
		return MM_ERR_TOO_LONG;
	if (!all_ascii(in) && (e = utf8_nfkc(a, in, &norm)))
		return e;
	/* every code point becomes at most one byte */
	char *p = arena_alloc(a, norm.n + 1);
	size_t n = 0;
	if (!p)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < norm.n;) {
		uint32_t cp = (unsigned char)norm.p[i];
		if (cp < 0x80) /* the usual case: no decoding */
			i++;
		else
			cp = utf8_next(norm, &i);
		if (core_digits_is_dash(cp)) {
			if (form == DIGITS_HYPHENATED)
				p[n++] = '-';
		} else if (core_digits_is_space(cp)) {
			if (form == DIGITS_HYPHENATED)
				p[n++] = ' ';
		} else if (cp < 0x80) {
			p[n++] = (char)cp;
		} else {
			return MM_ERR_INVALID;
		}
	}
	p[n] = '\0';
	*out = (struct str){p, n};
	return MM_OK;
}
