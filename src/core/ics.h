/*
 * ics.h — iCalendar (RFC 5545) for events: a VCALENDAR with the
 * Asia/Tokyo VTIMEZONE and one VEVENT per event. Lines end in CRLF and are
 * folded before 75 octets, never inside a UTF-8 character; text values
 * have \ ; , and line breaks escaped; DTSTART/DTEND are Japan's local time
 * with TZID=Asia/Tokyo; DTSTAMP is UTC; the UID is made of the event's id
 * and the site's host only, so it never changes, and SEQUENCE counts its
 * changes. Pure: writes into the buffer it is handed.
 */
#ifndef MM_CORE_ICS_H
#define MM_CORE_ICS_H

#include <stdint.h>

#include "lib/str.h"

#define ICS_LINE_OCTETS 75

struct ics_event {
	int64_t id;         /* in the UID: event-ID@host */
	int64_t starts_at;  /* UTC seconds */
	int64_t duration_s; /* DTEND = start + duration */
	int64_t updated_at; /* LAST-MODIFIED */
	int64_t sequence;   /* SEQUENCE */
	struct str summary; /* the title */
	struct str description;
	struct str location;  /* "" when online only */
	struct str url;       /* the event's page */
	struct str organiser; /* the community's name (in DESCRIPTION's first line) */
};

/* BEGIN:VCALENDAR … VTIMEZONE; name: X-WR-CALNAME ("" for none). */
MM_MUST_USE enum mm_err ics_begin(struct buf *b, struct str name);
/* One VEVENT; now: its DTSTAMP; host: the UID's right-hand side. */
MM_MUST_USE enum mm_err ics_event(struct buf *b, const struct ics_event *e, const char *host,
                                  int64_t now);
MM_MUST_USE enum mm_err ics_end(struct buf *b);

/* One content line "NAME:value" (value already escaped as it must be),
 * folded, CRLF-terminated. Exposed for the tests. */
MM_MUST_USE enum mm_err ics_line(struct buf *b, const char *name, struct str value);
/* A TEXT value with \ ; , and line breaks escaped (CR dropped). */
MM_MUST_USE enum mm_err ics_escape(struct buf *b, struct str text);

#endif
