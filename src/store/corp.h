/*
 * corp.h — the National Tax Agency's corporate-number data as mamori
 * keeps it (migration 0031's corporate_record): the latest state of each
 * number, written by `mamori corp import` (app/corp_import.c) and read by
 * the organisation form (prefill, closed numbers) and the letters.
 */
#ifndef MM_STORE_CORP_H
#define MM_STORE_CORP_H

#include "core/corp_csv.h"
#include "store/store.h"

struct corp_record {
	struct str number, process, update_date, name, furigana, kind;
	struct str prefecture_name, city_name, street, postal_code, address_outside;
	int prefecture_code; /* 0: outside Japan */
	struct str close_date, close_cause, successor_number;
	struct str name_en;
	bool hidden;
};

/* Keeps row as the number's state when it is newer than the kept one
 * (core/corp_csv.h's corp_row_replaces, said again in the statement) or
 * there is none: *applied false when the kept state stayed. */
MM_MUST_USE enum mm_err store_corp_upsert(struct store *s, const struct corp_row *row,
                                          bool *applied);
/* The same for rows[0..n): *applied counts the states kept. Several
 * rows of one number count as one at most (the latest of them). Call it
 * inside a transaction. */
MM_MUST_USE enum mm_err store_corp_upsert_batch(struct store *s, struct arena *a,
                                                const struct corp_row *rows, size_t n,
                                                int64_t *applied);
/* The kept state of a number; NOT_FOUND when the data has none. */
MM_MUST_USE enum mm_err store_corp_get(struct store *s, struct arena *a, struct str number,
                                       struct corp_record *out);
/* Whether any data was imported (the form says nothing of it when not). */
MM_MUST_USE enum mm_err store_corp_any(struct store *s, bool *any);

#endif
