/*
 * sqlite_assessment.c — the self-assessment area of the SQLite driver (see
 * store/assessment.h): drafts, results and their answers per item.
 *
 * Writes of several statements (a draft's answers, a result and its
 * answers) run inside one transaction, nested in the caller's when there is
 * one, so a result is never stored without all of its answers.
 */
#include <string.h>

#include "store/assessment.h"
#include "store/sqlite_int.h"

#define DRAFT_SELECT "SELECT id, version, submit_token, updated_at FROM assessment_draft"
static const char SQL_DRAFT_BY_ORG[] = DRAFT_SELECT " WHERE organisation_id = ?1";
static const char SQL_DRAFT_BY_USER[] = DRAFT_SELECT " WHERE user_id = ?1";
static const char SQL_DRAFT_BY_TOKEN[] = DRAFT_SELECT " WHERE token_hash = ?1 AND expires_at > ?2";
static const char SQL_DRAFT_ANSWERS[] =
    "SELECT item, answer FROM assessment_draft_answer WHERE draft_id = ?1";
static const char SQL_DRAFT_INSERT[] =
    "INSERT INTO assessment_draft (organisation_id, user_id, token_hash, expires_at, version,"
    " submit_token, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char SQL_DRAFT_DELETE_EXPIRED_TOKEN[] =
    "DELETE FROM assessment_draft WHERE token_hash = ?1 AND expires_at <= ?2";
static const char SQL_DRAFT_ANSWER_UPSERT[] =
    "INSERT INTO assessment_draft_answer (draft_id, item, answer) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (draft_id, item) DO UPDATE SET answer = excluded.answer";
static const char SQL_DRAFT_TOUCH[] =
    "UPDATE assessment_draft SET updated_at = ?2,"
    " expires_at = CASE WHEN token_hash IS NULL THEN NULL ELSE ?3 END WHERE id = ?1";
static const char SQL_DRAFT_DELETE[] = "DELETE FROM assessment_draft WHERE id = ?1";
static const char SQL_DRAFT_MOVE[] =
    "UPDATE assessment_draft SET organisation_id = ?2, user_id = ?3, token_hash = ?4,"
    " expires_at = ?5 WHERE id = ?1";
static const char SQL_DRAFT_PURGE[] =
    "DELETE FROM assessment_draft WHERE expires_at IS NOT NULL AND expires_at <= ?1";

static const char SQL_RESULT_INSERT[] =
    "INSERT INTO assessment_result (organisation_id, token_hash, expires_at, user_id, version,"
    " taken_at, total, part1, part2, part3, submit_token)"
    " VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_RESULT_ANSWER_INSERT[] =
    "INSERT INTO assessment_result_answer (result_id, item, answer) VALUES (?1, ?2, ?3)";
static const char SQL_RESULT_BY_SUBMIT_TOKEN[] =
    "SELECT id FROM assessment_result WHERE submit_token = ?1";
static const char SQL_RESULT_GET[] =
    "SELECT id, coalesce(organisation_id, 0), coalesce(user_id, 0), taken_at,"
    " coalesce(expires_at, 0), token_hash, version, submit_token, total, part1, part2, part3"
    " FROM assessment_result WHERE id = ?1";
static const char SQL_RESULT_ANSWERS[] =
    "SELECT item, answer FROM assessment_result_answer WHERE result_id = ?1";
static const char SQL_RESULT_PREVIOUS[] =
    "SELECT p.id FROM assessment_result p, assessment_result r"
    " WHERE r.id = ?2 AND p.organisation_id = ?1"
    " AND (p.taken_at < r.taken_at OR (p.taken_at = r.taken_at AND p.id < r.id))"
    " ORDER BY p.taken_at DESC, p.id DESC LIMIT 1";
static const char SQL_HISTORY[] = "SELECT id, taken_at, version, total, part1, part2, part3 FROM"
                                  " (SELECT * FROM assessment_result WHERE organisation_id = ?1"
                                  "  ORDER BY taken_at DESC, id DESC LIMIT ?2)"
                                  " ORDER BY taken_at, id";
static const char SQL_RESULTS_ATTACH[] =
    "UPDATE assessment_result SET organisation_id = ?2, token_hash = NULL, expires_at = NULL"
    " WHERE token_hash = ?1 AND expires_at > ?3";
static const char SQL_RESULT_PURGE[] =
    "DELETE FROM assessment_result WHERE expires_at IS NOT NULL AND expires_at <= ?1";
static const char SQL_ORG_ID_BY_PUBLIC_ID[] = "SELECT id FROM organisation WHERE public_id = ?1";

/* Items outside 1–25 cannot exist (CHECK constraint) and are skipped all
 * the same. */
enum mm_err sqlite_assessment_answers(struct store *base, struct arena *a, sqlite3_stmt *st,
                                      struct str *answers, const char *what)
{
	int rc;
	for (size_t i = 0; i < STORE_ASSESSMENT_ITEMS; i++)
		answers[i] = STR("");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int item = sqlite3_column_int(st, 0);
		if (item >= 1 && item <= STORE_ASSESSMENT_ITEMS)
			answers[item - 1] = sqlite_column_str(a, st, 1);
	}
	enum mm_err e = rc == SQLITE_DONE ? MM_OK : sqlite_error(base, what);
	sqlite_done(st);
	return e;
}

static enum mm_err run_in_tx(struct store *base, enum mm_err e)
{
	if (e) {
		store_rollback(base);
		return e;
	}
	if ((e = store_commit(base)))
		store_rollback(base);
	return e;
}

/* ---- drafts ---------------------------------------------------------------- */

static enum mm_err draft_get(struct store *base, struct arena *a, const struct assessment_owner *o,
                             int64_t now, struct assessment_draft *out)
{
	sqlite3_stmt *st;
	enum mm_err e;
	switch (o->kind) {
	case ASSESSMENT_OWNER_ORG:
		if (!(st = sqlite_stmt(base, SQL_DRAFT_BY_ORG)))
			return MM_ERR_DB;
		sqlite3_bind_int64(st, 1, o->id);
		break;
	case ASSESSMENT_OWNER_USER:
		if (!(st = sqlite_stmt(base, SQL_DRAFT_BY_USER)))
			return MM_ERR_DB;
		sqlite3_bind_int64(st, 1, o->id);
		break;
	default:
		if (!(st = sqlite_stmt(base, SQL_DRAFT_BY_TOKEN)))
			return MM_ERR_DB;
		sqlite_bind_hash(st, 1, o->token_hash, TOKEN_HASH_BYTES);
		sqlite3_bind_int64(st, 2, now);
		break;
	}
	if ((e = sqlite_one_row(base, st, "draft get")))
		return e;
	out->id = sqlite3_column_int64(st, 0);
	out->version = sqlite_column_str(a, st, 1);
	out->submit_token = sqlite_column_str(a, st, 2);
	out->updated_at = sqlite3_column_int64(st, 3);
	sqlite_done(st);
	if (!(st = sqlite_stmt(base, SQL_DRAFT_ANSWERS)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, out->id);
	return sqlite_assessment_answers(base, a, st, out->answers, "draft answers");
}

/* Binds ?first … ?first+3 as (organisation_id, user_id, token_hash,
 * expires_at) for owner o, NULL where the owner kind has none. */
static void bind_owner(sqlite3_stmt *st, int first, const struct assessment_owner *o,
                       int64_t expires_at)
{
	for (int i = 0; i < 4; i++)
		sqlite3_bind_null(st, first + i);
	if (o->kind == ASSESSMENT_OWNER_ORG) {
		sqlite3_bind_int64(st, first, o->id);
	} else if (o->kind == ASSESSMENT_OWNER_USER) {
		sqlite3_bind_int64(st, first + 1, o->id);
	} else {
		sqlite_bind_hash(st, first + 2, o->token_hash, TOKEN_HASH_BYTES);
		sqlite3_bind_int64(st, first + 3, expires_at);
	}
}

static enum mm_err draft_create(struct store *base, const struct assessment_owner *o,
                                struct str version, struct str submit_token, int64_t now,
                                int64_t expires_at, int64_t *id)
{
	sqlite3_stmt *st;
	enum mm_err e;
	if ((e = store_begin(base)))
		return e;
	if (o->kind == ASSESSMENT_OWNER_ANONYMOUS) {
		/* An expired draft of the same token would hold its UNIQUE hash. */
		if (!(st = sqlite_stmt(base, SQL_DRAFT_DELETE_EXPIRED_TOKEN)))
			return run_in_tx(base, MM_ERR_DB);
		sqlite_bind_hash(st, 1, o->token_hash, TOKEN_HASH_BYTES);
		sqlite3_bind_int64(st, 2, now);
		if ((e = sqlite_exec(base, st, "draft delete expired")))
			return run_in_tx(base, e);
	}
	if (!(st = sqlite_stmt(base, SQL_DRAFT_INSERT)))
		return run_in_tx(base, MM_ERR_DB);
	bind_owner(st, 1, o, expires_at);
	sqlite_bind_str(st, 5, version);
	sqlite_bind_str(st, 6, submit_token);
	sqlite3_bind_int64(st, 7, now);
	return run_in_tx(base, sqlite_insert(base, st, "draft insert", id));
}

static enum mm_err draft_save(struct store *base, int64_t draft_id,
                              const struct str answers[STORE_ASSESSMENT_ITEMS], int64_t now,
                              int64_t expires_at)
{
	sqlite3_stmt *st;
	enum mm_err e;
	if ((e = store_begin(base)))
		return e;
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++) {
		if (answers[i].n == 0)
			continue;
		if (!(st = sqlite_stmt(base, SQL_DRAFT_ANSWER_UPSERT)))
			return run_in_tx(base, MM_ERR_DB);
		sqlite3_bind_int64(st, 1, draft_id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite_bind_str(st, 3, answers[i]);
		if ((e = sqlite_exec(base, st, "draft answer")))
			return run_in_tx(base, e);
	}
	if (!(st = sqlite_stmt(base, SQL_DRAFT_TOUCH)))
		return run_in_tx(base, MM_ERR_DB);
	sqlite3_bind_int64(st, 1, draft_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, expires_at);
	return run_in_tx(base, sqlite_exec(base, st, "draft touch"));
}

static enum mm_err draft_delete(struct store *base, int64_t draft_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_DRAFT_DELETE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, draft_id);
	return sqlite_exec(base, st, "draft delete");
}

static enum mm_err draft_move(struct store *base, int64_t draft_id,
                              const struct assessment_owner *to)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_DRAFT_MOVE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, draft_id);
	bind_owner(st, 2, to, 0);
	return sqlite_exec(base, st, "draft move");
}

/* ---- results --------------------------------------------------------------- */

static enum mm_err result_insert(struct store *base, const struct assessment_owner *o,
                                 const struct assessment_result *r, int64_t *id)
{
	sqlite3_stmt *st;
	enum mm_err e;
	if (o->kind == ASSESSMENT_OWNER_USER)
		return MM_ERR_INVALID; /* results belong to organisations or anonymous tokens */
	if ((e = store_begin(base)))
		return e;
	if (!(st = sqlite_stmt(base, SQL_RESULT_INSERT)))
		return run_in_tx(base, MM_ERR_DB);
	sqlite3_bind_null(st, 1);
	sqlite3_bind_null(st, 2);
	sqlite3_bind_null(st, 3);
	if (o->kind == ASSESSMENT_OWNER_ORG) {
		sqlite3_bind_int64(st, 1, o->id);
	} else {
		sqlite_bind_hash(st, 2, o->token_hash, TOKEN_HASH_BYTES);
		sqlite3_bind_int64(st, 3, r->expires_at);
	}
	sqlite3_bind_int64(st, 4, r->user_id);
	sqlite_bind_str(st, 5, r->version);
	sqlite3_bind_int64(st, 6, r->taken_at);
	sqlite3_bind_int(st, 7, r->total);
	for (int p = 0; p < STORE_ASSESSMENT_PARTS; p++)
		sqlite3_bind_int(st, 8 + p, r->part[p]);
	sqlite_bind_str(st, 11, r->submit_token);
	if ((e = sqlite_insert(base, st, "result insert", id)))
		return run_in_tx(base, e);
	for (int i = 0; i < STORE_ASSESSMENT_ITEMS; i++) {
		if (!(st = sqlite_stmt(base, SQL_RESULT_ANSWER_INSERT)))
			return run_in_tx(base, MM_ERR_DB);
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite_bind_str(st, 3, r->answers[i]);
		if ((e = sqlite_exec(base, st, "result answer")))
			return run_in_tx(base, e);
	}
	return run_in_tx(base, MM_OK);
}

static enum mm_err result_id_by_submit_token(struct store *base, struct str submit_token,
                                             int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_RESULT_BY_SUBMIT_TOKEN);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, submit_token);
	return sqlite_int64_of(base, st, "result by submit token", id);
}

static enum mm_err result_get(struct store *base, struct arena *a, int64_t id,
                              struct assessment_result *out)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_RESULT_GET);
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((e = sqlite_one_row(base, st, "result get")))
		return e;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->organisation_id = sqlite3_column_int64(st, 1);
	out->user_id = sqlite3_column_int64(st, 2);
	out->taken_at = sqlite3_column_int64(st, 3);
	out->expires_at = sqlite3_column_int64(st, 4);
	if (sqlite3_column_bytes(st, 5) == TOKEN_HASH_BYTES)
		memcpy(out->token_hash, sqlite3_column_blob(st, 5), TOKEN_HASH_BYTES);
	out->version = sqlite_column_str(a, st, 6);
	out->submit_token = sqlite_column_str(a, st, 7);
	out->total = sqlite3_column_int(st, 8);
	for (int p = 0; p < STORE_ASSESSMENT_PARTS; p++)
		out->part[p] = sqlite3_column_int(st, 9 + p);
	sqlite_done(st);
	if (!(st = sqlite_stmt(base, SQL_RESULT_ANSWERS)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return sqlite_assessment_answers(base, a, st, out->answers, "result answers");
}

static enum mm_err result_previous(struct store *base, int64_t org_id, int64_t id,
                                   int64_t *previous_id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_RESULT_PREVIOUS);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, id);
	return sqlite_int64_of(base, st, "result previous", previous_id);
}

static void read_summary(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct assessment_summary *it = item;
	it->id = sqlite3_column_int64(st, 0);
	it->taken_at = sqlite3_column_int64(st, 1);
	it->version = sqlite_column_str(a, st, 2);
	it->total = sqlite3_column_int(st, 3);
	for (int p = 0; p < STORE_ASSESSMENT_PARTS; p++)
		it->part[p] = sqlite3_column_int(st, 4 + p);
}

static enum mm_err history(struct store *base, struct arena *a, int64_t org_id,
                           struct assessment_summary **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_HISTORY);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, STORE_ASSESSMENT_HISTORY_MAX);
	return sqlite_rows(base, a, st, sizeof **out, STORE_ASSESSMENT_HISTORY_MAX, read_summary,
	                   (void **)out, n, "history");
}

static enum mm_err results_attach(struct store *base, const unsigned char hash[TOKEN_HASH_BYTES],
                                  int64_t org_id, int64_t now, int64_t *moved)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_RESULTS_ATTACH);
	enum mm_err e;
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_hash(st, 1, hash, TOKEN_HASH_BYTES);
	sqlite3_bind_int64(st, 2, org_id);
	sqlite3_bind_int64(st, 3, now);
	e = sqlite_exec(base, st, "results attach");
	*moved = e ? 0 : sqlite_changes(base);
	return e;
}

static enum mm_err purge_expired(struct store *base, int64_t now)
{
	sqlite3_stmt *st;
	enum mm_err e;
	if (!(st = sqlite_stmt(base, SQL_DRAFT_PURGE)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, now);
	if ((e = sqlite_exec(base, st, "draft purge")))
		return e;
	if (!(st = sqlite_stmt(base, SQL_RESULT_PURGE)))
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, now);
	return sqlite_exec(base, st, "result purge");
}

static enum mm_err org_id_by_public_id(struct store *base, struct str public_id, int64_t *id)
{
	sqlite3_stmt *st = sqlite_stmt(base, SQL_ORG_ID_BY_PUBLIC_ID);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, public_id);
	return sqlite_int64_of(base, st, "organisation by public id", id);
}

const struct store_assessment_ops sqlite_assessment_ops = {
    .draft_get = draft_get,
    .draft_create = draft_create,
    .draft_save = draft_save,
    .draft_delete = draft_delete,
    .draft_move = draft_move,
    .result_insert = result_insert,
    .result_id_by_submit_token = result_id_by_submit_token,
    .result_get = result_get,
    .result_previous = result_previous,
    .history = history,
    .results_attach = results_attach,
    .purge_expired = purge_expired,
    .org_id_by_public_id = org_id_by_public_id,
};
