/*
 * verify_limit.h — the per-address allowance of the public verification
 * answers (pages, API, badge, marks, batch), so that nobody can walk the
 * ID space or copy the register of declarants through them. The counting
 * is web/ratelimit.h's, in this process's memory; this file only answers
 * the request that is over it (429 with Retry-After, as a page or as the
 * API's JSON error).
 *
 * It never reads or writes the database and never blocks.
 */
#ifndef MM_VERIFY_LIMIT_H
#define MM_VERIFY_LIMIT_H

#include "web/req.h"

/* False (after filling res with 429 and Retry-After) when this address
 * has used its allowance. json chooses a JSON or an HTML answer. */
bool verify_rate_ok(struct req *r, struct res *res, bool json);

/* A batch costs one token per VERIFY_BATCH_IDS_PER_TOKEN IDs, rounded up,
 * so that checking 1,000 IDs at once costs what 100 requests cost and a
 * batch is no cheaper way to walk the ID space. The first token was taken
 * by verify_rate_ok() before the body was read; this takes the rest for
 * n IDs, answering as verify_rate_ok() does when they are not there. */
#define VERIFY_BATCH_IDS_PER_TOKEN 10
bool verify_rate_batch_ok(struct req *r, struct res *res, bool json, size_t n);

#endif
