/* Unit tests: the JSON writer (src/lib/json.c) — escaping, structure,
 * misuse and limits. */
#include "lib/json.h"
#include "test.h"

static struct str write_string(struct arena *a, struct str s, enum mm_err *e)
{
	struct buf b;
	struct json j;
	buf_init(&b, a, 4096);
	json_init(&j, &b);
	json_write_string(&j, s);
	*e = json_finish(&j);
	return buf_str(&b);
}

static void assert_json_string(struct arena *a, struct str in, const char *expected)
{
	enum mm_err e;
	struct str out = write_string(a, in, &e);
	assert_int_equal(e, MM_OK);
	assert_int_equal(out.n, strlen(expected));
	assert_memory_equal(out.p, expected, out.n);
}

static void test_json_escapes_quotes_backslashes_and_controls(void **state)
{
	assert_json_string(*state, STR("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_json_string(*state, STR("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
	assert_json_string(*state, STR("\x01\x1f"), "\"\\u0001\\u001f\"");
	assert_json_string(*state, STR(""), "\"\"");
}

static void test_json_escapes_html_significant_characters(void **state)
{
	assert_json_string(*state, STR("</script><b>&"),
	                   "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
}

static void test_json_escapes_javascript_line_terminators(void **state)
{
	assert_json_string(*state,
	                   STR("a\xe2\x80\xa8"
	                       "b\xe2\x80\xa9"),
	                   "\"a\\u2028b\\u2029\"");
	/* other characters of that block pass as they are */
	assert_json_string(*state, STR("\xe2\x80\x94"), "\"\xe2\x80\x94\"");
}

static void test_json_keeps_japanese_text_as_utf8(void **state)
{
	assert_json_string(*state, STR("さくら精密工業"), "\"さくら精密工業\"");
}

static void test_json_refuses_invalid_utf8_and_nul(void **state)
{
	enum mm_err e;
	write_string(*state, STR("\xff\xfe"), &e);
	assert_int_equal(e, MM_ERR_INVALID);
	write_string(*state, (struct str){"a\0b", 3}, &e);
	assert_int_equal(e, MM_ERR_INVALID);
	write_string(*state, STR("\xc0\xaf"), &e); /* overlong "/" */
	assert_int_equal(e, MM_ERR_INVALID);
}

static void test_json_object_and_array_get_commas(void **state)
{
	struct buf b;
	struct json j;
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_object_begin(&j);
	json_key(&j, "id");
	json_write_cstring(&j, "90000000018");
	json_key(&j, "level");
	json_write_int(&j, 2);
	json_key(&j, "list");
	json_array_begin(&j);
	json_write_int(&j, -1);
	json_write_bool(&j, true);
	json_write_null(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_key(&j, "none");
	json_write_string_or_null(&j, STR(""));
	json_object_end(&j);
	assert_int_equal(json_finish(&j), MM_OK);
	const char *expected =
	    "{\"id\":\"90000000018\",\"level\":2,\"list\":[-1,true,null,{}],\"none\":null}";
	assert_int_equal(b.n, strlen(expected));
	assert_memory_equal(b.p, expected, b.n);
}

static void test_json_members_write_key_then_value(void **state)
{
	struct buf b;
	struct json j;
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_object_begin(&j);
	json_member_string(&j, "s", STR("a"));
	json_member_cstring(&j, "c", "b");
	json_member_int(&j, "i", -3);
	json_member_bool(&j, "t", true);
	json_member_string_or_null(&j, "n", STR(""));
	json_member_string_or_null(&j, "m", STR("x"));
	json_object_end(&j);
	assert_int_equal(json_finish(&j), MM_OK);
	struct str out = buf_str(&b);
	const char *expected =
	    "{\"s\":\"a\",\"c\":\"b\",\"i\":-3,\"t\":true,\"n\":null,\"m\":\"x\"}";
	assert_int_equal(out.n, strlen(expected));
	assert_memory_equal(out.p, expected, out.n);
	/* a member outside an object is misuse, as a key is */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_array_begin(&j);
	json_member_int(&j, "i", 1);
	json_array_end(&j);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
}

static void test_json_misuse_is_an_error(void **state)
{
	struct buf b;
	struct json j;
	/* a value in an object without a key */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_object_begin(&j);
	json_write_int(&j, 1);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
	/* a key in an array */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_array_begin(&j);
	json_key(&j, "k");
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
	/* unclosed */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_array_begin(&j);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
	/* mismatched close */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	json_array_begin(&j);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
	/* nothing written */
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
}

static void test_json_too_deep_is_an_error(void **state)
{
	struct buf b;
	struct json j;
	buf_init(&b, *state, 4096);
	json_init(&j, &b);
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_begin(&j);
	assert_int_equal(json_finish(&j), MM_ERR_INVALID);
}

static void test_json_buffer_limit_is_an_error_not_a_truncation(void **state)
{
	struct buf b;
	struct json j;
	buf_init(&b, *state, 8);
	json_init(&j, &b);
	json_write_cstring(&j, "a string longer than eight bytes");
	assert_int_equal(json_finish(&j), MM_ERR_NOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_json_escapes_quotes_backslashes_and_controls),
	    TEST(test_json_escapes_html_significant_characters),
	    TEST(test_json_escapes_javascript_line_terminators),
	    TEST(test_json_keeps_japanese_text_as_utf8),
	    TEST(test_json_refuses_invalid_utf8_and_nul),
	    TEST(test_json_object_and_array_get_commas),
	    TEST(test_json_members_write_key_then_value),
	    TEST(test_json_misuse_is_an_error),
	    TEST(test_json_too_deep_is_an_error),
	    TEST(test_json_buffer_limit_is_an_error_not_a_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
