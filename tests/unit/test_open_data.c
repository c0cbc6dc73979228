/* Unit tests: the open data's rows (pages/statistics/open_data_rows.h) —
 * a declarant as CSV and as JSON Lines, quoting and escaping, the empty
 * name of a sole proprietor written as such, Japan's date, and which
 * names /data may serve. */
#include "pages/statistics/open_data_rows.h"
#include "test.h"
#include "view/i18n.h"

static struct statistics_declarant sample(void)
{
	return (struct statistics_declarant){
	    .id = 7,
	    .public_id = STR("90000000019"),
	    .name = STR("株式会社\"みなと\",本店"),
	    .name_kana = STR("ミナト"),
	    .corporate_number = STR("7123456789012"),
	    .status = STR("active"),
	    .level = 2,
	    .prefecture = 13,
	    .declared_at = 1767193199, /* 2025-12-31 23:59:59 JST */
	};
}

static struct arena catalogues;

static int load_catalogues(void **state)
{
	char err[TPL_ERR_MAX];
	(void)state;
	arena_init(&catalogues, ARENA_REQUEST_MAX);
	return i18n_load(&catalogues, err) == MM_OK ? 0 : -1;
}

static int free_catalogues(void **state)
{
	(void)state;
	arena_free(&catalogues);
	return 0;
}

static void test_csv_row_quotes_every_text_and_keeps_japans_date(void **state)
{
	struct arena *a = *state;
	struct buf b;
	struct statistics_declarant d = sample();
	buf_init(&b, a, 4096);
	assert_int_equal(open_data_declarant_csv_header(&b), MM_OK);
	assert_int_equal(open_data_declarant_csv(&b, LANG_JA, &d), MM_OK);
	assert_string_equal(buf_cstr(&b),
	                    "\"declaration_id\",\"level\",\"status\",\"name\",\"name_kana\","
	                    "\"prefecture_code\",\"prefecture_name\",\"corporate_number\","
	                    "\"declared_on\"\r\n"
	                    "\"90000000019\",2,\"active\",\"株式会社\"\"みなと\"\",本店\","
	                    "\"ミナト\",\"13\",\"東京都\",\"7123456789012\",\"2025-12-31\"\r\n");
}

static void test_jsonl_row_is_one_line_of_json_with_nulls_for_what_is_empty(void **state)
{
	struct arena *a = *state;
	struct buf b;
	struct statistics_declarant d = sample();
	d.name = d.name_kana = d.corporate_number = STR("");
	d.declared_at = 1767193200; /* 2026-01-01 00:00 JST */
	buf_init(&b, a, 4096);
	assert_int_equal(open_data_declarant_jsonl(&b, LANG_EN, &d), MM_OK);
	assert_int_equal(open_data_declarant_jsonl(&b, LANG_EN, &d), MM_OK);
	const char *line = "{\"declaration_id\":\"90000000019\",\"level\":2,\"status\":\"active\","
	                   "\"name\":null,\"name_kana\":null,\"prefecture_code\":\"13\","
	                   "\"prefecture_name\":\"Tokyo\",\"corporate_number\":null,"
	                   "\"declared_on\":\"2026-01-01\"}\n";
	char both[1024];
	snprintf(both, sizeof both, "%s%s", line, line);
	assert_string_equal(buf_cstr(&b), both);
}

static void test_a_formula_in_a_name_is_made_text(void **state)
{
	struct arena *a = *state;
	struct buf b;
	struct statistics_declarant d = sample();
	d.name = STR("=HYPERLINK(\"x\")");
	buf_init(&b, a, 4096);
	assert_int_equal(open_data_declarant_csv(&b, LANG_JA, &d), MM_OK);
	assert_non_null(strstr(buf_cstr(&b), "\"'=HYPERLINK("));
}

static void test_only_names_the_export_writes_may_be_served(void **state)
{
	(void)state;
	assert_true(open_data_name_ok(STR("mamori-declarants-2026-12-04.csv")));
	assert_true(open_data_name_ok(STR("SHA256SUMS")));
	assert_true(open_data_name_ok(STR("schema.json")));
	assert_false(open_data_name_ok(STR("../mamori.db")));
	assert_false(open_data_name_ok(STR("mamori.db")));
	assert_false(open_data_name_ok(STR("mamori-x/../../etc")));
	assert_false(open_data_name_ok(STR(".mamori-declarants-2026-12-04.csv.tmp")));
	assert_false(open_data_name_ok(STR("mamori-declarants-2026-12-04.csv.tmp")));
	assert_false(open_data_name_ok(STR("mamori-A.csv")));
	assert_false(open_data_name_ok(STR("")));
}

static void test_the_date_is_japans(void **state)
{
	(void)state;
	char day[11];
	open_data_date(1767193199, day);
	assert_string_equal(day, "2025-12-31");
	open_data_date(1767193200, day);
	assert_string_equal(day, "2026-01-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv_row_quotes_every_text_and_keeps_japans_date,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_jsonl_row_is_one_line_of_json_with_nulls_for_what_is_empty, arena_setup,
	        arena_teardown),
	    cmocka_unit_test_setup_teardown(test_a_formula_in_a_name_is_made_text, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test(test_only_names_the_export_writes_may_be_served),
	    cmocka_unit_test(test_the_date_is_japans),
	};
	return cmocka_run_group_tests(tests, load_catalogues, free_catalogues);
}
