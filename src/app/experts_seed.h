/*
 * experts_seed.h — profiles for the experts directory: the invented demo
 * experts of content/demo/experts.json (`mamori seed-demo`, once), and
 * synthetic ones for `mamori seed` (a few hundred, from the same seed as
 * the organisations, so the same N and S give the same data). Each is an
 * approved profile with an account that cannot sign in.
 */
#ifndef MM_APP_EXPERTS_SEED_H
#define MM_APP_EXPERTS_SEED_H

#include <stdint.h>

#include "store/store.h"

#define SEED_EXPERTS_MAX 300 /* `mamori seed`: one per 10 organisations, up to this */

/* The demo experts; *inserted counts the new ones (0 when run again). */
MM_MUST_USE enum mm_err experts_seed_demo(struct store *s, int *inserted, char err[256]);
/* n synthetic experts from seed, in one transaction. */
MM_MUST_USE enum mm_err experts_seed_run(struct store *s, int64_t n, uint64_t seed, char err[256]);

#endif
