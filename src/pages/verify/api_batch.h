/*
 * api_batch.h — the body of POST /api/v1/declarations/verify read apart
 * from the page (api_batch.c), so that it can be fuzzed on its own
 * (fuzz/fuzz_batch_json.c): {"items": [{"id": "…", "corporate_number":
 * "…"|null}, …]}, at most API_BATCH_MAX items, duplicate keys refused.
 */
#ifndef MM_PAGES_VERIFY_API_BATCH_H
#define MM_PAGES_VERIFY_API_BATCH_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/arena.h"
#include "lib/str.h"

#define API_BATCH_MAX 1000

struct api_batch_pair {
	struct str id, number; /* as given; number.p NULL when absent or null */
};

enum api_batch_read {
	API_BATCH_OK,
	API_BATCH_MALFORMED_JSON, /* not JSON (or a duplicate key) */
	API_BATCH_INVALID,        /* JSON, not the documented shape */
	API_BATCH_TOO_MANY,       /* more than API_BATCH_MAX items */
};

/* Reads body into *pairs (n of them, in the arena). The pairs' strings
 * point into *root, which the caller releases with json_decref once done
 * with them, whatever the result (*root is NULL for MALFORMED_JSON). */
enum api_batch_read api_batch_read(struct arena *a, struct str body, json_t **root,
                                   struct api_batch_pair **pairs, size_t *n);

#endif
