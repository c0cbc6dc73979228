/* Unit tests: calendar fields of a Unix time (lib/civil.h) against the C
 * library's gmtime_r. */
#include <time.h>

#include "lib/civil.h"
#include "test.h"

static void assert_same_as_gmtime(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	assert_non_null(gmtime_r(&tt, &tm));
	struct civil c = civil_utc(t);
	assert_int_equal(c.year, tm.tm_year + 1900);
	assert_int_equal(c.month, tm.tm_mon + 1);
	assert_int_equal(c.day, tm.tm_mday);
	assert_int_equal(c.hour, tm.tm_hour);
	assert_int_equal(c.minute, tm.tm_min);
	assert_int_equal(c.second, tm.tm_sec);
}

static void test_civil_matches_gmtime_every_day_1800_to_2400(void **state)
{
	(void)state;
	/* 1800-01-01 to 2400-12-31, one odd second into each day and the
	 * last second of each day: every leap rule (4, 100, 400) is crossed. */
	for (int64_t day = -62135; day <= 157094; day++) {
		assert_same_as_gmtime(day * 86400 + 3723);
		assert_same_as_gmtime(day * 86400 + 86399);
	}
}

static void test_civil_days_from_date_inverts_civil_utc_1800_to_2400(void **state)
{
	(void)state;
	for (int64_t day = -62135; day <= 157094; day++) {
		struct civil c = civil_utc(day * 86400);
		assert_int_equal(civil_days_from_date(c.year, c.month, c.day), day);
	}
	assert_int_equal(civil_days_from_date(1970, 1, 1), 0);
	assert_int_equal(civil_days_from_date(2000, 3, 1), 11017);
	assert_int_equal(civil_days_from_date(1969, 12, 31), -1);
}

static void test_civil_known_dates(void **state)
{
	(void)state;
	struct civil c = civil_utc(0);
	assert_int_equal(c.year, 1970);
	assert_int_equal(c.month, 1);
	assert_int_equal(c.day, 1);
	c = civil_utc(951782400); /* 2000-02-29 00:00:00 */
	assert_int_equal(c.year, 2000);
	assert_int_equal(c.month, 2);
	assert_int_equal(c.day, 29);
	c = civil_utc(-1); /* 1969-12-31 23:59:59 */
	assert_int_equal(c.year, 1969);
	assert_int_equal(c.month, 12);
	assert_int_equal(c.day, 31);
	assert_int_equal(c.hour, 23);
	assert_int_equal(c.second, 59);
}

static void test_civil_iso_utc_writes_utc_with_z(void **state)
{
	(void)state;
	char out[CIVIL_ISO_BYTES];
	civil_iso_utc(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	civil_iso_utc(1798156800 + 9 * 3600 + 5 * 60 + 7, out);
	assert_string_equal(out, "2026-12-25T09:05:07Z");
}

static void test_civil_iso_japan_writes_japan_time_with_its_offset(void **state)
{
	(void)state;
	char out[CIVIL_ISO_JAPAN_BYTES];
	civil_iso_japan(0, out);
	assert_string_equal(out, "1970-01-01T09:00:00+09:00");
	/* 2026-12-25 15:05:07 UTC is already the 26th in Japan */
	civil_iso_japan(1798156800 + 15 * 3600 + 5 * 60 + 7, out);
	assert_string_equal(out, "2026-12-26T00:05:07+09:00");
}

static void test_civil_parse_iso_utc_inverts_civil_iso_utc(void **state)
{
	(void)state;
	int64_t t;
	char text[CIVIL_ISO_BYTES];
	for (int64_t s = -86400; s < 4102444800; s += 86400 * 37 + 3661) {
		civil_iso_utc(s, text);
		assert_true(civil_parse_iso_utc(str_from(text), &t));
		assert_int_equal(t, s);
	}
	assert_true(civil_parse_iso_utc(STR("2026-12-25T09:05:07Z"), &t));
	assert_int_equal(t, 1798156800 + 9 * 3600 + 5 * 60 + 7);
}

static void test_civil_parse_iso_utc_refuses_other_shapes(void **state)
{
	(void)state;
	int64_t t = 42;
	const char *const bad[] = {"",
	                           "2026-12-25",
	                           "2026-12-25 09:05:07Z",
	                           "2026-12-25T09:05:07",
	                           "2026-12-25T09:05:07+09:00",
	                           "2026-13-01T00:00:00Z",
	                           "2026-02-30T00:00:00Z",
	                           "2026-12-25T24:00:00Z",
	                           "2026-12-25T09:60:00Z",
	                           "2026-12-25T09:05:60Z",
	                           "２026-12-25T09:05:07Z",
	                           "2026-12-25T09:05:07ZZ"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(civil_parse_iso_utc(str_from(bad[i]), &t));
	assert_int_equal(t, 42);
}

static void test_iso_date_of_japan_calendar_day(void **state)
{
	/* 2024-04-30T15:00:00Z is 2024-05-01 00:00 in Japan */
	assert_string_equal(civil_iso_date(*state, 1714489200 + CIVIL_JAPAN_OFFSET_S),
	                    "2024-05-01");
	assert_string_equal(civil_iso_date(*state, 1714489199 + CIVIL_JAPAN_OFFSET_S),
	                    "2024-04-30");
	assert_string_equal(civil_iso_date(*state, 0), "1970-01-01");
	/* a year of five digits is not a date this format can write */
	assert_string_equal(civil_iso_date(*state, 253402300800), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_civil_matches_gmtime_every_day_1800_to_2400),
	    TEST(test_civil_days_from_date_inverts_civil_utc_1800_to_2400),
	    TEST(test_civil_known_dates),
	    TEST(test_civil_iso_utc_writes_utc_with_z),
	    TEST(test_civil_iso_japan_writes_japan_time_with_its_offset),
	    TEST(test_civil_parse_iso_utc_inverts_civil_iso_utc),
	    TEST(test_civil_parse_iso_utc_refuses_other_shapes),
	    TEST(test_iso_date_of_japan_calendar_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
