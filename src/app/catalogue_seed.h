/*
 * catalogue_seed.h — data for the service catalogue: the invented demo
 * providers and listings of content/demo/services.json (`mamori
 * seed-demo`, once: a second run changes nothing), and synthetic listings
 * for `mamori seed` (about 2,000, from the same seed as the organisations,
 * so the same N and S give the same data). Every listing goes in as an
 * import does: live at once, under a stable external key.
 */
#ifndef MM_APP_CATALOGUE_SEED_H
#define MM_APP_CATALOGUE_SEED_H

#include <stdint.h>

#include "store/store.h"

#define SEED_LISTINGS 2000 /* `mamori seed`: listings */
#define SEED_PROVIDERS 100 /* … spread over this many providers */

/* The demo providers and listings; *inserted counts the new listings. */
MM_MUST_USE enum mm_err catalogue_seed_demo(struct store *s, int *inserted, char err[256]);
/* SEED_LISTINGS synthetic listings of up to SEED_PROVIDERS of the seeded
 * organisations, in one transaction; *inserted counts the new ones. */
MM_MUST_USE enum mm_err catalogue_seed_run(struct store *s, uint64_t seed, int64_t *inserted,
                                           char err[256]);

#endif
