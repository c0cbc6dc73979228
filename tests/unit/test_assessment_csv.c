/* Unit tests: the CSV cells of a self-assessment download, written with
 * buf_append_csv (text) and buf_append_csv_int (numbers) — quoting,
 * doubled quotes, line breaks kept inside quotes, spreadsheet formulas
 * made text, numbers as they are. */
#include "lib/str.h"
#include "test.h"

static struct str cell(void **state, const char *v, bool last)
{
	struct buf b;
	buf_init(&b, *state, 4096);
	assert_int_equal(buf_append_csv(&b, str_from(v), last), MM_OK);
	return buf_str(&b);
}

static struct str number_cell(void **state, int64_t v, bool last)
{
	struct buf b;
	buf_init(&b, *state, 4096);
	assert_int_equal(buf_append_csv_int(&b, v, last), MM_OK);
	return buf_str(&b);
}

static void test_csv_text_is_quoted(void **state)
{
	assert_str_equal(cell(state, "パスワード", false), "\"パスワード\",");
	assert_str_equal(cell(state, "", true), "\"\"\r\n");
}

static void test_csv_quotes_are_doubled(void **state)
{
	assert_str_equal(cell(state, "say \"done\"", false), "\"say \"\"done\"\"\",");
}

static void test_csv_commas_and_line_breaks_stay_inside_the_cell(void **state)
{
	assert_str_equal(cell(state, "a,b\r\nc", true), "\"a,b\r\nc\"\r\n");
}

static void test_csv_formulas_are_made_text(void **state)
{
	assert_str_equal(cell(state, "=HYPERLINK(\"x\")", false), "\"'=HYPERLINK(\"\"x\"\")\",");
	assert_str_equal(cell(state, "+1", false), "\"'+1\",");
	assert_str_equal(cell(state, "-1", false), "\"'-1\",");
	assert_str_equal(cell(state, "@SUM", false), "\"'@SUM\",");
	assert_str_equal(cell(state, "\tx", false), "\"'\tx\",");
}

static void test_csv_numbers_are_written_as_they_are(void **state)
{
	assert_str_equal(number_cell(state, -1, true), "-1\r\n");
	assert_str_equal(number_cell(state, 25, false), "25,");
}

static void test_csv_cell_fails_when_the_buffer_is_full(void **state)
{
	struct buf b;
	buf_init(&b, *state, 4);
	assert_int_equal(buf_append_csv(&b, STR("too long for four"), false), MM_ERR_TOO_LONG);
	buf_init(&b, *state, 4);
	assert_int_equal(buf_append_csv_int(&b, 123456, false), MM_ERR_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_csv_text_is_quoted),
	    TEST(test_csv_quotes_are_doubled),
	    TEST(test_csv_commas_and_line_breaks_stay_inside_the_cell),
	    TEST(test_csv_formulas_are_made_text),
	    TEST(test_csv_numbers_are_written_as_they_are),
	    TEST(test_csv_cell_fails_when_the_buffer_is_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
