/* Unit tests: addresses and the networks abuse is counted by (src/lib/ip_address.c). */
#include "test.h"
#include "lib/ip_address.h"

static void network_is(const char *address, const char *expected)
{
	char out[IP_NETWORK_TEXT_BYTES];
	ip_address_network(str_from(address), out);
	assert_string_equal(out, expected);
}

static void test_ipv4_counts_by_its_address(void **state)
{
	(void)state;
	network_is("192.0.2.7", "192.0.2.7");
	network_is("::ffff:192.0.2.7", "192.0.2.7");
}

static void test_ipv6_counts_by_its_64(void **state)
{
	(void)state;
	network_is("2001:db8:1:2::1", "2001:db8:1:2::/64");
	network_is("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64");
	network_is("2001:db8:1:3::1", "2001:db8:1:3::/64");
	network_is("::1", "::/64");
}

static void test_text_that_is_no_address_is_kept(void **state)
{
	(void)state;
	network_is("", "");
	network_is("not an address", "not an address");
	char out[IP_NETWORK_TEXT_BYTES];
	ip_address_network(
	    str_from("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
	    out);
	assert_int_equal(strlen(out), IP_NETWORK_TEXT_BYTES - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_ipv4_counts_by_its_address),
	    TEST(test_ipv6_counts_by_its_64),
	    TEST(test_text_that_is_no_address_is_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
