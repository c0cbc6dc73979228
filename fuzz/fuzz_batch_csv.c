/*
 * fuzz_batch_csv.c — libFuzzer target for the CSV file of /verify/batch:
 * batch_csv_read() (src/pages/verify/batch_csv.c).
 *
 * Checks: only MM_OK, TOO_LONG or NOMEM; at most BATCH_MAX_ROWS rows, with
 * increasing line numbers; a row without a problem has an ID inside the
 * input and a corporate number that is "" or 13 digits; a row with a
 * problem names one of the known problems.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/corporate_number.h"
#include "pages/verify/batch_csv.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_batch_csv: check failed: %s (%s:%d)\n", #cond,       \
			        __FILE__, __LINE__);                                               \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

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
			CHECK(row->id.n == 0 ||
			      ((const uint8_t *)row->id.p >= data &&
			       (const uint8_t *)row->id.p + row->id.n <= data + size));
			CHECK(row->number.n == 0 || core_corporate_number_valid(row->number));
		}
	}
	arena_free(&a);
	return 0;
}
