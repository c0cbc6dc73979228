/*
 * fuzz_batch_upload.c — libFuzzer target for the attachment path of
 * /verify/batch: a multipart/form-data body, the file part found by
 * batch_uploaded_file() and read by batch_csv_read()
 * (src/pages/verify/batch_csv.c).
 *
 * Input layout as fuzz_multipart.c: the first line is the Content-Type,
 * the rest the body, both slices of libFuzzer's buffer (no copy), so ASan
 * catches reads past either end.
 *
 * Checks: the file found is non-empty and lies inside the body; reading
 * it gives only MM_OK, TOO_LONG or NOMEM and at most BATCH_MAX_ROWS rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "pages/verify/batch_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = size ? memchr(data, '\n', size) : NULL;
	size_t ct_n = nl ? (size_t)(nl - data) : size;
	struct str type = {(const char *)data, ct_n};
	struct str body = nl ? (struct str){(const char *)nl + 1, size - ct_n - 1}
	                     : (struct str){(const char *)data + size, 0};
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str file = batch_uploaded_file(&a, type, body);
	if (file.p) {
		CHECK(file.n > 0);
		CHECK(file.p >= body.p && file.p + file.n <= body.p + body.n);
		struct batch_row *rows = NULL;
		size_t n = 0;
		enum mm_err e = batch_csv_read(&a, file, &rows, &n);
		CHECK(e == MM_OK || e == MM_ERR_TOO_LONG || e == MM_ERR_NOMEM);
		CHECK(e != MM_OK || n <= BATCH_MAX_ROWS);
	}
	arena_free(&a);
	return 0;
}
