/* Unit tests: catalogue labels, counts and select options (view/labels.h). */
#include "view/labels.h"
#include "test.h"

static int load_test_catalogues(void **state)
{
	arena_setup(state);
	const struct str json[LANG_COUNT] = {
	    STR("{\"pref.1\": \"北海道\", \"pref.47\": \"沖縄県\", \"industry.E\": \"製造業\","
	        " \"org.role.owner\": \"オーナー\", \"org.role.member\": \"メンバー\","
	        " \"org.show.yen\": \"{amount}円\"}"),
	    STR("{\"pref.1\": \"Hokkaido\", \"org.show.yen\": \"¥{amount}\"}"),
	};
	char err[TPL_ERR_MAX];
	return i18n_load_json(*state, json, err) == MM_OK ? 0 : -1;
}

static void test_prefecture_label_only_for_1_to_47(void **state)
{
	(void)state;
	assert_str_equal(labels_prefecture(LANG_JA, 1), "北海道");
	assert_str_equal(labels_prefecture(LANG_EN, 1), "Hokkaido");
	assert_str_equal(labels_prefecture(LANG_JA, 47), "沖縄県");
	assert_str_equal(labels_prefecture(LANG_JA, 0), "");
	assert_str_equal(labels_prefecture(LANG_JA, 48), "");
	assert_str_equal(labels_prefecture(LANG_JA, -1), "");
}

static void test_industry_label_only_for_one_letter(void **state)
{
	(void)state;
	assert_str_equal(labels_industry(LANG_JA, STR("E")), "製造業");
	assert_str_equal(labels_industry(LANG_JA, STR("")), "");
	assert_str_equal(labels_industry(LANG_JA, STR("EE")), "");
}

static void test_keyed_label_refuses_a_key_too_long(void **state)
{
	(void)state;
	assert_str_equal(labels_keyed(LANG_JA, "org.role", STR("owner")), "オーナー");
	char value[80];
	memset(value, 'x', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	assert_str_equal(labels_keyed(LANG_JA, "org.role", str_from(value)), "");
}

static void test_count_has_thousands_separators_and_no_minus(void **state)
{
	assert_string_equal(labels_format_count(*state, 0), "0");
	assert_string_equal(labels_format_count(*state, 999), "999");
	assert_string_equal(labels_format_count(*state, 1000), "1,000");
	assert_string_equal(labels_format_count(*state, 1234567), "1,234,567");
	assert_string_equal(labels_format_count(*state, INT64_MAX), "9,223,372,036,854,775,807");
	assert_string_equal(labels_format_count(*state, -5), "0");
}

static void test_fill_names_values_in_the_language(void **state)
{
	const char *const names[] = {"amount"};
	const struct str values[] = {STR("1,000")};
	assert_str_equal(labels_fill(*state, LANG_JA, "org.show.yen", names, values, 1), "1,000円");
	assert_str_equal(labels_fill(*state, LANG_EN, "org.show.yen", names, values, 1), "¥1,000");
}

static void test_fixed_options_mark_only_the_selected_value(void **state)
{
	static const char *const roles[] = {"member", "owner"};
	struct val *ctx = val_obj(*state);
	assert_int_equal(
	    labels_options_fixed(*state, LANG_JA, ctx, "roles", roles, 2, "org.role", STR("owner")),
	    MM_OK);
	const struct val *list = val_get(ctx, STR("roles"));
	assert_non_null(list);
	assert_int_equal(list->n, 2);
	const struct val *member = list->first->v, *owner = list->first->next->v;
	assert_str_equal(val_get(member, STR("value"))->s, "member");
	assert_str_equal(val_get(member, STR("label"))->s, "メンバー");
	assert_false(val_get(member, STR("selected"))->b);
	assert_true(val_get(owner, STR("selected"))->b);
}

static void test_prefecture_options_list_all_47(void **state)
{
	struct val *ctx = val_obj(*state);
	assert_int_equal(labels_options_prefecture(*state, LANG_JA, ctx, "p", STR("47")), MM_OK);
	const struct val *list = val_get(ctx, STR("p"));
	assert_int_equal(list->n, 47);
	assert_true(val_get(list->last->v, STR("selected"))->b);
	assert_str_equal(val_get(list->last->v, STR("label"))->s, "沖縄県");
}

#define CATALOGUE_TEST(f) cmocka_unit_test_setup_teardown(f, load_test_catalogues, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    CATALOGUE_TEST(test_prefecture_label_only_for_1_to_47),
	    CATALOGUE_TEST(test_industry_label_only_for_one_letter),
	    CATALOGUE_TEST(test_keyed_label_refuses_a_key_too_long),
	    TEST(test_count_has_thousands_separators_and_no_minus),
	    CATALOGUE_TEST(test_fill_names_values_in_the_language),
	    CATALOGUE_TEST(test_fixed_options_mark_only_the_selected_value),
	    CATALOGUE_TEST(test_prefecture_options_list_all_47),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
