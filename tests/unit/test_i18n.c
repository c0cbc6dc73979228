/* Unit tests: catalogues, fallback, language negotiation, dates. */
#include "view/i18n.h"
#include "test.h"

static int load_test_catalogues(void **state)
{
	arena_setup(state);
	const struct str json[LANG_COUNT] = {
	    STR("{\"site.name\": \"mamori\", \"only.ja\": \"日本語だけ\", \"date.format\": "
	        "\"{y}年{m}月{d}日\","
	        " \"fill.level\": \"{from}から{to}に変更\", \"fill.alt\": \"宣言 {id} "
	        "を確認する\"}"),
	    STR("{\"site.name\": \"mamori\", \"date.format\": \"{d} {mon} {y}\", \"date.mon.11\": "
	        "\"Nov\","
	        " \"fill.level\": \"from {from} to {to}\", \"fill.alt\": \"check {id}\"}"),
	};
	char err[TPL_ERR_MAX];
	return i18n_load_json(*state, json, err) == MM_OK ? 0 : -1;
}

static void test_english_falls_back_to_japanese_then_to_the_key(void **state)
{
	(void)state;
	assert_str_equal(i18n_get(LANG_EN, STR("site.name")), "mamori");
	assert_str_equal(i18n_get(LANG_EN, STR("only.ja")), "日本語だけ");
	assert_str_equal(i18n_get(LANG_EN, STR("no.such.key")), "no.such.key");
	assert_false(i18n_has(LANG_EN, STR("only.ja")));
	assert_int_equal(i18n_missing_count(LANG_EN), 1);
	assert_int_equal(i18n_missing_count(LANG_JA), 1); /* date.mon.11 */
}

static void test_accept_language_picks_the_best_supported_language(void **state)
{
	(void)state;
	assert_int_equal(lang_from_accept(STR("en-US,en;q=0.9")), LANG_EN);
	assert_int_equal(lang_from_accept(STR("fr-FR,fr;q=0.9,en;q=0.8,ja;q=0.7")), LANG_EN);
	assert_int_equal(lang_from_accept(STR("en;q=0.5, ja;q=0.9")), LANG_JA);
	assert_int_equal(lang_from_accept(STR("fr")), LANG_JA);
	assert_int_equal(lang_from_accept(STR("")), LANG_JA);
	assert_int_equal(lang_from_accept(STR("en;q=0")), LANG_JA);
	assert_int_equal(lang_from_accept(STR(";;,,=q;")), LANG_JA);
}

static void test_language_codes_are_exact(void **state)
{
	(void)state;
	enum lang l;
	assert_true(lang_from_code(STR("en"), &l));
	assert_int_equal(l, LANG_EN);
	assert_true(lang_from_code(STR("ja"), &l));
	assert_false(lang_from_code(STR("english"), &l));
	assert_false(lang_from_code(STR(""), &l));
}

static void test_dates_follow_the_language(void **state)
{
	assert_string_equal(i18n_format_date(*state, LANG_JA, 2026, 11, 23), "2026年11月23日");
	assert_string_equal(i18n_format_date(*state, LANG_EN, 2026, 11, 23), "23 Nov 2026");
	assert_null(i18n_format_date(*state, LANG_EN, 2026, 13, 1));
	assert_string_equal(i18n_format_date(*state, LANG_JA, 1999, 1, 5), "1999年1月5日");
	assert_string_equal(i18n_format_date(*state, LANG_EN, 2024, 11, 1), "1 Nov 2024");
}

static void test_fill_replaces_named_placeholders_and_keeps_the_rest(void **state)
{
	const char *names[] = {"from", "to"};
	const struct str values[] = {STR("一つ星"), STR("二つ星")};
	assert_string_equal(i18n_fill(*state, LANG_JA, "fill.level", names, values, 2),
	                    "一つ星から二つ星に変更");
	/* a placeholder without a value stays as written */
	assert_string_equal(i18n_fill(*state, LANG_JA, "fill.level", names, values, 1),
	                    "一つ星から{to}に変更");
	const char *id[] = {"id"};
	const struct str number[] = {STR("90000000019")};
	assert_string_equal(i18n_fill(*state, LANG_JA, "fill.alt", id, number, 1),
	                    "宣言 90000000019 を確認する");
	/* values are inserted as they are, never read for placeholders */
	const struct str tricky[] = {STR("{id}{")};
	assert_string_equal(i18n_fill(*state, LANG_JA, "fill.alt", id, tricky, 1),
	                    "宣言 {id}{ を確認する");
	assert_string_equal(i18n_fill(*state, LANG_EN, "fill.level", names, values, 2),
	                    "from 一つ星 to 二つ星");
}

static void test_broken_catalogues_are_refused(void **state)
{
	char err[TPL_ERR_MAX];
	const struct str dup[LANG_COUNT] = {STR("{\"a\": \"1\", \"a\": \"2\"}"), STR("{}")};
	const struct str not_string[LANG_COUNT] = {STR("{\"a\": 1}"), STR("{}")};
	const struct str not_json[LANG_COUNT] = {STR("{"), STR("{}")};
	assert_int_not_equal(i18n_load_json(*state, dup, err), MM_OK);
	assert_int_not_equal(i18n_load_json(*state, not_string, err), MM_OK);
	assert_int_not_equal(i18n_load_json(*state, not_json, err), MM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_english_falls_back_to_japanese_then_to_the_key,
	                                    load_test_catalogues, arena_teardown),
	    TEST(test_accept_language_picks_the_best_supported_language),
	    TEST(test_language_codes_are_exact),
	    cmocka_unit_test_setup_teardown(test_dates_follow_the_language, load_test_catalogues,
	                                    arena_teardown),
	    TEST(test_broken_catalogues_are_refused),
	    cmocka_unit_test_setup_teardown(
	        test_fill_replaces_named_placeholders_and_keeps_the_rest, load_test_catalogues,
	        arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
