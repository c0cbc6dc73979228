/* Unit tests: a yes-or-no setting (lib/setting.h) — unset or empty gives
 * the default, 1 and 0 are on and off, and anything else (other words for
 * yes or no included) is refused with one line naming the setting, its
 * value shown escaped, and the flag left as it was. */
#include "lib/setting.h"
#include "test.h"

static void test_unset_or_empty_gives_the_default(void **state)
{
	(void)state;
	char err[256];
	bool on = false;
	assert_true(setting_flag("MAMORI_X", NULL, true, &on, err));
	assert_true(on);
	assert_true(setting_flag("MAMORI_X", "", false, &on, err));
	assert_false(on);
}

static void test_one_and_zero_turn_it_on_and_off(void **state)
{
	(void)state;
	char err[256];
	bool on = false;
	assert_true(setting_flag("MAMORI_X", "1", false, &on, err));
	assert_true(on);
	assert_true(setting_flag("MAMORI_X", "0", true, &on, err));
	assert_false(on);
}

static void test_anything_else_is_refused_and_named(void **state)
{
	(void)state;
	static const char *const bad[] = {"yes", "no", "true", "2", "01", " 1", "1 ", "on"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[256] = "";
		bool on = true;
		assert_false(setting_flag("MAMORI_X", bad[i], false, &on, err));
		assert_true(on); /* left as it was */
		assert_non_null(strstr(err, "MAMORI_X="));
		assert_non_null(strstr(err, "expected 1 or 0"));
	}
	char err[256];
	bool on = false;
	assert_false(setting_flag("MAMORI_X", "1\n\x1b[2J", false, &on, err));
	assert_null(strchr(err, '\n'));
	assert_null(strchr(err, '\x1b'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unset_or_empty_gives_the_default),
	    cmocka_unit_test(test_one_and_zero_turn_it_on_and_off),
	    cmocka_unit_test(test_anything_else_is_refused_and_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
