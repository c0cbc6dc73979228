/*
 * batch_csv.h — reading the file uploaded to /verify/batch (verify_batch.c),
 * apart from the page so that it can be fuzzed on its own
 * (fuzz/fuzz_batch_csv.c, fuzz/fuzz_batch_upload.c). Reads only; every
 * result lies in the arena handed in or in the input.
 *
 * The file: one "ID[,corporate number]" per line, comma- or tab-separated,
 * fields optionally in double quotes, CRLF or LF, an optional UTF-8 BOM.
 * A first line without a single digit is a heading and skipped. A line
 * that is not UTF-8 is read as Shift_JIS (lib/sjis.h), so a file saved by
 * Excel in Japanese reads alike, full-width digits and hyphens included
 * (core/digits.h normalises them once the line is UTF-8).
 */
#ifndef MM_PAGES_VERIFY_BATCH_CSV_H
#define MM_PAGES_VERIFY_BATCH_CSV_H

#include "lib/arena.h"
#include "lib/str.h"
#include "pages/verify/verify_lookup.h"

#define BATCH_MAX_ROWS 10000

enum batch_row_problem {
	BATCH_ROW_OK,
	BATCH_ROW_MALFORMED,
	BATCH_ROW_CORPORATE_NUMBER,
	BATCH_ROW_COLUMNS,
	BATCH_ROW_ENCODING,
};

struct batch_row {
	size_t line;
	enum batch_row_problem problem;
	struct str id, number;       /* normalised; number empty when not given */
	enum verify_outcome outcome; /* filled in by the page */
	struct verification v;
};

/* The rows of a CSV file (blank lines and a heading skipped);
 * MM_ERR_TOO_LONG past BATCH_MAX_ROWS, MM_ERR_NOMEM when the arena is full. */
enum mm_err batch_csv_read(struct arena *a, struct str csv, struct batch_row **out, size_t *n);

/* The non-empty file part named "file" of a multipart/form-data body with
 * Content-Type type, or STR_NULL. */
struct str batch_uploaded_file(struct arena *a, struct str type, struct str body);

#endif
