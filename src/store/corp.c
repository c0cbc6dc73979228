/*
 * corp.c — see corp.h. The import (app/corp_import.c) hands rows over in
 * batches inside transactions: on SQLite a row is one execution of a
 * prepared statement in this process; on PostgreSQL a batch is one
 * statement (a JSON array of rows), so that the network's round trips
 * do not set the pace.
 */
#include "store/corp.h"

#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "store/sql.h"

#define CORP_JSON_MAX (16u * 1024 * 1024)

#define CORP_COLUMNS                                                                               \
	"corporate_number, sequence, process, correction, update_date, change_date, name, kind,"   \
	" prefecture_name, city_name, street, prefecture_code, city_code, postal_code,"            \
	" address_outside, close_date, close_cause, successor_number, change_cause,"               \
	" assignment_date, latest, name_en, address_en, furigana, hidden"
/* The row values compare as corp_row_replaces does: update date, then
 * latest flag, then sequence; a state equal to the kept one changes
 * nothing. */
#define CORP_KEEP_LATEST                                                                           \
	" ON CONFLICT (corporate_number) DO UPDATE SET sequence = excluded.sequence,"              \
	" process = excluded.process, correction = excluded.correction,"                           \
	" update_date = excluded.update_date, change_date = excluded.change_date,"                 \
	" name = excluded.name, kind = excluded.kind, prefecture_name = excluded.prefecture_name," \
	" city_name = excluded.city_name, street = excluded.street,"                               \
	" prefecture_code = excluded.prefecture_code, city_code = excluded.city_code,"             \
	" postal_code = excluded.postal_code, address_outside = excluded.address_outside,"         \
	" close_date = excluded.close_date, close_cause = excluded.close_cause,"                   \
	" successor_number = excluded.successor_number, change_cause = excluded.change_cause,"     \
	" assignment_date = excluded.assignment_date, latest = excluded.latest,"                   \
	" name_en = excluded.name_en, address_en = excluded.address_en,"                           \
	" furigana = excluded.furigana, hidden = excluded.hidden"                                  \
	" WHERE (excluded.update_date, excluded.latest, excluded.sequence)"                        \
	" > (corporate_record.update_date, corporate_record.latest, corporate_record.sequence)"
static const struct sql SQL_CORP_UPSERT =
    SQL("INSERT INTO corporate_record (" CORP_COLUMNS ")"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
        " $19, $20, $21, $22, $23, $24, $25)" CORP_KEEP_LATEST);
/* PostgreSQL: many rows in one statement, from one JSON array (a round
 * trip each would cost more than the row). No number twice in one
 * statement (ON CONFLICT cannot touch a row twice): the caller keeps the
 * latest of each. SQLite never runs it: its text only fills SQL_EACH's
 * first slot. */
static const struct sql SQL_CORP_UPSERT_MANY = SQL_EACH(
    "SELECT 0",
    "INSERT INTO corporate_record (" CORP_COLUMNS ") SELECT " CORP_COLUMNS
    " FROM json_to_recordset($1::json) AS x(corporate_number text, sequence bigint, process text,"
    " correction integer, update_date text, change_date text, name text, kind text,"
    " prefecture_name text, city_name text, street text, prefecture_code integer,"
    " city_code text, postal_code text, address_outside text, close_date text,"
    " close_cause text, successor_number text, change_cause text, assignment_date text,"
    " latest integer, name_en text, address_en text, furigana text, hidden "
    "integer)" CORP_KEEP_LATEST);
static const struct sql SQL_CORP_GET =
    SQL("SELECT corporate_number, process, update_date, name, furigana, kind, prefecture_name,"
        " city_name, street, postal_code, address_outside, prefecture_code, close_date,"
        " close_cause, successor_number, name_en, hidden"
        " FROM corporate_record WHERE corporate_number = $1");
static const struct sql SQL_CORP_ANY =
    SQL("SELECT count(*) FROM (SELECT 1 FROM corporate_record LIMIT 1) x");

enum mm_err store_corp_upsert(struct store *s, const struct corp_row *r, bool *applied)
{
	int64_t changed = 0;
	enum mm_err e = sql_exec_count(
	    s, &SQL_CORP_UPSERT,
	    ARGS(ARG_TEXT(r->number), ARG_INT(r->sequence), ARG_TEXT(r->process),
	         ARG_INT(r->correction), ARG_TEXT(r->update_date), ARG_TEXT(r->change_date),
	         ARG_TEXT(r->name), ARG_TEXT(r->kind), ARG_TEXT(r->prefecture_name),
	         ARG_TEXT(r->city_name), ARG_TEXT(r->street), ARG_INT(r->prefecture_code),
	         ARG_TEXT(r->city_code), ARG_TEXT(r->postal_code), ARG_TEXT(r->address_outside),
	         ARG_TEXT(r->close_date), ARG_TEXT(r->close_cause), ARG_TEXT(r->successor_number),
	         ARG_TEXT(r->change_cause), ARG_TEXT(r->assignment_date), ARG_INT(r->latest),
	         ARG_TEXT(r->name_en), ARG_TEXT(r->address_en), ARG_TEXT(r->furigana),
	         ARG_INT(r->hidden)),
	    "corporate record upsert", &changed);
	*applied = changed > 0;
	return e;
}

static void read_record(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct corp_record *)item = (struct corp_record){
	    .number = sql_col_str(a, r, 0),
	    .process = sql_col_str(a, r, 1),
	    .update_date = sql_col_str(a, r, 2),
	    .name = sql_col_str(a, r, 3),
	    .furigana = sql_col_str(a, r, 4),
	    .kind = sql_col_str(a, r, 5),
	    .prefecture_name = sql_col_str(a, r, 6),
	    .city_name = sql_col_str(a, r, 7),
	    .street = sql_col_str(a, r, 8),
	    .postal_code = sql_col_str(a, r, 9),
	    .address_outside = sql_col_str(a, r, 10),
	    .prefecture_code = sql_col_int(r, 11),
	    .close_date = sql_col_str(a, r, 12),
	    .close_cause = sql_col_str(a, r, 13),
	    .successor_number = sql_col_str(a, r, 14),
	    .name_en = sql_col_str(a, r, 15),
	    .hidden = sql_col_int(r, 16) != 0,
	};
}

enum mm_err store_corp_get(struct store *s, struct arena *a, struct str number,
                           struct corp_record *out)
{
	return sql_row(s, a, &SQL_CORP_GET, ARGS(ARG_TEXT(number)), read_record, out,
	               "corporate record");
}

enum mm_err store_corp_any(struct store *s, bool *any)
{
	int64_t n = 0;
	enum mm_err e = sql_int64_of(s, &SQL_CORP_ANY, NO_ARGS, "corporate records any", &n);
	*any = n > 0;
	return e;
}

/* Sorts by number, then from the state kept last to the state kept first
 * (the latest first), so that the first of each number is its latest. */
static int by_number_latest_first(const void *x, const void *y)
{
	const struct corp_row *a = *(const struct corp_row *const *)x;
	const struct corp_row *b = *(const struct corp_row *const *)y;
	size_t n = a->number.n < b->number.n ? a->number.n : b->number.n;
	int c = memcmp(a->number.p, b->number.p, n);
	if (c || a->number.n != b->number.n)
		return c ? c : (a->number.n < b->number.n ? -1 : 1);
	if (corp_row_replaces(a->update_date, a->latest, a->sequence, b->update_date, b->latest,
	                      b->sequence))
		return 1;
	if (corp_row_replaces(b->update_date, b->latest, b->sequence, a->update_date, a->latest,
	                      a->sequence))
		return -1;
	return 0;
}

static void write_row(struct json *j, const struct corp_row *r)
{
	const char *const names[] = {"corporate_number",
	                             "process",
	                             "update_date",
	                             "change_date",
	                             "name",
	                             "kind",
	                             "prefecture_name",
	                             "city_name",
	                             "street",
	                             "city_code",
	                             "postal_code",
	                             "address_outside",
	                             "close_date",
	                             "close_cause",
	                             "successor_number",
	                             "change_cause",
	                             "assignment_date",
	                             "name_en",
	                             "address_en",
	                             "furigana"};
	const struct str values[] = {r->number,
	                             r->process,
	                             r->update_date,
	                             r->change_date,
	                             r->name,
	                             r->kind,
	                             r->prefecture_name,
	                             r->city_name,
	                             r->street,
	                             r->city_code,
	                             r->postal_code,
	                             r->address_outside,
	                             r->close_date,
	                             r->close_cause,
	                             r->successor_number,
	                             r->change_cause,
	                             r->assignment_date,
	                             r->name_en,
	                             r->address_en,
	                             r->furigana};
	json_object_begin(j);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		json_member_string(j, names[i], values[i]);
	}
	json_member_int(j, "sequence", r->sequence);
	json_member_int(j, "prefecture_code", r->prefecture_code);
	json_member_int(j, "correction", r->correction);
	json_member_int(j, "latest", r->latest);
	json_member_int(j, "hidden", r->hidden);
	json_object_end(j);
}

static enum mm_err upsert_together(struct store *s, struct arena *a, const struct corp_row *rows,
                                   size_t n, int64_t *applied)
{
	const struct corp_row **order = arena_alloc(a, sizeof *order * n);
	struct buf b;
	struct json j;
	if (!order)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		order[i] = &rows[i];
	qsort(order, n, sizeof *order, by_number_latest_first);
	buf_init(&b, a, CORP_JSON_MAX);
	json_init(&j, &b);
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !str_eq(order[i]->number, order[i - 1]->number))
			write_row(&j, order[i]);
	json_array_end(&j);
	enum mm_err e = json_finish(&j);
	return e ? e
	         : sql_exec_count(s, &SQL_CORP_UPSERT_MANY, ARGS(ARG_TEXT(buf_str(&b))),
	                          "corporate records upsert", applied);
}

enum mm_err store_corp_upsert_batch(struct store *s, struct arena *a, const struct corp_row *rows,
                                    size_t n, int64_t *applied)
{
	*applied = 0;
	if (!n)
		return MM_OK;
	if (sql_statement_is_round_trip(s))
		return upsert_together(s, a, rows, n, applied);
	for (size_t i = 0; i < n; i++) {
		bool one;
		enum mm_err e = store_corp_upsert(s, &rows[i], &one);
		if (e)
			return e;
		*applied += one;
	}
	return MM_OK;
}
