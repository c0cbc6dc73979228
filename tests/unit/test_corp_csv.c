/* Unit tests: a line of the National Tax Agency's corporate-number files
 * (core/corp_csv.h) — the 30 quoted fields of the Unicode edition read in
 * order, a doubled quote, a closed firm with its successor, the checks of
 * each field, broken quoting and encoding — and the rule that keeps the
 * latest state of a number. */
#include "core/corp_csv.h"
#include "test.h"

/* A row of the fixture's shape; fields[i] replaced where given. */
static char *line_with(struct arena *a, int field, const char *value)
{
	const char *f[CORP_CSV_FIELDS] = {"12",
	                                  "6010401234561",
	                                  "01",
	                                  "0",
	                                  "2015-11-13",
	                                  "2015-10-05",
	                                  "株式会社みなと精機",
	                                  "",
	                                  "301",
	                                  "東京都",
	                                  "港区",
	                                  "芝浦一丁目２－３",
	                                  "",
	                                  "13",
	                                  "103",
	                                  "1050023",
	                                  "",
	                                  "",
	                                  "",
	                                  "",
	                                  "",
	                                  "",
	                                  "2015-10-05",
	                                  "1",
	                                  "Minato Seiki Co., Ltd.",
	                                  "Tokyo",
	                                  "2-3, Shibaura 1-chome, Minato ku",
	                                  "",
	                                  "ミナトセイキ",
	                                  "0"};
	if (field >= 0)
		f[field] = value;
	char *out = arena_alloc(a, CORP_CSV_LINE_MAX);
	size_t n = 0;
	for (int i = 0; i < CORP_CSV_FIELDS; i++)
		n += (size_t)snprintf(out + n, CORP_CSV_LINE_MAX - n, "%s\"%s\"", i ? "," : "",
		                      f[i]);
	return out;
}

static enum corp_csv_error parse(struct arena *a, const char *line, struct corp_row *row)
{
	return corp_csv_parse(a, str_from(line), row);
}

static void test_a_row_reads_every_kept_field_in_order(void **state)
{
	struct corp_row r;
	assert_int_equal(parse(*state, line_with(*state, -1, NULL), &r), CORP_CSV_OK);
	assert_int_equal(r.sequence, 12);
	assert_true(str_eq_lit(r.number, "6010401234561"));
	assert_true(str_eq_lit(r.process, "01"));
	assert_false(r.correction);
	assert_true(str_eq_lit(r.update_date, "2015-11-13"));
	assert_true(str_eq_lit(r.name, "株式会社みなと精機"));
	assert_true(str_eq_lit(r.kind, "301"));
	assert_true(str_eq_lit(r.prefecture_name, "東京都"));
	assert_true(str_eq_lit(r.city_name, "港区"));
	assert_true(str_eq_lit(r.street, "芝浦一丁目２－３"));
	assert_int_equal(r.prefecture_code, 13);
	assert_true(str_eq_lit(r.city_code, "103"));
	assert_true(str_eq_lit(r.postal_code, "1050023"));
	assert_int_equal(r.close_date.n, 0);
	assert_true(str_eq_lit(r.assignment_date, "2015-10-05"));
	assert_true(r.latest);
	assert_true(str_eq_lit(r.name_en, "Minato Seiki Co., Ltd."));
	assert_true(str_eq_lit(r.address_en, "2-3, Shibaura 1-chome, Minato ku, Tokyo"));
	assert_true(str_eq_lit(r.furigana, "ミナトセイキ"));
	assert_false(r.hidden);
}

static void test_a_closed_firm_keeps_its_close_date_cause_and_successor(void **state)
{
	struct corp_row r;
	const char *f =
	    "\"4012001234563\",\"71\",\"0\",\"2024-04-02\",\"2024-03-31\",\"株式会社あさひ工業\","
	    "\"\",\"301\",\"大阪府\",\"大阪市北区\",\"梅田二丁目５－６\",\"\",\"27\",\"127\","
	    "\"5300001\",\"\",\"\",\"2024-03-31\",\"11\",\"6010401234561\",\"\","
	    "\"2015-10-05\",\"1\",\"\",\"\",\"\",\"\",\"アサヒコウギョウ\",\"0\"";
	char *line = arena_printf(*state, "\"3\",%s", f);
	assert_int_equal(parse(*state, line, &r), CORP_CSV_OK);
	assert_true(str_eq_lit(r.close_date, "2024-03-31"));
	assert_true(str_eq_lit(r.close_cause, "11"));
	assert_true(str_eq_lit(r.successor_number, "6010401234561"));
	assert_true(str_eq_lit(r.process, "71"));
	assert_int_equal(r.address_en.n, 0);
}

static void test_a_doubled_quote_is_one_quote_and_bare_empty_fields_are_read(void **state)
{
	struct corp_row r;
	assert_int_equal(parse(*state, line_with(*state, 6, "株式会社きた \"\"北\"\" 物産"), &r),
	                 CORP_CSV_OK);
	assert_true(str_eq_lit(r.name, "株式会社きた \"北\" 物産"));
	const char *bare = "1,6010401234561,01,0,2015-11-13,,名前,,301,東京都,港区,1,,13,103,"
	                   "1050023,,,,,,,,1,,,,,,0\r";
	assert_int_equal(parse(*state, bare, &r), CORP_CSV_OK);
	assert_int_equal(r.change_date.n, 0);
}

static void test_each_field_is_checked(void **state)
{
	struct arena *a = *state;
	struct corp_row r;
	struct {
		int field;
		const char *value;
		enum corp_csv_error want;
	} cases[] = {
	    {0, "", CORP_CSV_SEQUENCE},
	    {0, "12a", CORP_CSV_SEQUENCE},
	    {1, "6010401234562", CORP_CSV_NUMBER},
	    {1, "601040123456", CORP_CSV_NUMBER},
	    {2, "1", CORP_CSV_PROCESS},
	    {3, "2", CORP_CSV_FLAG},
	    {23, "", CORP_CSV_FLAG},
	    {29, "x", CORP_CSV_FLAG},
	    {4, "", CORP_CSV_DATE},
	    {4, "2023-02-29", CORP_CSV_DATE},
	    {4, "2015/11/13", CORP_CSV_DATE},
	    {18, "2024-13-01", CORP_CSV_DATE},
	    {6, "  ", CORP_CSV_NAME},
	    {8, "30", CORP_CSV_KIND},
	    {13, "48", CORP_CSV_PREFECTURE},
	    {13, "00", CORP_CSV_PREFECTURE},
	    {15, "105-0023", CORP_CSV_POSTAL_CODE},
	    {19, "1", CORP_CSV_CLOSE_CAUSE},
	    {20, "6010401234560", CORP_CSV_SUCCESSOR},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum corp_csv_error e = parse(a, line_with(a, cases[i].field, cases[i].value), &r);
		if (e != cases[i].want)
			fail_msg("field %d = '%s': got %s", cases[i].field, cases[i].value,
			         corp_csv_error_name(e));
	}
	assert_int_equal(parse(a, line_with(a, 4, "2024-02-29"), &r), CORP_CSV_OK); /* leap year */
	assert_int_equal(parse(a, line_with(a, 13, ""), &r), CORP_CSV_OK);          /* abroad */
	assert_int_equal(r.prefecture_code, 0);
}

static void test_broken_lines_are_refused(void **state)
{
	struct arena *a = *state;
	struct corp_row r;
	assert_int_equal(parse(a, "", &r), CORP_CSV_FIELD_COUNT);
	assert_int_equal(parse(a, "\"1\",\"6010401234561\"", &r), CORP_CSV_FIELD_COUNT);
	char *more = arena_printf(a, "%s,\"extra\"", line_with(a, -1, NULL));
	assert_int_equal(parse(a, more, &r), CORP_CSV_FIELD_COUNT);
	assert_int_equal(parse(a, "\"1,\"2\"", &r), CORP_CSV_QUOTES);
	assert_int_equal(parse(a, "\"1\"x,\"2\"", &r), CORP_CSV_QUOTES);
	assert_int_equal(parse(a, "1,2\"3", &r), CORP_CSV_QUOTES);
	assert_int_equal(parse(a, line_with(a, 6, "\xff\xfe"), &r), CORP_CSV_ENCODING);
	char *big = arena_alloc(a, CORP_CSV_FIELD_MAX + 2);
	memset(big, 'x', CORP_CSV_FIELD_MAX + 1);
	big[CORP_CSV_FIELD_MAX + 1] = '\0';
	assert_int_equal(parse(a, line_with(a, 6, big), &r), CORP_CSV_TOO_LONG);
}

static void test_a_header_line_is_told_from_a_row(void **state)
{
	(void)state;
	assert_true(corp_csv_is_header(STR("\"一連番号\",\"法人番号\"")));
	assert_true(corp_csv_is_header(STR("\xEF\xBB\xBFsequenceNumber,corporateNumber")));
	assert_false(corp_csv_is_header(STR("\"1\",\"6010401234561\"")));
	assert_false(corp_csv_is_header(STR("\xEF\xBB\xBF\"1\",\"6010401234561\"")));
}

static void test_the_latest_state_wins_by_date_then_latest_flag_then_sequence(void **state)
{
	(void)state;
	struct str old = STR("2015-11-13"), new = STR("2024-04-02");
	assert_true(corp_row_replaces(old, true, 900, new, true, 1));  /* later date */
	assert_false(corp_row_replaces(new, true, 1, old, true, 900)); /* older date */
	assert_true(corp_row_replaces(new, false, 5, new, true, 2));   /* the latest of a day */
	assert_false(corp_row_replaces(new, true, 2, new, false, 5));  /* a history row */
	assert_true(corp_row_replaces(new, true, 2, new, true, 3));    /* a later sequence */
	assert_false(corp_row_replaces(new, true, 3, new, true, 3));   /* the same row again */
	assert_false(corp_row_replaces(new, true, 3, new, true, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_a_row_reads_every_kept_field_in_order),
	    TEST(test_a_closed_firm_keeps_its_close_date_cause_and_successor),
	    TEST(test_a_doubled_quote_is_one_quote_and_bare_empty_fields_are_read),
	    TEST(test_each_field_is_checked),
	    TEST(test_broken_lines_are_refused),
	    TEST(test_a_header_line_is_told_from_a_row),
	    TEST(test_the_latest_state_wins_by_date_then_latest_flag_then_sequence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
