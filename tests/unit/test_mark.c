/*
 * test_mark.c — the badge's text measure (view/mark.h): widths per kind of
 * character, the name shortened with an ellipsis to fit, and the badge
 * with and without its declarant.
 */
#include "test.h"

#include <string.h>

#include "view/mark.h"

static void test_full_width_counts_more_than_latin(void **state)
{
	(void)state;
	/* the same number of characters, very different widths */
	double latin = mark_text_width(STR("Sakura")), kanji = mark_text_width(STR("さくら精密工"));
	assert_true(kanji > latin * 1.4);
	assert_true(mark_text_width(STR("ｻｸﾗ")) < mark_text_width(STR("サクラ")));
	assert_true(mark_text_width(STR("ＡＢＣ")) > mark_text_width(STR("ABC")));
	/* a voicing mark written apart adds nothing */
	assert_true(mark_text_width(STR("\xe3\x81\x8b\xe3\x82\x99")) ==
	            mark_text_width(STR("\xe3\x81\x8b")));
	assert_true(mark_text_width(STR("")) == 0);
	/* not UTF-8: counted wide, never read past */
	assert_true(mark_text_width(STR("\xff\xfe")) >= 22);
}

static void test_fit_keeps_a_short_name_whole(void **state)
{
	(void)state;
	struct str name = STR("Minato Trading");
	assert_int_equal(mark_text_fit(name, BADGE_NAME_MAX_WIDTH), name.n);
}

static void test_fit_cuts_a_long_name_on_a_character(void **state)
{
	(void)state;
	struct str name = STR("株式会社みなとみらい精密機械製作所ホールディングス東日本営業本部");
	size_t fit = mark_text_fit(name, BADGE_NAME_MAX_WIDTH);
	assert_true(fit < name.n);
	assert_int_equal(fit % 3, 0); /* three bytes a character here: never half of one */
	struct str start = {name.p, fit};
	assert_true(mark_text_width(start) + 11 <= BADGE_NAME_MAX_WIDTH);
	struct str one_more = {name.p, fit + 3};
	assert_true(mark_text_width(one_more) + 11 > BADGE_NAME_MAX_WIDTH);
}

static void test_badge_names_its_declarant(void **state)
{
	struct arena *a = *state;
	struct buf b;
	buf_init(&b, a, 64 * 1024);
	assert_int_equal(mark_badge_svg(&b, STR("Security"), STR("declared"), BADGE_GOOD,
	                                STR("A&B <Co>"), STR("ID 90000000019")),
	                 MM_OK);
	const char *svg = buf_cstr(&b);
	assert_non_null(strstr(svg, "height=\"40\""));
	assert_non_null(strstr(svg, ">A&amp;B &lt;Co&gt;</text>"));
	assert_non_null(strstr(svg, ">ID 90000000019</text>"));
	buf_init(&b, a, 64 * 1024);
	assert_int_equal(mark_badge_svg(&b, STR("Security"), STR("not declared"), BADGE_UNKNOWN,
	                                STR(""), STR("")),
	                 MM_OK);
	svg = buf_cstr(&b);
	assert_non_null(strstr(svg, "height=\"20\""));
	assert_null(strstr(svg, "ID "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_full_width_counts_more_than_latin),
	    TEST(test_fit_keeps_a_short_name_whole),
	    TEST(test_fit_cuts_a_long_name_on_a_character),
	    TEST(test_badge_names_its_declarant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
