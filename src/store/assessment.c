/*
 * assessment.c — the self-assessment area of the store (store/assessment.h),
 * written once for every database (store/sql.h): its tables for the calls
 * every check shares (store/check.c), and its results with their scores.
 */
#include "store/assessment.h"

#include <string.h>

#include "store/check_sql.h"

CHECK_TABLES_DEFINE(STORE_ASSESSMENT_TABLES, "assessment", "item", STORE_ASSESSMENT_ITEMS,
                    "7243410925370310409");

static const struct sql SQL_RESULT_INSERT =
    SQL("INSERT INTO assessment_result (organisation_id, token_hash, expires_at, user_id,"
        " version, taken_at, total, part1, part2, part3, submit_token)"
        " VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), $5, $6, $7, $8, $9, $10, $11)"
        " ON CONFLICT DO NOTHING RETURNING id");
static const struct sql SQL_RESULT_ANSWER_INSERT =
    SQL("INSERT INTO assessment_result_answer (result_id, item, answer) VALUES ($1, $2, $3)");
static const struct sql SQL_RESULT_GET =
    SQL(CHECK_RESULT_GET_SQL("assessment", "item", "r.total, r.part1, r.part2, r.part3"));
static const struct sql SQL_RESULT_ROW =
    SQL(CHECK_RESULT_ROW_SQL("assessment", "r.total, r.part1, r.part2, r.part3"));
static const struct sql SQL_HISTORY =
    SQL(CHECK_HISTORY_SQL("assessment", "total, part1, part2, part3"));
static const struct sql SQL_ORG_ID_BY_PUBLIC_ID =
    SQL("SELECT id FROM organisation WHERE public_id = $1");

enum mm_err store_assessment_result_insert(struct store *s, const struct check_owner *o,
                                           const struct assessment_result *r, int64_t *id)
{
	struct store_arg owner[3];
	enum mm_err e;
	if ((e = check_result_owner_args(owner, o, r->expires_at)) || (e = store_begin(s)))
		return e;
	e = sql_insert(s, &SQL_RESULT_INSERT,
	               ARGS(owner[0], owner[1], owner[2], ARG_INT(r->user_id), ARG_TEXT(r->version),
	                    ARG_INT(r->taken_at), ARG_INT(r->total), ARG_INT(r->part[0]),
	                    ARG_INT(r->part[1]), ARG_INT(r->part[2]), ARG_TEXT(r->submit_token)),
	               "result insert", id);
	for (int i = 0; !e && i < STORE_ASSESSMENT_ITEMS; i++)
		e = sql_exec(s, &SQL_RESULT_ANSWER_INSERT,
		             ARGS(ARG_INT(*id), ARG_INT(i + 1), ARG_TEXT(r->answers[i])),
		             "result answer");
	return check_tx_end(s, e);
}

static void read_result(struct arena *a, const struct sql_row *r, void *item)
{
	struct assessment_result *out = item;
	memset(out, 0, sizeof *out);
	check_read_result_head(a, r, &out->head);
	out->total = sql_col_int(r, CHECK_RESULT_HEAD_COLUMNS);
	for (int p = 0; p < STORE_ASSESSMENT_PARTS; p++)
		out->part[p] = sql_col_int(r, CHECK_RESULT_HEAD_COLUMNS + 1 + p);
}

enum mm_err store_assessment_result_get(struct store *s, struct arena *a, int64_t id,
                                        struct assessment_result *out)
{
	return check_result_get(&STORE_ASSESSMENT_TABLES, s, a, &SQL_RESULT_GET, id, read_result,
	                        out, out->answers);
}

enum mm_err store_assessment_result_row(struct store *s, struct arena *a, int64_t id,
                                        struct assessment_result *out)
{
	return check_result_get(&STORE_ASSESSMENT_TABLES, s, a, &SQL_RESULT_ROW, id, read_result,
	                        out, out->answers);
}

static void read_summary(struct arena *a, const struct sql_row *r, void *item)
{
	struct assessment_summary *it = item;
	it->id = sql_col_int64(r, 0);
	it->taken_at = sql_col_int64(r, 1);
	it->version = sql_col_str(a, r, 2);
	it->total = sql_col_int(r, 3);
	for (int p = 0; p < STORE_ASSESSMENT_PARTS; p++)
		it->part[p] = sql_col_int(r, 4 + p);
}

enum mm_err store_assessment_history(struct store *s, struct arena *a, int64_t org_id,
                                     struct assessment_summary **out, size_t *n)
{
	return check_history(s, a, &SQL_HISTORY, org_id, STORE_ASSESSMENT_HISTORY_MAX, sizeof **out,
	                     read_summary, (void **)out, n);
}

enum mm_err store_assessment_org_id_by_public_id(struct store *s, struct str public_id, int64_t *id)
{
	return sql_int64_of(s, &SQL_ORG_ID_BY_PUBLIC_ID, ARGS(ARG_TEXT(public_id)),
	                    "organisation by public id", id);
}
