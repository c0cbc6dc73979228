/* Unit tests: the CSV cells of a self-assessment download
 * (assessment_csv_cell) — quoting, doubled quotes, line breaks kept inside
 * quotes, spreadsheet formulas made text, numbers as they are. */
#include "pages/assessment/assessment_common.h"
#include "test.h"

static struct str cell(void **state, const char *v, bool number, bool last)
{
	struct buf b;
	buf_init(&b, *state, 4096);
	assert_int_equal(assessment_csv_cell(&b, str_from(v), number, last), MM_OK);
	return buf_str(&b);
}

static void test_csv_text_is_quoted(void **state)
{
	assert_str_equal(cell(state, "パスワード", false, false), "\"パスワード\",");
	assert_str_equal(cell(state, "", false, true), "\"\"\r\n");
}

static void test_csv_quotes_are_doubled(void **state)
{
	assert_str_equal(cell(state, "say \"done\"", false, false), "\"say \"\"done\"\"\",");
}

static void test_csv_commas_and_line_breaks_stay_inside_the_cell(void **state)
{
	assert_str_equal(cell(state, "a,b\r\nc", false, true), "\"a,b\r\nc\"\r\n");
}

static void test_csv_formulas_are_made_text(void **state)
{
	assert_str_equal(cell(state, "=HYPERLINK(\"x\")", false, false),
	                 "\"'=HYPERLINK(\"\"x\"\")\",");
	assert_str_equal(cell(state, "+1", false, false), "\"'+1\",");
	assert_str_equal(cell(state, "-1", false, false), "\"'-1\",");
	assert_str_equal(cell(state, "@SUM", false, false), "\"'@SUM\",");
	assert_str_equal(cell(state, "\tx", false, false), "\"'\tx\",");
}

static void test_csv_numbers_are_written_as_they_are(void **state)
{
	assert_str_equal(cell(state, "-1", true, true), "-1\r\n");
	assert_str_equal(cell(state, "25", true, false), "25,");
}

static void test_csv_cell_fails_when_the_buffer_is_full(void **state)
{
	struct buf b;
	buf_init(&b, *state, 4);
	assert_int_equal(assessment_csv_cell(&b, STR("too long for four"), false, false),
	                 MM_ERR_TOO_LONG);
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
