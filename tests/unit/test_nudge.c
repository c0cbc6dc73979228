/* Unit tests: when a reminder to take the self-assessment again is due
 * (core/nudge.h), with a clock of the test's own: a year after, again at
 * 13 months, each once, and none outside its window. */
#include "core/nudge.h"
#include "test.h"

#define DAY NUDGE_DAY_S
#define TAKEN 1700000000

static void test_nothing_is_due_before_a_year(void **state)
{
	(void)state;
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 364 * DAY, false, false),
	                 NUDGE_NONE);
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 365 * DAY - 1, false, false),
	                 NUDGE_NONE);
}

static void test_the_first_reminder_is_due_a_year_after_once(void **state)
{
	(void)state;
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 365 * DAY, false, false),
	                 NUDGE_REASSESS_12);
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 380 * DAY, true, false),
	                 NUDGE_NONE);
}

static void test_the_second_reminder_is_due_at_13_months_once(void **state)
{
	(void)state;
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 395 * DAY, true, false),
	                 NUDGE_REASSESS_13);
	/* the first was never sent (the job was not running): only the second */
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 396 * DAY, false, false),
	                 NUDGE_REASSESS_13);
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 396 * DAY, true, true), NUDGE_NONE);
}

static void test_old_results_bring_no_reminder(void **state)
{
	(void)state;
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 425 * DAY, false, false),
	                 NUDGE_NONE);
	assert_int_equal(core_nudge_reassess_due(TAKEN, TAKEN + 3 * 365 * DAY, false, false),
	                 NUDGE_NONE);
}

static void test_the_range_holds_every_result_that_may_be_due(void **state)
{
	(void)state;
	int64_t now = TAKEN + 1000 * DAY, from, to;
	core_nudge_reassess_range(now, &from, &to);
	for (int64_t t = now - 500 * DAY; t <= now; t += 3600) {
		bool due = core_nudge_reassess_due(t, now, false, false) != NUDGE_NONE;
		assert_true(!due || (t >= from && t <= to));
	}
	assert_string_equal(core_nudge_name(NUDGE_REASSESS_13), "reassess_13");
	assert_null(core_nudge_name(NUDGE_NONE));
}

static void test_a_star_six_months_old_brings_one_note(void **state)
{
	(void)state;
	assert_int_equal(core_nudge_star_due(TAKEN, TAKEN + 181 * DAY, false), NUDGE_NONE);
	assert_int_equal(core_nudge_star_due(TAKEN, TAKEN + 182 * DAY, false), NUDGE_STAR_6);
	assert_int_equal(core_nudge_star_due(TAKEN, TAKEN + 190 * DAY, true), NUDGE_NONE);
	assert_int_equal(core_nudge_star_due(TAKEN, TAKEN + 212 * DAY, false), NUDGE_NONE);
	int64_t from, to, now = TAKEN + 190 * DAY;
	core_nudge_star_range(now, &from, &to);
	assert_true(TAKEN >= from && TAKEN <= to);
	assert_string_equal(core_nudge_name(NUDGE_STAR_6), "star_6");
}

static void test_an_unreadable_policy_is_noticed_after_7_days_in_a_row(void **state)
{
	(void)state;
	/* six failed daily checks: not yet */
	assert_int_equal(core_policy_outage_step(TAKEN, 6, 0, TAKEN + 5 * DAY), POLICY_OUTAGE_WAIT);
	/* seven, but within a day (restarts): not 7 days in a row */
	assert_int_equal(core_policy_outage_step(TAKEN, 7, 0, TAKEN + DAY), POLICY_OUTAGE_WAIT);
	/* six days but six checks only (one day missed by the job): not yet */
	assert_int_equal(core_policy_outage_step(TAKEN, 6, 0, TAKEN + 6 * DAY), POLICY_OUTAGE_WAIT);
	assert_int_equal(core_policy_outage_step(TAKEN, 7, 0, TAKEN + 6 * DAY),
	                 POLICY_OUTAGE_NOTICE);
	assert_int_equal(core_policy_outage_step(TAKEN, 20, 0, TAKEN + 19 * DAY),
	                 POLICY_OUTAGE_NOTICE);
}

static void test_the_publication_lapses_30_days_after_the_notice(void **state)
{
	(void)state;
	int64_t noticed = TAKEN + 6 * DAY;
	assert_int_equal(core_policy_lapse_at(noticed), noticed + 30 * DAY);
	assert_int_equal(core_policy_outage_step(TAKEN, 8, noticed, noticed + DAY),
	                 POLICY_OUTAGE_WAIT);
	assert_int_equal(core_policy_outage_step(TAKEN, 36, noticed, noticed + 30 * DAY - 1),
	                 POLICY_OUTAGE_WAIT);
	assert_int_equal(core_policy_outage_step(TAKEN, 37, noticed, noticed + 30 * DAY),
	                 POLICY_OUTAGE_LAPSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_is_due_before_a_year),
	    cmocka_unit_test(test_the_first_reminder_is_due_a_year_after_once),
	    cmocka_unit_test(test_the_second_reminder_is_due_at_13_months_once),
	    cmocka_unit_test(test_old_results_bring_no_reminder),
	    cmocka_unit_test(test_the_range_holds_every_result_that_may_be_due),
	    cmocka_unit_test(test_a_star_six_months_old_brings_one_note),
	    cmocka_unit_test(test_an_unreadable_policy_is_noticed_after_7_days_in_a_row),
	    cmocka_unit_test(test_the_publication_lapses_30_days_after_the_notice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
