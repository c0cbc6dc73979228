/* Unit tests: which addresses a fetch of a user's URL may connect to
 * (ip_address_is_public in src/lib/ip_address.c, MAMORI_FETCH_ALLOW in
 * src/web/fetch.c): public unicast only, whatever the spelling, unless a
 * test or development setting lists the address. */
#include "web/fetch.h"
#include "test.h"

static bool public_address(const char *text)
{
	struct ip_address a;
	assert_true(ip_address_parse(str_from(text), &a));
	return ip_address_is_public(&a);
}

static bool allowed(const char *text)
{
	struct ip_address a;
	assert_true(ip_address_parse(str_from(text), &a));
	return fetch_address_allowed(&a);
}

static void test_public_unicast_addresses_are_public(void **state)
{
	(void)state;
	const char *const ok[] = {"8.8.8.8",
	                          "1.1.1.1",
	                          "133.242.0.1",
	                          "100.63.255.255",
	                          "100.128.0.0",
	                          "172.15.255.255",
	                          "172.32.0.0",
	                          "169.253.255.255",
	                          "192.169.0.1",
	                          "223.255.255.254",
	                          "2001:4860:4860::8888",
	                          "2400:cb00::1",
	                          "::ffff:8.8.8.8",
	                          "2a00:1450:4001:80b::200e"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(public_address(ok[i]));
}

static void test_private_loopback_link_local_and_metadata_addresses_are_refused(void **state)
{
	(void)state;
	const char *const refused[] = {
	    "0.0.0.0",
	    "0.1.2.3",
	    "10.0.0.1",
	    "10.255.255.255",
	    "100.64.0.1",
	    "100.127.255.255",
	    "100.100.100.200",
	    "127.0.0.1",
	    "127.255.255.254",
	    "169.254.169.254",
	    "169.254.0.1",
	    "172.16.0.1",
	    "172.31.255.255",
	    "192.0.0.8",
	    "192.0.2.1",
	    "192.168.1.1",
	    "198.18.0.1",
	    "198.51.100.7",
	    "203.0.113.9",
	    "224.0.0.1",
	    "239.255.255.250",
	    "240.0.0.1",
	    "255.255.255.255",
	    "::",
	    "::1",
	    "fc00::1",
	    "fd00:ec2::254",
	    "fdff:ffff::1",
	    "fe80::1",
	    "febf::1",
	    "fec0::1",
	    "ff02::1",
	    "ff05::1:3",
	    "64:ff9b::a00:1",
	    "100::1",
	    "2001::1",
	    "2001:db8::1",
	    "2002:a00:1::1",
	    "::a00:1",
	    "3fff::1",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (public_address(refused[i]))
			fail_msg("%s was taken as public", refused[i]);
	}
}

static void test_ipv4_mapped_ipv6_is_judged_as_the_ipv4_it_carries(void **state)
{
	(void)state;
	assert_false(public_address("::ffff:127.0.0.1"));
	assert_false(public_address("::ffff:10.1.2.3"));
	assert_false(public_address("::ffff:169.254.169.254"));
	assert_false(public_address("::ffff:a9fe:a9fe"));
	assert_true(public_address("::ffff:93.184.216.34"));
}

static void test_without_the_setting_loopback_is_refused(void **state)
{
	(void)state;
	char err[256];
	assert_true(fetch_configure(NULL, err));
	assert_false(allowed("127.0.0.1"));
	assert_false(allowed("::1"));
	assert_false(allowed("10.0.0.1"));
	assert_false(allowed("169.254.169.254"));
	assert_true(allowed("93.184.216.34"));
	assert_true(fetch_configure("", err));
	assert_false(allowed("127.0.0.1"));
	fetch_free();
}

static void test_the_setting_allows_exactly_the_prefixes_it_lists(void **state)
{
	(void)state;
	char err[256];
	assert_true(fetch_configure("127.0.0.0/8, ::1/128", err));
	assert_true(allowed("127.0.0.1"));
	assert_true(allowed("127.1.2.3"));
	assert_true(allowed("::1"));
	assert_true(allowed("::ffff:127.0.0.1"));
	assert_false(allowed("10.0.0.1"));
	assert_false(allowed("169.254.169.254"));
	assert_false(allowed("::2"));
	assert_true(fetch_configure("127.0.0.1", err)); /* a bare address: that one only */
	assert_true(allowed("127.0.0.1"));
	assert_false(allowed("127.0.0.2"));
	assert_true(fetch_configure("10.1.0.0/16", err));
	assert_true(allowed("10.1.255.255"));
	assert_false(allowed("10.2.0.0"));
	assert_false(allowed("127.0.0.1"));
	assert_true(fetch_configure(NULL, err));
	fetch_free();
}

static void test_a_malformed_setting_is_refused(void **state)
{
	(void)state;
	char err[256];
	const char *const bad[] = {"127.0.0.0/33", "10.0.0.1/8", "::1/129",
	                           "localhost",    "127.0.0.0/", "127.0.0.0/8,",
	                           ",::1",         "10.0.0.0/x", "10.0.0.0/0008"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (fetch_configure(bad[i], err))
			fail_msg("%s was taken", bad[i]);
		assert_non_null(strstr(err, "MAMORI_FETCH_ALLOW"));
	}
	assert_true(fetch_configure(NULL, err));
	fetch_free();
}

static void test_a_prefix_contains_what_it_covers(void **state)
{
	(void)state;
	struct ip_prefix p;
	struct ip_address a;
	assert_true(ip_prefix_parse(STR("fc00::/7"), &p));
	assert_int_equal(p.bits, 7);
	assert_true(ip_address_parse(STR("fdff::1"), &a));
	assert_true(ip_prefix_contains(&p, &a));
	assert_true(ip_address_parse(STR("fe00::1"), &a));
	assert_false(ip_prefix_contains(&p, &a));
	assert_true(ip_prefix_parse(STR("0.0.0.0/0"), &p));
	assert_true(ip_address_parse(STR("8.8.8.8"), &a));
	assert_true(ip_prefix_contains(&p, &a));
	assert_true(ip_address_parse(STR("2001:db8::1"), &a));
	assert_false(ip_prefix_contains(&p, &a)); /* another family */
}

static void test_outcome_and_kind_names_are_those_the_store_accepts(void **state)
{
	(void)state;
	assert_string_equal(fetch_outcome_name(FETCH_OK), "ok");
	assert_string_equal(fetch_outcome_name(FETCH_REFUSED), "refused");
	assert_string_equal(fetch_outcome_name(FETCH_TOO_MANY_REDIRECTS), "too_many_redirects");
	assert_string_equal(fetch_outcome_name(FETCH_NOT_DOCUMENT), "not_document");
	assert_string_equal(fetch_kind_name(FETCH_KIND_PDF), "pdf");
	assert_string_equal(fetch_kind_name(FETCH_KIND_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_public_unicast_addresses_are_public),
	    TEST(test_private_loopback_link_local_and_metadata_addresses_are_refused),
	    TEST(test_ipv4_mapped_ipv6_is_judged_as_the_ipv4_it_carries),
	    TEST(test_without_the_setting_loopback_is_refused),
	    TEST(test_the_setting_allows_exactly_the_prefixes_it_lists),
	    TEST(test_a_malformed_setting_is_refused),
	    TEST(test_a_prefix_contains_what_it_covers),
	    TEST(test_outcome_and_kind_names_are_those_the_store_accepts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
