/*
 * assessment.h — the self-assessment area of the store: drafts (answers in
 * progress) and submitted results with their answers per item, written
 * once for every database (store/assessment.c).
 *
 * Answers cross this interface as their names ("done", "partly",
 * "not_done", "dont_know"; core_assessment_answer_name() makes them), one
 * per item 1–25. The store knows nothing of points or bands: the scores it
 * keeps with a result are the ones the caller worked out. Drafts, owners,
 * submit tokens, attaching and purging, a result's answers and the
 * organisation's result before it are every check's (store/check.h), over
 * STORE_ASSESSMENT_TABLES.
 */
#ifndef MM_STORE_ASSESSMENT_H
#define MM_STORE_ASSESSMENT_H

#include "store/check.h"

#define STORE_ASSESSMENT_ITEMS 25
#define STORE_ASSESSMENT_PARTS 3
#define STORE_ASSESSMENT_HISTORY_MAX 500 /* results one history page reads */

/* The tables of store/check.h's calls for this check. */
extern const struct check_tables STORE_ASSESSMENT_TABLES;

struct assessment_result {
	CHECK_RESULT_HEAD; /* id, organisation_id, … (store/check.h) */
	int total, part[STORE_ASSESSMENT_PARTS];
	struct str answers[STORE_ASSESSMENT_ITEMS];
};

/* One line of an organisation's history (no answers). */
struct assessment_summary {
	int64_t id, taken_at;
	struct str version;
	int total, part[STORE_ASSESSMENT_PARTS];
};

/* A new result owned by o (an organisation or an anonymous token), with
 * its answers; CONFLICT when its submit token made one already. */
MM_MUST_USE enum mm_err store_assessment_result_insert(struct store *s, const struct check_owner *o,
                                                       const struct assessment_result *r,
                                                       int64_t *id);
MM_MUST_USE enum mm_err store_assessment_result_get(struct store *s, struct arena *a, int64_t id,
                                                    struct assessment_result *out);
/* The same without its answers (all ""): one row, for a page that has
 * them already (store_check_result_answers reads them). */
MM_MUST_USE enum mm_err store_assessment_result_row(struct store *s, struct arena *a, int64_t id,
                                                    struct assessment_result *out);
/* The organisation's results, oldest first (at most
 * STORE_ASSESSMENT_HISTORY_MAX, the newest ones). */
MM_MUST_USE enum mm_err store_assessment_history(struct store *s, struct arena *a, int64_t org_id,
                                                 struct assessment_summary **out, size_t *n);
/* The id of the organisation with this public id (for URLs). */
MM_MUST_USE enum mm_err store_assessment_org_id_by_public_id(struct store *s, struct str public_id,
                                                             int64_t *id);

#endif
