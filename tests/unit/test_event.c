/* Unit tests: the rules of events (core/event.h). The places and the
 * waiting list are played exhaustively: every sequence of registrations
 * and cancellations of up to three people, each able to come back, for
 * capacities 1 to 3, checked after every step against the one answer the
 * rules allow — the places go to the earliest registrations still
 * standing, in the order they came. Also the completion rule of a study
 * programme and Japan-time input. */
#include <string.h>

#include "core/event.h"
#include "test.h"

#define PEOPLE 3
#define STEPS 7
#define REGS_MAX (STEPS + 1)

enum state { NONE, CONFIRMED, WAITING, CANCELLED };

struct model {
	int64_t capacity;
	int n;                /* registrations so far, in id order */
	int person[REGS_MAX]; /* whose each one is */
	enum state state[REGS_MAX];
	int promoted; /* promotions seen */
};

static int64_t count(const struct model *m, enum state s)
{
	int64_t c = 0;
	for (int i = 0; i < m->n; i++)
		c += m->state[i] == s;
	return c;
}

static int active_of(const struct model *m, int person)
{
	for (int i = 0; i < m->n; i++)
		if (m->person[i] == person && (m->state[i] == CONFIRMED || m->state[i] == WAITING))
			return i;
	return -1;
}

static void reg(struct model *m, int person)
{
	enum state s = event_confirms_new(m->capacity, count(m, CONFIRMED), count(m, WAITING))
	                   ? CONFIRMED
	                   : WAITING;
	m->person[m->n] = person;
	m->state[m->n++] = s;
}

static void cancel(struct model *m, int i)
{
	m->state[i] = CANCELLED;
	int64_t up = event_promotions(m->capacity, count(m, CONFIRMED), count(m, WAITING));
	for (int j = 0; j < m->n && up > 0; j++)
		if (m->state[j] == WAITING) {
			m->state[j] = CONFIRMED;
			m->promoted++;
			up--;
		}
}

/* The places are exactly the earliest min(capacity, standing) of the
 * registrations still standing; the rest wait; nobody waits beside a free
 * place. */
static void check(const struct model *m)
{
	int64_t standing = 0;
	for (int i = 0; i < m->n; i++) {
		if (m->state[i] == CANCELLED)
			continue;
		enum state want = standing < m->capacity ? CONFIRMED : WAITING;
		assert_int_equal(m->state[i], want);
		standing++;
	}
	assert_true(count(m, CONFIRMED) <= m->capacity);
	if (count(m, WAITING) > 0)
		assert_int_equal(count(m, CONFIRMED), m->capacity);
}

static long sequences;

static void play(struct model m, int steps)
{
	check(&m);
	sequences++;
	if (steps == 0)
		return;
	for (int p = 0; p < PEOPLE; p++) {
		struct model next = m;
		int i = active_of(&next, p);
		if (i < 0)
			reg(&next, p);
		else
			cancel(&next, i);
		play(next, steps - 1);
	}
}

static void test_places_go_in_order_for_every_sequence(void **state)
{
	(void)state;
	for (int64_t cap = 1; cap <= 3; cap++) {
		struct model m = {.capacity = cap};
		play(m, STEPS);
	}
	/* 3 capacities × (1 + 3 + … + 3^7) states */
	assert_int_equal(sequences, 3 * 3280);
}

static void test_a_cancellation_moves_the_earliest_waiting_up(void **state)
{
	(void)state;
	struct model m = {.capacity = 1};
	reg(&m, 0);
	reg(&m, 1);
	reg(&m, 2);
	assert_int_equal(m.state[1], WAITING);
	cancel(&m, 0);
	assert_int_equal(m.state[1], CONFIRMED);
	assert_int_equal(m.state[2], WAITING);
	assert_int_equal(m.promoted, 1);
}

static void test_a_new_registration_never_overtakes_the_waiting(void **state)
{
	(void)state;
	assert_false(event_confirms_new(10, 5, 1));
	assert_true(event_confirms_new(10, 9, 0));
	assert_false(event_confirms_new(10, 10, 0));
	assert_false(event_confirms_new(10, 11, 0)); /* capacity lowered below the places */
}

static void test_promotions_fill_only_the_free_places(void **state)
{
	(void)state;
	assert_int_equal(event_promotions(10, 8, 5), 2);
	assert_int_equal(event_promotions(10, 8, 1), 1);
	assert_int_equal(event_promotions(10, 10, 5), 0);
	assert_int_equal(event_promotions(10, 12, 5), 0);
	assert_int_equal(event_promotions(10, 3, 0), 0);
}

static void test_a_programme_is_complete_by_its_rule(void **state)
{
	(void)state;
	/* all sessions */
	assert_true(event_programme_completed(0, 4, 4));
	assert_false(event_programme_completed(0, 4, 3));
	assert_false(event_programme_completed(0, 0, 0));
	/* N of M */
	assert_true(event_programme_completed(3, 4, 3));
	assert_true(event_programme_completed(3, 4, 4));
	assert_false(event_programme_completed(3, 4, 2));
}

static void test_japan_time_is_read_into_utc(void **state)
{
	(void)state;
	int64_t t;
	assert_true(event_parse_japan_time(STR("2026-12-10"), STR("14:00"), &t));
	assert_int_equal(t, 1796878800); /* 05:00 UTC */
	char d[11], c[6];
	event_japan_date(t, d);
	event_japan_clock(t, c);
	assert_string_equal(d, "2026-12-10");
	assert_string_equal(c, "14:00");
	/* midnight in Japan is the previous day in UTC */
	assert_true(event_parse_japan_time(STR("2027-01-01"), STR("00:30"), &t));
	event_japan_date(t, d);
	assert_string_equal(d, "2027-01-01");
	assert_true(event_parse_japan_time(STR("2028-02-29"), STR("09:00"), &t));
	assert_false(event_parse_japan_time(STR("2027-02-29"), STR("09:00"), &t));
	assert_false(event_parse_japan_time(STR("2026-13-01"), STR("09:00"), &t));
	assert_false(event_parse_japan_time(STR("2026-12-10"), STR("24:00"), &t));
	assert_false(event_parse_japan_time(STR("2026-12-1"), STR("09:00"), &t));
	assert_false(event_parse_japan_time(STR("２０２６-12-10"), STR("09:00"), &t));
	assert_false(event_parse_japan_time(STR(""), STR(""), &t));
}

static void test_an_online_link_must_be_a_web_address(void **state)
{
	(void)state;
	assert_true(event_url_ok(STR("https://meet.example.jp/room/1")));
	assert_false(event_url_ok(STR("javascript:alert(1)")));
	assert_false(event_url_ok(STR("https://")));
	assert_false(event_url_ok(STR("https://a b")));
	assert_false(event_url_ok(STR("https:///x")));
	assert_int_equal(event_name_index(event_kinds, EVENT_KIND_COUNT, STR("tabletop")),
	                 EVENT_TABLETOP);
	assert_int_equal(event_name_index(event_kinds, EVENT_KIND_COUNT, STR("party")), -1);
}

static void test_the_nine_regions_cover_each_prefecture_once(void **state)
{
	(void)state;
	uint64_t all = 0;
	for (int i = 0; i < EVENT_REGION_COUNT; i++) {
		assert_int_equal(all & event_regions[i].prefectures, 0);
		all |= event_regions[i].prefectures;
		assert_int_equal(event_region_of(event_regions[i].prefectures), i);
	}
	assert_true(all == (((uint64_t)1 << 47) - 1));
	/* Niigata (15) is in Kanto's bureau, Fukui (18) in Kinki's */
	assert_true(event_regions[2].prefectures & ((uint64_t)1 << 14));
	assert_true(event_regions[4].prefectures & ((uint64_t)1 << 17));
	assert_int_equal(event_region_of(1 | 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_places_go_in_order_for_every_sequence),
	    cmocka_unit_test(test_a_cancellation_moves_the_earliest_waiting_up),
	    cmocka_unit_test(test_a_new_registration_never_overtakes_the_waiting),
	    cmocka_unit_test(test_promotions_fill_only_the_free_places),
	    cmocka_unit_test(test_a_programme_is_complete_by_its_rule),
	    cmocka_unit_test(test_japan_time_is_read_into_utc),
	    cmocka_unit_test(test_an_online_link_must_be_a_web_address),
	    cmocka_unit_test(test_the_nine_regions_cover_each_prefecture_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
