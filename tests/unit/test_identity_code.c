/* Unit tests: the one-time code of a letter (core/identity_code.h) — made
 * from random digits, printed in groups, read as people type it — and a
 * letter's state over its 60 days. */
#include "core/identity_code.h"
#include "test.h"

static void test_a_code_is_twelve_digits_printed_in_groups_of_four(void **state)
{
	(void)state;
	const uint8_t digits[IDENTITY_CODE_DIGITS] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 19, 255};
	char code[IDENTITY_CODE_DIGITS + 1], grouped[16];
	identity_code_make(digits, code);
	assert_string_equal(code, "123456789095"); /* out-of-range bytes stay digits */
	identity_code_grouped(code, grouped);
	assert_string_equal(grouped, "1234-5678-9095");
}

static void test_a_code_is_read_as_typed(void **state)
{
	struct str out;
	assert_true(identity_code_read(*state, STR("1234-5678-9012"), &out));
	assert_true(str_eq_lit(out, "123456789012"));
	assert_true(identity_code_read(*state, STR("１２３４ ５６７８ ９０１２"), &out));
	assert_true(str_eq_lit(out, "123456789012"));
	assert_true(identity_code_read(*state, STR(" 123456789012 "), &out));
	assert_false(identity_code_read(*state, STR("12345678901"), &out));
	assert_false(identity_code_read(*state, STR("1234567890123"), &out));
	assert_false(identity_code_read(*state, STR("12345678901a"), &out));
	assert_false(identity_code_read(*state, STR(""), &out));
	assert_false(identity_code_read(*state, STR("\xff"), &out));
}

static void test_a_letter_is_good_for_sixty_days_then_expires(void **state)
{
	(void)state;
	int64_t t0 = 1700000000, until = identity_letter_expires(t0);
	assert_int_equal(until - t0, 60 * 86400);
	assert_int_equal(identity_letter_state(0, 0, 0, until, t0 + 1), IDENTITY_LETTER_WAITING);
	assert_int_equal(identity_letter_state(t0 + 5, 0, 0, until, t0 + 6),
	                 IDENTITY_LETTER_POSTED);
	assert_int_equal(identity_letter_state(t0 + 5, 0, 0, until, until - 1),
	                 IDENTITY_LETTER_POSTED);
	assert_int_equal(identity_letter_state(t0 + 5, 0, 0, until, until),
	                 IDENTITY_LETTER_EXPIRED);
	assert_int_equal(identity_letter_state(0, 0, 0, until, until + 1), IDENTITY_LETTER_EXPIRED);
}

static void test_used_and_cancelled_letters_stay_so(void **state)
{
	(void)state;
	int64_t t0 = 1700000000, until = identity_letter_expires(t0);
	assert_int_equal(identity_letter_state(t0, t0 + 9, 0, until, until + 99),
	                 IDENTITY_LETTER_USED);
	assert_int_equal(identity_letter_state(t0, 0, t0 + 9, until, t0 + 10),
	                 IDENTITY_LETTER_CANCELLED);
	assert_int_equal(identity_letter_state(0, 0, t0 + 9, until, until + 99),
	                 IDENTITY_LETTER_CANCELLED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_a_code_is_twelve_digits_printed_in_groups_of_four),
	    TEST(test_a_code_is_read_as_typed),
	    TEST(test_a_letter_is_good_for_sixty_days_then_expires),
	    TEST(test_used_and_cancelled_letters_stay_so),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
