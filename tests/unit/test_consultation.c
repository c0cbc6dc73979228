/* Unit tests: the consultation rules of core/consultation.h — every
 * (status, event) pair of the status machine, allowed or refused, with
 * where it leads; reopening within 30 days; when the job reminds and
 * closes, on a clock the test moves; and the figures' percentiles. */
#include "core/consultation.h"
#include "test.h"

#define DAY CONSULT_DAY_S
#define X -1 /* refused */

/* expected[event][status]: the status it leads to, or X. */
static const int expected[CONSULT_EVENT_COUNT][CONSULT_STATUS_COUNT] = {
    [CONSULT_EV_ASSIGN] = {CONSULT_ASSIGNED, CONSULT_ASSIGNED, CONSULT_WAITING, CONSULT_ANSWERED,
                           X},
    [CONSULT_EV_ANSWER] = {X, CONSULT_ANSWERED, CONSULT_ANSWERED, CONSULT_ANSWERED, X},
    [CONSULT_EV_ASK] = {X, CONSULT_WAITING, CONSULT_WAITING, CONSULT_WAITING, X},
    [CONSULT_EV_FIRM_MESSAGE] = {CONSULT_NEW, CONSULT_ASSIGNED, CONSULT_ASSIGNED, CONSULT_ASSIGNED,
                                 X},
    [CONSULT_EV_CLOSE] = {CONSULT_CLOSED, CONSULT_CLOSED, CONSULT_CLOSED, CONSULT_CLOSED, X},
    [CONSULT_EV_AUTO_CLOSE] = {X, X, X, CONSULT_CLOSED, X},
    [CONSULT_EV_REOPEN] = {X, X, X, X, CONSULT_ASSIGNED},
};

static void test_every_transition_is_allowed_or_refused_as_the_table_says(void **state)
{
	(void)state;
	for (int ev = 0; ev < CONSULT_EVENT_COUNT; ev++)
		for (int st = 0; st < CONSULT_STATUS_COUNT; st++) {
			enum consult_status to = CONSULT_STATUS_COUNT;
			bool ok = consult_transition((enum consult_status)st,
			                             (enum consult_event)ev, true, &to);
			if (expected[ev][st] == X) {
				assert_false(ok);
			} else {
				assert_true(ok);
				assert_int_equal(to, expected[ev][st]);
			}
		}
}

static void test_a_reopened_consultation_without_responder_is_new_again(void **state)
{
	(void)state;
	enum consult_status to;
	assert_true(consult_transition(CONSULT_CLOSED, CONSULT_EV_REOPEN, false, &to));
	assert_int_equal(to, CONSULT_NEW);
	assert_true(consult_transition(CONSULT_CLOSED, CONSULT_EV_REOPEN, true, &to));
	assert_int_equal(to, CONSULT_ASSIGNED);
}

static void test_reopening_is_allowed_for_30_days_after_closing(void **state)
{
	(void)state;
	int64_t closed = 1000000;
	assert_true(consult_may_reopen(closed, closed));
	assert_true(consult_may_reopen(closed, closed + 30 * DAY));
	assert_false(consult_may_reopen(closed, closed + 30 * DAY + 1));
	assert_false(consult_may_reopen(0, closed));
}

static void test_the_job_reminds_after_11_days_and_closes_after_14(void **state)
{
	(void)state;
	int64_t answered = 5000000;
	assert_int_equal(consult_auto_due(answered, 0, answered), CONSULT_DUE_NOTHING);
	assert_int_equal(consult_auto_due(answered, 0, answered + 11 * DAY - 1),
	                 CONSULT_DUE_NOTHING);
	assert_int_equal(consult_auto_due(answered, 0, answered + 11 * DAY), CONSULT_DUE_REMIND);
	/* never closed without a reminder first, however late */
	assert_int_equal(consult_auto_due(answered, 0, answered + 40 * DAY), CONSULT_DUE_REMIND);
	int64_t reminded = answered + 11 * DAY;
	assert_int_equal(consult_auto_due(answered, reminded, answered + 14 * DAY - 1),
	                 CONSULT_DUE_NOTHING);
	assert_int_equal(consult_auto_due(answered, reminded, answered + 14 * DAY),
	                 CONSULT_DUE_CLOSE);
	/* a late reminder leaves three days' notice */
	int64_t late = answered + 20 * DAY;
	assert_int_equal(consult_auto_due(answered, late, late + 3 * DAY - 1), CONSULT_DUE_NOTHING);
	assert_int_equal(consult_auto_due(answered, late, late + 3 * DAY), CONSULT_DUE_CLOSE);
	/* a reminder from before a newer answer does not count */
	assert_int_equal(consult_auto_due(answered, answered - 1, answered + 14 * DAY),
	                 CONSULT_DUE_REMIND);
	assert_int_equal(consult_auto_due(0, 0, answered), CONSULT_DUE_NOTHING);
}

static void test_percentiles_are_nearest_rank(void **state)
{
	(void)state;
	int64_t v[] = {50, 10, 40, 20, 30, 100, 90, 60, 80, 70};
	assert_int_equal(consult_percentile(v, 10, 50), 50);
	assert_int_equal(consult_percentile(v, 10, 90), 90);
	int64_t one[] = {7};
	assert_int_equal(consult_percentile(one, 1, 50), 7);
	assert_int_equal(consult_percentile(one, 1, 90), 7);
	assert_int_equal(consult_percentile(NULL, 0, 90), 0);
}

static void test_categories_and_urgencies_are_a_closed_list(void **state)
{
	(void)state;
	assert_true(consult_category_valid(STR("malware")));
	assert_true(consult_category_valid(STR("unauthorised_access")));
	assert_false(consult_category_valid(STR("Malware")));
	assert_false(consult_category_valid(STR("")));
	assert_true(consult_urgency_valid(STR("now")));
	assert_false(consult_urgency_valid(STR("tomorrow")));
	enum consult_status s;
	assert_true(consult_status_parse(STR("waiting"), &s));
	assert_int_equal(s, CONSULT_WAITING);
	assert_false(consult_status_parse(STR("open"), &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_transition_is_allowed_or_refused_as_the_table_says),
	    cmocka_unit_test(test_a_reopened_consultation_without_responder_is_new_again),
	    cmocka_unit_test(test_reopening_is_allowed_for_30_days_after_closing),
	    cmocka_unit_test(test_the_job_reminds_after_11_days_and_closes_after_14),
	    cmocka_unit_test(test_percentiles_are_nearest_rank),
	    cmocka_unit_test(test_categories_and_urgencies_are_a_closed_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
