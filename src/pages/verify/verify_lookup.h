/*
 * verify_lookup.h — finding a declaration by what a verifier typed: the
 * ID read as people type it (core_declaration_id_read), then the public
 * record from the verification cache or, on a miss, from the store (and
 * then kept). Every verification answer — page, API, badge, mark, batch —
 * goes through here, so they all agree on what an ID means.
 *
 * It only reads: never writes to the database, never renders, and costs
 * no database read at all when the cache holds the declaration (the hot
 * path of /api/v1/declarations/{id}, /verify/{id} and /badge/…).
 */
#ifndef MM_VERIFY_LOOKUP_H
#define MM_VERIFY_LOOKUP_H

#include "store/verification.h"
#include "web/req.h"
#include "web/verify_cache.h"

/* The outcome of looking an ID up. */
enum verify_outcome {
	VERIFY_FOUND,
	VERIFY_NOT_FOUND, /* well-formed, no such declaration */
	VERIFY_MISTYPED,  /* ours, check digit wrong: not looked up */
	VERIFY_MALFORMED, /* not an ID at all */
};

/* Reads raw and looks it up (with history when asked). *id receives the
 * normalised ID. MM_OK with the outcome; errors are the store's. */
MM_MUST_USE enum mm_err verify_lookup(struct req *r, struct str raw, bool with_history,
                                      struct str *id, enum verify_outcome *outcome,
                                      struct verification *out);
/* The two halves of verify_lookup. verify_id_outcome reads raw into *id:
 * MALFORMED, MISTYPED, or FOUND meaning "an ID worth looking up".
 * verify_find looks a normalised ID up: *outcome FOUND or NOT_FOUND. */
enum verify_outcome verify_id_outcome(struct arena *a, struct str raw, struct str *id);
MM_MUST_USE enum mm_err verify_find(struct req *r, struct str id, bool with_history,
                                    enum verify_outcome *outcome, struct verification *out);
/* verify_find, and *serial: the verification cache's serial of the record
 * when it came from there (for verify_cache_put_derived), else 0 (read from
 * the store: keep what is made of it with verify_cache_put and its
 * change_seq). */
MM_MUST_USE enum mm_err verify_find_serial(struct req *r, struct str id, bool with_history,
                                           enum verify_outcome *outcome, struct verification *out,
                                           uint64_t *serial);

/* The value the verification cache keeps for a normalised ID, after
 * syncing it with the change log (verify_cache.h); false on a miss. */
bool verify_cached(struct req *r, enum verify_cache_kind kind, struct str id, struct str *value);

/* "active", "withdrawn", "revoked": the status as the API and the batch
 * CSV spell it. */
const char *verify_status_code(enum verification_status s);
/* The same for an outcome: v's status when FOUND, else "not_found",
 * "mistyped", "malformed". */
const char *verify_outcome_code(enum verify_outcome o, const struct verification *v);

#endif
