/* Unit tests: the corporate number check digit (DOMAIN.md §7). */
#include "core/corporate_number.h"
#include "test.h"

static void test_corporate_number_accepts_the_documented_examples(void **state)
{
	(void)state;
	assert_true(core_corporate_number_valid(STR("7123456789012")));
	assert_true(core_corporate_number_valid(STR("4011001098993")));
	assert_true(core_corporate_number_valid(STR("2120901007402")));
}

static void test_corporate_number_rejects_a_wrong_check_digit(void **state)
{
	(void)state;
	assert_false(core_corporate_number_valid(STR("8123456789012")));
	assert_false(core_corporate_number_valid(STR("4011001098994")));
}

static void test_corporate_number_rejects_wrong_length_and_non_digits(void **state)
{
	(void)state;
	assert_false(core_corporate_number_valid(STR("")));
	assert_false(core_corporate_number_valid(STR("712345678901")));
	assert_false(core_corporate_number_valid(STR("71234567890123")));
	assert_false(core_corporate_number_valid(STR("712345678901a")));
	assert_false(core_corporate_number_valid(STR("7123-456789012")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_corporate_number_accepts_the_documented_examples),
	    TEST(test_corporate_number_rejects_a_wrong_check_digit),
	    TEST(test_corporate_number_rejects_wrong_length_and_non_digits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
