/*
 * org_fields.c — see org_fields.h. Every function reads its input once,
 * after NFKC where the field is a code or a number (the numbers and codes
 * through core_digits_normalise, so they share one set of separators),
 * and writes only into the arena it is given.
 */
#include "core/org_fields.h"

#include <string.h>

#include "core/plain_text.h"
#include "core/corporate_number.h"
#include "core/digits.h"
#include "lib/str.h"
#include "core/email.h"
#include "lib/utf8.h"

const char org_supporter_code_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static bool is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* NFKC of the input, or false when it is not valid UTF-8 or the arena is
 * full (the caller reports either as a bad value). */
static bool nfkc(struct arena *a, struct str in, struct str *out)
{
	return utf8_nfkc(a, in, out) == MM_OK;
}

/* The ASCII bytes of s that are not separators (core/digits.h); false
 * when s is not readable as such. */
static bool drop_separators(struct arena *a, struct str s, struct str *out)
{
	return core_digits_normalise(a, s, DIGITS_BARE, out) == MM_OK;
}

enum org_check org_corporate_number_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str digits;
	if (in.n == 0)
		return ORG_CHECK_EMPTY;
	if (!drop_separators(a, in, &digits))
		return ORG_CHECK_INVALID;
	if (digits.n == 0)
		return ORG_CHECK_EMPTY;
	if (digits.n != CORPORATE_NUMBER_DIGITS || !str_all_digits(digits))
		return ORG_CHECK_INVALID;
	if (!core_corporate_number_valid(digits))
		return ORG_CHECK_MISTYPED;
	*out = digits;
	return ORG_CHECK_OK;
}

enum org_check org_postal_code_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str n, digits;
	if (in.n == 0)
		return ORG_CHECK_EMPTY;
	/* 〒 is often typed in front of the code. */
	if (!nfkc(a, in, &n))
		return ORG_CHECK_INVALID;
	if (str_starts_with(n, "\xE3\x80\x92"))
		n = str_trim((struct str){n.p + 3, n.n - 3});
	if (!drop_separators(a, n, &digits) || digits.n != 7 || !str_all_digits(digits))
		return ORG_CHECK_INVALID;
	char *p = arena_printf(a, "%.3s-%.4s", digits.p, digits.p + 3);
	if (!p)
		return ORG_CHECK_NOMEM;
	*out = (struct str){p, 8};
	return ORG_CHECK_OK;
}

enum org_check org_phone_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str n;
	size_t digits = 0;
	if (in.n == 0)
		return ORG_CHECK_EMPTY;
	/* dashes written '-', spaces ' ': the grouping is kept as typed */
	if (core_digits_normalise(a, in, DIGITS_HYPHENATED, &n))
		return ORG_CHECK_INVALID;
	for (size_t i = 0; i < n.n; i++) {
		char c = n.p[i];
		if (is_digit((unsigned char)c))
			digits++;
		else if (!(c == '-' || c == ' ' || c == '(' || c == ')' || (c == '+' && i == 0)))
			return ORG_CHECK_INVALID;
	}
	if (digits < ORG_PHONE_MIN_DIGITS || digits > ORG_PHONE_MAX_DIGITS)
		return ORG_CHECK_INVALID;
	*out = n;
	return ORG_CHECK_OK;
}

const char *org_phone_tel(struct arena *a, struct str phone)
{
	char *out = arena_alloc(a, phone.n + 5);
	size_t n = 4;
	if (!out)
		return NULL;
	memcpy(out, "tel:", 4);
	for (size_t i = 0; i < phone.n; i++) {
		char c = phone.p[i];
		if (is_digit((unsigned char)c) || (c == '+' && n == 4))
			out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

enum org_check org_email_normalise(struct arena *a, struct str in, struct str *out)
{
	switch (core_email_normalise(a, in, out)) {
	case EMAIL_OK:
		return ORG_CHECK_OK;
	case EMAIL_EMPTY:
		return ORG_CHECK_EMPTY;
	case EMAIL_NOMEM:
		return ORG_CHECK_NOMEM;
	case EMAIL_INVALID:
		break;
	}
	return ORG_CHECK_INVALID;
}

static bool host_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c >= 0x80;
}

/* host[:port], the host in labels of 1–63 bytes, at least two of them. */
static bool authority_valid(struct str auth)
{
	long colon = str_index(auth, ':');
	struct str host = colon < 0 ? auth : (struct str){auth.p, (size_t)colon};
	if (colon >= 0) {
		long port;
		struct str digits = {auth.p + colon + 1, auth.n - (size_t)colon - 1};
		if (str_to_long(digits, 1, 65535, &port) || digits.p[0] == '-')
			return false;
	}
	size_t label = 0, labels = 0;
	for (size_t i = 0; i <= host.n; i++) {
		if (i == host.n || host.p[i] == '.') {
			if (label == 0 || label > 63 || host.p[i - 1] == '-' ||
			    host.p[i - label] == '-')
				return false;
			labels++;
			label = 0;
		} else if (host_label_char((unsigned char)host.p[i])) {
			label++;
		} else {
			return false;
		}
	}
	return labels >= 2;
}

bool org_url_valid(struct str url)
{
	size_t skip;
	if (str_starts_with(url, "https://") || str_starts_with(url, "HTTPS://"))
		skip = 8;
	else if (str_starts_with(url, "http://") || str_starts_with(url, "HTTP://"))
		skip = 7;
	else
		return false;
	if (url.n > ORG_URL_MAX_CHARS * 4 || !utf8_valid(url))
		return false;
	struct str rest = {url.p + skip, url.n - skip};
	size_t end = 0;
	while (end < rest.n && rest.p[end] != '/' && rest.p[end] != '?' && rest.p[end] != '#')
		end++;
	if (!authority_valid((struct str){rest.p, end}))
		return false;
	for (size_t i = end; i < rest.n; i++) {
		unsigned char c = (unsigned char)rest.p[i];
		if (c <= 0x20 || c == 0x7f || strchr("\"<>\\`", c))
			return false;
	}
	return true;
}

enum org_check org_count_parse(struct arena *a, struct str in, int64_t max, int64_t *out)
{
	struct str n;
	if (in.n == 0)
		return ORG_CHECK_EMPTY;
	if (!nfkc(a, in, &n) || n.n == 0)
		return ORG_CHECK_INVALID;
	int64_t v = 0;
	size_t digits = 0;
	for (size_t i = 0; i < n.n; i++) {
		char c = n.p[i];
		if (c == ',' && digits > 0)
			continue;
		if (c < '0' || c > '9')
			return ORG_CHECK_INVALID;
		if (v > (max - (c - '0')) / 10)
			return ORG_CHECK_TOO_LARGE;
		v = v * 10 + (c - '0');
		digits++;
	}
	if (digits == 0)
		return ORG_CHECK_INVALID;
	*out = v;
	return ORG_CHECK_OK;
}

static bool kana_char(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x3099 && cp <= 0x309E) ||
	       (cp >= 0x30A1 && cp <= 0x30FE) || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 'a' && cp <= 'z') || is_digit(cp) ||
	       (cp < 0x80 && strchr(" &.,'/-()", (int)cp));
}

bool org_kana_valid(struct arena *a, struct str kana)
{
	struct str n;
	if (!nfkc(a, kana, &n))
		return false;
	for (size_t i = 0; i < n.n;) {
		uint32_t cp = utf8_next(n, &i);
		if (cp == 0 || !kana_char(cp))
			return false;
	}
	return true;
}

bool org_single_line(struct str s)
{
	return plain_text_line_ok(s);
}

bool org_prefecture_parse(struct str in, int *out)
{
	long v;
	if (in.n == 0 || in.n > 2 || str_to_long(in, 1, PREFECTURE_COUNT, &v) || in.p[0] == '-' ||
	    in.p[0] == '0')
		return false;
	*out = (int)v;
	return true;
}

bool org_industry_parse(struct str in, char *out)
{
	if (in.n != 1 || in.p[0] < 'A' || in.p[0] > 'T')
		return false;
	*out = in.p[0];
	return true;
}

static int code_char(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	return strchr(org_supporter_code_alphabet, c) && c ? c : -1;
}

enum org_check org_supporter_code_normalise(struct arena *a, struct str in, struct str *out)
{
	struct str bare;
	if (in.n == 0)
		return ORG_CHECK_EMPTY;
	if (!drop_separators(a, in, &bare) || bare.n != SUPPORTER_CODE_CHARS)
		return ORG_CHECK_INVALID;
	char *p = (char *)bare.p; /* our own copy, from drop_separators */
	for (size_t i = 0; i < bare.n; i++) {
		int c = code_char(p[i]);
		if (c < 0)
			return ORG_CHECK_INVALID;
		p[i] = (char)c;
	}
	*out = bare;
	return ORG_CHECK_OK;
}
