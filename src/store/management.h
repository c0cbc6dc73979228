/*
 * management.h — the management self-check area of the store (DOMAIN.md §5,
 * the ten directives): drafts (answers in progress) and submitted results
 * with their answers per question, written once for every database
 * (store/management.c), in the shape of store/assessment.h.
 *
 * Answers cross this interface as their names ("0"–"5" for a maturity
 * level, "dont_know"; core_management_answer_name() makes them), one per
 * question 1–STORE_MANAGEMENT_QUESTIONS, an empty string for a question
 * not answered (or not in the result's content version). The store knows
 * nothing of levels or means: the scores it keeps with a result (hundredths
 * of a level, 0–500) are the ones the caller worked out with
 * core_management_score().
 *
 * Drafts, owners, submit tokens, attaching and purging, a result's
 * answers and the organisation's result before it are every check's
 * (store/check.h), over STORE_MANAGEMENT_TABLES. Who owns a draft: an organisation, a signed-in
 * user without one, or an anonymous visitor (the hash of a cookie token, never the token, valid
 * until expires_at). A result belongs to an organisation, or to an
 * anonymous visitor's token hash until it is attached at log-in. Invariants
 * kept by the schema (migration 0025): one draft per owner; a result is
 * never updated except to move it from a token to an organisation; one
 * result per submit token.
 */
#ifndef MM_STORE_MANAGEMENT_H
#define MM_STORE_MANAGEMENT_H

#include "store/check.h"

#define STORE_MANAGEMENT_QUESTIONS 60    /* question numbers 1–60 (CHECK in 0025) */
#define STORE_MANAGEMENT_DIRECTIVES 10   /* d1…d10 */
#define STORE_MANAGEMENT_HISTORY_MAX 500 /* results one history page reads */

/* The tables of store/check.h's calls for this check. */
extern const struct check_tables STORE_MANAGEMENT_TABLES;

/* Scores in hundredths of a maturity level (0–500). */
struct management_scores {
	int overall;                                /* mean of the ten directives */
	int directive[STORE_MANAGEMENT_DIRECTIVES]; /* directive[d]: directive d + 1 */
	int dont_know;                              /* questions answered "don't know" */
};

struct management_result {
	CHECK_RESULT_HEAD; /* id, organisation_id, … (store/check.h) */
	struct management_scores scores;
	struct str answers[STORE_MANAGEMENT_QUESTIONS];
};

/* One line of an organisation's history (no answers). */
struct management_summary {
	int64_t id, taken_at;
	struct str version;
	struct management_scores scores;
};

/* A new result owned by o (an organisation or an anonymous token), with
 * its non-empty answers; CONFLICT when its submit token made one already.
 * Called inside the submit's store_tx, where later writes that belong to a
 * result (aggregates) join the same transaction. */
MM_MUST_USE enum mm_err store_management_result_insert(struct store *s, const struct check_owner *o,
                                                       const struct management_result *r,
                                                       int64_t *id);
MM_MUST_USE enum mm_err store_management_result_get(struct store *s, struct arena *a, int64_t id,
                                                    struct management_result *out);
/* The organisation's results, oldest first (at most
 * STORE_MANAGEMENT_HISTORY_MAX, the newest ones). */
MM_MUST_USE enum mm_err store_management_history(struct store *s, struct arena *a, int64_t org_id,
                                                 struct management_summary **out, size_t *n);
/* The organisation's newest result (scores only); NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_management_latest(struct store *s, struct arena *a, int64_t org_id,
                                                struct management_summary *out);
/* For seeding: organisations with a self-assessment result after
 * after_org_id, in id order (at most limit), with the time of their latest
 * one and the benchmark cell of their results (industry '\0' when none;
 * the seed gives all of an organisation's results the one cell of its
 * profile). */
struct management_seed_candidate {
	int64_t organisation_id, assessed_at;
	char bench_industry;
	int bench_size, bench_region;
};
MM_MUST_USE enum mm_err store_management_seed_candidates(struct store *s, struct arena *a,
                                                         int64_t after_org_id, size_t limit,
                                                         struct management_seed_candidate **out,
                                                         size_t *n);
/* Whether the organisation has any result (seed-demo loads into those with none). */
MM_MUST_USE enum mm_err store_management_has_results(struct store *s, int64_t org_id, bool *has);

#endif
