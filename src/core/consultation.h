/*
 * consultation.h — the rules of a consultation, with no I/O and no clock:
 * its categories and urgencies, the status machine (which event may move
 * which status, and where to), when a reopening is still allowed, when the
 * scheduled job reminds the firm of an answer and closes the consultation,
 * and the median and 90th percentile of the desk figures.
 *
 * Statuses: new (nobody has it yet) → assigned (a responder has it) →
 * waiting (the responder asked the firm something) or answered (the
 * responder answered) → closed (by the firm, or by the job 14 days after
 * an answer nobody replied to, a reminder having gone first). A closed
 * consultation may be reopened within CONSULT_REOPEN_S of its closing.
 */
#ifndef MM_CORE_CONSULTATION_H
#define MM_CORE_CONSULTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define CONSULT_QUESTION_MAX_CHARS 4000
#define CONSULT_MESSAGE_MAX_CHARS 4000
#define CONSULT_COMMENT_MAX_CHARS 1000
#define CONSULT_ATTACHMENTS_MAX 5                        /* per consultation */
#define CONSULT_ATTACHMENT_MAX_BYTES (10u * 1024 * 1024) /* per file */
#define CONSULT_DAY_S 86400
#define CONSULT_REMIND_AFTER_S (11 * CONSULT_DAY_S) /* after the answer */
#define CONSULT_CLOSE_AFTER_S (14 * CONSULT_DAY_S)  /* after the answer */
#define CONSULT_CLOSE_NOTICE_S (3 * CONSULT_DAY_S)  /* at least this after the reminder */
#define CONSULT_REOPEN_S (30 * CONSULT_DAY_S)       /* after the closing */
#define CONSULT_UNASSIGNED_LATE_S CONSULT_DAY_S     /* highlighted on the desk */

enum consult_status {
	CONSULT_NEW,
	CONSULT_ASSIGNED,
	CONSULT_WAITING,
	CONSULT_ANSWERED,
	CONSULT_CLOSED,
	CONSULT_STATUS_COUNT
};

enum consult_event {
	CONSULT_EV_ASSIGN,       /* accepted, assigned, reassigned or referred */
	CONSULT_EV_ANSWER,       /* the responder answers */
	CONSULT_EV_ASK,          /* the responder asks the firm something */
	CONSULT_EV_FIRM_MESSAGE, /* the firm writes */
	CONSULT_EV_CLOSE,        /* the firm closes it */
	CONSULT_EV_AUTO_CLOSE,   /* the job closes an answered one */
	CONSULT_EV_REOPEN,       /* the firm reopens a closed one */
	CONSULT_EVENT_COUNT
};

extern const char *const consult_status_names[CONSULT_STATUS_COUNT];
extern const char *const consult_categories[];
extern const size_t consult_category_count;
extern const char *const consult_urgencies[];
extern const size_t consult_urgency_count;

bool consult_category_valid(struct str s);
bool consult_urgency_valid(struct str s);
/* The status named s; false when none is. */
bool consult_status_parse(struct str s, enum consult_status *out);

/* Whether ev may happen in status from, and the status it leads to.
 * has_responder: the consultation has a responder (a reopened one goes
 * back to them; without one it is new again). */
bool consult_transition(enum consult_status from, enum consult_event ev, bool has_responder,
                        enum consult_status *to);
/* Whether a consultation closed at closed_at may be reopened at now. */
bool consult_may_reopen(int64_t closed_at, int64_t now);

/* What the scheduled job does to an answered consultation at now. */
enum consult_due { CONSULT_DUE_NOTHING, CONSULT_DUE_REMIND, CONSULT_DUE_CLOSE };
/* answered_at: its last answer; reminded_at: 0 when no reminder went
 * since. Only answered consultations are asked about. */
enum consult_due consult_auto_due(int64_t answered_at, int64_t reminded_at, int64_t now);

/* The value at percentile pct (0..100, nearest rank) of v[0..n), which it
 * sorts; 0 when n is 0. */
int64_t consult_percentile(int64_t *v, size_t n, int pct);

#endif
