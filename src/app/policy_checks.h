/*
 * policy_checks.h — the daily check of policies published at a firm's own
 * address (`mamori serve`, one instance at a time under the lease
 * "policy_checks"). Each address is fetched at most once a day, politely:
 * one request at a time, with web/fetch.h's timeout, size limit and
 * public-address rule, and what was seen is kept in the policy's fetch
 * history. core/nudge.h decides the rest: after 7 days of failed checks in
 * a row the owners who have not opted out get one notice saying when the
 * publication lapses; 30 days later, if the page still cannot be read,
 * the policy is unpublished (a ★★ declaration becomes ★, as when the
 * owner unpublishes) and the owners are told. A readable check ends the
 * outage.
 */
#ifndef MM_APP_POLICY_CHECKS_H
#define MM_APP_POLICY_CHECKS_H

#include <stdint.h>

#include "lib/err.h"

struct store;

#define POLICY_CHECKS_LEASE_S 3600

/* What one run did. */
struct policy_checks_run {
	int64_t checked, failed, noticed, lapsed;
};

/* Checks every address due at now when this owner takes today's lease
 * (nothing when another instance has the day). */
MM_MUST_USE enum mm_err policy_checks_job_run(struct store *s, const char *owner, int64_t now,
                                              struct policy_checks_run *out);

#endif
