/* Unit tests: the scoring of the management self-check (core/management.h)
 * — answer names, a directive's score as the mean maturity of its
 * questions, the overall score as the mean of the ten, "don't know" scored
 * 0 and counted apart, incomplete checks and broken layouts refused, the
 * next level, the largest gaps, and the two-decimal format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/management.h"

/* 40 questions, four per directive in order (1–4 directive 1, …). */
static struct management_layout four_each(void)
{
	struct management_layout l = {.question_count = 40};
	for (int i = 0; i < 40; i++)
		l.directive_of[i] = i / 4 + 1;
	return l;
}

static void all(enum management_answer answers[MANAGEMENT_QUESTIONS_MAX], int count,
                enum management_answer a)
{
	for (int i = 0; i < MANAGEMENT_QUESTIONS_MAX; i++)
		answers[i] = i < count ? a : MANAGEMENT_ANSWER_NONE;
}

static void test_answer_names_are_the_six_levels_and_dont_know(void **state)
{
	(void)state;
	enum management_answer a;
	assert_true(core_management_answer_parse(STR("0"), &a));
	assert_int_equal(a, MANAGEMENT_ANSWER_LEVEL0);
	assert_true(core_management_answer_parse(STR("5"), &a));
	assert_int_equal(core_management_answer_level(a), 5);
	assert_true(core_management_answer_parse(STR("dont_know"), &a));
	assert_int_equal(core_management_answer_level(a), 0);
	assert_string_equal(core_management_answer_name(MANAGEMENT_ANSWER_LEVEL3), "3");
	assert_string_equal(core_management_answer_name(MANAGEMENT_ANSWER_DONT_KNOW), "dont_know");
	assert_null(core_management_answer_name(MANAGEMENT_ANSWER_NONE));
	const char *bad[] = {"", "6", "-1", "05", " 1", "1.5", "DONT_KNOW", "done"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(core_management_answer_parse(str_from(bad[i]), &a));
}

static void test_a_directive_scores_the_mean_maturity_of_its_questions(void **state)
{
	(void)state;
	struct management_layout l = four_each();
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	struct management_score s;
	all(answers, 40, MANAGEMENT_ANSWER_LEVEL2);
	/* directive 1: 5, 4, 2, 0 → 11 / 4 = 2.75 */
	answers[0] = MANAGEMENT_ANSWER_LEVEL5;
	answers[1] = MANAGEMENT_ANSWER_LEVEL4;
	answers[3] = MANAGEMENT_ANSWER_LEVEL0;
	assert_int_equal(core_management_score(&l, answers, &s), MM_OK);
	assert_int_equal(s.directive[0], 275);
	for (int d = 1; d < MANAGEMENT_DIRECTIVES; d++)
		assert_int_equal(s.directive[d], 200);
	/* overall: (275 + 9 × 200) / 10 = 207.5 → 208 (half up) */
	assert_int_equal(s.overall, 208);
	assert_int_equal(s.dont_know, 0);
}

static void test_the_overall_score_is_the_mean_of_the_ten_directives(void **state)
{
	(void)state;
	/* directive 1 has one question, directive 2 seven: the overall score
	 * weighs directives, not questions */
	struct management_layout l = {.question_count = 17};
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	struct management_score s;
	l.directive_of[0] = 1;
	for (int i = 1; i < 8; i++)
		l.directive_of[i] = 2;
	for (int i = 8; i < 17; i++)
		l.directive_of[i] = i - 5; /* 3 … 10, and 10 twice */
	l.directive_of[16] = 10;
	all(answers, 17, MANAGEMENT_ANSWER_LEVEL0);
	answers[0] = MANAGEMENT_ANSWER_LEVEL5;
	assert_int_equal(core_management_score(&l, answers, &s), MM_OK);
	assert_int_equal(s.directive[0], 500);
	assert_int_equal(s.directive[1], 0);
	assert_int_equal(s.overall, 50);
	/* thirds round to the nearest hundredth: 1, 1, 0 → 0.67 */
	struct management_layout t = four_each();
	t.question_count = 39;
	t.directive_of[38] = 10; /* directive 10: questions 37–39 */
	all(answers, 39, MANAGEMENT_ANSWER_LEVEL0);
	answers[36] = MANAGEMENT_ANSWER_LEVEL1;
	answers[37] = MANAGEMENT_ANSWER_LEVEL1;
	assert_int_equal(core_management_score(&t, answers, &s), MM_OK);
	assert_int_equal(s.directive[9], 67);
	assert_int_equal(s.overall, 7); /* 6.7 → 7 */
}

static void test_dont_know_scores_zero_and_is_counted_apart(void **state)
{
	(void)state;
	struct management_layout l = four_each();
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	struct management_score with_zero, with_dont_know;
	all(answers, 40, MANAGEMENT_ANSWER_LEVEL4);
	answers[5] = MANAGEMENT_ANSWER_LEVEL0;
	answers[6] = MANAGEMENT_ANSWER_LEVEL0;
	assert_int_equal(core_management_score(&l, answers, &with_zero), MM_OK);
	answers[5] = MANAGEMENT_ANSWER_DONT_KNOW;
	answers[6] = MANAGEMENT_ANSWER_DONT_KNOW;
	assert_int_equal(core_management_score(&l, answers, &with_dont_know), MM_OK);
	assert_int_equal(with_dont_know.directive[1], 200);
	assert_int_equal(with_dont_know.directive[1], with_zero.directive[1]);
	assert_int_equal(with_dont_know.overall, with_zero.overall);
	assert_int_equal(with_zero.dont_know, 0);
	assert_int_equal(with_dont_know.dont_know, 2);
	all(answers, 40, MANAGEMENT_ANSWER_DONT_KNOW);
	assert_int_equal(core_management_score(&l, answers, &with_dont_know), MM_OK);
	assert_int_equal(with_dont_know.overall, 0);
	assert_int_equal(with_dont_know.dont_know, 40);
}

static void test_an_incomplete_check_or_a_broken_layout_is_not_scored(void **state)
{
	(void)state;
	struct management_layout l = four_each();
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	struct management_score s;
	all(answers, 40, MANAGEMENT_ANSWER_LEVEL1);
	answers[17] = MANAGEMENT_ANSWER_NONE;
	assert_false(core_management_complete(&l, answers));
	assert_int_equal(core_management_answered_count(&l, answers), 39);
	assert_int_equal(core_management_score(&l, answers, &s), MM_ERR_INVALID);
	/* an answer beyond the layout's questions */
	all(answers, 41, MANAGEMENT_ANSWER_LEVEL1);
	assert_false(core_management_complete(&l, answers));
	assert_int_equal(core_management_score(&l, answers, &s), MM_ERR_INVALID);
	/* a directive without questions, a question without a directive */
	all(answers, 40, MANAGEMENT_ANSWER_LEVEL1);
	for (int i = 36; i < 40; i++)
		l.directive_of[i] = 9;
	assert_false(core_management_layout_valid(&l));
	assert_int_equal(core_management_score(&l, answers, &s), MM_ERR_INVALID);
	l = four_each();
	l.directive_of[3] = 11;
	assert_false(core_management_layout_valid(&l));
	l = four_each();
	l.question_count = MANAGEMENT_QUESTIONS_MAX + 1;
	assert_false(core_management_layout_valid(&l));
}

static void test_the_next_level_is_the_whole_level_above(void **state)
{
	(void)state;
	assert_int_equal(core_management_next_level(0), 1);
	assert_int_equal(core_management_next_level(225), 3);
	assert_int_equal(core_management_next_level(300), 4);
	assert_int_equal(core_management_next_level(499), 5);
	assert_int_equal(core_management_next_level(500), 0);
}

static void test_the_largest_gaps_are_the_lowest_directives_in_order(void **state)
{
	(void)state;
	int d[MANAGEMENT_DIRECTIVES] = {300, 125, 500, 125, 400, 50, 500, 275, 300, 450};
	int out[MANAGEMENT_GAPS];
	assert_int_equal(core_management_gaps(d, out), 3);
	assert_int_equal(out[0], 6);
	assert_int_equal(out[1], 2); /* a tie: directive order */
	assert_int_equal(out[2], 4);
	/* directives at level 5 have no gap */
	int top[MANAGEMENT_DIRECTIVES] = {500, 500, 500, 500, 500, 500, 500, 500, 475, 500};
	assert_int_equal(core_management_gaps(top, out), 1);
	assert_int_equal(out[0], 9);
	for (int i = 0; i < MANAGEMENT_DIRECTIVES; i++)
		top[i] = 500;
	assert_int_equal(core_management_gaps(top, out), 0);
}

static void test_a_score_is_written_with_two_decimals(void **state)
{
	(void)state;
	char buf[8];
	assert_string_equal(core_management_format(0, buf), "0.00");
	assert_string_equal(core_management_format(207, buf), "2.07");
	assert_string_equal(core_management_format(500, buf), "5.00");
	assert_string_equal(core_management_format(900, buf), "5.00");
	assert_string_equal(core_management_format(-4, buf), "0.00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answer_names_are_the_six_levels_and_dont_know),
	    cmocka_unit_test(test_a_directive_scores_the_mean_maturity_of_its_questions),
	    cmocka_unit_test(test_the_overall_score_is_the_mean_of_the_ten_directives),
	    cmocka_unit_test(test_dont_know_scores_zero_and_is_counted_apart),
	    cmocka_unit_test(test_an_incomplete_check_or_a_broken_layout_is_not_scored),
	    cmocka_unit_test(test_the_next_level_is_the_whole_level_above),
	    cmocka_unit_test(test_the_largest_gaps_are_the_lowest_directives_in_order),
	    cmocka_unit_test(test_a_score_is_written_with_two_decimals),
	};
	return cmocka_run_group_tests_name("management", tests, NULL, NULL);
}
