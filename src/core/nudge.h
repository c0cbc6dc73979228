/*
 * nudge.h — when a reminder is due (pure: the clock is passed in). An
 * organisation whose latest self-assessment result is a year old is
 * reminded to take it again; if it still has not after 13 months, once
 * more. Each reminder goes at most once per result, and only within its
 * window, so a result far older than that (before reminders existed, or
 * while the job did not run) brings none. A ★ declaration six months old
 * brings its owners one note of what ★★ still needs.
 *
 * A policy published at the firm's own address is checked at most once a
 * day (POLICY_CHECK_EVERY_S apart). When it has failed every check for 7
 * days in a row (7 failed checks, the first 6 days or more before the
 * last), the owners get one notice: if it still cannot be read 30 days
 * later, the publication lapses (the policy counts as unpublished, and a
 * ★★ declaration becomes ★). One check that reads it ends the outage.
 */
#ifndef MM_CORE_NUDGE_H
#define MM_CORE_NUDGE_H

#include <stdbool.h>
#include <stdint.h>

#define NUDGE_DAY_S 86400
#define NUDGE_REASSESS_FIRST_DAYS 365  /* a year after the result */
#define NUDGE_REASSESS_SECOND_DAYS 395 /* about 13 months */
#define NUDGE_WINDOW_DAYS 30           /* a reminder not sent within this is dropped */
#define NUDGE_STAR_DAYS 182            /* a ★ six months old */

enum nudge_kind { NUDGE_NONE, NUDGE_REASSESS_12, NUDGE_REASSESS_13, NUDGE_STAR_6 };

/* The reminder due at now for a latest result taken at taken_at, given
 * which were sent for it already; NUDGE_NONE when none is. */
enum nudge_kind core_nudge_reassess_due(int64_t taken_at, int64_t now, bool sent_12, bool sent_13);
/* NUDGE_STAR_6 when a ★ declared at declared_at is six months old at now
 * and its note was not sent. */
enum nudge_kind core_nudge_star_due(int64_t declared_at, int64_t now, bool sent);
/* The range of declaration times that may be due at now. */
void core_nudge_star_range(int64_t now, int64_t *from, int64_t *to);
/* "reassess_12", "reassess_13", "star_6" (NULL for NUDGE_NONE). */
const char *core_nudge_name(enum nudge_kind k);
/* The range of result times that may be due at now: [*from, *to]. */
void core_nudge_reassess_range(int64_t now, int64_t *from, int64_t *to);

#define POLICY_CHECK_EVERY_S (20 * 3600) /* a daily job, whatever its start time */
#define POLICY_OUTAGE_CHECKS 7           /* failed checks in a row before the notice */
#define POLICY_OUTAGE_DAYS 6             /* …the first at least this long before the last */
#define POLICY_OUTAGE_GRACE_DAYS 30      /* from the notice to the lapse */

enum policy_outage_step {
	POLICY_OUTAGE_WAIT,   /* nothing to do yet */
	POLICY_OUTAGE_NOTICE, /* send the notice now */
	POLICY_OUTAGE_LAPSE,  /* the grace is over: unpublish */
};

/* What an outage that began at since (the first failed check), with
 * failures failed checks in a row, needs at now; noticed_at is when its
 * notice went (0: not yet). */
enum policy_outage_step core_policy_outage_step(int64_t since, int64_t failures, int64_t noticed_at,
                                                int64_t now);
/* When an outage noticed at noticed_at lapses. */
int64_t core_policy_lapse_at(int64_t noticed_at);

#endif
