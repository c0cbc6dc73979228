/*
 * event_reminders.h — the reminder mail the day before an event: once an
 * hour (under the job lease of migration 0029, so one instance at a time),
 * every place held at an event that starts tomorrow in Japan time and was
 * not reminded yet gets one mail. A place taken today for tomorrow is
 * reminded at the next round; each registration is reminded once
 * (event_registration.reminded_at), whichever instance sends it.
 */
#ifndef MM_APP_EVENT_REMINDERS_H
#define MM_APP_EVENT_REMINDERS_H

#include <stdint.h>

#include "lib/err.h"

struct store;

#define EVENT_REMINDERS_LEASE_S 1800

/* Queues what is due at now when this owner takes this hour's lease;
 * *sent: the mails queued. */
MM_MUST_USE enum mm_err event_reminders_job_run(struct store *s, const char *owner, int64_t now,
                                                int64_t *sent);

#endif
