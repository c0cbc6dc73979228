/*
 * corp_csv.h — one line of the National Tax Agency's corporate-number
 * files (the bulk files and the daily difference files, Unicode edition:
 * UTF-8, every field in double quotes, 30 fields), read and checked, and
 * the rule that says which of two states of a number is the latest.
 *
 * The fields, in the file's order (CORP_FIELD_*): sequence number,
 * corporate number, process kind, correction flag, update date, change
 * date, name, name image ID, kind, prefecture name, city name, street,
 * address image ID, prefecture code, city code, postal code, address
 * outside Japan, its image ID, close date, close cause, successor number,
 * change cause, assignment date, latest flag, English name, English
 * prefecture, English city and street, English address outside Japan,
 * furigana, hidden flag. Image IDs are not kept.
 *
 * Pure: no I/O; the fields point into the line or into the arena (a
 * doubled quote inside a field is the only thing that is copied).
 */
#ifndef MM_CORP_CSV_H
#define MM_CORP_CSV_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/str.h"

#define CORP_CSV_FIELDS 30
#define CORP_CSV_LINE_MAX 8192  /* bytes of one line; a longer one is an error */
#define CORP_CSV_FIELD_MAX 1000 /* bytes of one field */

struct corp_row {
	int64_t sequence;
	struct str number, process, update_date, change_date, name, kind;
	struct str prefecture_name, city_name, street, city_code;
	int prefecture_code;    /* 1…47; 0 when empty (an address outside Japan) */
	struct str postal_code; /* 7 digits or "" */
	struct str address_outside, close_date, close_cause, successor_number;
	struct str change_cause, assignment_date;
	bool correction, latest, hidden;
	struct str name_en, address_en, furigana;
};

/* What is wrong with a line (corp_csv_error_name gives a short English
 * name for the import's messages). */
enum corp_csv_error {
	CORP_CSV_OK,
	CORP_CSV_TOO_LONG,    /* the line or a field is over its limit */
	CORP_CSV_ENCODING,    /* not valid UTF-8, or a NUL */
	CORP_CSV_QUOTES,      /* a quote out of place, an unclosed field */
	CORP_CSV_FIELD_COUNT, /* not 30 fields */
	CORP_CSV_SEQUENCE,
	CORP_CSV_NUMBER, /* not 13 digits with a good check digit */
	CORP_CSV_PROCESS,
	CORP_CSV_FLAG, /* correction, latest or hidden not 0/1 */
	CORP_CSV_DATE, /* a date not YYYY-MM-DD (or empty where allowed) */
	CORP_CSV_NAME, /* empty name */
	CORP_CSV_KIND,
	CORP_CSV_PREFECTURE,
	CORP_CSV_POSTAL_CODE,
	CORP_CSV_CLOSE_CAUSE,
	CORP_CSV_SUCCESSOR,
};
const char *corp_csv_error_name(enum corp_csv_error e);

/* Reads one line (without its line end; a trailing "\r" is allowed) into
 * *out. A header line is not a row: see corp_csv_is_header. */
enum corp_csv_error corp_csv_parse(struct arena *a, struct str line, struct corp_row *out);

/* A first line that names the columns rather than holding a row (its
 * first field is not a number): the reader skips it. */
bool corp_csv_is_header(struct str line);

/* Whether state b (update date, latest flag, sequence) replaces the kept
 * state a: b's update date is later, or the same with b the latest and a
 * not, or the same flags and b's sequence higher. Reading one file twice
 * thus changes nothing, and an older file read after a newer one undoes
 * nothing. */
bool corp_row_replaces(struct str a_update, bool a_latest, int64_t a_sequence, struct str b_update,
                       bool b_latest, int64_t b_sequence);

/* "YYYY-MM-DD" of a real calendar day (1868…9999). */
bool corp_date_valid(struct str s);

#endif
