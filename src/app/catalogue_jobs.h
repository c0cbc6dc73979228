/*
 * catalogue_jobs.h — the service catalogue's daily job in `mamori serve`
 * (one instance at a time, through the lease "catalogue_expiry" of
 * store/statistics.h): each live listing whose registration ends within
 * the next 30 days gets one mail to its provider's contact address, in
 * the contact's language (store/services.h), through the outbox, in the same transaction that
 * records it was sent for that end date (a renewed registration with a new end date is told again).
 * Hiding a listing after its end date needs no job: every public read filters by date
 * (store/services.h).
 */
#ifndef MM_APP_CATALOGUE_JOBS_H
#define MM_APP_CATALOGUE_JOBS_H

#include <stdint.h>

#include "lib/err.h"

struct store;

#define CATALOGUE_EXPIRY_NOTICE_DAYS 30
#define CATALOGUE_EXPIRY_LEASE_S 3600

/* Mails what is due at now when this owner takes today's lease: *sent
 * mails queued (0 when another instance has the day). */
MM_MUST_USE enum mm_err catalogue_expiry_job_run(struct store *s, const char *owner, int64_t now,
                                                 int64_t *sent);

#endif
