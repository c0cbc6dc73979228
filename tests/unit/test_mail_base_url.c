/* Unit tests: the site's address for absolute links, MAMORI_BASE_URL
 * (src/web/mail.c): the one rule of what it may be, the default from the
 * listen address, and the links mail_link makes with it. */
#include "web/mail.h"
#include "test.h"

static void test_base_url_takes_a_scheme_a_host_a_port_and_a_path(void **state)
{
	(void)state;
	const char *good[] = {
	    "https://mamori.example.jp",
	    "https://mamori.example.jp/",
	    "http://127.0.0.1:8080",
	    "http://localhost:1",
	    "https://mamori.example.jp:65535/",
	    "http://[::1]:8080",
	    "https://[2001:db8::7]/",
	    "https://www.example.go.jp/security/mamori",
	    "https://example.jp/a-b_c.d~e/%E5%AE%88/",
	    "https://xn--r8jz45g.jp",
	    "https://a-1.b2.example.jp",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!mail_base_url_ok(good[i]))
			fail_msg("refused: %s", good[i]);
	}
}

static void test_base_url_refuses_what_would_make_every_link_wrong(void **state)
{
	(void)state;
	const char *bad[] = {
	    "",
	    "mamori.example.jp",         /* no scheme */
	    "//mamori.example.jp",       /* no scheme */
	    "ftp://mamori.example.jp",   /* not the web */
	    "HTTPS://mamori.example.jp", /* the scheme as every link writes it */
	    "https://",                  /* no host */
	    "https:///path",             /* no host */
	    "https://:8080",             /* no host */
	    "https://x.jp/?a=b",         /* a query */
	    "https://x.jp?a=b",          /* a query */
	    "https://x.jp/#f",           /* a fragment */
	    "https://user@x.jp",         /* a user name */
	    "https://user:pw@x.jp",      /* a user name and password */
	    "https://x.jp:0",            /* port out of range */
	    "https://x.jp:65536",        /* port out of range */
	    "https://x.jp:",             /* an empty port */
	    "https://x.jp:80a",          /* not a port */
	    "https://x.jp:-1",           /* not a port */
	    "https://x .jp",             /* a space */
	    "https://x.jp/a b",          /* a space in the path */
	    "https://x.jp\n",            /* a line break */
	    "https://x.jp/\x1b[2J",      /* a terminal escape */
	    "https://x.jp\\evil.jp",     /* a backslash browsers read as '/' */
	    "https://x..jp",             /* an empty label */
	    "https://.x.jp",             /* an empty label */
	    "https://x.jp.",             /* a trailing dot */
	    "https://-x.jp",             /* a label starting with '-' */
	    "https://x-.jp",             /* a label ending with '-' */
	    "https://x_y.jp",            /* not a host name character */
	    "https://ｘ.jp",             /* not ASCII */
	    "https://[::1",              /* an unclosed bracket */
	    "https://[mamori]",          /* not an IPv6 address */
	    "https://[127.0.0.1]",       /* IPv4 in brackets */
	    "https://[::1]x",            /* something after the bracket */
	    "https://x.jp//",            /* an empty path segment */
	    "https://x.jp/a//b",         /* an empty path segment */
	    "https://x.jp/%2",           /* a cut escape */
	    "https://x.jp/%zz",          /* not an escape */
	    "https://x.jp/a'b",          /* a quote */
	    "https://x.jp/<b>",          /* markup */
	    "https://x.jp/a;b",          /* not a safe path character */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (mail_base_url_ok(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	}
}

static void test_base_url_refuses_an_absurd_length(void **state)
{
	(void)state;
	char url[MAIL_BASE_URL_MAX + 2];
	memset(url, 'a', sizeof url - 1);
	url[sizeof url - 1] = '\0';
	memcpy(url, "https://x.jp/", 13);
	assert_false(mail_base_url_ok(url)); /* MAIL_BASE_URL_MAX + 1 bytes */
	url[MAIL_BASE_URL_MAX] = '\0';
	assert_true(mail_base_url_ok(url)); /* MAIL_BASE_URL_MAX bytes */
	/* a DNS label is at most 63 bytes */
	char host[8 + 64 + 4];
	memcpy(host, "https://", 8);
	memset(host + 8, 'a', 64);
	memcpy(host + 8 + 64, ".jp", 4);
	assert_false(mail_base_url_ok(host));
	memcpy(host + 8 + 63, ".jp", 4);
	assert_true(mail_base_url_ok(host));
}

static void test_base_url_starts_every_link_without_a_doubled_slash(void **state)
{
	char err[256] = "";
	assert_true(mail_base_url_configure("https://mamori.example.jp/", "127.0.0.1:8080", err));
	assert_string_equal(mail_link(*state, "/verify/x"), "https://mamori.example.jp/verify/x");
	assert_true(mail_base_url_configure("https://example.jp/mamori", "127.0.0.1:8080", err));
	assert_string_equal(mail_link(*state, "/login"), "https://example.jp/mamori/login");
	assert_true(mail_base_url_configure(NULL, NULL, err));
}

static void test_base_url_unset_or_empty_is_http_and_the_listen_address(void **state)
{
	char err[256] = "";
	assert_true(mail_base_url_configure(NULL, "0.0.0.0:9000", err));
	assert_string_equal(mail_link(*state, "/login"), "http://0.0.0.0:9000/login");
	assert_true(mail_base_url_configure("", "[::1]:9001", err));
	assert_string_equal(mail_link(*state, "/login"), "http://[::1]:9001/login");
	assert_true(mail_base_url_configure(NULL, NULL, err));
	assert_string_equal(mail_link(*state, "/login"), "http://127.0.0.1:8080/login");
}

static void test_base_url_refused_says_so_in_one_line_and_sets_none(void **state)
{
	char err[256] = "";
	assert_true(mail_base_url_configure("https://before.example.jp", NULL, err));
	assert_false(
	    mail_base_url_configure("https://x.jp/\nX-Injected: 1", "127.0.0.1:8080", err));
	assert_non_null(strstr(err, "MAMORI_BASE_URL="));
	assert_non_null(strstr(err, "\\x0a")); /* the value shown escaped */
	assert_null(strchr(err, '\n'));
	assert_string_equal(mail_link(*state, "/login"), "http://127.0.0.1:8080/login");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_base_url_takes_a_scheme_a_host_a_port_and_a_path),
	    TEST(test_base_url_refuses_what_would_make_every_link_wrong),
	    TEST(test_base_url_refuses_an_absurd_length),
	    TEST(test_base_url_starts_every_link_without_a_doubled_slash),
	    TEST(test_base_url_unset_or_empty_is_http_and_the_listen_address),
	    TEST(test_base_url_refused_says_so_in_one_line_and_sets_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
