/*
 * check_sql.h — private to the store: the statements a questionnaire
 * check's tables answer (store/check.h), made once for any check by
 * CHECK_TABLES_DEFINE(), and the helpers its own store file shares with
 * store/check.c for what differs (a result's scores).
 *
 * A check's schema: T_draft (organisation_id, user_id, token_hash,
 * expires_at, version, submit_token, created_at, updated_at),
 * T_draft_answer (draft_id, COL, answer), T_result (organisation_id,
 * token_hash, expires_at, user_id, version, taken_at, submit_token and its
 * scores), T_result_answer (result_id, COL, answer), with COL its
 * questions' column. The texts are joined from string literals when the
 * program is compiled: each is a prepared constant with bound parameters,
 * as everywhere in the store. KEY is the check's own key of the advisory
 * lock on a submit token (see store/check.c).
 */
#ifndef MM_STORE_CHECK_SQL_H
#define MM_STORE_CHECK_SQL_H

#include "store/check.h"
#include "store/sql.h"

#define CHECK_DRAFT_SELECT_(T) "SELECT id, version, submit_token, updated_at FROM " T "_draft"

/* Defines the check's statements (static constants SQL_DRAFT_BY_ORG, …,
 * one set per store file) and its tables NAME over them. */
#define CHECK_TABLES_DEFINE(NAME, T, COL, N, KEY)                                                  \
	static const struct sql SQL_DRAFT_BY_ORG =                                                 \
	    SQL(CHECK_DRAFT_SELECT_(T) " WHERE organisation_id = $1");                             \
	static const struct sql SQL_DRAFT_BY_USER =                                                \
	    SQL(CHECK_DRAFT_SELECT_(T) " WHERE user_id = $1");                                     \
	static const struct sql SQL_DRAFT_BY_TOKEN =                                               \
	    SQL(CHECK_DRAFT_SELECT_(T) " WHERE token_hash = $1 AND expires_at > $2");              \
	static const struct sql SQL_DRAFT_BY_ORG_LOCKED =                                          \
	    SQL_EACH(CHECK_DRAFT_SELECT_(T) " WHERE organisation_id = ?1",                         \
	             CHECK_DRAFT_SELECT_(T) " WHERE organisation_id = $1 FOR UPDATE");             \
	static const struct sql SQL_DRAFT_BY_USER_LOCKED =                                         \
	    SQL_EACH(CHECK_DRAFT_SELECT_(T) " WHERE user_id = ?1",                                 \
	             CHECK_DRAFT_SELECT_(T) " WHERE user_id = $1 FOR UPDATE");                     \
	static const struct sql SQL_DRAFT_BY_TOKEN_LOCKED = SQL_EACH(                              \
	    CHECK_DRAFT_SELECT_(T) " WHERE token_hash = ?1 AND expires_at > ?2",                   \
	    CHECK_DRAFT_SELECT_(T) " WHERE token_hash = $1 AND expires_at > $2 FOR UPDATE");       \
	static const struct sql SQL_DRAFT_ANSWERS =                                                \
	    SQL("SELECT " COL ", answer FROM " T "_draft_answer WHERE draft_id = $1");             \
	static const struct sql SQL_RESULT_ANSWERS =                                               \
	    SQL("SELECT " COL ", answer FROM " T "_result_answer WHERE result_id = $1");           \
	static const struct sql SQL_DRAFT_INSERT =                                                 \
	    SQL("INSERT INTO " T "_draft (organisation_id, user_id, token_hash, expires_at, "      \
	        "version, submit_token, created_at, updated_at) VALUES ($1, $2, "                  \
	        "$3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING id");                    \
	static const struct sql SQL_DRAFT_DELETE_EXPIRED_TOKEN =                                   \
	    SQL("DELETE FROM " T "_draft WHERE token_hash = $1 AND expires_at <= $2");             \
	static const struct sql SQL_DRAFT_ANSWER_UPSERT =                                          \
	    SQL("INSERT INTO " T "_draft_answer (draft_id, " COL                                   \
	        ", answer) VALUES ($1, $2, $3) ON CONFLICT (draft_id, " COL                        \
	        ") DO UPDATE SET answer = excluded.answer");                                       \
	static const struct sql SQL_DRAFT_TOUCH =                                                  \
	    SQL("UPDATE " T "_draft SET updated_at = $2, expires_at = CASE WHEN token_hash IS "    \
	        "NULL THEN NULL ELSE CAST($3 AS bigint) END WHERE id = $1");                       \
	static const struct sql SQL_DRAFT_DELETE = SQL("DELETE FROM " T "_draft WHERE id = $1");   \
	static const struct sql SQL_DRAFT_MOVE =                                                   \
	    SQL("UPDATE " T "_draft SET organisation_id = $2, user_id = $3, token_hash = $4, "     \
	        "expires_at = $5 WHERE id = $1");                                                  \
	static const struct sql SQL_DRAFT_PURGE =                                                  \
	    SQL("DELETE FROM " T "_draft WHERE expires_at IS NOT NULL AND expires_at <= $1");      \
	static const struct sql SQL_SUBMIT_TOKEN_LOCK = SQL_EACH(                                  \
	    "SELECT ?1", "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended($1, " KEY "))");    \
	static const struct sql SQL_RESULT_BY_SUBMIT_TOKEN =                                       \
	    SQL("SELECT id FROM " T "_result WHERE submit_token = $1");                            \
	static const struct sql SQL_RESULT_PREVIOUS =                                              \
	    SQL("SELECT p.id FROM " T "_result p, " T                                              \
	        "_result r WHERE r.id = $2 AND p.organisation_id = $1 AND (p.taken_at < "          \
	        "r.taken_at OR (p.taken_at = r.taken_at AND p.id < r.id)) ORDER BY p.taken_at "    \
	        "DESC, p.id DESC LIMIT 1");                                                        \
	static const struct sql SQL_RESULTS_ATTACH =                                               \
	    SQL("UPDATE " T "_result SET organisation_id = $2, token_hash = NULL, expires_at = "   \
	        "NULL WHERE token_hash = $1 AND expires_at > $3");                                 \
	static const struct sql SQL_RESULT_PURGE =                                                 \
	    SQL("DELETE FROM " T "_result WHERE expires_at IS NOT NULL AND expires_at <= $1");     \
	const struct check_tables NAME = {                                                         \
	    .answers = (N),                                                                        \
	    .draft_by_org = &SQL_DRAFT_BY_ORG,                                                     \
	    .draft_by_user = &SQL_DRAFT_BY_USER,                                                   \
	    .draft_by_token = &SQL_DRAFT_BY_TOKEN,                                                 \
	    .draft_by_org_locked = &SQL_DRAFT_BY_ORG_LOCKED,                                       \
	    .draft_by_user_locked = &SQL_DRAFT_BY_USER_LOCKED,                                     \
	    .draft_by_token_locked = &SQL_DRAFT_BY_TOKEN_LOCKED,                                   \
	    .draft_answers = &SQL_DRAFT_ANSWERS,                                                   \
	    .result_answers = &SQL_RESULT_ANSWERS,                                                 \
	    .draft_insert = &SQL_DRAFT_INSERT,                                                     \
	    .draft_delete_expired_token = &SQL_DRAFT_DELETE_EXPIRED_TOKEN,                         \
	    .draft_answer_upsert = &SQL_DRAFT_ANSWER_UPSERT,                                       \
	    .draft_touch = &SQL_DRAFT_TOUCH,                                                       \
	    .draft_delete = &SQL_DRAFT_DELETE,                                                     \
	    .draft_move = &SQL_DRAFT_MOVE,                                                         \
	    .draft_purge = &SQL_DRAFT_PURGE,                                                       \
	    .submit_token_lock = &SQL_SUBMIT_TOKEN_LOCK,                                           \
	    .result_by_submit_token = &SQL_RESULT_BY_SUBMIT_TOKEN,                                 \
	    .result_previous = &SQL_RESULT_PREVIOUS,                                               \
	    .results_attach = &SQL_RESULTS_ATTACH,                                                 \
	    .result_purge = &SQL_RESULT_PURGE,                                                     \
	}

/* A check's result row with its answers, in one statement: a row per
 * answer (one with NULL answer columns when it has none), each with the
 * answer's question and answer (columns 0 and 1), the result's head
 * (check_read_result_head) and, from column CHECK_RESULT_HEAD_COLUMNS on,
 * SCORES (columns of T_result). $1: the result's id. */
#define CHECK_RESULT_COLUMNS_(SCORES)                                                              \
	" r.id, coalesce(r.organisation_id, 0), coalesce(r.user_id, 0), r.taken_at,"               \
	" coalesce(r.expires_at, 0), r.token_hash, r.version, r.submit_token, " SCORES
#define CHECK_RESULT_GET_SQL(T, COL, SCORES)                                                       \
	"SELECT x." COL ", x.answer," CHECK_RESULT_COLUMNS_(                                       \
	    SCORES) " FROM " T "_result r"                                                         \
	            " LEFT JOIN " T "_result_answer x ON x.result_id = r.id WHERE r.id = $1"
/* The same row without the answers (NULL in columns 0 and 1): for a page
 * that reads them only when it has to (check_result_answers). */
#define CHECK_RESULT_ROW_SQL(T, SCORES)                                                            \
	"SELECT NULL, NULL," CHECK_RESULT_COLUMNS_(SCORES) " FROM " T "_result r WHERE r.id = $1"
#define CHECK_RESULT_HEAD_COLUMNS 10
void check_read_result_head(struct arena *a, const struct sql_row *r, struct check_result_head *to);

/* Result id: its row and answers (q, made by CHECK_RESULT_GET_SQL) through
 * read into out, and its answers into answers[0..t->answers), "" for a
 * question without one (read runs first: it may clear out, answers with
 * it). NOT_FOUND when there is no such result. */
MM_MUST_USE enum mm_err check_result_get(const struct check_tables *t, struct store *s,
                                         struct arena *a, const struct sql *q, int64_t id,
                                         sql_row_reader read, void *out, struct str *answers);
/* An organisation's newest results ($2 of them at most), oldest first:
 * id, taken_at, version and SCORES (columns of T_result). $1: the
 * organisation's id. */
#define CHECK_HISTORY_SQL(T, SCORES)                                                               \
	"SELECT id, taken_at, version, " SCORES " FROM"                                            \
	" (SELECT * FROM " T "_result WHERE organisation_id = $1"                                  \
	"  ORDER BY taken_at DESC, id DESC LIMIT $2) AS newest"                                    \
	" ORDER BY taken_at, id"
/* An organisation's history: the rows of q (made by CHECK_HISTORY_SQL;
 * $1 the organisation, $2 the limit max), at most max, through read into
 * an array of size-byte elements. */
MM_MUST_USE enum mm_err check_history(struct store *s, struct arena *a, const struct sql *q,
                                      int64_t org_id, size_t max, size_t size, sql_row_reader read,
                                      void **out, size_t *n);

/* The owner as the three parameters (organisation_id, token_hash,
 * expires_at) of a result's INSERT; MM_ERR_INVALID for a user's (results
 * belong to organisations or anonymous tokens). */
MM_MUST_USE enum mm_err check_result_owner_args(struct store_arg out[3],
                                                const struct check_owner *o, int64_t expires_at);

/* Runs e's outcome of the transaction store_begin() opened: commit on
 * MM_OK, roll back otherwise. */
MM_MUST_USE enum mm_err check_tx_end(struct store *s, enum mm_err e);

#endif
