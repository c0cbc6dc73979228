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

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/str.h"
#include "view/i18n.h"

struct store;
struct nudge_recipient;

#define NUDGES_LEASE_S 3600

/* Sends what is due at now when this owner takes today's lease: *sent
 * mails queued (0 when another instance has the day). */
MM_MUST_USE enum mm_err nudges_job_run(struct store *s, const char *owner, int64_t now,
                                       int64_t *sent);

#define NUDGES_FIELDS_MAX 8

/* A day in Japan, written for language l. */
struct str nudges_day(struct arena *a, enum lang l, int64_t at);
/* Queues reminder KIND (catalogue keys mail.nudge_KIND.subject and .body)
 * to one recipient, with the caller's n fields and {unsubscribe}: a new
 * one-click link (no log-in) that stops every reminder to that account, also
 * given as the List-Unsubscribe header. */
MM_MUST_USE enum mm_err nudges_mail(struct store *s, struct arena *a, int64_t now, const char *kind,
                                    const struct nudge_recipient *to, const char *const names[],
                                    const struct str values[], size_t n);

#endif
