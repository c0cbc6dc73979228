/* Unit tests: the situations of /help and the consultation categories
 * (core/help.h), whose names are part of URLs. */
#include <string.h>

#include "core/help.h"
#include "test.h"

static void test_help_situation_find_knows_every_slug_and_nothing_else(void **state)
{
	(void)state;
	for (size_t i = 0; i < HELP_SITUATION_COUNT; i++)
		assert_ptr_equal(help_situation_find(str_from(help_situations[i].slug)),
		                 &help_situations[i]);
	assert_null(help_situation_find(STR("")));
	assert_null(help_situation_find(STR("Ransomware")));
	assert_null(help_situation_find(STR("ransomware ")));
	assert_null(help_situation_find(STR("ransom")));
	assert_null(help_situation_find((struct str){"ransomware\0x", 12}));
}

static void test_help_every_situation_opens_a_known_category(void **state)
{
	(void)state;
	for (size_t i = 0; i < HELP_SITUATION_COUNT; i++)
		assert_true(help_category_index(str_from(help_situations[i].category)) >= 0);
	assert_string_equal(help_situation_find(STR("ransomware"))->category, "malware");
	assert_string_equal(help_situation_find(STR("fraud-payment"))->category, "fraud");
	assert_false(help_situation_find(STR("fraud-payment"))->personal_data);
	assert_true(help_situation_find(STR("data-leak"))->personal_data);
}

static void test_help_categories_are_the_seven_in_order(void **state)
{
	(void)state;
	static const char *const want[] = {
	    "malware", "unauthorised_access", "fraud", "data_leak", "how_to", "scheme", "other"};
	assert_int_equal(HELP_CATEGORY_COUNT, 7);
	for (int i = 0; i < HELP_CATEGORY_COUNT; i++) {
		assert_string_equal(help_categories[i], want[i]);
		assert_int_equal(help_category_index(str_from(want[i])), i);
	}
	assert_int_equal(help_category_index(STR("")), -1);
	assert_int_equal(help_category_index(STR("MALWARE")), -1);
	assert_int_equal(help_category_index(STR("malware,fraud")), -1);
}

static void test_help_slugs_are_unique_and_url_safe(void **state)
{
	(void)state;
	for (size_t i = 0; i < HELP_SITUATION_COUNT; i++) {
		const char *s = help_situations[i].slug;
		assert_true(strspn(s, "abcdefghijklmnopqrstuvwxyz-") == strlen(s));
		for (size_t j = i + 1; j < HELP_SITUATION_COUNT; j++)
			assert_string_not_equal(s, help_situations[j].slug);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_help_situation_find_knows_every_slug_and_nothing_else),
	    TEST(test_help_every_situation_opens_a_known_category),
	    TEST(test_help_categories_are_the_seven_in_order),
	    TEST(test_help_slugs_are_unique_and_url_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
