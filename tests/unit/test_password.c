/* Unit tests: password rules, the Debian word list, argon2id hashing. */
#include "pages/account/password.h"
#include "test.h"

static bool tiny_list(void *data, struct str word)
{
	(void)data;
	return str_eq_lit(word, "password") || str_eq_lit(word, "sunshine");
}

static void test_password_needs_ten_characters_counted_as_characters(void **state)
{
	(void)state;
	assert_int_equal(core_password_check(STR("abcdefghi"), STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_TOO_SHORT);
	assert_int_equal(core_password_check(STR("abcdefghij"), STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_OK);
	/* ten kanji are ten characters (30 bytes); nine are too few */
	assert_int_equal(
	    core_password_check(STR("情報安全対策基本方針宣"), STR("a@b.jp"), NULL, NULL),
	    PASSWORD_OK);
	assert_int_equal(
	    core_password_check(STR("情報安全対策基本方針"), STR("a@b.jp"), NULL, NULL),
	    PASSWORD_OK);
	assert_int_equal(core_password_check(STR("情報安全対策基本方"), STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_TOO_SHORT);
}

static void test_password_accepts_any_characters_up_to_the_limit(void **state)
{
	char long_pw[PASSWORD_MAX_BYTES + 2];
	(void)state;
	memset(long_pw, 'x', sizeof long_pw);
	assert_int_equal(core_password_check((struct str){long_pw, 256}, STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_OK);
	assert_int_equal(core_password_check((struct str){long_pw, PASSWORD_MAX_BYTES},
	                                     STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_OK);
	assert_int_equal(core_password_check((struct str){long_pw, PASSWORD_MAX_BYTES + 1},
	                                     STR("a@b.jp"), NULL, NULL),
	                 PASSWORD_TOO_LONG);
	assert_int_equal(
	    core_password_check(STR(" spaces & symbols ☆ "), STR("a@b.jp"), NULL, NULL),
	    PASSWORD_OK);
}

static void test_password_refuses_common_words_with_digits_appended(void **state)
{
	(void)state;
	assert_int_equal(core_password_check(STR("Password123!"), STR("a@b.jp"), tiny_list, NULL),
	                 PASSWORD_COMMON);
	assert_int_equal(core_password_check(STR("SUNSHINE2026"), STR("a@b.jp"), tiny_list, NULL),
	                 PASSWORD_COMMON);
	assert_int_equal(
	    core_password_check(STR("sunshine on the bay"), STR("a@b.jp"), tiny_list, NULL),
	    PASSWORD_OK);
}

static void test_password_refuses_the_email_name(void **state)
{
	(void)state;
	assert_int_equal(
	    core_password_check(STR("my-Yamada-2026"), STR("yamada@example.jp"), NULL, NULL),
	    PASSWORD_CONTAINS_EMAIL);
	/* very short name parts are not checked */
	assert_int_equal(
	    core_password_check(STR("ab-long-enough"), STR("ab@example.jp"), NULL, NULL),
	    PASSWORD_OK);
}

static void test_password_word_list_from_debian_is_loaded(void **state)
{
	(void)state;
	assert_int_equal(password_init(), MM_OK);
	assert_true(password_word_count() > 10000);
	assert_true(password_is_common(NULL, STR("password")));
	assert_string_equal(password_problem(STR("password1234"), STR("x@y.jp")),
	                    "password.common");
	assert_null(password_problem(STR("a quiet harbour at dawn"), STR("x@y.jp")));
	password_free();
}

static void test_password_hash_verifies_only_the_same_password(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH_BYTES];
	assert_int_equal(password_hash(STR("a quiet harbour at dawn"), hash), MM_OK);
	assert_true(str_starts_with(str_from(hash), "$argon2id$"));
	assert_true(password_verify(str_from(hash), STR("a quiet harbour at dawn")));
	assert_false(password_verify(str_from(hash), STR("a quiet harbour at dusk")));
	assert_false(password_verify(STR(""), STR("")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_password_needs_ten_characters_counted_as_characters),
	    TEST(test_password_accepts_any_characters_up_to_the_limit),
	    TEST(test_password_refuses_common_words_with_digits_appended),
	    TEST(test_password_refuses_the_email_name),
	    TEST(test_password_word_list_from_debian_is_loaded),
	    TEST(test_password_hash_verifies_only_the_same_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
