/*
 * verify_common.h — what the verification pages, the JSON API and the
 * badge share: reading an ID or a corporate number as people type them,
 * looking a declaration up, dates as a verifier reads them, the per-IP
 * limit, and conditional GETs.
 *
 * Nothing here writes to the database.
 */
#ifndef MM_VERIFY_COMMON_H
#define MM_VERIFY_COMMON_H

#include "core/declaration_id.h"
#include "lib/civil.h"
#include "store/verification.h"
#include "web/req.h"
#include "web/verify_cache.h"

/* Input longer than this is refused before normalisation. */
#define VERIFY_INPUT_MAX 200
/* Shown dates are calendar days in Japan. */
#define VERIFY_TZ_OFFSET_S CIVIL_JAPAN_OFFSET_S

/* NFKC, then spaces, hyphens and dashes (also the long-vowel mark an IME
 * types for "-") removed: "９０００ ０００-００１８" → "90000000018".
 * The result is checked with core_declaration_id_check; invalid UTF-8 and
 * over-long input are MALFORMED. out is set in every case. */
enum declaration_id_check verify_id_normalise(struct arena *a, struct str in, struct str *out);

/* The same normalisation for a corporate number; true when the result is
 * a valid 13-digit number. Empty input gives false with out empty. */
bool verify_corporate_number_normalise(struct arena *a, struct str in, struct str *out);

/* Katakana and hiragana forms of a (normalised) search text. */
enum mm_err verify_kana_forms(struct arena *a, struct str text, struct str *katakana,
                              struct str *hiragana);

/* "2024-05-01" (Japan's calendar day of a Unix time), into the arena. */
const char *verify_date(struct arena *a, int64_t unix_s);

/* "active", "withdrawn", "revoked". */
const char *verify_status_code(enum verification_status s);

/* The outcome of looking an ID up. */
enum verify_outcome {
	VERIFY_FOUND,
	VERIFY_NOT_FOUND, /* well-formed, no such declaration */
	VERIFY_MISTYPED,  /* ours, check digit wrong: not looked up */
	VERIFY_MALFORMED, /* not an ID at all */
};

/* A declaration's public record as kept in memory, at most. */
#define VERIFY_RECORD_MAX (64u * 1024)

/* Normalises raw and looks it up (with history when asked), from the
 * verification cache when it holds the declaration (verify_cache.h).
 * *id receives the normalised ID. MM_OK with the outcome; errors are the
 * store's. */
enum mm_err verify_lookup(struct req *r, struct str raw, bool with_history, struct str *id,
                          enum verify_outcome *outcome, struct verification *out);
/* The two halves of verify_lookup. verify_id_outcome normalises raw into
 * *id: MALFORMED, MISTYPED, or FOUND meaning "an ID worth looking up".
 * verify_find looks a normalised ID up: *outcome FOUND or NOT_FOUND. */
enum verify_outcome verify_id_outcome(struct arena *a, struct str raw, struct str *id);
enum mm_err verify_find(struct req *r, struct str id, bool with_history,
                        enum verify_outcome *outcome, struct verification *out);

/* False (after filling res with 429 and Retry-After) when this address
 * has used its allowance. json chooses a JSON or an HTML answer. */
bool verify_rate_ok(struct req *r, struct res *res, bool json);

/* Sets ETag (a hash of body) and Cache-Control; answers 304 with no body
 * when If-None-Match holds that tag. */
enum mm_err verify_cacheable(struct req *r, struct res *res, const char *cache_control);

/* The entity tag verify_cacheable gives a body: a hash in hex, quoted. */
#define VERIFY_ETAG_LEN 26
void verify_etag(struct str body, char out[VERIFY_ETAG_LEN + 1]);
/* verify_cacheable with a tag computed before (kept with a cached body). */
enum mm_err verify_cacheable_tag(struct req *r, struct res *res, struct str tag,
                                 const char *cache_control);

/* The value the verification cache keeps for a normalised ID, after
 * syncing it with the change log (verify_cache.h); false on a miss. */
bool verify_cached(struct req *r, enum verify_cache_kind kind, struct str id, struct str *value);

#define DECLARANTS_QUERY_MAX 100 /* code points of a search text */

/* Reads ?q=&prefecture=&industry=&level=&page= (all optional) into q.
 * False when one is malformed or repeated. */
bool verify_declarant_query(struct req *r, struct declarant_query *q);

#endif
