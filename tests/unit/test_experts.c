/* Unit tests: the experts directory's rules (core/experts.h) — the search
 * read from a URL (bad values ignored and reported), the address it is
 * written back into, the bits of prefectures, skills and languages, and
 * the text allowed in a profile. */
#include "core/experts.h"
#include "core/help.h"
#include "test.h"

static struct expert_search read_ok(const char *prefecture, const char *skill)
{
	struct expert_search s;
	assert_true(expert_search_read(str_from(prefecture), str_from(skill), &s));
	return s;
}

static void test_search_empty_values_mean_any(void **state)
{
	(void)state;
	struct expert_search s = read_ok("", "");
	assert_int_equal(s.prefecture, 0);
	assert_int_equal(s.skill, -1);
	assert_int_equal(expert_search_prefecture_mask(&s), 0);
	assert_int_equal(expert_search_skill_mask(&s), 0);
}

static void test_search_reads_a_prefecture_and_a_skill(void **state)
{
	(void)state;
	struct expert_search s = read_ok("13", "data_leak");
	assert_int_equal(s.prefecture, 13);
	assert_int_equal(s.skill, 3);
	assert_int_equal(expert_search_prefecture_mask(&s), (int64_t)1 << 12);
	assert_int_equal(expert_search_skill_mask(&s), 8);
	s = read_ok("47", "other");
	assert_int_equal(expert_search_prefecture_mask(&s), (int64_t)1 << 46);
	assert_int_equal(expert_search_skill_mask(&s), 64);
	s = read_ok("1", "malware");
	assert_int_equal(expert_search_prefecture_mask(&s), 1);
	assert_int_equal(expert_search_skill_mask(&s), 1);
}

static void test_search_ignores_and_reports_values_it_cannot_read(void **state)
{
	(void)state;
	static const char *const bad_prefectures[] = {"0",  "48",   "013", "-1",
	                                              "1x", "１３", " 13", "99999999999999999999"};
	static const char *const bad_skills[] = {"MALWARE", "malware ", "x", "<script>",
	                                         "malware&x=1"};
	struct expert_search s;
	for (size_t i = 0; i < sizeof bad_prefectures / sizeof bad_prefectures[0]; i++) {
		assert_false(expert_search_read(str_from(bad_prefectures[i]), STR("fraud"), &s));
		assert_int_equal(s.prefecture, 0);
		assert_int_equal(s.skill, 2); /* the other filter still applies */
	}
	for (size_t i = 0; i < sizeof bad_skills / sizeof bad_skills[0]; i++) {
		assert_false(expert_search_read(STR("27"), str_from(bad_skills[i]), &s));
		assert_int_equal(s.skill, -1);
		assert_int_equal(s.prefecture, 27);
		assert_int_equal(expert_search_skill_mask(&s), 0);
	}
}

static void test_search_url_keeps_the_filters_for_paging(void **state)
{
	(void)state;
	char buf[128];
	struct expert_search s = read_ok("", "");
	assert_true(expert_search_url(&s, buf, sizeof buf));
	assert_string_equal(buf, "/experts?");
	s = read_ok("13", "");
	assert_true(expert_search_url(&s, buf, sizeof buf));
	assert_string_equal(buf, "/experts?prefecture=13&");
	s = read_ok("", "unauthorised_access");
	assert_true(expert_search_url(&s, buf, sizeof buf));
	assert_string_equal(buf, "/experts?skill=unauthorised_access&");
	s = read_ok("8", "how_to");
	assert_true(expert_search_url(&s, buf, sizeof buf));
	assert_string_equal(buf, "/experts?prefecture=8&skill=how_to&");
	assert_false(expert_search_url(&s, buf, 20)); /* does not fit: refused, not cut */
	/* a search that was never read (out of range) writes no filter */
	s = (struct expert_search){.prefecture = 99, .skill = 42};
	assert_true(expert_search_url(&s, buf, sizeof buf));
	assert_string_equal(buf, "/experts?");
}

static void test_masks_of_prefectures_and_lists(void **state)
{
	(void)state;
	assert_int_equal(expert_prefecture_bit(0), 0);
	assert_int_equal(expert_prefecture_bit(48), 0);
	assert_int_equal(expert_prefecture_bit(1), 1);
	assert_int_equal(expert_prefecture_bit(47), (int64_t)1 << 46);
	int64_t m =
	    expert_prefecture_bit(13) | expert_prefecture_bit(14) | expert_prefecture_bit(47);
	assert_true(expert_mask_has(m, 12));
	assert_true(expert_mask_has(m, 46));
	assert_false(expert_mask_has(m, 0));
	assert_false(expert_mask_has(m, -1));
	assert_false(expert_mask_has(-1, 63));
	assert_int_equal(expert_mask_count(m), 3);
	assert_int_equal(expert_mask_count(0), 0);
	/* every list fits the columns' checks (migration 0020) */
	assert_true(((int64_t)1 << 47) - 1 < 140737488355328LL);
	assert_true((1 << HELP_CATEGORY_COUNT) - 1 < 128);
	assert_true((1 << EXPERT_LANGUAGE_COUNT) - 1 < 64);
}

static void test_names_of_kinds_and_languages(void **state)
{
	(void)state;
	assert_int_equal(
	    expert_name_index(expert_kinds, EXPERT_KIND_COUNT, STR("security_specialist")), 0);
	assert_int_equal(
	    expert_name_index(expert_kinds, EXPERT_KIND_COUNT, STR("security_presenter")), 1);
	assert_int_equal(expert_name_index(expert_kinds, EXPERT_KIND_COUNT, STR("other")), 2);
	assert_int_equal(expert_name_index(expert_kinds, EXPERT_KIND_COUNT, STR("")), -1);
	assert_int_equal(expert_name_index(expert_kinds, EXPERT_KIND_COUNT, STR("Other")), -1);
	assert_int_equal(expert_name_index(expert_languages, EXPERT_LANGUAGE_COUNT, STR("ja")), 0);
	assert_int_equal(expert_name_index(expert_languages, EXPERT_LANGUAGE_COUNT, STR("pt")), 5);
	assert_int_equal(expert_name_index(expert_languages, EXPERT_LANGUAGE_COUNT, STR("fr")), -1);
}

static void test_profile_text_allows_line_breaks_but_no_other_controls(void **state)
{
	(void)state;
	assert_true(expert_text_ok(STR("")));
	assert_true(expert_text_ok(STR("情報処理安全確保支援士 第000001号\r\n二行目\tタブ")));
	assert_false(expert_text_ok(STR("bell\a")));
	assert_false(expert_text_ok((struct str){"nul\0x", 5}));
	assert_false(expert_text_ok(STR("esc\x1b[31m")));
	assert_false(expert_text_ok(STR("del\x7f")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_search_empty_values_mean_any),
	    TEST(test_search_reads_a_prefecture_and_a_skill),
	    TEST(test_search_ignores_and_reports_values_it_cannot_read),
	    TEST(test_search_url_keeps_the_filters_for_paging),
	    TEST(test_masks_of_prefectures_and_lists),
	    TEST(test_names_of_kinds_and_languages),
	    TEST(test_profile_text_allows_line_breaks_but_no_other_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
