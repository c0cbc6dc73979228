/*
 * consult_jobs.h — the consultations' scheduled work, run by a thread of
 * `mamori serve` beside the mailer: reminding a firm of an answer it has
 * not replied to, closing the consultation 14 days after the answer (and
 * at least 3 after the reminder: core/consultation.h), and the responders'
 * digest of new consultations in their area, at most once a day.
 *
 * Several instances may share one database: a round runs only in the
 * instance holding the job's lease (store_job_lease), so each reminder,
 * closing and digest happens once. All mail says only that there is news
 * and links to it.
 */
#ifndef MM_APP_CONSULT_JOBS_H
#define MM_APP_CONSULT_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct store;

#define CONSULT_JOBS_POLL_S 60   /* how often a round is tried */
#define CONSULT_JOBS_LEASE_S 300 /* a round's lease, well over a round's length */
#define CONSULT_JOBS_BATCH 200   /* consultations or responders a round handles */

struct consult_jobs_done {
	size_t reminded, closed, digests;
};

/* One round at now (the tests' clock): takes the lease for owner, and,
 * when it has it, does what is due. *ran false when another holds it. */
MM_MUST_USE enum mm_err consult_jobs_run(struct store *s, const char *owner, int64_t now,
                                         struct consult_jobs_done *done, bool *ran);

/* The thread of `serve` (db: its own connection's address). */
MM_MUST_USE enum mm_err consult_jobs_start(const char *db);
void consult_jobs_stop(void);

#endif
