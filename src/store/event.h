/*
 * event.h — the events area of the store: a community's events, their
 * registrations (places, waiting list, attendance, reminders), materials
 * given after an event, study programmes, and the training records that
 * attendance becomes. Written once for every database (store/event.c over
 * store/sql.h, migration 0029).
 *
 * No overbooking: a registration and a cancellation run in one
 * transaction that first holds the event (store_event_hold: SQLite's
 * BEGIN IMMEDIATE already serialises writers; PostgreSQL locks the event
 * row FOR UPDATE), then count, decide with core/event.h and write.
 */
#ifndef MM_STORE_EVENT_H
#define MM_STORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"
#include "lib/arena.h"
#include "lib/str.h"
#include "store/org.h"
#include "store/store.h"

#define EVENT_PAGE 20              /* events per page of /events */
#define EVENT_FEED_MAX 500         /* events in one ICS feed */
#define EVENT_ATTENDEES_MAX 100000 /* registrations read for one event */
#define EVENT_MATERIALS_MAX 20     /* files per event */
#define EVENT_MATERIAL_MAX_BYTES (10 * 1024 * 1024)
#define EVENT_REMINDERS_PAGE 200

enum event_mode { EVENT_MODE_ANY, EVENT_MODE_ONLINE, EVENT_MODE_OFFLINE };
enum registration_status { REG_CONFIRMED, REG_WAITING, REG_CANCELLED };

struct event {
	int64_t id, community_id;
	struct str community_name;
	enum event_kind kind;
	struct str title, description, co_organisers, place, online_url, track, language;
	int64_t starts_at, duration_minutes;
	int prefecture; /* of the place; 0 when online only */
	int64_t capacity, registration_opens_at, registration_closes_at;
	enum event_audience audience;
	int64_t programme_id; /* 0: none */
	int64_t sequence, created_at, updated_at;
	int64_t confirmed, waiting; /* read by event_get and lists */
};

struct event_filter {
	uint64_t prefectures; /* of the place, bit (code - 1); 0: any */
	int kind;             /* -1: any */
	int audience;         /* -1: any */
	enum event_mode mode;
	int64_t from, to;     /* starts_at in [from, to) */
	int64_t community_id; /* 0: any */
};

struct event_registration {
	int64_t id, event_id, user_id, organisation_id;
	enum registration_status status;
	int64_t registered_at, promoted_at, cancelled_at;
	int attended; /* -1 not marked, 0 absent, 1 present */
	struct str email, lang, organisation_name, name;
	/* of the event, when read with it */
	struct str event_title;
	int64_t event_starts_at;
};

struct event_material {
	int64_t id, event_id, size, created_at;
	struct str name, filename, content_type;
	struct str data; /* only read by store_event_material_get */
};

struct programme {
	int64_t id, community_id, required, created_at;
	struct str title, community_name;
	int64_t sessions; /* events in it */
};

struct training_record {
	int64_t id, user_id, event_id, programme_id, completed_at;
	struct str code, title, community_name, email, user_name;
	int64_t community_id;
	int64_t held_at; /* the event's start, or the last programme session attended */
};

/* ---- events ------------------------------------------------------------ */
MM_MUST_USE enum mm_err store_event_insert(struct store *s, const struct event *ev,
                                           int64_t created_by, int64_t now, int64_t *id);
/* Also counts one more change (SEQUENCE of its calendar entry). */
MM_MUST_USE enum mm_err store_event_update(struct store *s, const struct event *ev, int64_t now);
MM_MUST_USE enum mm_err store_event_get(struct store *s, struct arena *a, int64_t id,
                                        struct event *out);
/* A window of events by start time matching f, and how many match. */
MM_MUST_USE enum mm_err store_event_search(struct store *s, struct arena *a,
                                           const struct event_filter *f, struct org_page page,
                                           struct event **out, size_t *n, int64_t *total);
/* Events starting in [from, …), at most max, by start (community 0: all). */
MM_MUST_USE enum mm_err store_event_upcoming(struct store *s, struct arena *a, int64_t community_id,
                                             int64_t from, size_t max, struct event **out,
                                             size_t *n);
/* Past events of a community (newest first), at most max. */
MM_MUST_USE enum mm_err store_event_past(struct store *s, struct arena *a, int64_t community_id,
                                         int64_t before, size_t max, struct event **out, size_t *n);

/* ---- registrations ------------------------------------------------------- */
/* Inside a transaction: holds the event against other registrations and
 * reads its capacity and counts. NOT_FOUND when there is no event. */
MM_MUST_USE enum mm_err store_event_hold(struct store *s, int64_t event_id, int64_t *capacity,
                                         int64_t *confirmed, int64_t *waiting);
/* CONFLICT when the user holds a place or waits already. */
MM_MUST_USE enum mm_err store_registration_insert(struct store *s, int64_t event_id,
                                                  int64_t user_id, int64_t organisation_id,
                                                  enum registration_status status, int64_t now,
                                                  int64_t *id);
/* The user's registration that is not cancelled: NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_registration_of_user(struct store *s, struct arena *a,
                                                   int64_t event_id, int64_t user_id,
                                                   struct event_registration *out);
MM_MUST_USE enum mm_err store_registration_cancel(struct store *s, int64_t id, int64_t now);
/* Moves the n earliest waiting up; their rows (with e-mail and language)
 * into *out for the mails. */
MM_MUST_USE enum mm_err store_registration_promote(struct store *s, struct arena *a,
                                                   int64_t event_id, int64_t n, int64_t now,
                                                   struct event_registration **out, size_t *count);
/* Every registration that is not cancelled, places first then waiting,
 * each in order. */
MM_MUST_USE enum mm_err store_registration_list(struct store *s, struct arena *a, int64_t event_id,
                                                struct event_registration **out, size_t *n);
/* A window of that list, and how many registrations it has in all. */
MM_MUST_USE enum mm_err store_registration_page(struct store *s, struct arena *a, int64_t event_id,
                                                struct org_page page,
                                                struct event_registration **out, size_t *n,
                                                int64_t *total);
/* The places (confirmed registrations) whose ids lie in [first_id,
 * last_id], in the list's order: what one page of that list showed of
 * them, read without the rest of the list. */
MM_MUST_USE enum mm_err store_registration_places_between(struct store *s, struct arena *a,
                                                          int64_t event_id, int64_t first_id,
                                                          int64_t last_id,
                                                          struct event_registration **out,
                                                          size_t *n);
/* NOT_FOUND when the user has no place. */
MM_MUST_USE enum mm_err store_registration_set_attended(struct store *s, int64_t event_id,
                                                        int64_t user_id, bool attended);
/* The user's registrations of events starting from from, by start. */
MM_MUST_USE enum mm_err store_registration_of_user_upcoming(struct store *s, struct arena *a,
                                                            int64_t user_id, int64_t from,
                                                            struct event_registration **out,
                                                            size_t *n);
/* Confirmed places of events starting in [from, to) not reminded yet. */
MM_MUST_USE enum mm_err store_registration_reminders_due(struct store *s, struct arena *a,
                                                         int64_t from, int64_t to,
                                                         struct event_registration **out,
                                                         size_t *n);
/* CONFLICT when another instance reminded it already. */
MM_MUST_USE enum mm_err store_registration_reminded(struct store *s, int64_t id, int64_t now);

/* ---- materials ------------------------------------------------------------ */
MM_MUST_USE enum mm_err store_event_material_insert(struct store *s, const struct event_material *m,
                                                    int64_t now);
MM_MUST_USE enum mm_err store_event_material_list(struct store *s, struct arena *a,
                                                  int64_t event_id, struct event_material **out,
                                                  size_t *n);
MM_MUST_USE enum mm_err store_event_material_get(struct store *s, struct arena *a, int64_t event_id,
                                                 struct str name, struct event_material *out);
MM_MUST_USE enum mm_err store_event_material_delete(struct store *s, int64_t event_id,
                                                    struct str name);

/* ---- programmes and training records -------------------------------------- */
MM_MUST_USE enum mm_err store_programme_insert(struct store *s, int64_t community_id,
                                               struct str title, int64_t required, int64_t now,
                                               int64_t *id);
MM_MUST_USE enum mm_err store_programme_get(struct store *s, struct arena *a, int64_t id,
                                            struct programme *out);
MM_MUST_USE enum mm_err store_programme_list(struct store *s, struct arena *a, int64_t community_id,
                                             struct programme **out, size_t *n);
/* Sessions of the programme the user attended. */
MM_MUST_USE enum mm_err store_programme_attended(struct store *s, int64_t programme_id,
                                                 int64_t user_id, int64_t *out);
/* A record (CONFLICT-free: a second one for the same training changes
 * nothing); event_id or programme_id, the other 0. */
MM_MUST_USE enum mm_err store_training_record_add(struct store *s, int64_t user_id,
                                                  int64_t event_id, int64_t programme_id,
                                                  struct str code, int64_t now);
MM_MUST_USE enum mm_err store_training_record_remove(struct store *s, int64_t user_id,
                                                     int64_t event_id, int64_t programme_id);
MM_MUST_USE enum mm_err store_training_records_of_user(struct store *s, struct arena *a,
                                                       int64_t user_id,
                                                       struct training_record **out, size_t *n);
/* The person's record of a training event or programme: NOT_FOUND when
 * none. */
MM_MUST_USE enum mm_err store_training_record_find(struct store *s, struct arena *a,
                                                   int64_t user_id, int64_t event_id,
                                                   int64_t programme_id,
                                                   struct training_record *out);
/* NOT_FOUND when no record has the code. */
MM_MUST_USE enum mm_err store_training_record_by_code(struct store *s, struct arena *a,
                                                      struct str code, struct training_record *out);
MM_MUST_USE enum mm_err store_training_public_set(struct store *s, int64_t user_id, bool shown,
                                                  int64_t now);
MM_MUST_USE enum mm_err store_training_public_get(struct store *s, int64_t user_id, bool *shown);

/* ---- mamori seed ---- */
struct event_seed_report {
	int64_t communities, events, registrations;
};
/* A community for every thousandth organisation (one a prefecture in
 * turn), 24 events each a month apart around base (a third online), and
 * up to 12 registrations an event (past ones with attendance, which at a
 * supporters' training is a record) and community members, from the
 * seeded experts' accounts (@seed.example.invalid). On an empty database
 * after the organisations and experts are seeded. */
MM_MUST_USE enum mm_err store_event_seed(struct store *s, int64_t base,
                                         struct event_seed_report *out);

#endif
