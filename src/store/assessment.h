/*
 * assessment.h — the self-assessment area of the store: drafts (answers in
 * progress) and submitted results with their answers per item, written
 * once for every database (store/assessment.c).
 *
 * Answers cross this interface as their names ("done", "partly",
 * "not_done", "dont_know"; core_assessment_answer_name() makes them), one
 * per item 1–25, an empty string for an item not answered. The store knows
 * nothing of points or bands: the scores it keeps with a result are the
 * ones the caller worked out.
 *
 * Who owns a draft: an organisation, a signed-in user without one, or an
 * anonymous visitor (the hash of a cookie token, never the token, valid
 * until expires_at). A result belongs to an organisation, or to an
 * anonymous visitor's token hash until it is attached at log-in. Invariants
 * kept by the schema: one draft per owner; a result is never updated
 * except to move it from a token to an organisation; one result per submit
 * token.
 */
#ifndef MM_STORE_ASSESSMENT_H
#define MM_STORE_ASSESSMENT_H

#include "store/account.h"

#define STORE_ASSESSMENT_ITEMS 25
#define STORE_ASSESSMENT_PARTS 3
#define STORE_ASSESSMENT_HISTORY_MAX 500 /* results one history page reads */

enum assessment_owner_kind {
	ASSESSMENT_OWNER_ANONYMOUS,
	ASSESSMENT_OWNER_USER,
	ASSESSMENT_OWNER_ORG,
};

struct assessment_owner {
	enum assessment_owner_kind kind;
	int64_t id;                                 /* user or organisation id; 0 when anonymous */
	unsigned char token_hash[TOKEN_HASH_BYTES]; /* anonymous only */
};

struct assessment_draft {
	int64_t id, updated_at;
	struct str version, submit_token;
	struct str answers[STORE_ASSESSMENT_ITEMS]; /* answers[i]: item i + 1; "" unanswered */
};

struct assessment_result {
	int64_t id;
	int64_t organisation_id; /* 0 while it belongs to an anonymous token */
	int64_t user_id;         /* 0: anonymous, or the user was deleted */
	int64_t taken_at;
	int64_t expires_at;                         /* anonymous only */
	unsigned char token_hash[TOKEN_HASH_BYTES]; /* anonymous only */
	struct str version, submit_token;
	int total, part[STORE_ASSESSMENT_PARTS];
	struct str answers[STORE_ASSESSMENT_ITEMS];
};

/* One line of an organisation's history (no answers). */
struct assessment_summary {
	int64_t id, taken_at;
	struct str version;
	int total, part[STORE_ASSESSMENT_PARTS];
};

/* The owner's draft; NOT_FOUND when it has none (an anonymous one past
 * expires_at counts as none). Inside a transaction the draft is locked
 * until it ends (see store/assessment.c). */
MM_MUST_USE enum mm_err store_assessment_draft_get(struct store *s, struct arena *a,
                                                   const struct assessment_owner *o, int64_t now,
                                                   struct assessment_draft *out);
/* A new empty draft; CONFLICT when the owner has one. expires_at is used
 * for anonymous owners only. */
MM_MUST_USE enum mm_err store_assessment_draft_create(struct store *s,
                                                      const struct assessment_owner *o,
                                                      struct str version, struct str submit_token,
                                                      int64_t now, int64_t expires_at, int64_t *id);
/* Stores the answers that are not empty (others stay as they were) and
 * moves an anonymous draft's expiry to expires_at. */
MM_MUST_USE enum mm_err
store_assessment_draft_save(struct store *s, int64_t draft_id,
                            const struct str answers[STORE_ASSESSMENT_ITEMS], int64_t now,
                            int64_t expires_at);
MM_MUST_USE enum mm_err store_assessment_draft_delete(struct store *s, int64_t draft_id);
/* Gives the draft to another owner; CONFLICT when that owner has one. */
MM_MUST_USE enum mm_err store_assessment_draft_move(struct store *s, int64_t draft_id,
                                                    const struct assessment_owner *to);
/* A new result owned by o (an organisation or an anonymous token), with
 * its answers; CONFLICT when its submit token made one already. */
MM_MUST_USE enum mm_err store_assessment_result_insert(struct store *s,
                                                       const struct assessment_owner *o,
                                                       const struct assessment_result *r,
                                                       int64_t *id);
/* Inside a transaction, the submit token stays locked until it ends (see
 * store/assessment.c). */
MM_MUST_USE enum mm_err
store_assessment_result_id_by_submit_token(struct store *s, struct str submit_token, int64_t *id);
MM_MUST_USE enum mm_err store_assessment_result_get(struct store *s, struct arena *a, int64_t id,
                                                    struct assessment_result *out);
/* The organisation's result taken just before result id; NOT_FOUND when
 * it is the first. */
MM_MUST_USE enum mm_err store_assessment_result_previous(struct store *s, int64_t org_id,
                                                         int64_t id, int64_t *previous_id);
/* The organisation's results, oldest first (at most
 * STORE_ASSESSMENT_HISTORY_MAX, the newest ones). */
MM_MUST_USE enum mm_err store_assessment_history(struct store *s, struct arena *a, int64_t org_id,
                                                 struct assessment_summary **out, size_t *n);
/* Moves the unexpired results of an anonymous token to an organisation;
 * *moved says how many. */
MM_MUST_USE enum mm_err store_assessment_results_attach(struct store *s,
                                                        const unsigned char hash[TOKEN_HASH_BYTES],
                                                        int64_t org_id, int64_t now,
                                                        int64_t *moved);
/* Deletes anonymous drafts and results past their expiry. */
MM_MUST_USE enum mm_err store_assessment_purge_expired(struct store *s, int64_t now);
/* The id of the organisation with this public id (for URLs). */
MM_MUST_USE enum mm_err store_assessment_org_id_by_public_id(struct store *s, struct str public_id,
                                                             int64_t *id);

#endif
