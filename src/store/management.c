/*
 * management.c — the management self-check area of the store
 * (store/management.h), written once for every database (store/sql.h):
 * drafts, results and their answers per question. It follows
 * store/assessment.c statement for statement; what is said there holds
 * here.
 *
 * Writes of several statements (a draft's answers, a result and its
 * answers) run inside one transaction, nested in the caller's when there is
 * one, so a result is never stored without all of its answers. A duplicate
 * that is an expected answer (the owner has a draft already, the submit
 * token made a result already) is an INSERT … ON CONFLICT DO NOTHING, so
 * that it does not spoil a PostgreSQL transaction; the nested transaction
 * is then rolled back.
 *
 * A submit pressed twice at the same moment: SQLite runs one writer at a
 * time (BEGIN IMMEDIATE), so the second press finds the first one's result
 * by its submit token. PostgreSQL's BEGIN does not serialise writers: both
 * could find none and go on to insert. So, inside a transaction, the
 * look-up by submit token first takes a lock on that token for the rest of
 * the transaction (a statement of its own: READ COMMITTED takes a new
 * snapshot per statement): the second press waits for the first to commit,
 * then finds its result. In the same way, a draft read inside a transaction
 * (to submit it, or to give it to another owner) is locked until the
 * transaction ends: a save of that draft from another tab (which takes the
 * same lock first, see store_management_draft_save) waits, then finds it as
 * the transaction left it (gone, after a submit), instead of changing
 * answers a result was just made from. These locks are PostgreSQL's texts
 * of SQL_EACH() statements; SQLite's texts lock nothing, as nothing needs
 * it there.
 */
#include "store/management.h"

#include <stdio.h>
#include <string.h>

#include "store/sql.h"

#define DRAFT_SELECT "SELECT id, version, submit_token, updated_at FROM management_draft"
#define DRAFT_BY_ORG DRAFT_SELECT " WHERE organisation_id = "
#define DRAFT_BY_USER DRAFT_SELECT " WHERE user_id = "
static const struct sql SQL_DRAFT_BY_ORG = SQL(DRAFT_BY_ORG "$1");
static const struct sql SQL_DRAFT_BY_USER = SQL(DRAFT_BY_USER "$1");
static const struct sql SQL_DRAFT_BY_TOKEN =
    SQL(DRAFT_SELECT " WHERE token_hash = $1 AND expires_at > $2");
/* The same, inside a transaction (see the top). */
static const struct sql SQL_DRAFT_BY_ORG_LOCKED =
    SQL_EACH(DRAFT_BY_ORG "?1", DRAFT_BY_ORG "$1 FOR UPDATE");
static const struct sql SQL_DRAFT_BY_USER_LOCKED =
    SQL_EACH(DRAFT_BY_USER "?1", DRAFT_BY_USER "$1 FOR UPDATE");
static const struct sql SQL_DRAFT_BY_TOKEN_LOCKED =
    SQL_EACH(DRAFT_SELECT " WHERE token_hash = ?1 AND expires_at > ?2",
             DRAFT_SELECT " WHERE token_hash = $1 AND expires_at > $2 FOR UPDATE");
static const struct sql SQL_DRAFT_ANSWERS =
    SQL("SELECT question, answer FROM management_draft_answer WHERE draft_id = $1");
static const struct sql SQL_DRAFT_INSERT =
    SQL("INSERT INTO management_draft (organisation_id, user_id, token_hash, expires_at,"
        " version, submit_token, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
        " ON CONFLICT DO NOTHING RETURNING id");
static const struct sql SQL_DRAFT_DELETE_EXPIRED_TOKEN =
    SQL("DELETE FROM management_draft WHERE token_hash = $1 AND expires_at <= $2");
static const struct sql SQL_DRAFT_ANSWER_UPSERT =
    SQL("INSERT INTO management_draft_answer (draft_id, question, answer) VALUES ($1, $2, $3)"
        " ON CONFLICT (draft_id, question) DO UPDATE SET answer = excluded.answer");
static const struct sql SQL_DRAFT_TOUCH =
    SQL("UPDATE management_draft SET updated_at = $2,"
        " expires_at = CASE WHEN token_hash IS NULL THEN NULL ELSE CAST($3 AS bigint) END"
        " WHERE id = $1");
static const struct sql SQL_DRAFT_DELETE = SQL("DELETE FROM management_draft WHERE id = $1");
static const struct sql SQL_DRAFT_MOVE =
    SQL("UPDATE management_draft SET organisation_id = $2, user_id = $3, token_hash = $4,"
        " expires_at = $5 WHERE id = $1");
static const struct sql SQL_DRAFT_PURGE =
    SQL("DELETE FROM management_draft WHERE expires_at IS NOT NULL AND expires_at <= $1");

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
/* Serialises the submits of one token (see the top); the key is the
 * token's 64-bit hash, which another token sharing it only slows down.
 * SQLite's text only reads the parameter back. */
static const struct sql SQL_SUBMIT_TOKEN_LOCK = SQL_EACH(
    "SELECT ?1", "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended($1, 5913084412206647251))");
static const struct sql SQL_RESULT_BY_SUBMIT_TOKEN =
    SQL("SELECT id FROM management_result WHERE submit_token = $1");
/* The scores' columns, in the order read_scores() reads them. */
#define SCORES "overall, dont_know, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10"
static const struct sql SQL_RESULT_GET =
    SQL("SELECT id, coalesce(organisation_id, 0), coalesce(user_id, 0), taken_at,"
        " coalesce(expires_at, 0), token_hash, version, submit_token, " SCORES
        " FROM management_result WHERE id = $1");
static const struct sql SQL_RESULT_ANSWERS =
    SQL("SELECT question, answer FROM management_result_answer WHERE result_id = $1");
static const struct sql SQL_RESULT_PREVIOUS =
    SQL("SELECT p.id FROM management_result p, management_result r"
        " WHERE r.id = $2 AND p.organisation_id = $1"
        " AND (p.taken_at < r.taken_at OR (p.taken_at = r.taken_at AND p.id < r.id))"
        " ORDER BY p.taken_at DESC, p.id DESC LIMIT 1");
static const struct sql SQL_HISTORY =
    SQL("SELECT id, taken_at, version, " SCORES " FROM"
        " (SELECT * FROM management_result WHERE organisation_id = $1"
        "  ORDER BY taken_at DESC, id DESC LIMIT $2) AS newest"
        " ORDER BY taken_at, id");
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
static const struct sql SQL_RESULTS_ATTACH =
    SQL("UPDATE management_result SET organisation_id = $2, token_hash = NULL, expires_at = NULL"
        " WHERE token_hash = $1 AND expires_at > $3");
static const struct sql SQL_RESULT_PURGE =
    SQL("DELETE FROM management_result WHERE expires_at IS NOT NULL AND expires_at <= $1");

/* ---- answers ------------------------------------------------------------- */

struct answers_into {
	struct arena *a;
	struct str *answers;
};

/* Questions outside 1–60 cannot exist (CHECK constraint) and are skipped
 * all the same. */
static bool read_answer(const struct sql_row *r, void *ctx)
{
	struct answers_into *into = ctx;
	int question = sql_col_int(r, 0);
	if (question >= 1 && question <= STORE_MANAGEMENT_QUESTIONS)
		into->answers[question - 1] = sql_col_str(into->a, r, 1);
	return true;
}

/* The (question, answer) rows of q ($1: the draft's or result's id) into
 * answers[0..60), "" for a question without a row. */
static enum mm_err read_answers(struct store *s, struct arena *a, const struct sql *q, int64_t id,
                                struct str *answers, const char *what)
{
	for (size_t i = 0; i < STORE_MANAGEMENT_QUESTIONS; i++)
		answers[i] = STR("");
	return sql_each(s, q, ARGS(ARG_INT(id)), read_answer, &(struct answers_into){a, answers},
	                what);
}

static enum mm_err run_in_tx(struct store *s, enum mm_err e)
{
	if (e) {
		store_rollback(s);
		return e;
	}
	if ((e = store_commit(s)))
		store_rollback(s);
	return e;
}

/* The owner as the four parameters (organisation_id, user_id, token_hash,
 * expires_at), NULL where the owner kind has none. */
static void owner_args(struct store_arg out[4], const struct management_owner *o,
                       int64_t expires_at)
{
	for (int i = 0; i < 4; i++)
		out[i] = ARG_NULL;
	if (o->kind == MANAGEMENT_OWNER_ORG) {
		out[0] = ARG_INT(o->id);
	} else if (o->kind == MANAGEMENT_OWNER_USER) {
		out[1] = ARG_INT(o->id);
	} else {
		out[2] = ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES);
		out[3] = ARG_INT(expires_at);
	}
}

/* ---- drafts ---------------------------------------------------------------- */

static void read_draft(struct arena *a, const struct sql_row *r, void *item)
{
	struct management_draft *d = item;
	d->id = sql_col_int64(r, 0);
	d->version = sql_col_str(a, r, 1);
	d->submit_token = sql_col_str(a, r, 2);
	d->updated_at = sql_col_int64(r, 3);
}

enum mm_err store_management_draft_get(struct store *s, struct arena *a,
                                       const struct management_owner *o, int64_t now,
                                       struct management_draft *out)
{
	bool lock = sql_in_transaction(s);
	enum mm_err e;
	switch (o->kind) {
	case MANAGEMENT_OWNER_ORG:
		e = sql_row(s, a, lock ? &SQL_DRAFT_BY_ORG_LOCKED : &SQL_DRAFT_BY_ORG,
		            ARGS(ARG_INT(o->id)), read_draft, out, "draft get");
		break;
	case MANAGEMENT_OWNER_USER:
		e = sql_row(s, a, lock ? &SQL_DRAFT_BY_USER_LOCKED : &SQL_DRAFT_BY_USER,
		            ARGS(ARG_INT(o->id)), read_draft, out, "draft get");
		break;
	default:
		e = sql_row(s, a, lock ? &SQL_DRAFT_BY_TOKEN_LOCKED : &SQL_DRAFT_BY_TOKEN,
		            ARGS(ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES), ARG_INT(now)),
		            read_draft, out, "draft get");
		break;
	}
	if (e)
		return e;
	return read_answers(s, a, &SQL_DRAFT_ANSWERS, out->id, out->answers, "draft answers");
}

enum mm_err store_management_draft_create(struct store *s, const struct management_owner *o,
                                          struct str version, struct str submit_token, int64_t now,
                                          int64_t expires_at, int64_t *id)
{
	struct store_arg owner[4];
	enum mm_err e;
	if ((e = store_begin(s)))
		return e;
	if (o->kind == MANAGEMENT_OWNER_ANONYMOUS) {
		/* An expired draft of the same token would hold its UNIQUE hash. */
		if ((e = sql_exec(s, &SQL_DRAFT_DELETE_EXPIRED_TOKEN,
		                  ARGS(ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES), ARG_INT(now)),
		                  "draft delete expired")))
			return run_in_tx(s, e);
	}
	owner_args(owner, o, expires_at);
	return run_in_tx(s,
	                 sql_insert(s, &SQL_DRAFT_INSERT,
	                            ARGS(owner[0], owner[1], owner[2], owner[3], ARG_TEXT(version),
	                                 ARG_TEXT(submit_token), ARG_INT(now)),
	                            "draft insert", id));
}

/* The draft's row is touched first, so that on PostgreSQL the save holds
 * the draft's lock before its answers' (in the order a submit takes them:
 * no deadlock), and waits for a submit of that draft to end. A draft gone
 * meanwhile: the touch changes nothing and the first answer breaks its
 * foreign key (CONFLICT). */
enum mm_err store_management_draft_save(struct store *s, int64_t draft_id,
                                        const struct str answers[STORE_MANAGEMENT_QUESTIONS],
                                        int64_t now, int64_t expires_at)
{
	enum mm_err e;
	if ((e = store_begin(s)))
		return e;
	e = sql_exec(s, &SQL_DRAFT_TOUCH,
	             ARGS(ARG_INT(draft_id), ARG_INT(now), ARG_INT(expires_at)), "draft touch");
	for (int i = 0; !e && i < STORE_MANAGEMENT_QUESTIONS; i++) {
		if (answers[i].n == 0)
			continue;
		e = sql_exec(s, &SQL_DRAFT_ANSWER_UPSERT,
		             ARGS(ARG_INT(draft_id), ARG_INT(i + 1), ARG_TEXT(answers[i])),
		             "draft answer");
	}
	return run_in_tx(s, e);
}

enum mm_err store_management_draft_delete(struct store *s, int64_t draft_id)
{
	return sql_exec(s, &SQL_DRAFT_DELETE, ARGS(ARG_INT(draft_id)), "draft delete");
}

enum mm_err store_management_draft_move(struct store *s, int64_t draft_id,
                                        const struct management_owner *to)
{
	struct store_arg owner[4];
	owner_args(owner, to, 0);
	sql_savepoint_next(s); /* CONFLICT: the new owner has a draft; the caller goes on */
	return sql_exec(s, &SQL_DRAFT_MOVE,
	                ARGS(ARG_INT(draft_id), owner[0], owner[1], owner[2], owner[3]),
	                "draft move");
}

/* ---- results --------------------------------------------------------------- */

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

enum mm_err store_management_result_insert(struct store *s, const struct management_owner *o,
                                           const struct management_result *r, int64_t *id)
{
	char json[STORE_MANAGEMENT_QUESTIONS * 24 + 4];
	size_t json_n = 0;
	enum mm_err e;
	if (o->kind == MANAGEMENT_OWNER_USER)
		return MM_ERR_INVALID; /* results belong to organisations or anonymous tokens */
	if ((e = store_begin(s)))
		return e;
	bool org = o->kind == MANAGEMENT_OWNER_ORG;
	const struct management_scores *c = &r->scores;
	e = sql_insert(
	    s, &SQL_RESULT_INSERT,
	    ARGS(org ? ARG_INT(o->id) : ARG_NULL,
	         org ? ARG_NULL : ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES),
	         org ? ARG_NULL : ARG_INT(r->expires_at), ARG_INT(r->user_id), ARG_TEXT(r->version),
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
	return run_in_tx(s, e);
}

enum mm_err store_management_result_id_by_submit_token(struct store *s, struct str submit_token,
                                                       int64_t *id)
{
	if (sql_in_transaction(s)) {
		enum mm_err e = sql_exec(s, &SQL_SUBMIT_TOKEN_LOCK, ARGS(ARG_TEXT(submit_token)),
		                         "submit token lock");
		if (e)
			return e;
	}
	return sql_int64_of(s, &SQL_RESULT_BY_SUBMIT_TOKEN, ARGS(ARG_TEXT(submit_token)),
	                    "result by submit token", id);
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
	out->id = sql_col_int64(r, 0);
	out->organisation_id = sql_col_int64(r, 1);
	out->user_id = sql_col_int64(r, 2);
	out->taken_at = sql_col_int64(r, 3);
	out->expires_at = sql_col_int64(r, 4);
	(void)sql_col_bytes(r, 5, out->token_hash, TOKEN_HASH_BYTES); /* zeros when NULL */
	out->version = sql_col_str(a, r, 6);
	out->submit_token = sql_col_str(a, r, 7);
	read_scores(r, 8, &out->scores);
}

enum mm_err store_management_result_get(struct store *s, struct arena *a, int64_t id,
                                        struct management_result *out)
{
	enum mm_err e =
	    sql_row(s, a, &SQL_RESULT_GET, ARGS(ARG_INT(id)), read_result, out, "result get");
	if (e)
		return e;
	return read_answers(s, a, &SQL_RESULT_ANSWERS, id, out->answers, "result answers");
}

enum mm_err store_management_result_previous(struct store *s, int64_t org_id, int64_t id,
                                             int64_t *previous_id)
{
	return sql_int64_of(s, &SQL_RESULT_PREVIOUS, ARGS(ARG_INT(org_id), ARG_INT(id)),
	                    "result previous", previous_id);
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
	return sql_rows(s, a, &SQL_HISTORY,
	                ARGS(ARG_INT(org_id), ARG_INT(STORE_MANAGEMENT_HISTORY_MAX)), sizeof **out,
	                STORE_MANAGEMENT_HISTORY_MAX, read_summary, (void **)out, n, "history");
}

enum mm_err store_management_latest(struct store *s, struct arena *a, int64_t org_id,
                                    struct management_summary *out)
{
	return sql_row(s, a, &SQL_LATEST, ARGS(ARG_INT(org_id)), read_summary, out, "latest");
}

enum mm_err store_management_results_attach(struct store *s,
                                            const unsigned char hash[TOKEN_HASH_BYTES],
                                            int64_t org_id, int64_t now, int64_t *moved)
{
	return sql_exec_count(
	    s, &SQL_RESULTS_ATTACH,
	    ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(org_id), ARG_INT(now)),
	    "results attach", moved);
}

enum mm_err store_management_purge_expired(struct store *s, int64_t now)
{
	enum mm_err e = sql_exec(s, &SQL_DRAFT_PURGE, ARGS(ARG_INT(now)), "draft purge");
	if (e)
		return e;
	return sql_exec(s, &SQL_RESULT_PURGE, ARGS(ARG_INT(now)), "result purge");
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
