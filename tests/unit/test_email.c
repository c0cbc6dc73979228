/* Unit tests: the one rule for e-mail addresses (core/email.h). */
#include "core/email.h"
#include "test.h"

static void test_email_is_nfkc_normalised_and_lower_cased(void **state)
{
	struct str out;
	assert_int_equal(
	    core_email_normalise(*state, STR("ＯＷＮＥＲ＠Ｅｘａｍｐｌｅ．ＪＰ"), &out), EMAIL_OK);
	assert_str_equal(out, "owner@example.jp");
	assert_int_equal(
	    core_email_normalise(*state, STR("Taro.Yamada+tag@Mail.Example.co.jp"), &out),
	    EMAIL_OK);
	assert_str_equal(out, "taro.yamada+tag@mail.example.co.jp");
}

static void test_email_keeps_non_ascii_letters_as_typed(void **state)
{
	struct str out;
	assert_int_equal(core_email_normalise(*state, STR("山田@例え.jp"), &out), EMAIL_OK);
	assert_str_equal(out, "山田@例え.jp");
}

static void test_email_empty_is_told_apart_from_invalid(void **state)
{
	struct str out;
	assert_int_equal(core_email_normalise(*state, STR(""), &out), EMAIL_EMPTY);
	assert_int_equal(core_email_normalise(*state, STR(" "), &out), EMAIL_INVALID);
}

static void test_email_refuses_wrong_shapes(void **state)
{
	struct str out;
	const char *bad[] = {"owner",
	                     "@example.jp",
	                     "owner@",
	                     "owner@example",
	                     "a@b@example.jp",
	                     "own er@example.jp",
	                     "owner@example.jp.",
	                     "owner@.jp",
	                     "<a>@example.jp",
	                     "a,b@example.jp",
	                     "a;b@example.jp",
	                     "\"a\"@example.jp",
	                     "a@b",
	                     "a\t@example.jp",
	                     "a\r\nBcc: x@example.jp"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (core_email_normalise(*state, str_from(bad[i]), &out) != EMAIL_INVALID)
			fail_msg("accepted %s", bad[i]);
}

static void test_email_refuses_a_nul_byte_and_invalid_utf8(void **state)
{
	struct str out;
	assert_int_equal(core_email_normalise(*state, (struct str){"a\0b@example.jp", 14}, &out),
	                 EMAIL_INVALID);
	assert_int_equal(core_email_normalise(*state, STR("a\xff@example.jp"), &out),
	                 EMAIL_INVALID);
	assert_int_equal(core_email_normalise(*state, STR("a\xe3\x81@example.jp"), &out),
	                 EMAIL_INVALID);
}

static void test_email_length_is_bounded_after_normalising(void **state)
{
	char text[EMAIL_MAX_CHARS + 2];
	struct str out;
	/* local part of 'a's, then "@example.jp" */
	size_t domain = strlen("@example.jp");
	memset(text, 'a', sizeof text);
	memcpy(text + EMAIL_MAX_CHARS - domain, "@example.jp", domain);
	assert_int_equal(core_email_normalise(*state, (struct str){text, EMAIL_MAX_CHARS}, &out),
	                 EMAIL_OK);
	assert_int_equal(out.n, EMAIL_MAX_CHARS);
	memset(text, 'a', sizeof text);
	memcpy(text + EMAIL_MAX_CHARS + 1 - domain, "@example.jp", domain);
	assert_int_equal(
	    core_email_normalise(*state, (struct str){text, EMAIL_MAX_CHARS + 1}, &out),
	    EMAIL_INVALID);
	assert_int_equal(core_email_normalise(*state, STR("a@"), &out), EMAIL_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_email_is_nfkc_normalised_and_lower_cased),
	    TEST(test_email_keeps_non_ascii_letters_as_typed),
	    TEST(test_email_empty_is_told_apart_from_invalid),
	    TEST(test_email_refuses_wrong_shapes),
	    TEST(test_email_refuses_a_nul_byte_and_invalid_utf8),
	    TEST(test_email_length_is_bounded_after_normalising),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
