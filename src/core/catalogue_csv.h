/*
 * catalogue_csv.h — reading the CSV file an administrator imports into the
 * service catalogue (/admin/services), one record at a time, with the
 * line and column of every problem, so that a dry run can list them all.
 * RFC 4180: fields separated by commas, optionally in double quotes (a
 * quoted field may hold commas, line breaks and "" for a quote), records
 * ending in CRLF or LF, an optional UTF-8 BOM at the start (Excel writes
 * one). Pure: fields are copied into the arena handed in.
 */
#ifndef MM_CORE_CATALOGUE_CSV_H
#define MM_CORE_CATALOGUE_CSV_H

#include <stddef.h>

#include "lib/arena.h"
#include "lib/str.h"

#define CATALOGUE_CSV_MAX_FIELDS 64
#define CATALOGUE_CSV_MAX_ROWS 5000
#define CATALOGUE_CSV_MAX_BYTES (4 * 1024 * 1024)

struct csv_reader {
	struct str in;
	size_t pos;
	size_t line; /* the line the next record starts on, from 1 */
};

enum csv_result {
	CSV_RECORD,          /* fields read */
	CSV_END,             /* no more records */
	CSV_BAD_QUOTE,       /* a quote opened and never closed, or text after one */
	CSV_BAD_ENCODING,    /* a field that is not UTF-8 */
	CSV_TOO_MANY_FIELDS, /* more than CATALOGUE_CSV_MAX_FIELDS */
	CSV_NO_MEMORY,
};

struct csv_record {
	struct str fields[CATALOGUE_CSV_MAX_FIELDS];
	size_t n;
	size_t line;   /* where the record starts */
	size_t column; /* on an error: the field (from 1) where it was found */
};

/* Starts reading in (skipping a UTF-8 BOM). */
void csv_reader_init(struct csv_reader *c, struct str in);
/* The next record into *rec (blank lines skipped). After an error the
 * reader has moved past the bad record's line, so reading may go on and
 * report the next problem. */
enum csv_result csv_next(struct csv_reader *c, struct arena *a, struct csv_record *rec);

#endif
