/*
 * nudges.h — the daily reminders of `mamori serve` (one instance at a
 * time, through the lease "nudges" of store/statistics.h): for every
 * organisation whose latest self-assessment result has a reminder due
 * (core/nudge.h), and for every ★ declaration six months old, a mail
 * through the outbox to each owner who has not opted out (for the ★, what
 * ★★ still needs: the self-assessment, the published policy, or nothing), saying why it was sent,
 * with a link to take the self-assessment and a one-click link (/unsubscribe/TOKEN, no log-in) to
 * receive no more. The reminder is recorded in the same transaction as its mails, so it goes once
 * whichever instance runs the job.
 */
#ifndef MM_APP_NUDGES_H
#define MM_APP_NUDGES_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/err.h"

struct store;

#define NUDGES_LEASE_S 3600

/* Sends what is due at now when this owner takes today's lease: *sent
 * mails queued (0 when another instance has the day). */
MM_MUST_USE enum mm_err nudges_job_run(struct store *s, const char *owner, int64_t now,
                                       int64_t *sent);

#endif
