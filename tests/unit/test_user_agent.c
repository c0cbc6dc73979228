/* Unit tests: the browser and system named by a User-Agent header
 * (core/user_agent.h), for the headers of the browsers small firms use,
 * the ones that name another browser too, and headers it does not know. */
#include "core/user_agent.h"
#include "test.h"

static void assert_names(const char *header, const char *browser, const char *system)
{
	struct user_agent_names n = core_user_agent_names(str_from(header));
	if (browser)
		assert_string_equal(n.browser, browser);
	else
		assert_null(n.browser);
	if (system)
		assert_string_equal(n.system, system);
	else
		assert_null(n.system);
}

static void test_common_browsers_are_named_with_their_system(void **state)
{
	(void)state;
	assert_names(
	    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Chrome/120.0.0.0 Safari/537.36",
	    "Chrome", "Windows");
	assert_names("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
	             "like Gecko) Version/17.1 Safari/605.1.15",
	             "Safari", "Mac");
	assert_names("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
	             "Firefox", "Linux");
}

static void test_browsers_that_also_say_chrome_or_safari_are_named_as_themselves(void **state)
{
	(void)state;
	assert_names(
	    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
	    "Edge", "Windows");
	assert_names("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like "
	             "Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
	             "Samsung Internet", "Android");
	assert_names("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
	             "(KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
	             "Chrome", "iPhone");
}

static void test_phones_are_not_taken_for_the_systems_they_mention(void **state)
{
	(void)state;
	/* an iPhone says "like Mac OS X", Android says "Linux" */
	assert_names("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
	             "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
	             "Safari", "iPhone");
	assert_names("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
	             "Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
	             "Chrome", "Android");
}

static void test_unknown_or_empty_headers_name_nothing(void **state)
{
	(void)state;
	assert_names("", NULL, NULL);
	assert_names("curl/8.5.0", NULL, NULL);
	assert_names("Mozilla/5.0 (Windows NT 10.0) SomethingNew/1.0", NULL, "Windows");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_common_browsers_are_named_with_their_system),
	    cmocka_unit_test(test_browsers_that_also_say_chrome_or_safari_are_named_as_themselves),
	    cmocka_unit_test(test_phones_are_not_taken_for_the_systems_they_mention),
	    cmocka_unit_test(test_unknown_or_empty_headers_name_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
