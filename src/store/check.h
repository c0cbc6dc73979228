/*
 * check.h — what the store keeps alike for every questionnaire check (the
 * 25-item self-assessment, store/assessment.h; the management self-check,
 * store/management.h): who owns a draft or result, a draft of answers in
 * progress, and the statements on drafts, submit tokens and anonymous
 * results that differ between the checks only by their tables. Written
 * once (store/check.c) over a check's struct check_tables, which the
 * check's store file makes with CHECK_TABLES_DEFINE() (store/check_sql.h).
 *
 * Answers cross this interface as their names, one per question
 * 1–tables->answers, an empty string for a question not answered. Who owns
 * a draft: an organisation, a signed-in user without one, or an anonymous
 * visitor (the hash of a cookie token, never the token, valid until
 * expires_at). A result belongs to an organisation, or to an anonymous
 * visitor's token hash until it is attached at log-in. Invariants kept by
 * each check's schema: one draft per owner; a result is never updated
 * except to move it from a token to an organisation; one result per submit
 * token.
 */
#ifndef MM_STORE_CHECK_H
#define MM_STORE_CHECK_H

#include "store/account.h"

#define CHECK_ANSWERS_MAX 60 /* answer slots of the longest check */

enum check_owner_kind {
	CHECK_OWNER_ANONYMOUS,
	CHECK_OWNER_USER,
	CHECK_OWNER_ORG,
};

struct check_owner {
	enum check_owner_kind kind;
	int64_t id;                                 /* user or organisation id; 0 when anonymous */
	unsigned char token_hash[TOKEN_HASH_BYTES]; /* anonymous only */
};

struct check_draft {
	int64_t id, updated_at;
	struct str version, submit_token;
	struct str answers[CHECK_ANSWERS_MAX]; /* answers[i]: question i + 1; "" unanswered */
};

/* What a result of every check holds besides its scores and answers. */
#define CHECK_RESULT_HEAD_FIELDS_                                                                  \
	int64_t id;                                                                                \
	int64_t organisation_id; /* 0 while it belongs to an anonymous token */                    \
	int64_t user_id;         /* 0: anonymous, or the user was deleted */                       \
	int64_t taken_at;                                                                          \
	int64_t expires_at;                         /* anonymous only */                           \
	unsigned char token_hash[TOKEN_HASH_BYTES]; /* anonymous only */                           \
	struct str version, submit_token;
struct check_result_head {
	CHECK_RESULT_HEAD_FIELDS_
};
/* The first member of a check's result struct: the head's fields, read
 * as the result's own (res.id, res.version) and together as res.head. */
#define CHECK_RESULT_HEAD                                                                          \
	union {                                                                                    \
		struct check_result_head head;                                                     \
		struct {                                                                           \
			CHECK_RESULT_HEAD_FIELDS_                                                  \
		};                                                                                 \
	}

/* A check's tables, as its prepared statements (store/check_sql.h). */
struct sql;
struct check_tables {
	int answers; /* questions 1–answers (the schema's CHECK) */
	const struct sql *draft_by_org, *draft_by_user, *draft_by_token;
	const struct sql *draft_by_org_locked, *draft_by_user_locked, *draft_by_token_locked;
	const struct sql *draft_answers, *result_answers, *draft_insert,
	    *draft_delete_expired_token, *draft_answer_upsert, *draft_touch, *draft_delete,
	    *draft_move, *draft_purge;
	const struct sql *submit_token_lock, *result_by_submit_token, *result_previous,
	    *results_attach, *result_purge;
};

/* The owner's draft; NOT_FOUND when it has none (an anonymous one past
 * expires_at counts as none). Inside a transaction the draft is locked
 * until it ends (see store/check.c). */
MM_MUST_USE enum mm_err store_check_draft_get(const struct check_tables *t, struct store *s,
                                              struct arena *a, const struct check_owner *o,
                                              int64_t now, struct check_draft *out);
/* A new empty draft; CONFLICT when the owner has one. expires_at is used
 * for anonymous owners only. */
MM_MUST_USE enum mm_err store_check_draft_create(const struct check_tables *t, struct store *s,
                                                 const struct check_owner *o, struct str version,
                                                 struct str submit_token, int64_t now,
                                                 int64_t expires_at, int64_t *id);
/* Stores the answers (answers[0..t->answers)) that are not empty (others
 * stay as they were) and moves an anonymous draft's expiry to expires_at. */
MM_MUST_USE enum mm_err store_check_draft_save(const struct check_tables *t, struct store *s,
                                               int64_t draft_id, const struct str *answers,
                                               int64_t now, int64_t expires_at);
MM_MUST_USE enum mm_err store_check_draft_delete(const struct check_tables *t, struct store *s,
                                                 int64_t draft_id);
/* Gives the draft to another owner; CONFLICT when that owner has one. */
MM_MUST_USE enum mm_err store_check_draft_move(const struct check_tables *t, struct store *s,
                                               int64_t draft_id, const struct check_owner *to);
/* Inside a transaction, the submit token stays locked until it ends (see
 * store/check.c). */
MM_MUST_USE enum mm_err store_check_result_id_by_submit_token(const struct check_tables *t,
                                                              struct store *s,
                                                              struct str submit_token, int64_t *id);
/* Result id's answers into answers[0..t->answers), "" for a question
 * without one. NOT_FOUND when there is none at all: a result is stored
 * with its answers, so it is not (or no longer) there. */
MM_MUST_USE enum mm_err store_check_result_answers(const struct check_tables *t, struct store *s,
                                                   struct arena *a, int64_t id,
                                                   struct str *answers);
/* The organisation's result taken just before result id; NOT_FOUND when
 * it is the first. */
MM_MUST_USE enum mm_err store_check_result_previous(const struct check_tables *t, struct store *s,
                                                    int64_t org_id, int64_t id,
                                                    int64_t *previous_id);
/* Moves the unexpired results of an anonymous token to an organisation;
 * *moved says how many. */
MM_MUST_USE enum mm_err store_check_results_attach(const struct check_tables *t, struct store *s,
                                                   const unsigned char hash[TOKEN_HASH_BYTES],
                                                   int64_t org_id, int64_t now, int64_t *moved);
/* Deletes anonymous drafts and results past their expiry. */
MM_MUST_USE enum mm_err store_check_purge_expired(const struct check_tables *t, struct store *s,
                                                  int64_t now);

#endif
