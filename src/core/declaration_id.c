/*
 * declaration_id.c — see declaration_id.h. Luhn: from the rightmost
 * payload digit leftwards, double every other digit (starting with the
 * rightmost), subtract 9 from results above 9, sum; the check digit makes
 * the sum a multiple of 10.
 */
#include "core/declaration_id.h"

#include "core/digits.h"
#include "lib/str.h"

int core_luhn_check_digit(const char *digits, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

bool core_declaration_id_make(uint64_t seq, char out[DECLARATION_ID_DIGITS + 1])
{
	if (seq >= 1000000000u)
		return false;
	out[0] = DECLARATION_ID_PREFIX;
	for (int i = 9; i >= 1; i--) {
		out[i] = (char)('0' + seq % 10);
		seq /= 10;
	}
	out[10] = (char)('0' + core_luhn_check_digit(out, 10));
	out[11] = '\0';
	return true;
}

enum declaration_id_check core_declaration_id_check(struct str s)
{
	if (s.n != DECLARATION_ID_DIGITS)
		return DECLARATION_ID_MALFORMED;
	if (!str_all_digits(s))
		return DECLARATION_ID_MALFORMED;
	if (s.p[0] != DECLARATION_ID_PREFIX)
		return DECLARATION_ID_FOREIGN;
	return s.p[10] - '0' == core_luhn_check_digit(s.p, 10) ? DECLARATION_ID_VALID
	                                                       : DECLARATION_ID_MISTYPED;
}

enum declaration_id_check core_declaration_id_read(struct arena *a, struct str in, struct str *out)
{
	if (core_digits_normalise(a, in, DIGITS_BARE, out))
		return DECLARATION_ID_MALFORMED;
	return core_declaration_id_check(*out);
}
