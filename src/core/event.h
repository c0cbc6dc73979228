/*
 * event.h — the rules of communities' events, pure (no I/O, no clock): the
 * kinds and audiences, who gets a place and who waits, how many of the
 * waiting move up when places free, when a study programme is completed,
 * and Japan-time input read into UTC seconds.
 *
 * The places: a registration is confirmed while confirmed < capacity and
 * nobody waits (the waiting list is never overtaken), otherwise it waits;
 * when places free (a cancellation, a larger capacity), the earliest
 * waiting move up, as many as there are free places. The store applies
 * these answers inside one transaction that holds the event (store/event.c).
 */
#ifndef MM_CORE_EVENT_H
#define MM_CORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define EVENT_KIND_COUNT 5
#define EVENT_AUDIENCE_COUNT 4
#define EVENT_TITLE_MAX_CHARS 200
#define EVENT_TEXT_MAX_CHARS 5000
#define EVENT_PLACE_MAX_CHARS 300
#define EVENT_URL_MAX_CHARS 500
#define EVENT_TRACK_MAX_CHARS 100
#define EVENT_CAPACITY_MAX 100000
#define EVENT_DURATION_MAX_MINUTES 10080 /* a week */

enum event_kind {
	EVENT_SEMINAR,
	EVENT_WORKSHOP,
	EVENT_TABLETOP,
	EVENT_STUDY_SESSION,
	EVENT_SUPPORTER_TRAINING
};
enum event_audience {
	EVENT_AUDIENCE_ANYONE,
	EVENT_AUDIENCE_MEMBERS,
	EVENT_AUDIENCE_SUPPORTERS,
	EVENT_AUDIENCE_TRACK
};

extern const char *const event_kinds[EVENT_KIND_COUNT];         /* as stored */
extern const char *const event_audiences[EVENT_AUDIENCE_COUNT]; /* as stored */

/* The index of name in names[0..n), -1 when it is none of them. */
int event_name_index(const char *const names[], size_t n, struct str name);

/* Whether a new registration is confirmed (true) or waits. */
bool event_confirms_new(int64_t capacity, int64_t confirmed, int64_t waiting);
/* How many of the waiting move up now. */
int64_t event_promotions(int64_t capacity, int64_t confirmed, int64_t waiting);

/* A study programme is completed with required sessions attended, or all
 * of them when required is 0 (and there is at least one). */
bool event_programme_completed(int64_t required, int64_t sessions, int64_t attended);

/* "2026-12-10" and "14:00" in Japan time as UTC seconds: false when either
 * is not a real date or time. */
bool event_parse_japan_time(struct str date, struct str time, int64_t *out);
/* The Japan date ("2026-12-10") and time ("14:00") of t. */
void event_japan_date(int64_t t, char out[11]);
void event_japan_clock(int64_t t, char out[6]);

/* The nine regions of the regional bureaus of METI (Okinawa's by its
 * general bureau), as presets of a community's prefectures: name (a
 * catalogue key's last part) and bits (code - 1). */
#define EVENT_REGION_COUNT 9
struct event_region {
	const char *name;
	uint64_t prefectures;
};
extern const struct event_region event_regions[EVENT_REGION_COUNT];
/* The region whose prefectures are exactly mask, -1 when none is. */
int event_region_of(uint64_t mask);

/* A text people typed: no control characters but line breaks and tabs. */
bool event_text_ok(struct str s);

/* An online link must be an https:// (or http://) address with a host. */
bool event_url_ok(struct str url);

#endif
