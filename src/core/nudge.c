/*
 * nudge.c — see nudge.h.
 */
#include "core/nudge.h"

#include <stddef.h>

static bool within(int64_t taken_at, int64_t now, int64_t days)
{
	int64_t start = taken_at + days * NUDGE_DAY_S;
	return now >= start && now < start + NUDGE_WINDOW_DAYS * NUDGE_DAY_S;
}

enum nudge_kind core_nudge_reassess_due(int64_t taken_at, int64_t now, bool sent_12, bool sent_13)
{
	if (!sent_13 && within(taken_at, now, NUDGE_REASSESS_SECOND_DAYS))
		return NUDGE_REASSESS_13;
	if (!sent_12 && within(taken_at, now, NUDGE_REASSESS_FIRST_DAYS))
		return NUDGE_REASSESS_12;
	return NUDGE_NONE;
}

const char *core_nudge_name(enum nudge_kind k)
{
	switch (k) {
	case NUDGE_REASSESS_12:
		return "reassess_12";
	case NUDGE_REASSESS_13:
		return "reassess_13";
	case NUDGE_STAR_6:
		return "star_6";
	case NUDGE_NONE:
		break;
	}
	return NULL;
}

void core_nudge_reassess_range(int64_t now, int64_t *from, int64_t *to)
{
	*from = now - (NUDGE_REASSESS_SECOND_DAYS + NUDGE_WINDOW_DAYS) * NUDGE_DAY_S + 1;
	*to = now - NUDGE_REASSESS_FIRST_DAYS * NUDGE_DAY_S;
}

enum nudge_kind core_nudge_star_due(int64_t declared_at, int64_t now, bool sent)
{
	return !sent && within(declared_at, now, NUDGE_STAR_DAYS) ? NUDGE_STAR_6 : NUDGE_NONE;
}

void core_nudge_star_range(int64_t now, int64_t *from, int64_t *to)
{
	*from = now - (NUDGE_STAR_DAYS + NUDGE_WINDOW_DAYS) * NUDGE_DAY_S + 1;
	*to = now - NUDGE_STAR_DAYS * NUDGE_DAY_S;
}

enum policy_outage_step core_policy_outage_step(int64_t since, int64_t failures, int64_t noticed_at,
                                                int64_t now)
{
	if (noticed_at > 0)
		return now >= core_policy_lapse_at(noticed_at) ? POLICY_OUTAGE_LAPSE
		                                               : POLICY_OUTAGE_WAIT;
	if (failures >= POLICY_OUTAGE_CHECKS && now - since >= POLICY_OUTAGE_DAYS * NUDGE_DAY_S)
		return POLICY_OUTAGE_NOTICE;
	return POLICY_OUTAGE_WAIT;
}

int64_t core_policy_lapse_at(int64_t noticed_at)
{
	return noticed_at + POLICY_OUTAGE_GRACE_DAYS * NUDGE_DAY_S;
}
