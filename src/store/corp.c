/*
 * corp.c — see corp.h. One statement per row: the import batches rows in
 * transactions (app/corp_import.c), so a row costs one prepared statement
 * execution and no round of its own to commit.
 */
#include "store/corp.h"

#include "store/sql.h"

/* The row values compare as corp_row_replaces does: update date, then
 * latest flag, then sequence; a state equal to the kept one changes
 * nothing. */
static const struct sql SQL_CORP_UPSERT = SQL(
    "INSERT INTO corporate_record (corporate_number, sequence, process, correction, update_date,"
    " change_date, name, kind, prefecture_name, city_name, street, prefecture_code, city_code,"
    " postal_code, address_outside, close_date, close_cause, successor_number, change_cause,"
    " assignment_date, latest, name_en, address_en, furigana, hidden)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
    " $19, $20, $21, $22, $23, $24, $25)"
    " ON CONFLICT (corporate_number) DO UPDATE SET sequence = excluded.sequence,"
    " process = excluded.process, correction = excluded.correction,"
    " update_date = excluded.update_date, change_date = excluded.change_date,"
    " name = excluded.name, kind = excluded.kind, prefecture_name = excluded.prefecture_name,"
    " city_name = excluded.city_name, street = excluded.street,"
    " prefecture_code = excluded.prefecture_code, city_code = excluded.city_code,"
    " postal_code = excluded.postal_code, address_outside = excluded.address_outside,"
    " close_date = excluded.close_date, close_cause = excluded.close_cause,"
    " successor_number = excluded.successor_number, change_cause = excluded.change_cause,"
    " assignment_date = excluded.assignment_date, latest = excluded.latest,"
    " name_en = excluded.name_en, address_en = excluded.address_en,"
    " furigana = excluded.furigana, hidden = excluded.hidden"
    " WHERE (excluded.update_date, excluded.latest, excluded.sequence)"
    " > (corporate_record.update_date, corporate_record.latest, corporate_record.sequence)");
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
