/*
 * management.c — the management self-check area of the store
 * (store/management.h), written once for every database (store/sql.h): its
 * tables for the calls every check shares (store/check.c), and its results
 * with their scores.
 */
#include "store/management.h"

#include <stdio.h>
#include <string.h>

#include "store/check_sql.h"

CHECK_TABLES_DEFINE(STORE_MANAGEMENT_TABLES, "management", "question", STORE_MANAGEMENT_QUESTIONS,
                    "5913084412206647251");

static const struct sql SQL_RESULT_INSERT =
    SQL("INSERT INTO management_result (organisation_id, token_hash, expires_at, user_id,"
        " version, taken_at, overall, dont_know, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10,"
        " submit_token) VALUES ($1, $2, $3, nullif(CAST($4 AS bigint), 0), $5, $6, $7, $8,"
        " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
        " ON CONFLICT DO NOTHING RETURNING id");
/* A result's answers in one statement, given as a JSON object
 * {"question": "answer", …} (so that seeding thousands of results stays
 * two statements each). */
static const struct sql SQL_RESULT_ANSWERS_INSERT =
    SQL_EACH("INSERT INTO management_result_answer (result_id, question, answer)"
             " SELECT ?1, CAST(key AS INTEGER), value FROM json_each(?2)",
             "INSERT INTO management_result_answer (result_id, question, answer)"
             " SELECT $1, CAST(key AS integer), value FROM json_each_text(CAST($2 AS json))");
/* The scores' columns, in the order read_scores() reads them. */
#define SCORES "overall, dont_know, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10"
static const struct sql SQL_RESULT_GET =
    SQL(CHECK_RESULT_GET_SQL("management", "question", SCORES));
static const struct sql SQL_HISTORY = SQL(CHECK_HISTORY_SQL("management", SCORES));
static const struct sql SQL_LATEST =
    SQL("SELECT id, taken_at, version, " SCORES " FROM management_result"
        " WHERE organisation_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 1");
static const struct sql SQL_SEED_CANDIDATES =
    SQL("SELECT organisation_id, max(taken_at), max(bench_industry), max(bench_size),"
        " max(bench_region) FROM assessment_result"
        " WHERE organisation_id IS NOT NULL AND organisation_id > $1"
        " GROUP BY organisation_id ORDER BY organisation_id LIMIT $2");
static const struct sql SQL_HAS_RESULTS =
    SQL("SELECT count(*) FROM (SELECT 1 FROM management_result WHERE organisation_id = $1"
        " LIMIT 1) AS one");
/* The non-empty answers as {"1":"3","2":"dont_know",…}. An answer is a
 * word of [0-9a-z_] (the schema's CHECK says which); anything else is
 * refused here rather than escaped. */
static enum mm_err answers_json(const struct str answers[STORE_MANAGEMENT_QUESTIONS], char *out,
                                size_t cap, size_t *n)
{
	size_t len = 0;
	out[len++] = '{';
	for (int i = 0; i < STORE_MANAGEMENT_QUESTIONS; i++) {
		struct str a = answers[i];
		if (a.n == 0)
			continue;
		for (size_t k = 0; k < a.n; k++)
			if (!((a.p[k] >= '0' && a.p[k] <= '9') ||
			      (a.p[k] >= 'a' && a.p[k] <= 'z') || a.p[k] == '_'))
				return MM_ERR_INVALID;
		int w = snprintf(out + len, cap - len, "%s\"%d\":\"%.*s\"", len > 1 ? "," : "",
		                 i + 1, (int)a.n, a.p);
		if (w < 0 || (size_t)w >= cap - len)
			return MM_ERR_TOO_LONG;
		len += (size_t)w;
	}
	if (len + 1 >= cap)
		return MM_ERR_TOO_LONG;
	out[len++] = '}';
	out[len] = '\0';
	*n = len;
	return MM_OK;
}

enum mm_err store_management_result_insert(struct store *s, const struct check_owner *o,
                                           const struct management_result *r, int64_t *id)
{
	char json[STORE_MANAGEMENT_QUESTIONS * 24 + 4];
	size_t json_n = 0;
	struct store_arg owner[3];
	enum mm_err e;
	if ((e = check_result_owner_args(owner, o, r->expires_at)) || (e = store_begin(s)))
		return e;
	const struct management_scores *c = &r->scores;
	e = sql_insert(
	    s, &SQL_RESULT_INSERT,
	    ARGS(owner[0], owner[1], owner[2], ARG_INT(r->user_id), ARG_TEXT(r->version),
	         ARG_INT(r->taken_at), ARG_INT(c->overall), ARG_INT(c->dont_know),
	         ARG_INT(c->directive[0]), ARG_INT(c->directive[1]), ARG_INT(c->directive[2]),
	         ARG_INT(c->directive[3]), ARG_INT(c->directive[4]), ARG_INT(c->directive[5]),
	         ARG_INT(c->directive[6]), ARG_INT(c->directive[7]), ARG_INT(c->directive[8]),
	         ARG_INT(c->directive[9]), ARG_TEXT(r->submit_token)),
	    "result insert", id);
	if (!e && (e = answers_json(r->answers, json, sizeof json, &json_n)) == MM_OK)
		e = sql_exec(s, &SQL_RESULT_ANSWERS_INSERT,
		             ARGS(ARG_INT(*id), ARG_TEXT(((struct str){json, json_n}))),
		             "result answers");
	return check_tx_end(s, e);
}

/* The SCORES columns from column `first` on. */
static void read_scores(const struct sql_row *r, int first, struct management_scores *out)
{
	out->overall = sql_col_int(r, first);
	out->dont_know = sql_col_int(r, first + 1);
	for (int d = 0; d < STORE_MANAGEMENT_DIRECTIVES; d++)
		out->directive[d] = sql_col_int(r, first + 2 + d);
}

static void read_result(struct arena *a, const struct sql_row *r, void *item)
{
	struct management_result *out = item;
	memset(out, 0, sizeof *out);
	check_read_result_head(a, r, &out->head);
	read_scores(r, CHECK_RESULT_HEAD_COLUMNS, &out->scores);
}

enum mm_err store_management_result_get(struct store *s, struct arena *a, int64_t id,
                                        struct management_result *out)
{
	return check_result_get(&STORE_MANAGEMENT_TABLES, s, a, &SQL_RESULT_GET, id, read_result,
	                        out, out->answers);
}

static void read_summary(struct arena *a, const struct sql_row *r, void *item)
{
	struct management_summary *it = item;
	it->id = sql_col_int64(r, 0);
	it->taken_at = sql_col_int64(r, 1);
	it->version = sql_col_str(a, r, 2);
	read_scores(r, 3, &it->scores);
}

enum mm_err store_management_history(struct store *s, struct arena *a, int64_t org_id,
                                     struct management_summary **out, size_t *n)
{
	return check_history(s, a, &SQL_HISTORY, org_id, STORE_MANAGEMENT_HISTORY_MAX, sizeof **out,
	                     read_summary, (void **)out, n);
}

enum mm_err store_management_latest(struct store *s, struct arena *a, int64_t org_id,
                                    struct management_summary *out)
{
	return sql_row(s, a, &SQL_LATEST, ARGS(ARG_INT(org_id)), read_summary, out, "latest");
}

static void read_candidate(struct arena *a, const struct sql_row *r, void *item)
{
	(void)a;
	struct management_seed_candidate *c = item;
	c->organisation_id = sql_col_int64(r, 0);
	c->assessed_at = sql_col_int64(r, 1);
	const char *industry = sql_col_cstr(r, 2);
	c->bench_industry = industry[0] && !industry[1] ? industry[0] : '\0';
	c->bench_size = sql_col_int(r, 3);
	c->bench_region = sql_col_int(r, 4);
}

enum mm_err store_management_seed_candidates(struct store *s, struct arena *a, int64_t after_org_id,
                                             size_t limit, struct management_seed_candidate **out,
                                             size_t *n)
{
	return sql_rows(s, a, &SQL_SEED_CANDIDATES,
	                ARGS(ARG_INT(after_org_id), ARG_INT((int64_t)limit)), sizeof **out, limit,
	                read_candidate, (void **)out, n, "seed candidates");
}

enum mm_err store_management_has_results(struct store *s, int64_t org_id, bool *has)
{
	int64_t count = 0;
	enum mm_err e =
	    sql_int64_of(s, &SQL_HAS_RESULTS, ARGS(ARG_INT(org_id)), "has results", &count);
	*has = count > 0;
	return e;
}
