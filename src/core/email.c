/*
 * email.c — see email.h. Reads its input once, after NFKC, and writes
 * only into the arena it is given.
 */
#include "core/email.h"

#include <string.h>

#include "lib/utf8.h"

/* A byte that never stands in an address we accept: controls, space, DEL
 * and what would let a header or a list be forged around the address. */
static bool email_byte_refused(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
}

enum email_check core_email_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str n;
	if (in.n == 0)
		return EMAIL_EMPTY;
	if (!utf8_valid(in) || utf8_nfkc(a, in, &n) || n.n < EMAIL_MIN_CHARS ||
	    n.n > EMAIL_MAX_CHARS)
		return EMAIL_INVALID;
	char *p = arena_strndup(a, n.p, n.n);
	if (!p)
		return EMAIL_NOMEM;
	int ats = 0;
	for (size_t i = 0; i < n.n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (email_byte_refused(c))
			return EMAIL_INVALID;
		if (c >= 'A' && c <= 'Z')
			p[i] = (char)(c - 'A' + 'a');
		ats += c == '@';
	}
	long at = str_index(n, '@');
	if (ats != 1 || at < 1 || (size_t)at + 1 >= n.n)
		return EMAIL_INVALID;
	size_t domain = (size_t)at + 1;
	if (!memchr(p + domain, '.', n.n - domain) || p[domain] == '.' || p[n.n - 1] == '.')
		return EMAIL_INVALID;
	*out = (struct str){p, n.n};
	return EMAIL_OK;
}
