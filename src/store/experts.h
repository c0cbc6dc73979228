/*
 * experts.h — the experts directory's store: one profile per user, its
 * review by administrators, the public search of approved profiles by
 * prefecture and skill (bits, see migration 0020 and core/experts.h), and
 * the administrators' lists by status.
 */
#ifndef MM_STORE_EXPERTS_H
#define MM_STORE_EXPERTS_H

#include "store/org.h"

enum expert_status { EXPERT_PENDING, EXPERT_APPROVED, EXPERT_REJECTED, EXPERT_STATUS_COUNT };
extern const char *const expert_status_names[EXPERT_STATUS_COUNT]; /* as stored */

struct expert {
	int64_t id, user_id;
	struct str name, kind, qualifications, introduction, reject_reason;
	int64_t prefectures, skills, languages;
	bool takes_consultations;
	enum expert_status status;
	int64_t consented_at, created_at, updated_at, reviewed_at; /* reviewed_at 0: never */
};

/* The profile of a user, or of an id; MM_ERR_NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_expert_by_user(struct store *s, struct arena *a, int64_t user_id,
                                             struct expert *out);
MM_MUST_USE enum mm_err store_expert_by_id(struct store *s, struct arena *a, int64_t id,
                                           struct expert *out);
/* Writes e as e->user_id's profile (a new one, or over theirs), waiting
 * for review: status pending, no reason, consent given at now; *id
 * receives its id. */
MM_MUST_USE enum mm_err store_expert_save(struct store *s, const struct expert *e, int64_t now,
                                          int64_t *id);
/* An administrator's decision (approved, or rejected with reason);
 * MM_ERR_NOT_FOUND for no such profile. */
MM_MUST_USE enum mm_err store_expert_review(struct store *s, int64_t id, enum expert_status status,
                                            struct str reason, int64_t reviewer, int64_t now);
/* Removes a user's profile; MM_ERR_NOT_FOUND when they had none. */
MM_MUST_USE enum mm_err store_expert_delete_by_user(struct store *s, int64_t user_id);

/* For `mamori seed` and `seed-demo`: an approved profile x for the user
 * of email, made (confirmed, with a password that matches nothing) when
 * there is none. *inserted false when that user had a profile already. */
MM_MUST_USE enum mm_err store_expert_seed(struct store *s, struct str email, const struct expert *x,
                                          int64_t now, bool *inserted);

/* Approved profiles whose prefectures meet prefecture_mask and whose
 * skills meet skill_mask (0: any), by id, one page, and how many. */
MM_MUST_USE enum mm_err store_experts_search(struct store *s, struct arena *a,
                                             int64_t prefecture_mask, int64_t skill_mask,
                                             struct org_page page, struct expert **out, size_t *n,
                                             int64_t *total);
/* Profiles with a status, oldest change first (the review queue), one
 * page, and how many. */
MM_MUST_USE enum mm_err store_experts_by_status(struct store *s, struct arena *a,
                                                enum expert_status status, struct org_page page,
                                                struct expert **out, size_t *n, int64_t *total);

#endif
