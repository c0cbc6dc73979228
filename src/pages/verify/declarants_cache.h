/*
 * declarants_cache.h — the declarant search's answers (the page's body
 * inside the layout, the API's JSON) kept in the render cache
 * (web/render_cache.h), so that a search asked again reads no index and
 * renders nothing but the layout.
 *
 * The key names everything an answer depends on: the search as
 * declarants_query_read() gave it (the normalised text, each filter, the
 * page and the cursor), the kind of answer, the page's language, and the
 * generation of the verification cache (web/verify_cache.h), which every
 * change of a declaration handled from the change log moves on. So a
 * withdrawal, a revocation, a new declaration or a new name is never
 * answered from an older page: by this process at once, by another
 * sharing the database within VERIFY_CACHE_POLL_MS — the bound the
 * verification pages keep. Nothing is cached while the verification
 * cache is out of step with the log.
 *
 * Every visitor gets the same body for the same search (signed in or not:
 * the layout around it is rendered each time), so every search may be
 * kept; only answers that succeeded are. MAMORI_SEARCH_CACHE=0 turns
 * the cache off (bench/search.sh measures every search cold with it);
 * `serve` reads it at start (declarants_cache_configure).
 */
#ifndef MM_DECLARANTS_CACHE_H
#define MM_DECLARANTS_CACHE_H

#include "store/verification.h"
#include "web/render_cache.h"
#include "web/req.h"

/* MAMORI_SEARCH_CACHE's value (setting_flag: unset keeps answers); false,
 * with a one-line reason in err, when it is not a yes or a no. Call it
 * before serving. */
bool declarants_cache_configure(const char *value, char err[256]);

/* The answers kept, each under its own prefix. */
enum declarants_answer { DECLARANTS_PAGE, DECLARANTS_API };

/* Writes the key of q's answer of that kind; *cacheable false when it
 * must not be kept (the verification cache is out of step, the key
 * cannot be made, or MAMORI_SEARCH_CACHE=0). Syncs the verification cache with the change log
 * first, so call it before reading the search's rows. */
MM_MUST_USE enum mm_err declarants_cache_key(struct req *r, enum declarants_answer kind,
                                             const struct declarant_query *q,
                                             char key[RENDER_CACHE_KEY_MAX], bool *cacheable);

#endif
