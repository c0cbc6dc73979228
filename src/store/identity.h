/*
 * identity.h — how an organisation proved that it is the firm its
 * corporate number names (migration 0031): its level (unverified, by
 * letter, by business ID), the letters with a one-time code posted to the
 * registered head office and the batches they are printed in, the cases
 * where a number moved from one organisation to another, and the history
 * of each number's identity.
 *
 * The claim rule (store_identity_verify): a firm that verifies a
 * corporate number (by letter or business ID) gets it; an organisation
 * that held it unverified loses it (it keeps everything else) and the
 * move is recorded as a case for the administrators' review queue; a
 * number held by a verified organisation is never taken (CONFLICT).
 *
 * Times are Unix seconds passed in by the caller. Codes are checked by
 * their hash (SHA-256, by the caller); the code itself is kept only until
 * the batch its letter was printed in is marked posted.
 */
#ifndef MM_STORE_IDENTITY_H
#define MM_STORE_IDENTITY_H

#include "store/org.h"

enum org_identity {
	ORG_IDENTITY_UNVERIFIED,
	ORG_IDENTITY_LETTER,
	ORG_IDENTITY_BUSINESS_ID,
	ORG_IDENTITY_COUNT
};
/* As stored, and as the API says them: "unverified", "letter", "business_id". */
extern const char *const org_identity_names[ORG_IDENTITY_COUNT];

#define IDENTITY_SOURCE_MAX 200 /* bytes of a level's source (an issuer URL, "letter:12") */

struct org_identity_state {
	enum org_identity level;
	struct str source;          /* what proved it; "" when unverified */
	int64_t at;                 /* when; 0 when unverified */
	struct str registered_name; /* from the corporate-number data; "" when none */
	struct str corporate_number;
};

/* What store_identity_verify took from another organisation: claim_id 0
 * when the number was free or already the organisation's own. */
struct identity_moved {
	int64_t claim_id, holder_id;
	struct str holder_name;
};

/* The organisation's level; NOT_FOUND for no such organisation. */
MM_MUST_USE enum mm_err store_identity_get(struct store *s, struct arena *a, int64_t org_id,
                                           struct org_identity_state *out);

/* Sets the level of org_id as it is, with its source (the organisation's
 * number does not change; see store_identity_verify for a number that
 * must be won). NOT_FOUND for no such organisation. */
MM_MUST_USE enum mm_err store_org_identity_set(struct store *s, int64_t org_id,
                                               enum org_identity level, struct str source,
                                               int64_t now);

/* org_id proved by level (LETTER or BUSINESS_ID) that it is the firm of
 * corporate number `number` (13 digits): it gets the number and the
 * level, its registered name from the data (when imported). When an
 * unverified organisation held the number, that one loses it and *moved
 * says which (claim_id > 0, a case in identity_claim); a verified one
 * holding it answers CONFLICT and changes nothing. actor_user_id 0: no
 * user (a job). Several writes: run it inside store_tx(). */
MM_MUST_USE enum mm_err store_identity_verify(struct store *s, struct arena *a, int64_t org_id,
                                              struct str number, enum org_identity level,
                                              struct str source, int64_t actor_user_id, int64_t now,
                                              struct identity_moved *moved);

/* A line of a number's identity history (kind: "letter_requested",
 * "letter_printed", "code_refused", "letter_cancelled", "verified",
 * "number_lost", "claim_reviewed"; detail free text, no secret). */
MM_MUST_USE enum mm_err store_identity_event_add(struct store *s, struct str number, int64_t org_id,
                                                 const char *kind, struct str detail,
                                                 int64_t actor_user_id, int64_t now);

/* ---- letters ------------------------------------------------------------ */

#define IDENTITY_CODE_HASH_BYTES 32
#define IDENTITY_BATCH_MAX 30 /* letters in one printed batch (one PDF, a page each) */

struct identity_letter {
	int64_t id, organisation_id, batch_id;
	struct str corporate_number, recipient, postal_code, address;
	struct str code; /* "" once its batch was posted */
	bool claim;
	int attempts;
	int64_t created_at, expires_at, printed_at, used_at, cancelled_at; /* 0: not (yet) */
	struct str organisation_name;
	unsigned char code_hash[IDENTITY_CODE_HASH_BYTES];
};

/* A new letter for l->organisation_id (its id into *id); the
 * organisation's letters still open are cancelled first. */
MM_MUST_USE enum mm_err store_identity_letter_insert(struct store *s,
                                                     const struct identity_letter *l,
                                                     int64_t requested_by, int64_t *id);
/* How many letters the organisation asked for since `since`. */
MM_MUST_USE enum mm_err store_identity_letter_count_since(struct store *s, int64_t org_id,
                                                          int64_t since, int64_t *n);
/* The organisation's newest letter; NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_identity_letter_latest(struct store *s, struct arena *a,
                                                     int64_t org_id, struct identity_letter *out);
/* A wrong code for an open letter: counts it, and cancels the letter at
 * max_attempts (*cancelled). NOT_FOUND when the letter is not open. */
MM_MUST_USE enum mm_err store_identity_letter_refuse(struct store *s, int64_t id, int64_t now,
                                                     int max_attempts, int *attempts,
                                                     bool *cancelled);
/* The right code: the letter is used (its code emptied). NOT_FOUND when
 * it is no longer open (used, cancelled, expired) by now. */
MM_MUST_USE enum mm_err store_identity_letter_use(struct store *s, int64_t id, int64_t now);
/* Letters waiting to be printed (not expired), oldest first, a page of
 * them, and how many there are. */
MM_MUST_USE enum mm_err store_identity_letters_to_print(struct store *s, struct arena *a,
                                                        int64_t now, int64_t offset, int64_t limit,
                                                        struct identity_letter **out, size_t *n,
                                                        int64_t *total);

struct identity_batch {
	int64_t id, created_at, posted_at; /* posted_at 0: not yet */
	int letters;
	struct str created_by_email;
};

/* A batch of the oldest IDENTITY_BATCH_MAX letters waiting: marked
 * printed at now. NOT_FOUND when none waits. */
MM_MUST_USE enum mm_err store_identity_batch_create(struct store *s, int64_t admin_id, int64_t now,
                                                    int64_t *batch_id);
MM_MUST_USE enum mm_err store_identity_batch_get(struct store *s, struct arena *a, int64_t id,
                                                 struct identity_batch *out);
/* The letters of a batch, in id order (at most IDENTITY_BATCH_MAX). */
MM_MUST_USE enum mm_err store_identity_batch_letters(struct store *s, struct arena *a,
                                                     int64_t batch_id, struct identity_letter **out,
                                                     size_t *n);
/* The newest batches first (at most max). */
MM_MUST_USE enum mm_err store_identity_batches(struct store *s, struct arena *a, size_t max,
                                               struct identity_batch **out, size_t *n);
/* The batch was posted: its codes are emptied. NOT_FOUND when it was
 * already marked (or does not exist). */
MM_MUST_USE enum mm_err store_identity_batch_posted(struct store *s, int64_t id, int64_t now);

/* ---- claims and history ------------------------------------------------------ */

struct identity_claim {
	int64_t id, claimant_id, holder_id, created_at, reviewed_at; /* ids 0 once deleted */
	struct str corporate_number, claimant_name, holder_name, level, source;
	struct str reviewed_by_email, review_note;
};

struct identity_event {
	int64_t id, organisation_id, at;
	struct str corporate_number, kind, detail, actor_email, organisation_name;
};

#define IDENTITY_EVENTS_MAX 200 /* history lines read for one number */

/* Cases, those not reviewed first (oldest first), then the reviewed
 * (newest first); one page, and how many are open. */
MM_MUST_USE enum mm_err store_identity_claims(struct store *s, struct arena *a, int64_t offset,
                                              int64_t limit, struct identity_claim **out, size_t *n,
                                              int64_t *total, int64_t *open);
/* How many cases wait for review (the declarations' review queue says so). */
MM_MUST_USE enum mm_err store_identity_claims_open(struct store *s, int64_t *n);
MM_MUST_USE enum mm_err store_identity_claim_get(struct store *s, struct arena *a, int64_t id,
                                                 struct identity_claim *out);
/* An administrator looked at the case; NOT_FOUND when it was reviewed. */
MM_MUST_USE enum mm_err store_identity_claim_review(struct store *s, int64_t id, int64_t admin_id,
                                                    struct str note, int64_t now);
struct identity_audit_line {
	int64_t at;
	struct str actor_email, action, outcome, detail, organisation_name;
};

/* The audit lines about a number (target = the number, actions
 * identity.*), oldest first, at most IDENTITY_EVENTS_MAX. */
MM_MUST_USE enum mm_err store_identity_audit(struct store *s, struct arena *a, struct str number,
                                             struct identity_audit_line **out, size_t *n);
/* For `mamori seed`: the corporate-number data of every seeded
 * organisation with a number, a letter for every 20th of them (a third
 * waiting, a third posted, a third used and the organisation verified
 * by letter), dated back from base, and their history. Run inside a
 * transaction; *records: how many numbers the data holds. */
MM_MUST_USE enum mm_err store_identity_seed(struct store *s, int64_t base, int64_t *records);
/* The history of a number, oldest first (at most IDENTITY_EVENTS_MAX). */
MM_MUST_USE enum mm_err store_identity_events(struct store *s, struct arena *a, struct str number,
                                              struct identity_event **out, size_t *n);

#endif
