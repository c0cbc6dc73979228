/* Unit tests: the client's address behind trusted proxies (src/web/proxy.c). */
#include "web/proxy.h"
#include "test.h"

static struct str client(void **state, const char *peer, const char *forwarded)
{
	struct req r = {.arena = *state, .ip = str_from(peer)};
	if (forwarded)
		assert_int_equal(
		    kvlist_push(*state, &r.headers, STR("X-Forwarded-For"), str_from(forwarded)),
		    MM_OK);
	proxy_client_address(&r);
	return r.ip;
}

static void test_proxy_unset_believes_no_header(void **state)
{
	char err[256];
	assert_true(proxy_configure(NULL, err));
	assert_str_equal(client(state, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

static void test_proxy_trusted_peer_gives_the_rightmost_untrusted_address(void **state)
{
	char err[256];
	assert_true(proxy_configure("127.0.0.1, ::1", err));
	assert_str_equal(client(state, "127.0.0.1", "203.0.113.7"), "203.0.113.7");
	/* What the client wrote itself stays to the left and is not believed. */
	assert_str_equal(client(state, "127.0.0.1", "198.51.100.1, 203.0.113.7"), "203.0.113.7");
	/* A chain of trusted proxies is walked through. */
	assert_str_equal(client(state, "::1", "203.0.113.7, 127.0.0.1"), "203.0.113.7");
	assert_str_equal(client(state, "127.0.0.1", "2001:db8::5"), "2001:db8::5");
	proxy_configure(NULL, err);
}

static void test_proxy_untrusted_peer_or_bad_header_keeps_the_peer(void **state)
{
	char err[256];
	assert_true(proxy_configure("127.0.0.1", err));
	assert_str_equal(client(state, "192.0.2.9", "203.0.113.7"), "192.0.2.9");
	assert_str_equal(client(state, "127.0.0.1", NULL), "127.0.0.1");
	assert_str_equal(client(state, "127.0.0.1", "not-an-address"), "127.0.0.1");
	assert_str_equal(client(state, "127.0.0.1", "203.0.113.7:443"), "127.0.0.1");
	assert_str_equal(client(state, "127.0.0.1", "127.0.0.1"), "127.0.0.1");
	assert_str_equal(client(state, "127.0.0.1", ""), "127.0.0.1");
	proxy_configure(NULL, err);
}

static void test_proxy_configuration_refuses_what_is_not_an_address(void **state)
{
	(void)state;
	char err[256];
	assert_false(proxy_configure("localhost", err));
	assert_false(proxy_configure("127.0.0.1,", err));
	assert_false(proxy_configure("10.0.0.0/8", err));
	assert_true(proxy_configure("10.0.0.1,10.0.0.2", err));
	proxy_configure(NULL, err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_proxy_unset_believes_no_header),
	    TEST(test_proxy_trusted_peer_gives_the_rightmost_untrusted_address),
	    TEST(test_proxy_untrusted_peer_or_bad_header_keeps_the_peer),
	    TEST(test_proxy_configuration_refuses_what_is_not_an_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
