/* Unit tests: the rules of news articles (core/news.h) — what a slug may
 * be and when it may still change, tags as people type them and as they
 * are kept, text allowed in each field, when an article is public and
 * shows "updated on", and the digest's weeks. */
#include <string.h>

#include "core/news.h"
#include "test.h"

static void test_slug_accepts_lower_case_digits_and_single_hyphens(void **state)
{
	(void)state;
	assert_true(news_slug_ok(STR("2026-winter-seminar")));
	assert_true(news_slug_ok(STR("abc")));
	assert_true(news_slug_ok(STR("a1-b2-c3")));
	char longest[NEWS_SLUG_MAX + 1];
	memset(longest, 'a', NEWS_SLUG_MAX);
	assert_true(news_slug_ok((struct str){longest, NEWS_SLUG_MAX}));
}

static void test_slug_refuses_what_would_make_a_bad_address(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",         "ab",    "-abc",    "abc-",  "a--b",           "ABC",
	    "a b c",    "a_b_c", "a/b/c",   "a.b.c", "../etc",         "%2e%2e",
	    "セミナー", "abc\n", "abc?x=1", "a#b-c", "ｓｅｍｉｎａｒ", "abc def",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(news_slug_ok(str_from(bad[i])));
	char too_long[NEWS_SLUG_MAX + 1];
	memset(too_long, 'a', sizeof too_long);
	assert_false(news_slug_ok((struct str){too_long, sizeof too_long}));
}

static void test_slug_may_change_only_while_never_public(void **state)
{
	(void)state;
	assert_true(news_slug_may_change(false, 0, 1000));    /* a draft */
	assert_true(news_slug_may_change(true, 2000, 1000));  /* scheduled */
	assert_false(news_slug_may_change(true, 1000, 1000)); /* public from now */
	assert_false(news_slug_may_change(true, 10, 1000));
}

static const char *tags_of(const char *typed)
{
	static char out[NEWS_TAGS_MAX_BYTES + 1];
	size_t n = 0;
	memset(out, 0, sizeof out);
	if (!news_tags_normalise(str_from(typed), out, NEWS_TAGS_MAX_BYTES, &n))
		return NULL;
	out[n] = '\0';
	return out;
}

static void test_tags_are_trimmed_deduplicated_and_joined(void **state)
{
	(void)state;
	assert_string_equal(tags_of(""), "");
	assert_string_equal(tags_of(" , ,"), "");
	assert_string_equal(tags_of("seminar"), "seminar");
	assert_string_equal(tags_of(" seminar , ransomware ,seminar"), "seminar,ransomware");
	/* the Japanese comma and the full-width one separate too, and the
	 * ideographic space is trimmed */
	assert_string_equal(tags_of("セミナー、ランサムウェア，\xe3\x80\x80演習\xe3\x80\x80"),
	                    "セミナー,ランサムウェア,演習");
	assert_string_equal(tags_of("a,b,c,d,e"), "a,b,c,d,e");
	assert_string_equal(tags_of("a,b,c,d,e,a"), "a,b,c,d,e"); /* a repeat is no sixth */
}

static void test_tags_refuse_too_many_too_long_and_control_characters(void **state)
{
	(void)state;
	assert_null(tags_of("a,b,c,d,e,f"));
	assert_null(tags_of("123456789012345678901234X"));    /* 25 characters */
	assert_non_null(tags_of("123456789012345678901234")); /* 24 */
	assert_non_null(tags_of("一二三四五六七八九十一二三四五六七八九十一二三四")); /* 24 kanji */
	assert_null(tags_of("一二三四五六七八九十一二三四五六七八九十一二三四五"));
	assert_null(tags_of("a\tb"));
	assert_null(tags_of("a\nb"));
	assert_null(tags_of("a\x7f"));
	/* an output too small is refused, never cut */
	char small[4];
	size_t n;
	assert_false(news_tags_normalise(STR("abc,def"), small, sizeof small, &n));
}

static void test_line_and_text_rules(void **state)
{
	(void)state;
	assert_true(news_line_ok(STR("冬のセミナー <案内> & \"説明\"")));
	assert_false(news_line_ok(STR("two\nlines")));
	assert_false(news_line_ok(STR("nul\x01")));
	assert_true(news_text_ok(STR("# 見出し\r\n\n- 一\n\t- 二")));
	assert_false(news_text_ok(STR("bell\x07")));
	assert_false(news_text_ok(STR("del\x7f")));
}

static void test_public_from_its_time_and_updated_only_after_it(void **state)
{
	(void)state;
	assert_false(news_is_public(false, 0, 1000)); /* a draft never is */
	assert_false(news_is_public(true, 1001, 1000));
	assert_true(news_is_public(true, 1000, 1000));
	assert_true(news_is_public(true, 999, 1000));
	assert_false(news_shows_updated(false, 0, 5000));
	assert_false(news_shows_updated(true, 1000, 1000)); /* published as written */
	assert_false(news_shows_updated(true, 1000, 900));  /* changed before its time */
	assert_true(news_shows_updated(true, 1000, 1001));
}

static void test_digest_weeks_begin_on_monday_at_eight_in_japan(void **state)
{
	(void)state;
	/* 2026-12-07 is a Monday; 08:00 JST is 2026-12-06T23:00:00Z = 1796598000 */
	int64_t monday_8 = 1796598000;
	int w = news_digest_week(monday_8);
	assert_int_equal(news_digest_week(monday_8 - 1), w - 1);
	assert_int_equal(news_digest_week(monday_8 + 7 * 86400 - 1), w);
	assert_int_equal(news_digest_week(monday_8 + 7 * 86400), w + 1);
	/* week 1 begins on the first Monday of Unix time (1970-01-05) */
	assert_int_equal(news_digest_week(4 * 86400 - 3600), 1);
	assert_int_equal(news_digest_week(4 * 86400 - 3601), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slug_accepts_lower_case_digits_and_single_hyphens),
	    cmocka_unit_test(test_slug_refuses_what_would_make_a_bad_address),
	    cmocka_unit_test(test_slug_may_change_only_while_never_public),
	    cmocka_unit_test(test_tags_are_trimmed_deduplicated_and_joined),
	    cmocka_unit_test(test_tags_refuse_too_many_too_long_and_control_characters),
	    cmocka_unit_test(test_line_and_text_rules),
	    cmocka_unit_test(test_public_from_its_time_and_updated_only_after_it),
	    cmocka_unit_test(test_digest_weeks_begin_on_monday_at_eight_in_japan),
	};
	return cmocka_run_group_tests_name("news", tests, NULL, NULL);
}
