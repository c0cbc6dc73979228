/*
 * consultation.c — see consultation.h. The transition table is the one
 * place the status machine is written; pages and the job ask it and never
 * compare statuses themselves.
 */
#include "core/consultation.h"

#include <assert.h>
#include <stdlib.h>

const char *const consult_status_names[CONSULT_STATUS_COUNT] = {"new", "assigned", "waiting",
                                                                "answered", "closed"};
const char *const consult_categories[] = {
    "malware", "unauthorised_access", "fraud", "data_leak", "how_to", "scheme", "other"};
const size_t consult_category_count = sizeof consult_categories / sizeof consult_categories[0];
const char *const consult_urgencies[] = {"now", "week", "question"};
const size_t consult_urgency_count = sizeof consult_urgencies / sizeof consult_urgencies[0];

static bool one_of(struct str s, const char *const names[], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(s, names[i]))
			return true;
	return false;
}

bool consult_category_valid(struct str s)
{
	return one_of(s, consult_categories, consult_category_count);
}

bool consult_urgency_valid(struct str s)
{
	return one_of(s, consult_urgencies, consult_urgency_count);
}

bool consult_status_parse(struct str s, enum consult_status *out)
{
	for (int i = 0; i < CONSULT_STATUS_COUNT; i++)
		if (str_eq_lit(s, consult_status_names[i])) {
			*out = (enum consult_status)i;
			return true;
		}
	return false;
}

/* -1: refused; REOPEN_TARGET: back to the responder or to the queue. */
#define NO -1
#define SAME -2
#define REOPEN_TARGET -3
static const int table[CONSULT_EVENT_COUNT][CONSULT_STATUS_COUNT] = {
    /*                          new          assigned          waiting           answered closed */
    [CONSULT_EV_ASSIGN] = {CONSULT_ASSIGNED, SAME, SAME, SAME, NO},
    [CONSULT_EV_ANSWER] = {NO, CONSULT_ANSWERED, CONSULT_ANSWERED, CONSULT_ANSWERED, NO},
    [CONSULT_EV_ASK] = {NO, CONSULT_WAITING, CONSULT_WAITING, CONSULT_WAITING, NO},
    [CONSULT_EV_FIRM_MESSAGE] = {SAME, SAME, CONSULT_ASSIGNED, CONSULT_ASSIGNED, NO},
    [CONSULT_EV_CLOSE] = {CONSULT_CLOSED, CONSULT_CLOSED, CONSULT_CLOSED, CONSULT_CLOSED, NO},
    [CONSULT_EV_AUTO_CLOSE] = {NO, NO, NO, CONSULT_CLOSED, NO},
    [CONSULT_EV_REOPEN] = {NO, NO, NO, NO, REOPEN_TARGET},
};

bool consult_transition(enum consult_status from, enum consult_event ev, bool has_responder,
                        enum consult_status *to)
{
	assert(from < CONSULT_STATUS_COUNT && ev < CONSULT_EVENT_COUNT);
	int t = table[ev][from];
	if (t == NO)
		return false;
	*to = t == SAME            ? from
	      : t == REOPEN_TARGET ? (has_responder ? CONSULT_ASSIGNED : CONSULT_NEW)
	                           : (enum consult_status)t;
	return true;
}

bool consult_may_reopen(int64_t closed_at, int64_t now)
{
	return closed_at > 0 && now - closed_at <= CONSULT_REOPEN_S;
}

enum consult_due consult_auto_due(int64_t answered_at, int64_t reminded_at, int64_t now)
{
	if (answered_at <= 0)
		return CONSULT_DUE_NOTHING;
	if (reminded_at < answered_at) /* no reminder since this answer */
		return now - answered_at >= CONSULT_REMIND_AFTER_S ? CONSULT_DUE_REMIND
		                                                   : CONSULT_DUE_NOTHING;
	if (now - answered_at >= CONSULT_CLOSE_AFTER_S &&
	    now - reminded_at >= CONSULT_CLOSE_NOTICE_S)
		return CONSULT_DUE_CLOSE;
	return CONSULT_DUE_NOTHING;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t consult_percentile(int64_t *v, size_t n, int pct)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, by_value);
	/* nearest rank: the smallest value with at least pct% at or below it */
	size_t rank = ((size_t)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}
