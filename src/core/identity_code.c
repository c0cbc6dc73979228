/*
 * identity_code.c — see identity_code.h.
 */
#include "core/identity_code.h"

#include "core/digits.h"
#include "lib/str.h"

void identity_code_make(const uint8_t digits[IDENTITY_CODE_DIGITS],
                        char out[IDENTITY_CODE_DIGITS + 1])
{
	for (int i = 0; i < IDENTITY_CODE_DIGITS; i++)
		out[i] = (char)('0' + digits[i] % 10);
	out[IDENTITY_CODE_DIGITS] = '\0';
}

void identity_code_grouped(const char code[IDENTITY_CODE_DIGITS + 1], char out[16])
{
	int n = 0;
	for (int i = 0; i < IDENTITY_CODE_DIGITS; i++) {
		if (i && i % 4 == 0)
			out[n++] = '-';
		out[n++] = code[i];
	}
	out[n] = '\0';
}

bool identity_code_read(struct arena *a, struct str typed, struct str *out)
{
	*out = STR("");
	return !core_digits_normalise(a, typed, DIGITS_BARE, out) &&
	       out->n == IDENTITY_CODE_DIGITS && str_all_digits(*out);
}

int64_t identity_letter_expires(int64_t created_at)
{
	return created_at + (int64_t)IDENTITY_LETTER_DAYS * 86400;
}

enum identity_letter_state identity_letter_state(int64_t printed_at, int64_t used_at,
                                                 int64_t cancelled_at, int64_t expires_at,
                                                 int64_t now)
{
	if (used_at)
		return IDENTITY_LETTER_USED;
	if (cancelled_at)
		return IDENTITY_LETTER_CANCELLED;
	if (now >= expires_at)
		return IDENTITY_LETTER_EXPIRED;
	return printed_at ? IDENTITY_LETTER_POSTED : IDENTITY_LETTER_WAITING;
}
