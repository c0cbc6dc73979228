/* Unit tests: strings, bounded buffers, UTF-8, text as a log line shows it. */
#include <string.h>

#include "lib/log.h"
#include "lib/utf8.h"
#include "test.h"

static void test_trim_removes_ascii_and_ideographic_space(void **state)
{
	(void)state;
	assert_str_equal(str_trim(STR("  abc \t\n")), "abc");
	assert_str_equal(str_trim(STR("\xe3\x80\x80"
	                              "守り"
	                              "\xe3\x80\x80")),
	                 "守り");
	assert_str_equal(str_trim(STR("   ")), "");
}

static void test_to_long_checks_range_and_digits(void **state)
{
	(void)state;
	long v;
	assert_int_equal(str_to_long(STR("42"), 1, 100, &v), MM_OK);
	assert_int_equal(v, 42);
	assert_int_equal(str_to_long(STR("0"), 1, 100, &v), MM_ERR_INVALID);
	assert_int_equal(str_to_long(STR("101"), 1, 100, &v), MM_ERR_INVALID);
	assert_int_equal(str_to_long(STR("4a"), 1, 100, &v), MM_ERR_INVALID);
	assert_int_equal(str_to_long(STR(""), 1, 100, &v), MM_ERR_INVALID);
	assert_int_equal(str_to_long(STR("99999999999999999999999"), 1, 100, &v), MM_ERR_INVALID);
}

static void test_plain_name_takes_letters_digits_dash_underscore_dot_only(void **state)
{
	(void)state;
	assert_true(str_is_plain_name(STR("event-42.ics"), 100));
	assert_true(str_is_plain_name(STR("Key_9"), 5));
	assert_false(str_is_plain_name(STR("Key_9"), 4));
	assert_false(str_is_plain_name(STR(""), 100));
	assert_false(str_is_plain_name(STR("a b"), 100));
	assert_false(str_is_plain_name(STR("a\"b"), 100));
	assert_false(str_is_plain_name(STR("a/b"), 100));
	assert_false(str_is_plain_name(STR("a\r\nb"), 100));
	assert_false(str_is_plain_name(STR("名前"), 100));
}

static void test_all_digits_takes_ascii_digits_only(void **state)
{
	(void)state;
	assert_true(str_all_digits(STR("0123456789")));
	assert_true(str_all_digits(STR("")));
	assert_false(str_all_digits(STR("12a")));
	assert_false(str_all_digits(STR("-1")));
	assert_false(str_all_digits(STR("1 2")));
	assert_false(str_all_digits(STR("/"))); /* the bytes either side of 0-9 */
	assert_false(str_all_digits(STR(":")));
	assert_false(str_all_digits(STR("１２"))); /* full-width digits are for core/digits */
	assert_false(str_all_digits((struct str){"12\0003", 4})); /* a NUL inside */
}

static void test_buf_refuses_to_grow_past_its_maximum(void **state)
{
	struct buf b;
	buf_init(&b, *state, 8);
	assert_int_equal(buf_append_cstr(&b, "12345678"), MM_OK);
	assert_int_not_equal(buf_append_char(&b, '9'), MM_OK);
	assert_str_equal(buf_str(&b), "12345678");
}

/* Longer than the first formatting attempt (256 bytes), and past the
 * maximum. */
static void test_buf_printf_formats_long_text_within_the_maximum(void **state)
{
	struct buf b;
	buf_init(&b, *state, 600);
	assert_int_equal(buf_printf(&b, "%s=%300d;", "n", 7), MM_OK);
	assert_int_equal(b.n, 303);
	assert_int_equal(b.p[301], '7');
	assert_int_equal(buf_printf(&b, "%300d", 8), MM_ERR_TOO_LONG);
	assert_int_equal(b.n, 303);
}

static void test_buf_int_writes_every_int64_as_printf_does(void **state)
{
	static const int64_t values[] = {0,         7,        -7, 10, 25, -100, 1234567890123,
	                                 INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct buf b;
		char want[32];
		buf_init(&b, *state, 64);
		snprintf(want, sizeof want, "%lld", (long long)values[i]);
		assert_int_equal(buf_append_int(&b, values[i]), MM_OK);
		assert_string_equal(buf_cstr(&b), want);
	}
	struct buf b;
	buf_init(&b, *state, 2);
	assert_int_equal(buf_append_int(&b, 123), MM_ERR_TOO_LONG);
}

static void test_buf_html_escapes_every_special_character(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1024);
	assert_int_equal(buf_append_html(&b, STR("<a href=\"x\" title='y'>&</a>")), MM_OK);
	assert_str_equal(buf_str(&b),
	                 "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

static void test_buf_urlenc_encodes_reserved_and_utf8(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1024);
	assert_int_equal(buf_append_urlenc(&b, STR("a b&c=守")), MM_OK);
	assert_str_equal(buf_str(&b), "a%20b%26c%3D%E5%AE%88");
}

static void test_buf_csv_quotes_doubles_and_defuses_formulas(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1024);
	assert_int_equal(buf_append_csv(&b, STR("a\"b,c"), false), MM_OK);
	assert_int_equal(buf_append_csv(&b, STR("=SUM(A1)"), false), MM_OK);
	assert_int_equal(buf_append_csv(&b, STR("\"\""), false), MM_OK);
	assert_int_equal(buf_append_csv(&b, STR("守り"), true), MM_OK);
	assert_str_equal(buf_str(&b), "\"a\"\"b,c\",\"'=SUM(A1)\",\"\"\"\"\"\",\"守り\"\r\n");
}

static void test_utf8_valid_rejects_malformed_sequences(void **state)
{
	(void)state;
	assert_true(utf8_valid(STR("守りmamori")));
	assert_false(utf8_valid(STR("\xff")));
	assert_false(utf8_valid(STR("\xc0\xaf")));         /* overlong '/' */
	assert_false(utf8_valid(STR("\xed\xa0\x80")));     /* surrogate */
	assert_false(utf8_valid(STR("\xe5\xae")));         /* truncated */
	assert_false(utf8_valid((struct str){"a\0b", 3})); /* NUL */
}

static void test_nfkc_turns_full_width_digits_into_ascii(void **state)
{
	struct str out;
	assert_int_equal(utf8_nfkc(*state, STR("１２３ー４"), &out), MM_OK);
	assert_true(str_starts_with(out, "123"));
	assert_int_equal(utf8_nfkc(*state, STR("\xff"), &out), MM_ERR_INVALID);
}

static void test_text_shown_escapes_control_bytes_and_backslash(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(log_text_shown(out, sizeof out, STR("a b\n\\\x7f\xe5"), true), 19);
	assert_string_equal(out, "a b\\x0a\\x5c\\x7f\\xe5");
	log_text_shown(out, sizeof out, STR("a b"), false);
	assert_string_equal(out, "a\\x20b");
	log_text_shown(out, sizeof out, STR(""), true);
	assert_string_equal(out, "");
}

static void test_text_shown_cuts_what_does_not_fit_with_dots(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(log_text_shown(out, sizeof out, STR("12345678"), true), 8);
	assert_string_equal(out, "12345678");
	assert_int_equal(log_text_shown(out, sizeof out, STR("123456789abcdef"), true), 12);
	assert_string_equal(out, "123456789...");
	log_text_shown(out, sizeof out, STR("\n\n\n\n"), true);
	assert_string_equal(out, "\\x0a\\x0a\\x0a...");
}

static void test_setting_shown_fits_any_value_in_its_room(void **state)
{
	(void)state;
	char out[LOG_SETTING_SHOWN_BYTES], long_value[1000];
	memset(long_value, '\n', sizeof long_value - 1);
	long_value[sizeof long_value - 1] = '\0';
	assert_true(strlen(log_setting_shown(out, long_value)) < sizeof out);
	assert_null(strchr(out, '\n'));
	assert_string_equal(log_setting_shown(out, NULL), "");
	assert_string_equal(log_setting_shown(out, "10/5"), "10/5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_trim_removes_ascii_and_ideographic_space),
	    TEST(test_to_long_checks_range_and_digits),
	    TEST(test_plain_name_takes_letters_digits_dash_underscore_dot_only),
	    TEST(test_all_digits_takes_ascii_digits_only),
	    TEST(test_buf_refuses_to_grow_past_its_maximum),
	    TEST(test_buf_printf_formats_long_text_within_the_maximum),
	    TEST(test_buf_int_writes_every_int64_as_printf_does),
	    TEST(test_buf_html_escapes_every_special_character),
	    TEST(test_buf_urlenc_encodes_reserved_and_utf8),
	    TEST(test_buf_csv_quotes_doubles_and_defuses_formulas),
	    TEST(test_utf8_valid_rejects_malformed_sequences),
	    TEST(test_nfkc_turns_full_width_digits_into_ascii),
	    TEST(test_text_shown_escapes_control_bytes_and_backslash),
	    TEST(test_text_shown_cuts_what_does_not_fit_with_dots),
	    TEST(test_setting_shown_fits_any_value_in_its_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
