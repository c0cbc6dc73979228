/* Unit tests: the 11-digit declaration ID and its Luhn check digit. */
#include "core/declaration_id.h"
#include "test.h"

static void test_luhn_matches_the_textbook_example(void **state)
{
	(void)state;
	/* 7992739871 → check digit 3 (the classic Luhn example) */
	assert_int_equal(core_luhn_check_digit("7992739871", 10), 3);
	assert_int_equal(core_luhn_check_digit("0", 1), 0);
}

static void test_made_ids_are_eleven_digits_with_prefix_and_valid(void **state)
{
	(void)state;
	char id[DECLARATION_ID_DIGITS + 1];
	const uint64_t seqs[] = {0, 1, 42, 123456789, 999999999};
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		assert_true(core_declaration_id_make(seqs[i], id));
		assert_int_equal(strlen(id), 11);
		assert_int_equal(id[0], DECLARATION_ID_PREFIX);
		assert_int_equal(core_declaration_id_check(str_from(id)), DECLARATION_ID_VALID);
	}
	assert_false(core_declaration_id_make(1000000000u, id));
}

static void test_every_single_digit_typo_is_caught(void **state)
{
	(void)state;
	char id[DECLARATION_ID_DIGITS + 1];
	assert_true(core_declaration_id_make(31415926, id));
	for (int pos = 1; pos < 11; pos++) {
		for (char d = '0'; d <= '9'; d++) {
			char typo[DECLARATION_ID_DIGITS + 1];
			memcpy(typo, id, sizeof typo);
			if (typo[pos] == d)
				continue;
			typo[pos] = d;
			assert_int_equal(core_declaration_id_check(str_from(typo)),
			                 DECLARATION_ID_MISTYPED);
		}
	}
}

static void test_adjacent_swaps_are_caught(void **state)
{
	(void)state;
	char id[DECLARATION_ID_DIGITS + 1];
	assert_true(core_declaration_id_make(12345678, id));
	for (int pos = 1; pos < 10; pos++) {
		char swapped[DECLARATION_ID_DIGITS + 1];
		memcpy(swapped, id, sizeof swapped);
		char t = swapped[pos];
		swapped[pos] = swapped[pos + 1];
		swapped[pos + 1] = t;
		/* Luhn misses only the 09↔90 swap */
		if (swapped[pos] != swapped[pos + 1] &&
		    !((t == '0' && swapped[pos] == '9') || (t == '9' && swapped[pos] == '0')))
			assert_int_equal(core_declaration_id_check(str_from(swapped)),
			                 DECLARATION_ID_MISTYPED);
	}
}

static void test_foreign_and_malformed_ids(void **state)
{
	(void)state;
	assert_int_equal(core_declaration_id_check(STR("12345678901")), DECLARATION_ID_FOREIGN);
	assert_int_equal(core_declaration_id_check(STR("1234567890")), DECLARATION_ID_MALFORMED);
	assert_int_equal(core_declaration_id_check(STR("123456789012")), DECLARATION_ID_MALFORMED);
	assert_int_equal(core_declaration_id_check(STR("9123456789a")), DECLARATION_ID_MALFORMED);
	assert_int_equal(core_declaration_id_check(STR("")), DECLARATION_ID_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_luhn_matches_the_textbook_example),
	    TEST(test_made_ids_are_eleven_digits_with_prefix_and_valid),
	    TEST(test_every_single_digit_typo_is_caught),
	    TEST(test_adjacent_swaps_are_caught),
	    TEST(test_foreign_and_malformed_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
