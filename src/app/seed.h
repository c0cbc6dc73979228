/*
 * seed.h — `mamori seed --orgs N --seed S [--declared P]`: N synthetic
 * organisations for benchmarks and demonstrations, about P % of them
 * (default SEED_DECLARED_DEFAULT, near the share of a national registry)
 * with declarations (about nine ★ to one ★★), submitted
 * self-assessments and, for ★★, a published hosted policy; of the others
 * one in three with a self-assessment only.
 * The same N, S and P give the same data on every machine: every value comes
 * from one splitmix64 stream seeded by S, never from the clock or the
 * process. Meant for an empty database: an organisation or corporate
 * number that already exists stops the run (nothing of that batch stays).
 */
#ifndef MM_APP_SEED_H
#define MM_APP_SEED_H

#include "store/event.h"

#include <stdint.h>

#include "store/store.h"

#define SEED_ORGS_MAX 10000000 /* a sanity bound for --orgs */
#define SEED_BATCH 10000       /* organisations per transaction */
#define SEED_STATEMENT 500 /* organisations per call of the store (one statement on PostgreSQL) */
#define SEED_DECLARED_DEFAULT 10 /* percent of the organisations that declare */

struct seed_report {
	int64_t organisations, declarations, level_one, level_two, withdrawn, assessments,
	    consultations;
	int64_t corporate_records; /* the corporate-number data of the seeded numbers */
	struct event_seed_report events;
	int64_t articles, subscribers; /* site news, and the accounts asking for its digest */
};

/* Inserts n organisations from seed, declared percent (0–100) of them
 * declaring; progress lines go to stderr. */
MM_MUST_USE enum mm_err seed_run(struct store *s, int64_t n, uint64_t seed, int declared,
                                 struct seed_report *out, char err[256]);

/* Communities, events and registrations (store_event_seed), once the
 * organisations and the experts are seeded. */
MM_MUST_USE enum mm_err seed_events(struct store *s, struct event_seed_report *out, char err[256]);

/* Site news (every third organisation's article) and the news digest's
 * subscribers (every fourth account), once the accounts are seeded. */
MM_MUST_USE enum mm_err seed_news(struct store *s, struct seed_report *out, char err[256]);

#endif
