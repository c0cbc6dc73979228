/*
 * open_data_rows.h — one declarant of the open data as a CSV row and as a
 * JSON Lines row, and the file names of a day's open data. Only what the
 * verification page shows anyone is written (store/statistics.h reads no
 * more): the declaration ID, level, status, name and kana (empty for a
 * declarant with no corporate number: a sole proprietor's name is
 * personal data), prefecture, corporate number and the day it declared
 * (Japan's date).
 */
#ifndef MM_PAGES_OPEN_DATA_ROWS_H
#define MM_PAGES_OPEN_DATA_ROWS_H

#include "lib/str.h"
#include "store/statistics.h"
#include "view/i18n.h"

#define OPEN_DATA_NAME_MAX 96 /* bytes of a file name */
#define OPEN_DATA_SUMS "SHA256SUMS"
#define OPEN_DATA_SCHEMA "schema.json"
#define OPEN_DATA_DECLARANT_COLUMNS 9
#define OPEN_DATA_LINE_MAX 8192 /* bytes of one JSON line */

extern const char *const open_data_declarant_columns[OPEN_DATA_DECLARANT_COLUMNS];

/* The header row of the declarant CSV. */
MM_MUST_USE enum mm_err open_data_declarant_csv_header(struct buf *b);
MM_MUST_USE enum mm_err open_data_declarant_csv(struct buf *b, enum lang l,
                                                const struct statistics_declarant *d);
MM_MUST_USE enum mm_err open_data_declarant_jsonl(struct buf *b, enum lang l,
                                                  const struct statistics_declarant *d);
/* "2026-12-04": Japan's date of a time. */
void open_data_date(int64_t now, char out[11]);
/* Whether name may be one of the files of the open data: a name the
 * export writes ([a-z0-9.-], starting with "mamori-", or the two fixed
 * names), never a path. */
bool open_data_name_ok(struct str name);

#endif
