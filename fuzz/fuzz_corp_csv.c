/*
 * fuzz_corp_csv.c — libFuzzer target for one line of the National Tax
 * Agency's corporate-number files (src/core/corp_csv.c), which
 * `mamori corp import` reads from a file made by someone else.
 *
 * Checks, on any line:
 *   - corp_csv_parse returns one of the known errors, and every error has
 *     a name; a line over CORP_CSV_LINE_MAX bytes (after its "\r" and
 *     BOM) is TOO_LONG, one with a NUL or not UTF-8 is ENCODING;
 *   - a row it accepts has a 13-digit number passing
 *     core_corporate_number_valid, a valid update date (corp_date_valid),
 *     the other dates empty or valid, a 2-digit process, a 3-digit kind,
 *     a prefecture code 0…47, a postal code "" or 7 digits, a close cause
 *     "" or 2 digits, a successor "" or a valid number, a name that is not
 *     blank, fields of UTF-8 without NUL within CORP_CSV_FIELD_MAX bytes
 *     (the English address: two fields and ", "), a sequence below 10^10;
 *     and the line is not taken for a header (corp_csv_is_header);
 *   - corp_date_valid agrees with the calendar (timegm) on the line;
 *   - corp_row_replaces, on two states made from the input, is never true
 *     both ways nor for a state against itself, and is true one way for
 *     two different states.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_check.h"

#include "core/corp_csv.h"
#include "core/corporate_number.h"
#include "lib/str.h"
#include "lib/utf8.h"

static bool digits(struct str s, size_t n)
{
	return s.n == n && str_all_digits(s);
}

static bool text(struct str s, size_t max)
{
	return s.n <= max && utf8_valid(s) && !memchr(s.p, '\0', s.n);
}

static bool date_or_empty(struct str s)
{
	return s.n == 0 || corp_date_valid(s);
}

/* The calendar's word on "YYYY-MM-DD": timegm gives back the same day. */
static bool calendar_date(struct str s)
{
	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-' || !digits((struct str){s.p, 4}, 4) ||
	    !digits((struct str){s.p + 5, 2}, 2) || !digits((struct str){s.p + 8, 2}, 2))
		return false;
	int y = atoi((char[5]){s.p[0], s.p[1], s.p[2], s.p[3], 0});
	int m = (s.p[5] - '0') * 10 + (s.p[6] - '0'), d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
	if (y < 1868)
		return false;
	struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t when = timegm(&t);
	struct tm back;
	if (!gmtime_r(&when, &back))
		return false;
	return back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1024 * 1024);
	struct str line = {(const char *)data, size};

	struct corp_row row;
	enum corp_csv_error e = corp_csv_parse(&a, line, &row);
	CHECK(e >= CORP_CSV_OK && e <= CORP_CSV_SUCCESSOR);
	CHECK(corp_csv_error_name(e) != NULL && strcmp(corp_csv_error_name(e), "error") != 0);
	struct str bare = line;
	if (bare.n && bare.p[bare.n - 1] == '\r')
		bare.n--;
	if (bare.n >= 3 && memcmp(bare.p, "\xEF\xBB\xBF", 3) == 0)
		bare = (struct str){bare.p + 3, bare.n - 3};
	if (bare.n > CORP_CSV_LINE_MAX)
		CHECK(e == CORP_CSV_TOO_LONG);
	else if (memchr(bare.p, '\0', bare.n) || !utf8_valid(bare))
		CHECK(e == CORP_CSV_ENCODING);
	bool header = corp_csv_is_header(line);
	if (e == CORP_CSV_OK) {
		CHECK(!header);
		CHECK(row.sequence >= 0 && row.sequence < 10000000000LL);
		CHECK(row.number.n == CORPORATE_NUMBER_DIGITS && digits(row.number, 13) &&
		      core_corporate_number_valid(row.number));
		CHECK(corp_date_valid(row.update_date) && calendar_date(row.update_date));
		CHECK(date_or_empty(row.change_date) && date_or_empty(row.close_date) &&
		      date_or_empty(row.assignment_date));
		CHECK(digits(row.process, 2) && digits(row.kind, 3));
		CHECK(row.prefecture_code >= 0 && row.prefecture_code <= 47);
		CHECK(row.postal_code.n == 0 || digits(row.postal_code, 7));
		CHECK(row.close_cause.n == 0 || digits(row.close_cause, 2));
		CHECK(row.successor_number.n == 0 ||
		      core_corporate_number_valid(row.successor_number));
		CHECK(str_trim(row.name).n > 0);
		const struct str fields[] = {
		    row.name,         row.prefecture_name, row.city_name,
		    row.street,       row.city_code,       row.address_outside,
		    row.change_cause, row.name_en,         row.furigana,
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			CHECK(text(fields[i], CORP_CSV_FIELD_MAX));
		CHECK(text(row.address_en, 2 * CORP_CSV_FIELD_MAX + 2));
	}

	/* The calendar, on the line taken as a date. */
	if (size == 10)
		CHECK(corp_date_valid(line) == calendar_date(line));

	/* Two states: the input's first and second halves as update dates,
	 * flags and sequences from its first bytes. */
	if (size >= 2) {
		struct str ua = {line.p, size / 2}, ub = {line.p + size / 2, size - size / 2};
		bool la = data[0] & 1, lb = data[1] & 1;
		int64_t sa = data[0] >> 1, sb = data[1] >> 1;
		bool ab = corp_row_replaces(ua, la, sa, ub, lb, sb);
		bool ba = corp_row_replaces(ub, lb, sb, ua, la, sa);
		CHECK(!(ab && ba));
		CHECK(!corp_row_replaces(ua, la, sa, ua, la, sa));
		bool same = str_eq(ua, ub) && la == lb && sa == sb;
		CHECK(same || ab || ba);
	}
	arena_free(&a);
	return 0;
}
