/*
 * password.c — see password.h. No allocation: the lower-cased copy lives
 * on the stack, bounded by PASSWORD_MAX_BYTES.
 */
#include "core/password.h"

#include "lib/utf8.h"

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool contains_nocase(struct str hay, struct str needle)
{
	if (needle.n == 0 || needle.n > hay.n)
		return false;
	for (size_t i = 0; i + needle.n <= hay.n; i++) {
		size_t k = 0;
		while (k < needle.n && lower(hay.p[i + k]) == lower(needle.p[k]))
			k++;
		if (k == needle.n)
			return true;
	}
	return false;
}

enum password_problem core_password_check(struct str password, struct str email,
                                          bool (*is_common)(void *data, struct str word),
                                          void *data)
{
	if (password.n > PASSWORD_MAX_BYTES)
		return PASSWORD_TOO_LONG;
	if (!utf8_valid(password) || utf8_length(password) < PASSWORD_MIN_CHARS)
		return PASSWORD_TOO_SHORT;
	long at = str_index(email, '@');
	struct str name = at < 0 ? email : (struct str){email.p, (size_t)at};
	if (name.n >= PASSWORD_EMAIL_NAME_MIN && contains_nocase(password, name))
		return PASSWORD_CONTAINS_EMAIL;
	if (is_common) {
		char word[PASSWORD_MAX_BYTES];
		size_t n = password.n;
		for (size_t i = 0; i < n; i++)
			word[i] = lower(password.p[i]);
		while (n > 0 && ((word[n - 1] >= '0' && word[n - 1] <= '9') || word[n - 1] == '!' ||
		                 word[n - 1] == '.' || word[n - 1] == '?' || word[n - 1] == '#' ||
		                 word[n - 1] == '@'))
			n--;
		if (is_common(data, (struct str){word, password.n}) ||
		    (n && is_common(data, (struct str){word, n})))
			return PASSWORD_COMMON;
	}
	return PASSWORD_OK;
}
