/*
 * corporate_number.c — see corporate_number.h. With P1…P12 numbered from
 * the right, check = 9 − (Σ Pn·Qn mod 9), Qn = 1 for odd n, 2 for even n.
 */
#include "core/corporate_number.h"

#include "core/digits.h"
#include "lib/str.h"

int core_corporate_number_check_digit(const char body[12])
{
	int sum = 0;
	for (int n = 1; n <= 12; n++) {
		int p = body[12 - n] - '0';
		sum += p * (n % 2 ? 1 : 2);
	}
	return 9 - sum % 9;
}

bool core_corporate_number_valid(struct str s)
{
	if (s.n != CORPORATE_NUMBER_DIGITS || !str_all_digits(s))
		return false;
	return s.p[0] - '0' == core_corporate_number_check_digit(s.p + 1);
}

bool core_corporate_number_read(struct arena *a, struct str in, struct str *out)
{
	if (core_digits_normalise(a, in, DIGITS_BARE, out))
		return false;
	return out->n && core_corporate_number_valid(*out);
}
