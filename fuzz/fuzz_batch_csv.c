/*
 * fuzz_batch_csv.c — libFuzzer target for the CSV file of /verify/batch:
 * batch_csv_read() (src/pages/verify/batch_csv.c).
 *
 * Checks: only MM_OK, TOO_LONG or NOMEM; at most BATCH_MAX_ROWS rows, with
 * increasing line numbers; a row without a problem has an ID that is UTF-8
 * text reading as a declaration ID (a line that is not UTF-8 is decoded as
 * Shift_JIS, so not always inside the input) and a corporate number that
 * is "" or 13 digits; a row with a
 * problem names one of the known problems.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_check.h"

#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "lib/utf8.h"
#include "pages/verify/batch_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct batch_row *rows = NULL;
	size_t n = 0;
	enum mm_err e = batch_csv_read(&a, (struct str){(const char *)data, size}, &rows, &n);
	CHECK(e == MM_OK || e == MM_ERR_TOO_LONG || e == MM_ERR_NOMEM);
	if (e == MM_OK) {
		CHECK(n <= BATCH_MAX_ROWS);
		for (size_t i = 0; i < n; i++) {
			const struct batch_row *row = &rows[i];
			CHECK(row->line >= 1 && (i == 0 || row->line > rows[i - 1].line));
			CHECK(row->problem <= BATCH_ROW_ENCODING);
			if (row->problem)
				continue;
			/* A line that is not UTF-8 is read as Shift_JIS into the
			 * arena, so the ID is not always inside the input: it is
			 * text, at most three times the input (a half-width katakana byte is
			 * three bytes of UTF-8), that reads as an ID. */
			struct str id;
			CHECK(row->id.n <= 3 * size && utf8_valid(row->id));
			CHECK(row->id.n == 0 || core_declaration_id_read(&a, row->id, &id) !=
			                            DECLARATION_ID_MALFORMED);
			CHECK(row->number.n == 0 || core_corporate_number_valid(row->number));
		}
	}
	arena_free(&a);
	return 0;
}
