/*
 * fuzz_catalogue_csv.c — libFuzzer target for the CSV file an
 * administrator imports into the service catalogue: csv_reader_init and
 * csv_next (src/core/catalogue_csv.c).
 *
 * Checks, on any file:
 *   - reading ends (CSV_END) within one call per byte, and after an
 *     error reading goes on; only the known results;
 *   - a record has 1…CATALOGUE_CSV_MAX_FIELDS fields, all UTF-8 (no NUL),
 *     none longer than the file, and starts on a line from 1 that never
 *     goes back; an error names a column 1…CATALOGUE_CSV_MAX_FIELDS + 1;
 *   - round trip: a record written back (every field quoted, "" for a
 *     quote, CRLF) reads as the same fields, on the same number of lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "core/catalogue_csv.h"
#include "lib/utf8.h"

/* rec written as CSV into the arena: every field quoted. */
static struct str write_record(struct arena *a, const struct csv_record *rec)
{
	size_t n = 2;
	for (size_t i = 0; i < rec->n; i++)
		n += 3 + 2 * rec->fields[i].n;
	char *p = arena_alloc(a, n);
	CHECK(p != NULL);
	size_t k = 0;
	for (size_t i = 0; i < rec->n; i++) {
		if (i)
			p[k++] = ',';
		p[k++] = '"';
		for (size_t j = 0; j < rec->fields[i].n; j++) {
			if (rec->fields[i].p[j] == '"')
				p[k++] = '"';
			p[k++] = rec->fields[i].p[j];
		}
		p[k++] = '"';
	}
	p[k++] = '\r';
	p[k++] = '\n';
	return (struct str){p, k};
}

static size_t newlines(const struct csv_record *rec)
{
	size_t n = 0;
	for (size_t i = 0; i < rec->n; i++)
		for (size_t j = 0; j < rec->fields[i].n; j++)
			n += rec->fields[i].p[j] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CATALOGUE_CSV_MAX_BYTES)
		return 0;
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct csv_reader c;
	csv_reader_init(&c, (struct str){(const char *)data, size});
	static struct csv_record rec, again;
	size_t calls = 0, last_line = 0;
	for (;;) {
		CHECK(calls++ <= size + 1);
		enum csv_result r = csv_next(&c, &a, &rec);
		CHECK(r >= CSV_RECORD && r <= CSV_NO_MEMORY);
		CHECK(c.pos <= size);
		if (r == CSV_END)
			break;
		CHECK(r != CSV_NO_MEMORY);
		CHECK(rec.line >= 1 && rec.line >= last_line);
		last_line = rec.line;
		CHECK(rec.n >= 1 && rec.n <= CATALOGUE_CSV_MAX_FIELDS);
		if (r != CSV_RECORD) {
			CHECK(rec.column >= 1 && rec.column <= CATALOGUE_CSV_MAX_FIELDS + 1);
			continue;
		}
		for (size_t i = 0; i < rec.n; i++) {
			CHECK(rec.fields[i].n <= size);
			CHECK(utf8_valid(rec.fields[i]));
		}
		struct str out = write_record(&a, &rec);
		struct csv_reader w;
		csv_reader_init(&w, out);
		CHECK(csv_next(&w, &a, &again) == CSV_RECORD);
		CHECK(again.line == 1 && again.n == rec.n);
		for (size_t i = 0; i < rec.n; i++)
			CHECK(str_eq(again.fields[i], rec.fields[i]));
		CHECK(w.line == 2 + newlines(&rec));
		CHECK(csv_next(&w, &a, &again) == CSV_END);
	}
	arena_free(&a);
	return 0;
}
