/* Unit tests: the service catalogue's rules (core/catalogue.h) — tags
 * read and written, ISO dates and a registration's validity (shown
 * through its last day, hidden the day after; told 30 days before), the
 * price with tax and its display, amounts and prefectures as people type
 * them — and the CSV reader (core/catalogue_csv.h) with the line and
 * column of every problem. */
#include <stdlib.h>
#include <string.h>

#include "core/catalogue.h"
#include "core/catalogue_csv.h"
#include "test.h"

static void test_tags_parse_items_rules_and_directives(void **state)
{
	(void)state;
	struct service_tags t;
	struct str bad = STR("");
	char buf[256];
	assert_true(service_tags_parse(STR("item-12, rule-3;directive-10  item-1"), &t, &bad));
	assert_int_equal(t.items, (1 << 11) | 1);
	assert_int_equal(t.rules, 1 << 2);
	assert_int_equal(t.directives, 1 << 9);
	assert_true(service_tags_format(&t, buf, sizeof buf));
	assert_string_equal(buf, "item-1 item-12 rule-3 directive-10");
	assert_true(service_tags_parse(STR(""), &t, &bad));
	assert_int_equal(t.items | t.rules | t.directives, 0);
}

static void test_tags_outside_their_range_or_misspelt_are_refused(void **state)
{
	(void)state;
	static const char *const wrong[] = {"item-0",   "item-26",   "rule-6",  "directive-11",
	                                    "item-012", "item-",     "item12",  "Item-1",
	                                    "item-1x",  "measure-1", "item--1", "rule-05"};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		struct service_tags t;
		struct str bad = STR("");
		char list[64];
		snprintf(list, sizeof list, "item-1 %s", wrong[i]);
		assert_false(service_tags_parse(str_from(list), &t, &bad));
		assert_true(str_eq_lit(bad, wrong[i]));
	}
}

static void test_tag_names_walk_the_forty_tags_in_order(void **state)
{
	(void)state;
	struct service_tags all = {(1 << 25) - 1, (1 << 5) - 1, (1 << 10) - 1};
	char name[16];
	assert_true(service_tag_name(&all, 0, name));
	assert_string_equal(name, "item-1");
	assert_true(service_tag_name(&all, 24, name));
	assert_string_equal(name, "item-25");
	assert_true(service_tag_name(&all, 25, name));
	assert_string_equal(name, "rule-1");
	assert_true(service_tag_name(&all, 39, name));
	assert_string_equal(name, "directive-10");
	assert_false(service_tag_name(&all, 40, name));
	assert_false(service_tag_name(&all, -1, name));
	struct service_tags none = {0};
	assert_false(service_tag_name(&none, 3, name));
}

static void test_dates_must_exist(void **state)
{
	(void)state;
	assert_true(service_date_ok(STR("2028-02-29")));
	assert_false(service_date_ok(STR("2027-02-29")));
	assert_false(service_date_ok(STR("2026-02-30")));
	assert_false(service_date_ok(STR("2026-13-01")));
	assert_false(service_date_ok(STR("2026-4-1")));
	assert_false(service_date_ok(STR("2026/04/01")));
	assert_false(service_date_ok(STR("")));
	assert_true(service_date_ok(STR("2000-02-29")));
	assert_false(service_date_ok(STR("1900-02-29")));
}

static void test_a_registration_is_shown_through_its_last_day_and_hidden_after(void **state)
{
	(void)state;
	struct str from = STR("2026-04-01"), until = STR("2027-03-31");
	assert_false(service_valid_on(from, until, STR("2026-03-31")));
	assert_true(service_valid_on(from, until, STR("2026-04-01")));
	assert_true(service_valid_on(from, until, STR("2027-03-31")));
	assert_false(service_valid_on(from, until, STR("2027-04-01")));
	assert_true(service_valid_on(STR(""), STR(""), STR("2099-01-01")));
	assert_true(service_valid_on(STR(""), until, STR("2020-01-01")));
}

static void test_the_provider_is_told_within_thirty_days_of_the_end(void **state)
{
	(void)state;
	assert_true(service_expires_within(STR("2027-03-31"), STR("2027-03-01"), 30));
	assert_true(service_expires_within(STR("2027-03-31"), STR("2027-03-31"), 30));
	assert_false(service_expires_within(STR("2027-03-31"), STR("2027-02-28"), 30));
	assert_false(service_expires_within(STR("2027-03-31"), STR("2027-04-01"), 30));
	assert_false(service_expires_within(STR(""), STR("2027-04-01"), 30));
	char out[11];
	assert_true(service_date_add(STR("2026-12-15"), 30, out));
	assert_string_equal(out, "2027-01-14");
	assert_true(service_date_add(STR("2028-02-28"), 1, out));
	assert_string_equal(out, "2028-02-29");
	assert_true(service_date_add(STR("2026-03-01"), -1, out));
	assert_string_equal(out, "2026-02-28");
	assert_false(service_date_add(STR("2026-02-30"), 1, out));
}

static void test_price_with_tax_rounds_down_and_is_shown_with_separators(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(service_price_with_tax(10000), 11000);
	assert_int_equal(service_price_with_tax(9800), 10780);
	assert_int_equal(service_price_with_tax(1999), 2198); /* 2198.9 */
	assert_int_equal(service_price_with_tax(0), 0);
	assert_true(service_yen_format(1234567, buf, sizeof buf));
	assert_string_equal(buf, "1,234,567");
	assert_true(service_yen_format(999, buf, sizeof buf));
	assert_string_equal(buf, "999");
	assert_true(service_yen_format(1000, buf, sizeof buf));
	assert_string_equal(buf, "1,000");
	assert_true(service_yen_format(0, buf, sizeof buf));
	assert_string_equal(buf, "0");
	assert_false(service_yen_format(-1, buf, sizeof buf));
	assert_false(service_yen_format(1234567, buf, 9)); /* "1,234,567" needs 10 */
}

static void test_amounts_as_people_type_them(void **state)
{
	(void)state;
	int64_t v;
	assert_true(service_amount_parse(STR("9,800"), SERVICE_PRICE_MAX_YEN, &v));
	assert_int_equal(v, 9800);
	assert_true(service_amount_parse(STR("¥10000"), SERVICE_PRICE_MAX_YEN, &v));
	assert_int_equal(v, 10000);
	assert_true(service_amount_parse(STR(" 12 "), 120, &v));
	assert_int_equal(v, 12);
	assert_true(service_amount_parse(STR(""), 120, &v));
	assert_int_equal(v, 0);
	assert_false(service_amount_parse(STR("121"), 120, &v));
	assert_false(service_amount_parse(STR("-5"), 120, &v));
	assert_false(service_amount_parse(STR("1.5"), 120, &v));
	assert_false(service_amount_parse(STR("¥"), 120, &v));
	assert_false(service_amount_parse(STR(",100"), 1000, &v));
	assert_false(
	    service_amount_parse(STR("99999999999999999999999"), SERVICE_PRICE_MAX_YEN, &v));
}

static void test_prefectures_are_codes_or_all(void **state)
{
	(void)state;
	int64_t mask;
	bool all;
	assert_true(service_prefectures_parse(STR("13 14,01"), &mask, &all));
	assert_false(all);
	assert_int_equal(mask, (1 << 12) | (1 << 13) | 1);
	assert_true(service_prefectures_parse(STR("all"), &mask, &all));
	assert_true(all);
	assert_false(service_prefectures_parse(STR(""), &mask, &all));
	assert_false(service_prefectures_parse(STR("48"), &mask, &all));
	assert_false(service_prefectures_parse(STR("0"), &mask, &all));
	assert_false(service_prefectures_parse(STR("Tokyo"), &mask, &all));
}

/* Reads every record of csv; "L:N:f1|f2" per record, "L:C:!r" per error. */
static void read_all(const char *csv, char *out, size_t n)
{
	struct arena a;
	struct csv_reader c;
	struct csv_record rec;
	size_t used = 0;
	arena_init(&a, 1 << 20);
	csv_reader_init(&c, str_from(csv));
	out[0] = '\0';
	for (;;) {
		enum csv_result r = csv_next(&c, &a, &rec);
		if (r == CSV_END)
			break;
		if (r != CSV_RECORD) {
			used += (size_t)snprintf(out + used, n - used, "%zu:%zu:!%d ", rec.line,
			                         rec.column, (int)r);
			continue;
		}
		used += (size_t)snprintf(out + used, n - used, "%zu:%zu:", rec.line, rec.n);
		for (size_t i = 0; i < rec.n; i++)
			used += (size_t)snprintf(out + used, n - used, "%s%.*s", i ? "|" : "",
			                         (int)rec.fields[i].n, rec.fields[i].p);
		used += (size_t)snprintf(out + used, n - used, " ");
	}
	arena_free(&a);
}

static void test_csv_records_with_quotes_line_breaks_and_a_bom(void **state)
{
	(void)state;
	char out[512];
	read_all("\xEF\xBB\xBF"
	         "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",z\nlast,",
	         out, sizeof out);
	assert_string_equal(out, "1:2:a|b 2:2:x, y|say \"hi\" 4:2:two\nlines|z 6:2:last| ");
}

static void test_csv_problems_carry_their_line_and_column(void **state)
{
	(void)state;
	char out[512];
	/* a quote inside an unquoted field (line 2, column 2), text after a
	 * closing quote (line 3, column 3), then a good line, then a quote
	 * never closed (line 5, column 1) */
	read_all("h1,h2,h3\nok,b\"ad,c\nok,ok,\"x\"y\ngood,line,3\n\"open,\n", out, sizeof out);
	char want[256];
	snprintf(want, sizeof want, "1:3:h1|h2|h3 2:2:!%d 3:3:!%d 4:3:good|line|3 5:1:!%d ",
	         CSV_BAD_QUOTE, CSV_BAD_QUOTE, CSV_BAD_QUOTE);
	assert_string_equal(out, want);
	read_all("a\n\xff\xfe,b\n", out, sizeof out);
	snprintf(want, sizeof want, "1:1:a 2:1:!%d ", CSV_BAD_ENCODING);
	assert_string_equal(out, want);
}

static void test_csv_refuses_more_fields_than_it_holds(void **state)
{
	(void)state;
	char line[CATALOGUE_CSV_MAX_FIELDS * 2 + 8], out[512], want[64];
	size_t n = 0;
	for (int i = 0; i <= CATALOGUE_CSV_MAX_FIELDS; i++)
		line[n++] = 'x', line[n++] = ',';
	memcpy(line + n - 1, "\nok\n", 5);
	read_all(line, out, sizeof out);
	snprintf(want, sizeof want, "1:%d:!%d 2:1:ok ", CATALOGUE_CSV_MAX_FIELDS + 1,
	         CSV_TOO_MANY_FIELDS);
	assert_string_equal(out, want);
}

static void test_csv_copies_a_quoted_field_in_the_room_it_needs(void **state)
{
	(void)state;
	/* 20,000 quoted cells, about 120 KB: each copy takes its own few
	 * bytes of a 1 MiB arena, not the rest of the file. */
	enum { LINES = 5000 };
	size_t cap = LINES * 24 + 1, n = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	for (int i = 0; i < LINES; i++)
		n += (size_t)snprintf(csv + n, cap - n, "\"a\",\"b\"\"\",\"c\",\"%04d\"\r\n", i);
	struct arena a;
	struct csv_reader c;
	struct csv_record rec;
	int records = 0;
	arena_init(&a, 1 << 20);
	csv_reader_init(&c, (struct str){csv, n});
	enum csv_result r;
	while ((r = csv_next(&c, &a, &rec)) == CSV_RECORD) {
		assert_int_equal(rec.n, 4);
		assert_true(str_eq_lit(rec.fields[1], "b\""));
		records++;
	}
	assert_int_equal(r, CSV_END);
	assert_int_equal(records, LINES);
	assert_int_equal(rec.line, LINES);
	arena_free(&a);
	free(csv);
}

/* A file ending in a lone CR after a line break (found by
 * fuzz_catalogue_csv): the blank-line skip stepped over the CR and then
 * one byte more, leaving the reader past the end of its input. */
static void test_csv_a_last_lone_cr_leaves_the_reader_at_the_end(void **state)
{
	(void)state;
	static const char *const files[] = {"\r", "a,b\n\r", "\n\n\r"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct arena a;
		struct csv_reader c;
		struct csv_record rec;
		arena_init(&a, 1 << 16);
		struct str in = {files[i], strlen(files[i])};
		csv_reader_init(&c, in);
		enum csv_result r;
		while ((r = csv_next(&c, &a, &rec)) == CSV_RECORD)
			assert_true(c.pos <= in.n);
		assert_int_equal(r, CSV_END);
		assert_true(c.pos <= in.n);
		assert_int_equal(csv_next(&c, &a, &rec), CSV_END);
		assert_true(c.pos <= in.n);
		arena_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tags_parse_items_rules_and_directives),
	    cmocka_unit_test(test_tags_outside_their_range_or_misspelt_are_refused),
	    cmocka_unit_test(test_tag_names_walk_the_forty_tags_in_order),
	    cmocka_unit_test(test_dates_must_exist),
	    cmocka_unit_test(test_a_registration_is_shown_through_its_last_day_and_hidden_after),
	    cmocka_unit_test(test_the_provider_is_told_within_thirty_days_of_the_end),
	    cmocka_unit_test(test_price_with_tax_rounds_down_and_is_shown_with_separators),
	    cmocka_unit_test(test_amounts_as_people_type_them),
	    cmocka_unit_test(test_prefectures_are_codes_or_all),
	    cmocka_unit_test(test_csv_records_with_quotes_line_breaks_and_a_bom),
	    cmocka_unit_test(test_csv_problems_carry_their_line_and_column),
	    cmocka_unit_test(test_csv_refuses_more_fields_than_it_holds),
	    cmocka_unit_test(test_csv_copies_a_quoted_field_in_the_room_it_needs),
	    cmocka_unit_test(test_csv_a_last_lone_cr_leaves_the_reader_at_the_end),
	};
	return cmocka_run_group_tests_name("catalogue", tests, NULL, NULL);
}
