/* Unit tests: the per-address token bucket (src/web/ratelimit.c) and the
 * configuration of the fetch and mail limits built on it (src/web/fetch_rate.c,
 * src/web/mail_rate.c). */
#include "test.h"
#include "web/fetch_rate.h"
#include "web/mail_rate.h"
#include "web/ratelimit.h"

#include <stdio.h>
#include <string.h>

#define SECOND 1000000u

static void test_burst_then_refused_with_retry_after(void **state)
{
	(void)state;
	char err[256];
	unsigned retry;
	assert_true(ratelimit_configure("2/3", err));
	uint64_t t = 10 * SECOND;
	for (int i = 0; i < 3; i++)
		assert_true(ratelimit_take(STR("192.0.2.1"), t, 1, &retry));
	assert_false(ratelimit_take(STR("192.0.2.1"), t, 1, &retry));
	assert_int_equal(retry, 1);
	/* another address has its own bucket */
	assert_true(ratelimit_take(STR("192.0.2.2"), t, 1, &retry));
	/* half a second refills one token at 2/s */
	assert_true(ratelimit_take(STR("192.0.2.1"), t + SECOND / 2, 1, &retry));
	assert_false(ratelimit_take(STR("192.0.2.1"), t + SECOND / 2, 1, &retry));
}

static void test_refill_never_exceeds_the_burst(void **state)
{
	(void)state;
	char err[256];
	unsigned retry;
	assert_true(ratelimit_configure("1/2", err));
	uint64_t t = 100 * SECOND;
	assert_true(ratelimit_take(STR("2001:db8::1"), t, 1, &retry));
	t += 3600u * SECOND;
	assert_true(ratelimit_take(STR("2001:db8::1"), t, 1, &retry));
	assert_true(ratelimit_take(STR("2001:db8::1"), t, 1, &retry));
	assert_false(ratelimit_take(STR("2001:db8::1"), t, 1, &retry));
}

static void test_zero_turns_the_limit_off(void **state)
{
	(void)state;
	char err[256];
	unsigned retry;
	assert_true(ratelimit_configure("0", err));
	for (int i = 0; i < 10000; i++)
		assert_true(ratelimit_take(STR("192.0.2.9"), SECOND, 1, &retry));
}

static void test_many_addresses_do_not_grow_memory(void **state)
{
	(void)state;
	char err[256], ip[32];
	unsigned retry;
	assert_true(ratelimit_configure("1/1", err));
	for (int i = 0; i < RATELIMIT_SLOTS * 4; i++) {
		snprintf(ip, sizeof ip, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		assert_true(ratelimit_take(str_from(ip), SECOND, 1, &retry));
	}
}

static void test_a_cost_larger_than_the_bucket_leaves_a_debt(void **state)
{
	(void)state;
	char err[256];
	unsigned retry;
	assert_true(ratelimit_configure("1/150", err));
	uint64_t t = 1000 * SECOND;
	/* a full bucket pays for 200, and the 50 owed are waited out */
	assert_true(ratelimit_take(STR("192.0.2.3"), t, 200, &retry));
	assert_false(ratelimit_take(STR("192.0.2.3"), t, 1, &retry));
	assert_int_equal(retry, 51);
	assert_true(ratelimit_take(STR("192.0.2.3"), t + 51 * SECOND, 1, &retry));
}

static void test_one_ipv6_64_is_one_bucket(void **state)
{
	(void)state;
	char err[256];
	unsigned retry;
	assert_true(ratelimit_configure("1/2", err));
	assert_true(ratelimit_take(STR("2001:db8:5:6::1"), SECOND, 1, &retry));
	assert_true(ratelimit_take(STR("2001:db8:5:6::2"), SECOND, 1, &retry));
	assert_false(ratelimit_take(STR("2001:db8:5:6:aaaa::3"), SECOND, 1, &retry));
	assert_true(ratelimit_take(STR("2001:db8:5:7::1"), SECOND, 1, &retry));
}

static void test_a_rate_per_hour_refills_by_the_second(void **state)
{
	(void)state;
	unsigned retry;
	static struct ratelimit hourly = RATELIMIT_INIT(6, 3600, 6);
	for (int i = 0; i < 6; i++)
		assert_true(ratelimit_take_key(&hourly, STR("a@example.jp"), SECOND, 1, &retry));
	assert_false(ratelimit_take_key(&hourly, STR("a@example.jp"), SECOND, 1, &retry));
	assert_int_equal(retry, 600); /* one mail every ten minutes */
	assert_true(ratelimit_take_key(&hourly, STR("b@example.jp"), SECOND, 1, &retry));
	assert_true(ratelimit_take_key(&hourly, STR("a@example.jp"), 601 * SECOND, 1, &retry));
	ratelimit_set(&hourly, 0, 3600, 6); /* off */
	assert_true(ratelimit_take_key(&hourly, STR("a@example.jp"), 601 * SECOND, 1, &retry));
}

static void test_malformed_configuration_is_refused(void **state)
{
	(void)state;
	char err[256];
	assert_false(ratelimit_configure("fast", err));
	assert_false(ratelimit_configure("10", err));
	assert_false(ratelimit_configure("10/", err));
	assert_false(ratelimit_configure("0/5", err));
	assert_false(ratelimit_configure("5/x", err));
	assert_true(ratelimit_configure(NULL, err)); /* the default */
}

/* MAMORI_FETCH_RATE (web/fetch_rate.h): NETWORK/OWNER, each a positive
 * count, or 0 for off. */
static void test_malformed_fetch_rate_is_refused(void **state)
{
	(void)state;
	char err[256];
	const char *bad[] = {"fast", "10",   "10/",  "/5",       "0/5",  "5/0",
	                     "5/x",  "-1/2", "2/-1", "100001/1", "5/5/5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(fetch_rate_configure(bad[i], err));
	assert_non_null(strstr(err, "MAMORI_FETCH_RATE"));
	const char *good[] = {NULL, "", "0", "30/10", "1/1"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(fetch_rate_configure(good[i], err));
}

/* MAMORI_MAIL_RATE reads as MAMORI_FETCH_RATE does (one parser). */
static void test_malformed_mail_rate_is_refused(void **state)
{
	(void)state;
	char err[256];
	const char *bad[] = {"fast", "10/", "0/5", "5/x", "-1/2", "100001/1", "5/5/5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(mail_rate_configure(bad[i], err));
	assert_non_null(strstr(err, "MAMORI_MAIL_RATE"));
	const char *good[] = {NULL, "", "0", "60/6", "100000/100000"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(mail_rate_configure(good[i], err));
}

/* A pair takes the key's token only when the network had one: a network
 * that spent its allowance does not spend the key's. */
static void test_pair_spends_the_key_only_after_the_network(void **state)
{
	(void)state;
	static struct ratelimit_pair p = RATELIMIT_PAIR_INIT(1, 2);
	unsigned retry;
	assert_true(ratelimit_pair_configure(&p, "1/2", 9, 9));
	assert_true(ratelimit_pair_take(&p, STR("192.0.2.1"), STR("firm"), &retry));
	for (int i = 0; i < 5; i++)
		assert_false(ratelimit_pair_take(&p, STR("192.0.2.1"), STR("firm"), &retry));
	assert_true(retry > 0);
	/* the key has one token left, for another network */
	assert_true(ratelimit_pair_take(&p, STR("198.51.100.1"), STR("firm"), &retry));
	assert_false(ratelimit_pair_take(&p, STR("203.0.113.1"), STR("firm"), &retry));
	/* "0" turns both off */
	assert_true(ratelimit_pair_configure(&p, "0", 9, 9));
	for (int i = 0; i < 5; i++)
		assert_true(ratelimit_pair_take(&p, STR("192.0.2.1"), STR("firm"), &retry));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_burst_then_refused_with_retry_after),
	    TEST(test_refill_never_exceeds_the_burst),
	    TEST(test_zero_turns_the_limit_off),
	    TEST(test_many_addresses_do_not_grow_memory),
	    TEST(test_a_cost_larger_than_the_bucket_leaves_a_debt),
	    TEST(test_one_ipv6_64_is_one_bucket),
	    TEST(test_a_rate_per_hour_refills_by_the_second),
	    TEST(test_malformed_configuration_is_refused),
	    TEST(test_malformed_fetch_rate_is_refused),
	    TEST(test_malformed_mail_rate_is_refused),
	    TEST(test_pair_spends_the_key_only_after_the_network),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
