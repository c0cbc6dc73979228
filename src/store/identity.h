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
 * Times are Unix seconds passed in by the caller. Only code hashes are
 * compared here; the code itself is kept only until its letter is printed.
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

#endif
