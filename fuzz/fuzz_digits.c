/*
 * fuzz_digits.c — libFuzzer target for the readers of numbers people type
 * (src/core/digits.c, core_corporate_number_read, core_declaration_id_read).
 *
 * Checks, on any input:
 *   - core_digits_normalise gives ASCII with no separator left in the bare
 *     form, "" on every error, and only INVALID, TOO_LONG or NOMEM errors;
 *     reading its own output again gives the same output (idempotent);
 *   - the hyphenated form, with its '-' and ' ' dropped, is the bare form;
 *   - a corporate number read as valid is 13 digits that pass
 *     core_corporate_number_valid; a declaration ID that is not MALFORMED
 *     is 11 digits whose check agrees with core_declaration_id_check.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "core/digits.h"

static bool ascii(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] >= 0x80)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1024 * 1024);
	struct str in = {(const char *)data, size}, bare, hyphenated, again;

	enum mm_err e = core_digits_normalise(&a, in, DIGITS_BARE, &bare);
	CHECK(e == MM_OK || e == MM_ERR_INVALID || e == MM_ERR_TOO_LONG || e == MM_ERR_NOMEM);
	if (e) {
		CHECK(bare.n == 0);
	} else {
		CHECK(ascii(bare));
		for (size_t i = 0; i < bare.n; i++)
			CHECK(bare.p[i] != ' ' && bare.p[i] != '\t' && bare.p[i] != '-');
		CHECK(core_digits_normalise(&a, bare, DIGITS_BARE, &again) == MM_OK);
		CHECK(str_eq(again, bare));
	}
	enum mm_err h = core_digits_normalise(&a, in, DIGITS_HYPHENATED, &hyphenated);
	CHECK((h == MM_OK) == (e == MM_OK));
	if (!h) {
		CHECK(ascii(hyphenated));
		size_t j = 0;
		for (size_t i = 0; i < hyphenated.n; i++) {
			char c = hyphenated.p[i];
			if (c == '-' || c == ' ' || c == '\t')
				continue;
			CHECK(j < bare.n && bare.p[j] == c);
			j++;
		}
		CHECK(j == bare.n);
	}

	struct str number, id;
	if (core_corporate_number_read(&a, in, &number))
		CHECK(number.n == CORPORATE_NUMBER_DIGITS && core_corporate_number_valid(number));
	enum declaration_id_check c = core_declaration_id_read(&a, in, &id);
	if (c != DECLARATION_ID_MALFORMED) {
		CHECK(id.n == DECLARATION_ID_DIGITS);
		CHECK(core_declaration_id_check(id) == c);
	}
	arena_free(&a);
	return 0;
}
