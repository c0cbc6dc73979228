/*
 * check.c — what the store does alike for every questionnaire check
 * (store/check.h), written once for every database (store/sql.h) over a
 * check's tables (store/check_sql.h).
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
 * snapshot per statement; the key is the token's 64-bit hash, which
 * another token sharing it only slows down): the second press waits for
 * the first to commit, then finds its result. In the same way, a draft
 * read inside a transaction (to submit it, or to give it to another owner)
 * is locked until the transaction ends: a save of that draft from another
 * tab (which takes the same lock first, see store_check_draft_save) waits,
 * then finds it as the transaction left it (gone, after a submit), instead
 * of changing answers a result was just made from. These locks are
 * PostgreSQL's texts of SQL_EACH() statements; SQLite's texts lock
 * nothing, as nothing needs it there.
 */
#include "store/check.h"

#include <string.h>

#include "store/check_sql.h"

/* ---- answers ------------------------------------------------------------- */

struct answers_into {
	struct arena *a;
	struct str *answers;
	int n;
};

/* Questions outside 1–n cannot exist (CHECK constraint) and are skipped
 * all the same. */
static bool read_answer(const struct sql_row *r, void *ctx)
{
	struct answers_into *into = ctx;
	int question = sql_col_int(r, 0);
	if (question >= 1 && question <= into->n)
		into->answers[question - 1] = sql_col_str(into->a, r, 1);
	return true;
}

/* The (question, answer) rows of q ($1: the draft's or result's id) into
 * answers[0..t->answers), "" for a question without a row. */
static enum mm_err read_answers(const struct check_tables *t, struct store *s, struct arena *a,
                                const struct sql *q, int64_t id, struct str *answers,
                                const char *what)
{
	for (int i = 0; i < t->answers; i++)
		answers[i] = STR("");
	return sql_each(s, q, ARGS(ARG_INT(id)), read_answer,
	                &(struct answers_into){a, answers, t->answers}, what);
}

enum mm_err store_check_result_answers(const struct check_tables *t, struct store *s,
                                       struct arena *a, int64_t id, struct str *answers)
{
	enum mm_err e = read_answers(t, s, a, t->result_answers, id, answers, "result answers");
	for (int i = 0; !e && i < t->answers; i++)
		if (answers[i].n)
			return MM_OK;
	return e ? e : MM_ERR_NOT_FOUND; /* a result is stored with its answers: gone since */
}

struct result_into {
	struct arena *a;
	sql_row_reader read;
	void *out;
	struct answers_into answers;
	bool found;
};

/* The result's columns from its first row; every row's answer. */
static bool read_result_row(const struct sql_row *r, void *ctx)
{
	struct result_into *into = ctx;
	if (!into->found) {
		into->read(into->a, r, into->out);
		for (int i = 0; i < into->answers.n; i++)
			into->answers.answers[i] = STR("");
		into->found = true;
	}
	if (!sql_col_is_null(r, 0))
		(void)read_answer(r, &into->answers);
	return true;
}

enum mm_err check_result_get(const struct check_tables *t, struct store *s, struct arena *a,
                             const struct sql *q, int64_t id, sql_row_reader read, void *out,
                             struct str *answers)
{
	struct result_into into = {a, read, out, {a, answers, t->answers}, false};
	enum mm_err e = sql_each(s, q, ARGS(ARG_INT(id)), read_result_row, &into, "result get");
	return e ? e : into.found ? MM_OK : MM_ERR_NOT_FOUND;
}

enum mm_err check_history(struct store *s, struct arena *a, const struct sql *q, int64_t org_id,
                          size_t max, size_t size, sql_row_reader read, void **out, size_t *n)
{
	return sql_rows(s, a, q, ARGS(ARG_INT(org_id), ARG_INT((int64_t)max)), size, max, read, out,
	                n, "history");
}

void check_read_result_head(struct arena *a, const struct sql_row *r, struct check_result_head *to)
{
	to->id = sql_col_int64(r, 2);
	to->organisation_id = sql_col_int64(r, 3);
	to->user_id = sql_col_int64(r, 4);
	to->taken_at = sql_col_int64(r, 5);
	to->expires_at = sql_col_int64(r, 6);
	(void)sql_col_bytes(r, 7, to->token_hash, TOKEN_HASH_BYTES); /* zeros when NULL */
	to->version = sql_col_str(a, r, 8);
	to->submit_token = sql_col_str(a, r, 9);
}

enum mm_err check_result_owner_args(struct store_arg out[3], const struct check_owner *o,
                                    int64_t expires_at)
{
	bool org = o->kind == CHECK_OWNER_ORG;
	if (o->kind == CHECK_OWNER_USER)
		return MM_ERR_INVALID;
	out[0] = org ? ARG_INT(o->id) : ARG_NULL;
	out[1] = org ? ARG_NULL : ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES);
	out[2] = org ? ARG_NULL : ARG_INT(expires_at);
	return MM_OK;
}

enum mm_err check_tx_end(struct store *s, enum mm_err e)
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
static void owner_args(struct store_arg out[4], const struct check_owner *o, int64_t expires_at)
{
	for (int i = 0; i < 4; i++)
		out[i] = ARG_NULL;
	if (o->kind == CHECK_OWNER_ORG) {
		out[0] = ARG_INT(o->id);
	} else if (o->kind == CHECK_OWNER_USER) {
		out[1] = ARG_INT(o->id);
	} else {
		out[2] = ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES);
		out[3] = ARG_INT(expires_at);
	}
}

/* ---- drafts ---------------------------------------------------------------- */

static void read_draft(struct arena *a, const struct sql_row *r, void *item)
{
	struct check_draft *d = item;
	d->id = sql_col_int64(r, 0);
	d->version = sql_col_str(a, r, 1);
	d->submit_token = sql_col_str(a, r, 2);
	d->updated_at = sql_col_int64(r, 3);
}

enum mm_err store_check_draft_get(const struct check_tables *t, struct store *s, struct arena *a,
                                  const struct check_owner *o, int64_t now, struct check_draft *out)
{
	bool lock = sql_in_transaction(s);
	enum mm_err e;
	switch (o->kind) {
	case CHECK_OWNER_ORG:
		e = sql_row(s, a, lock ? t->draft_by_org_locked : t->draft_by_org,
		            ARGS(ARG_INT(o->id)), read_draft, out, "draft get");
		break;
	case CHECK_OWNER_USER:
		e = sql_row(s, a, lock ? t->draft_by_user_locked : t->draft_by_user,
		            ARGS(ARG_INT(o->id)), read_draft, out, "draft get");
		break;
	default:
		e = sql_row(s, a, lock ? t->draft_by_token_locked : t->draft_by_token,
		            ARGS(ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES), ARG_INT(now)),
		            read_draft, out, "draft get");
		break;
	}
	if (e)
		return e;
	for (int i = t->answers; i < CHECK_ANSWERS_MAX; i++)
		out->answers[i] = STR("");
	return read_answers(t, s, a, t->draft_answers, out->id, out->answers, "draft answers");
}

enum mm_err store_check_draft_create(const struct check_tables *t, struct store *s,
                                     const struct check_owner *o, struct str version,
                                     struct str submit_token, int64_t now, int64_t expires_at,
                                     int64_t *id)
{
	struct store_arg owner[4];
	enum mm_err e;
	if ((e = store_begin(s)))
		return e;
	if (o->kind == CHECK_OWNER_ANONYMOUS) {
		/* An expired draft of the same token would hold its UNIQUE hash. */
		if ((e = sql_exec(s, t->draft_delete_expired_token,
		                  ARGS(ARG_BYTES(o->token_hash, TOKEN_HASH_BYTES), ARG_INT(now)),
		                  "draft delete expired")))
			return check_tx_end(s, e);
	}
	owner_args(owner, o, expires_at);
	return check_tx_end(
	    s, sql_insert(s, t->draft_insert,
	                  ARGS(owner[0], owner[1], owner[2], owner[3], ARG_TEXT(version),
	                       ARG_TEXT(submit_token), ARG_INT(now)),
	                  "draft insert", id));
}

/* The draft's row is touched first, so that on PostgreSQL the save holds
 * the draft's lock before its answers' (in the order a submit takes them:
 * no deadlock), and waits for a submit of that draft to end. A draft gone
 * meanwhile: the touch changes nothing and the first answer breaks its
 * foreign key (CONFLICT). */
enum mm_err store_check_draft_save(const struct check_tables *t, struct store *s, int64_t draft_id,
                                   const struct str *answers, int64_t now, int64_t expires_at)
{
	enum mm_err e;
	if ((e = store_begin(s)))
		return e;
	e = sql_exec(s, t->draft_touch, ARGS(ARG_INT(draft_id), ARG_INT(now), ARG_INT(expires_at)),
	             "draft touch");
	for (int i = 0; !e && i < t->answers; i++) {
		if (answers[i].n == 0)
			continue;
		e = sql_exec(s, t->draft_answer_upsert,
		             ARGS(ARG_INT(draft_id), ARG_INT(i + 1), ARG_TEXT(answers[i])),
		             "draft answer");
	}
	return check_tx_end(s, e);
}

enum mm_err store_check_draft_delete(const struct check_tables *t, struct store *s,
                                     int64_t draft_id)
{
	return sql_exec(s, t->draft_delete, ARGS(ARG_INT(draft_id)), "draft delete");
}

enum mm_err store_check_draft_move(const struct check_tables *t, struct store *s, int64_t draft_id,
                                   const struct check_owner *to)
{
	struct store_arg owner[4];
	owner_args(owner, to, 0);
	sql_savepoint_next(s); /* CONFLICT: the new owner has a draft; the caller goes on */
	return sql_exec(s, t->draft_move,
	                ARGS(ARG_INT(draft_id), owner[0], owner[1], owner[2], owner[3]),
	                "draft move");
}

/* ---- results --------------------------------------------------------------- */

enum mm_err store_check_result_id_by_submit_token(const struct check_tables *t, struct store *s,
                                                  struct str submit_token, int64_t *id)
{
	if (sql_in_transaction(s)) {
		enum mm_err e = sql_exec(s, t->submit_token_lock, ARGS(ARG_TEXT(submit_token)),
		                         "submit token lock");
		if (e)
			return e;
	}
	return sql_int64_of(s, t->result_by_submit_token, ARGS(ARG_TEXT(submit_token)),
	                    "result by submit token", id);
}

enum mm_err store_check_result_previous(const struct check_tables *t, struct store *s,
                                        int64_t org_id, int64_t id, int64_t *previous_id)
{
	return sql_int64_of(s, t->result_previous, ARGS(ARG_INT(org_id), ARG_INT(id)),
	                    "result previous", previous_id);
}

enum mm_err store_check_results_attach(const struct check_tables *t, struct store *s,
                                       const unsigned char hash[TOKEN_HASH_BYTES], int64_t org_id,
                                       int64_t now, int64_t *moved)
{
	return sql_exec_count(
	    s, t->results_attach,
	    ARGS(ARG_BYTES(hash, TOKEN_HASH_BYTES), ARG_INT(org_id), ARG_INT(now)),
	    "results attach", moved);
}

enum mm_err store_check_purge_expired(const struct check_tables *t, struct store *s, int64_t now)
{
	enum mm_err e = sql_exec(s, t->draft_purge, ARGS(ARG_INT(now)), "draft purge");
	if (e)
		return e;
	return sql_exec(s, t->result_purge, ARGS(ARG_INT(now)), "result purge");
}
