/*
 * job_lease.h — how a background job of `mamori serve` runs once per
 * period (a day, an hour, a week) whichever instance gets there first:
 * take the job's lease for the period (store/statistics.h), do the work,
 * and mark the period done only when the work succeeded, so that a failed
 * run is tried again, by any instance, once the lease has run out.
 */
#ifndef MM_APP_JOB_LEASE_H
#define MM_APP_JOB_LEASE_H

#include <stdint.h>

#include "lib/err.h"

struct store;

/* The work of one period: logs its own failure (what it got done, and
 * why it stopped) and its own success. */
typedef enum mm_err (*job_work_fn)(struct store *s, int64_t now, void *arg);

/* The day in Japan that now falls in, as the period of a daily job. */
int job_day_in_japan(int64_t now);

/* The work of a period that queues mails, counting them in *sent (those
 * queued before a failure included). */
typedef enum mm_err (*job_mail_fn)(struct store *s, int64_t now, int64_t *sent);

/* job_lease_run for a job that sends mail through the outbox, named name
 * in the log: *sent mails queued (0 when the period was not run), and a
 * line that says how many, or after how many it stopped and why. */
MM_MUST_USE enum mm_err job_lease_run_mailing(struct store *s, const char *job, const char *owner,
                                              int period, int64_t now, int64_t lease_s,
                                              const char *name, job_mail_fn send, int64_t *sent);

/* Runs work under job's lease for period, held by owner for lease_s
 * seconds, and marks the period done after it. MM_OK without running
 * work when the period is done or another instance holds the lease;
 * work's error when it fails (the period is left to be run again). */
MM_MUST_USE enum mm_err job_lease_run(struct store *s, const char *job, const char *owner,
                                      int period, int64_t now, int64_t lease_s, job_work_fn work,
                                      void *arg);

#endif
