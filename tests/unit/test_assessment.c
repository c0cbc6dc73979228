/* Unit tests: points, totals, parts, bands, advice order, comparison and
 * answer parsing of the 25-item self-assessment (core/assessment.h). */
#include "core/assessment.h"
#include "test.h"

enum { N = ASSESSMENT_ITEM_COUNT };

/* Answers items 1, 2, … in turn: first `done` items done, then partly,
 * not done, don't know. */
static void fill(enum assessment_answer answers[N], int done, int partly, int not_done,
                 int dont_know)
{
	assert_int_equal(done + partly + not_done + dont_know, N);
	int i = 0;
	while (done-- > 0)
		answers[i++] = ANSWER_DONE;
	while (partly-- > 0)
		answers[i++] = ANSWER_PARTLY;
	while (not_done-- > 0)
		answers[i++] = ANSWER_NOT_DONE;
	while (dont_know-- > 0)
		answers[i++] = ANSWER_DONT_KNOW;
}

static void all(enum assessment_answer answers[N], enum assessment_answer answer)
{
	for (int i = 0; i < N; i++)
		answers[i] = answer;
}

static struct assessment_score score_of(const enum assessment_answer answers[N])
{
	struct assessment_score s;
	assert_int_equal(core_assessment_score(answers, &s), MM_OK);
	return s;
}

static void test_points_are_4_2_0_and_minus_1(void **state)
{
	(void)state;
	assert_int_equal(core_assessment_points(ANSWER_DONE), 4);
	assert_int_equal(core_assessment_points(ANSWER_PARTLY), 2);
	assert_int_equal(core_assessment_points(ANSWER_NOT_DONE), 0);
	assert_int_equal(core_assessment_points(ANSWER_DONT_KNOW), -1);
	assert_int_equal(core_assessment_points(ANSWER_NONE), 0);
	assert_int_equal(core_assessment_points((enum assessment_answer)9), 0);
}

static void test_all_done_scores_100_well_done(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	all(answers, ANSWER_DONE);
	struct assessment_score s = score_of(answers);
	assert_int_equal(s.total, ASSESSMENT_MAX_TOTAL);
	assert_int_equal(s.total, 100);
	assert_int_equal(s.band, BAND_WELL_DONE);
	assert_int_equal(s.part[0], 20);
	assert_int_equal(s.part[1], 52);
	assert_int_equal(s.part[2], 28);
}

static void test_band_edges(void **state)
{
	(void)state;
	assert_int_equal(core_assessment_band(100), BAND_WELL_DONE);
	assert_int_equal(core_assessment_band(99), BAND_SOME_GAPS);
	assert_int_equal(core_assessment_band(70), BAND_SOME_GAPS);
	assert_int_equal(core_assessment_band(69), BAND_SEVERAL_GAPS);
	assert_int_equal(core_assessment_band(50), BAND_SEVERAL_GAPS);
	assert_int_equal(core_assessment_band(49), BAND_URGENT);
	assert_int_equal(core_assessment_band(0), BAND_URGENT);
	assert_int_equal(core_assessment_band(-1), BAND_URGENT);
	assert_int_equal(core_assessment_band(-25), BAND_URGENT);
	assert_int_equal(core_assessment_band(ASSESSMENT_MIN_TOTAL), BAND_URGENT);
}

/* 99 cannot be reached by answers (the best total below 100 is 98), so
 * the answers side of the edges is 98, 70, 69, 50, 49. */
static void test_band_edges_reached_by_answers(void **state)
{
	(void)state;
	static const struct {
		int done, partly, not_done, dont_know, total;
		enum assessment_band band;
	} cases[] = {
	    {24, 1, 0, 0, 98, BAND_SOME_GAPS},    {17, 1, 7, 0, 70, BAND_SOME_GAPS},
	    {17, 1, 6, 1, 69, BAND_SEVERAL_GAPS}, {12, 1, 12, 0, 50, BAND_SEVERAL_GAPS},
	    {12, 1, 11, 1, 49, BAND_URGENT},      {0, 0, 0, 25, -25, BAND_URGENT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum assessment_answer answers[N];
		fill(answers, cases[i].done, cases[i].partly, cases[i].not_done,
		     cases[i].dont_know);
		struct assessment_score s = score_of(answers);
		assert_int_equal(s.total, cases[i].total);
		assert_int_equal(s.band, cases[i].band);
	}
}

static void test_dont_know_counts_minus_one(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	fill(answers, 24, 0, 0, 1);
	assert_int_equal(score_of(answers).total, 95);
	all(answers, ANSWER_DONT_KNOW);
	assert_int_equal(score_of(answers).total, ASSESSMENT_MIN_TOTAL);
	assert_int_equal(score_of(answers).part[0], -5);
	assert_int_equal(score_of(answers).part[1], -13);
	assert_int_equal(score_of(answers).part[2], -7);
	all(answers, ANSWER_NOT_DONE);
	assert_int_equal(score_of(answers).total, 0);
}

static void test_part_maxima_are_20_52_28(void **state)
{
	(void)state;
	assert_int_equal(core_assessment_part_max(1), 20);
	assert_int_equal(core_assessment_part_max(2), 52);
	assert_int_equal(core_assessment_part_max(3), 28);
	assert_int_equal(core_assessment_part_max(1) + core_assessment_part_max(2) +
	                     core_assessment_part_max(3),
	                 ASSESSMENT_MAX_TOTAL);
	assert_int_equal(core_assessment_part_max(0), 0);
	assert_int_equal(core_assessment_part_max(4), 0);
	assert_int_equal(core_assessment_part_first_item(1), 1);
	assert_int_equal(core_assessment_part_first_item(2), 6);
	assert_int_equal(core_assessment_part_first_item(3), 19);
	assert_int_equal(core_assessment_part_first_item(4), 0);
	assert_int_equal(core_assessment_part_item_count(2), 13);
	assert_int_equal(core_assessment_part_item_count(-1), 0);

	enum assessment_answer answers[N];
	all(answers, ANSWER_PARTLY);
	struct assessment_score s = score_of(answers);
	assert_int_equal(s.part_max[0], 20);
	assert_int_equal(s.part_max[1], 52);
	assert_int_equal(s.part_max[2], 28);
}

static void test_items_belong_to_the_parts_of_the_scheme(void **state)
{
	(void)state;
	assert_int_equal(core_assessment_part_of(1), 1);
	assert_int_equal(core_assessment_part_of(5), 1);
	assert_int_equal(core_assessment_part_of(6), 2);
	assert_int_equal(core_assessment_part_of(18), 2);
	assert_int_equal(core_assessment_part_of(19), 3);
	assert_int_equal(core_assessment_part_of(25), 3);
	assert_int_equal(core_assessment_part_of(0), 0);
	assert_int_equal(core_assessment_part_of(26), 0);
	assert_int_equal(core_assessment_part_of(-3), 0);
}

static void test_score_per_part(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	for (int item = 1; item <= N; item++) {
		int part = core_assessment_part_of(item);
		answers[item - 1] = part == 1   ? ANSWER_DONE
		                    : part == 2 ? ANSWER_PARTLY
		                                : ANSWER_DONT_KNOW;
	}
	struct assessment_score s = score_of(answers);
	assert_int_equal(s.part[0], 20);
	assert_int_equal(s.part[1], 26);
	assert_int_equal(s.part[2], -7);
	assert_int_equal(s.total, 39);
	assert_int_equal(s.band, BAND_URGENT);
}

static void test_score_refuses_an_incomplete_assessment(void **state)
{
	(void)state;
	enum assessment_answer answers[N] = {ANSWER_NONE};
	struct assessment_score s;
	assert_int_equal(core_assessment_score(answers, &s), MM_ERR_INVALID);
	all(answers, ANSWER_DONE);
	answers[24] = ANSWER_NONE;
	assert_int_equal(core_assessment_score(answers, &s), MM_ERR_INVALID);
	answers[24] = (enum assessment_answer)9; /* say, a corrupted stored value */
	assert_int_equal(core_assessment_score(answers, &s), MM_ERR_INVALID);
}

static void test_complete_means_all_25_answered(void **state)
{
	(void)state;
	enum assessment_answer answers[N] = {ANSWER_NONE};
	assert_false(core_assessment_complete(answers));
	assert_int_equal(core_assessment_answered_count(answers), 0);
	fill(answers, 10, 5, 5, 5);
	assert_true(core_assessment_complete(answers));
	assert_int_equal(core_assessment_answered_count(answers), 25);
	answers[0] = ANSWER_NONE;
	assert_false(core_assessment_complete(answers));
	assert_int_equal(core_assessment_answered_count(answers), 24);
	answers[0] = (enum assessment_answer)5;
	assert_false(core_assessment_complete(answers));
	answers[0] = ANSWER_DONT_KNOW; /* "don't know" is an answer */
	assert_true(core_assessment_complete(answers));
}

/* Part first; within a part not done, then don't know, then partly; then
 * by item number. */
static void test_advice_order_part_then_not_done_dont_know_partly(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	all(answers, ANSWER_DONE);
	answers[1 - 1] = ANSWER_PARTLY;
	answers[3 - 1] = ANSWER_DONT_KNOW;
	answers[4 - 1] = ANSWER_NOT_DONE;
	answers[5 - 1] = ANSWER_NOT_DONE;
	answers[6 - 1] = ANSWER_PARTLY;
	answers[7 - 1] = ANSWER_DONT_KNOW;
	answers[8 - 1] = ANSWER_NOT_DONE;
	answers[19 - 1] = ANSWER_PARTLY;
	answers[20 - 1] = ANSWER_DONT_KNOW;
	answers[25 - 1] = ANSWER_NOT_DONE;
	static const int expected[] = {4, 5, 3, 1, 8, 7, 6, 25, 20, 19};
	int items[N];
	size_t n = core_assessment_advice_order(answers, items);
	assert_int_equal(n, sizeof expected / sizeof expected[0]);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i], expected[i]);
}

static void test_advice_puts_part_1_before_a_worse_answer_in_part_2(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	all(answers, ANSWER_DONE);
	answers[2 - 1] = ANSWER_PARTLY;
	answers[10 - 1] = ANSWER_NOT_DONE;
	int items[N];
	assert_int_equal(core_assessment_advice_order(answers, items), 2);
	assert_int_equal(items[0], 2);
	assert_int_equal(items[1], 10);
}

static void test_advice_covers_every_item_not_done_and_skips_unanswered(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	int items[N];
	all(answers, ANSWER_DONE);
	assert_int_equal(core_assessment_advice_order(answers, items), 0);
	all(answers, ANSWER_PARTLY);
	assert_int_equal(core_assessment_advice_order(answers, items), 25);
	for (int i = 0; i < N; i++)
		assert_int_equal(items[i], i + 1);
	answers[11] = ANSWER_NONE;
	assert_int_equal(core_assessment_advice_order(answers, items), 24);
}

static void test_compare_reports_changes_in_total_parts_and_items(void **state)
{
	(void)state;
	enum assessment_answer before[N], after[N];
	all(before, ANSWER_NOT_DONE);
	all(after, ANSWER_NOT_DONE);
	after[1 - 1] = ANSWER_DONE;
	after[2 - 1] = ANSWER_PARTLY;
	after[3 - 1] = ANSWER_DONT_KNOW; /* not done → don't know: worse */
	after[6 - 1] = ANSWER_DONE;
	after[25 - 1] = ANSWER_PARTLY;
	struct assessment_comparison c;
	assert_int_equal(core_assessment_compare(before, after, &c), MM_OK);
	assert_int_equal(c.total_change, 4 + 2 - 1 + 4 + 2);
	assert_int_equal(c.part_change[0], 5);
	assert_int_equal(c.part_change[1], 4);
	assert_int_equal(c.part_change[2], 2);
	assert_int_equal(c.improved, 4);
	assert_int_equal(c.worsened, 1);
	assert_int_equal(c.unchanged, 20);
	assert_int_equal(c.item[1 - 1], ITEM_IMPROVED);
	assert_int_equal(c.item[3 - 1], ITEM_WORSENED);
	assert_int_equal(c.item[4 - 1], ITEM_UNCHANGED);
	assert_int_equal(c.item[25 - 1], ITEM_IMPROVED);

	/* and back again: every change reverses */
	struct assessment_comparison back;
	assert_int_equal(core_assessment_compare(after, before, &back), MM_OK);
	assert_int_equal(back.total_change, -c.total_change);
	assert_int_equal(back.improved, c.worsened);
	assert_int_equal(back.worsened, c.improved);
	assert_int_equal(back.item[3 - 1], ITEM_IMPROVED);
}

/* The rank is the order of the points: done > partly > not done > don't
 * know, so an item's change always agrees with the total's. */
static void test_compare_ranks_dont_know_below_not_done(void **state)
{
	(void)state;
	static const enum assessment_answer order[] = {ANSWER_DONT_KNOW, ANSWER_NOT_DONE,
	                                               ANSWER_PARTLY, ANSWER_DONE};
	for (size_t lo = 0; lo < 4; lo++) {
		for (size_t hi = 0; hi < 4; hi++) {
			enum assessment_answer before[N], after[N];
			all(before, ANSWER_DONE);
			all(after, ANSWER_DONE);
			before[0] = order[lo];
			after[0] = order[hi];
			struct assessment_comparison c;
			assert_int_equal(core_assessment_compare(before, after, &c), MM_OK);
			enum item_change expected = hi > lo   ? ITEM_IMPROVED
			                            : hi < lo ? ITEM_WORSENED
			                                      : ITEM_UNCHANGED;
			assert_int_equal(c.item[0], expected);
			assert_true(hi > lo   ? c.total_change > 0
			            : hi < lo ? c.total_change < 0
			                      : c.total_change == 0);
		}
	}
}

static void test_compare_of_the_same_answers_changes_nothing(void **state)
{
	(void)state;
	enum assessment_answer answers[N];
	fill(answers, 7, 6, 6, 6);
	struct assessment_comparison c;
	assert_int_equal(core_assessment_compare(answers, answers, &c), MM_OK);
	assert_int_equal(c.total_change, 0);
	assert_int_equal(c.part_change[0] | c.part_change[1] | c.part_change[2], 0);
	assert_int_equal(c.unchanged, 25);
	assert_int_equal(c.improved + c.worsened, 0);
}

static void test_compare_refuses_an_incomplete_side(void **state)
{
	(void)state;
	enum assessment_answer complete[N], partial[N];
	all(complete, ANSWER_DONE);
	all(partial, ANSWER_DONE);
	partial[13] = ANSWER_NONE;
	struct assessment_comparison c;
	assert_int_equal(core_assessment_compare(partial, complete, &c), MM_ERR_INVALID);
	assert_int_equal(core_assessment_compare(complete, partial, &c), MM_ERR_INVALID);
}

static void test_answer_parse_accepts_the_four_values(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum assessment_answer answer;
	} cases[] = {{"done", ANSWER_DONE},
	             {"partly", ANSWER_PARTLY},
	             {"not_done", ANSWER_NOT_DONE},
	             {"dont_know", ANSWER_DONT_KNOW}};
	for (size_t i = 0; i < 4; i++) {
		enum assessment_answer a = ANSWER_NONE;
		assert_true(core_assessment_answer_parse(str_from(cases[i].text), &a));
		assert_int_equal(a, cases[i].answer);
		assert_string_equal(core_assessment_answer_name(a), cases[i].text);
	}
}

static void test_answer_parse_refuses_bad_values(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",         "Done",    "DONE",      " done",      "done ",      "not done",
	    "not-done", "notdone", "dont know", "don't know", "none",       "0",
	    "4",        "partlyx", "part",      "完了",       "dont_know_", "NOT_DONE",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum assessment_answer a = ANSWER_NONE;
		assert_false(core_assessment_answer_parse(str_from(bad[i]), &a));
		assert_int_equal(a, ANSWER_NONE); /* untouched */
	}
	enum assessment_answer a = ANSWER_NONE;
	assert_false(core_assessment_answer_parse((struct str){"done\0", 5}, &a)); /* NUL inside */
	assert_false(core_assessment_answer_parse((struct str){"done", 3}, &a));   /* "don" */
	assert_false(core_assessment_answer_parse(STR_NULL, &a));
	char long_value[4096];
	memset(long_value, 'd', sizeof long_value);
	assert_false(core_assessment_answer_parse((struct str){long_value, sizeof long_value}, &a));
	assert_int_equal(a, ANSWER_NONE);
}

static void test_names_of_answers_and_bands(void **state)
{
	(void)state;
	assert_null(core_assessment_answer_name(ANSWER_NONE));
	assert_null(core_assessment_answer_name((enum assessment_answer)9));
	assert_string_equal(core_assessment_band_name(BAND_WELL_DONE), "well_done");
	assert_string_equal(core_assessment_band_name(BAND_SOME_GAPS), "some_gaps");
	assert_string_equal(core_assessment_band_name(BAND_SEVERAL_GAPS), "several_gaps");
	assert_string_equal(core_assessment_band_name(BAND_URGENT), "urgent");
	assert_null(core_assessment_band_name((enum assessment_band)4));
}

static void test_answers_parse_reads_unknown_and_empty_names_as_not_answered(void **state)
{
	(void)state;
	struct str names[ASSESSMENT_ITEM_COUNT];
	enum assessment_answer out[ASSESSMENT_ITEM_COUNT];
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		names[i] = STR("done");
	names[0] = STR("");
	names[1] = STR("DONE");
	names[2] = STR("dont_know");
	core_assessment_answers_parse(names, out);
	assert_int_equal(out[0], ANSWER_NONE);
	assert_int_equal(out[1], ANSWER_NONE);
	assert_int_equal(out[2], ANSWER_DONT_KNOW);
	assert_int_equal(out[24], ANSWER_DONE);
	assert_int_equal(core_assessment_answered_count(out), ASSESSMENT_ITEM_COUNT - 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_points_are_4_2_0_and_minus_1),
	    TEST(test_all_done_scores_100_well_done),
	    TEST(test_band_edges),
	    TEST(test_band_edges_reached_by_answers),
	    TEST(test_dont_know_counts_minus_one),
	    TEST(test_part_maxima_are_20_52_28),
	    TEST(test_items_belong_to_the_parts_of_the_scheme),
	    TEST(test_score_per_part),
	    TEST(test_score_refuses_an_incomplete_assessment),
	    TEST(test_complete_means_all_25_answered),
	    TEST(test_advice_order_part_then_not_done_dont_know_partly),
	    TEST(test_advice_puts_part_1_before_a_worse_answer_in_part_2),
	    TEST(test_advice_covers_every_item_not_done_and_skips_unanswered),
	    TEST(test_compare_reports_changes_in_total_parts_and_items),
	    TEST(test_compare_ranks_dont_know_below_not_done),
	    TEST(test_compare_of_the_same_answers_changes_nothing),
	    TEST(test_compare_refuses_an_incomplete_side),
	    TEST(test_answer_parse_accepts_the_four_values),
	    TEST(test_answer_parse_refuses_bad_values),
	    TEST(test_names_of_answers_and_bands),
	    TEST(test_answers_parse_reads_unknown_and_empty_names_as_not_answered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
