/*
 * consult.h — the consultations area of the store (store/consult.c over
 * store/sql.h): desk staff, responders (their skills and prefectures),
 * consultations with their offers, participants, messages and attachments,
 * the lease that lets one instance run the scheduled jobs, and the desk's
 * figures. Times are Unix seconds passed in by the caller.
 *
 * The store answers what is asked and decides nothing: who may read a
 * consultation is the pages' rule (pages/consult/consult_access.c), which
 * status follows which is core/consultation.h's. A status change is
 * written only when the consultation is still as the caller read it
 * (store_consult_update: MM_ERR_NOT_FOUND otherwise), so that of two
 * responders accepting at once exactly one gets it.
 */
#ifndef MM_STORE_CONSULT_H
#define MM_STORE_CONSULT_H

#include "core/consultation.h"
#include "store/account.h"
#include "store/org.h"

#define CONSULT_LIST_MAX 200           /* rows of the responder's and desk's lists */
#define CONSULT_RESPONDERS_MAX 500     /* responders one list offers to choose from */
#define CONSULT_FIGURE_ROWS_MAX 100000 /* durations the desk figures read */
#define CONSULT_RECIPIENTS_MAX 100

struct consultation {
	int64_t id, organisation_id, opened_by; /* 0: none */
	int prefecture;
	struct str category, urgency, question;
	enum consult_status status;
	int64_t responder_user_id; /* 0: nobody yet */
	struct str responder_name; /* the responder's supporter or expert name, "" for none */
	struct str organisation_name;
	int64_t expert_user_id; /* the expert the firm chose, 0: none */
	int64_t expert_until;   /* offered to that expert alone until then, 0: no longer */
	int64_t created_at, updated_at, assigned_at, first_answer_at, answered_at, reminder_sent_at,
	    closed_at; /* 0: not yet */
	int rating;    /* 0: none */
	struct str rating_comment;
};

struct consult_message {
	int64_t id, author_user_id;
	struct str side; /* "firm" or "responder" */
	struct str author_email, body;
	int64_t created_at;
};

struct consult_attachment {
	int64_t id, consultation_id, message_id, size, created_at;
	struct str name, filename, content_type;
	struct str data; /* only from store_consult_attachment_get */
};

struct consult_responder {
	int64_t user_id;
	struct str email, lang;
	struct str organisation_name; /* a supporter's; an expert's name */
	struct str kind;              /* a supporter's kind; an expert's kind */
	int supporter_prefecture;     /* 0 for an expert */
	bool active;
	bool expert;          /* an expert of the directory (only from the lists of active ones) */
	uint32_t skills;      /* bit i: consult_categories[i] */
	uint64_t prefectures; /* bit p: prefecture p (1..47) */
	int64_t digest_sent_at;
};

/* Someone a message goes to. */
struct consult_recipient {
	int64_t user_id;
	struct str email, lang;
};

/* ---- desk staff ---- */
MM_MUST_USE enum mm_err store_consult_desk_is(struct store *s, int64_t user_id, bool *out);
MM_MUST_USE enum mm_err store_consult_desk_set(struct store *s, int64_t user_id, bool on,
                                               int64_t granted_by, int64_t now);

/* ---- responders ---- */
/* The responder profile a supporter keeps at /responder (MM_ERR_NOT_FOUND
 * when they have not opted in). */
MM_MUST_USE enum mm_err store_consult_responder_get(struct store *s, struct arena *a,
                                                    int64_t user_id, struct consult_responder *out);
/* Creates or replaces the profile (skills and prefectures with it). */
MM_MUST_USE enum mm_err
store_consult_responder_save(struct store *s, const struct consult_responder *r, int64_t now);
/* Active responders (supporters and experts) who have the skill and
 * cover the prefecture, each once. */
MM_MUST_USE enum mm_err store_consult_responders_matching(struct store *s, struct arena *a,
                                                          struct str category, int prefecture,
                                                          struct consult_recipient **out,
                                                          size_t *n);
/* Every active responder, supporters and experts (at most
 * CONSULT_RESPONDERS_MAX), by name; someone who is both is listed once,
 * as the supporter. */
MM_MUST_USE enum mm_err store_consult_responders_active(struct store *s, struct arena *a,
                                                        struct consult_responder **out, size_t *n);
/* user_id as an active responder, as that list has them (skills and
 * prefectures not filled in); MM_ERR_NOT_FOUND when they are none now. */
MM_MUST_USE enum mm_err store_consult_responder_active(struct store *s, struct arena *a,
                                                       int64_t user_id,
                                                       struct consult_responder *out);

/* ---- consultations ---- */
/* Inserts c as new, with its expert and time with them when it has one. */
MM_MUST_USE enum mm_err store_consult_insert(struct store *s, const struct consultation *c,
                                             int64_t *id);
MM_MUST_USE enum mm_err store_consult_get(struct store *s, struct arena *a, int64_t id,
                                          struct consultation *out);
/* Writes c's status, responder and times, when the consultation still
 * has old_status and old_responder (0: none); MM_ERR_NOT_FOUND when it
 * changed meanwhile. A consultation that is no longer new is no longer
 * reserved for an expert (expert_until goes). */
MM_MUST_USE enum mm_err store_consult_update(struct store *s, const struct consultation *c,
                                             enum consult_status old_status, int64_t old_responder);
MM_MUST_USE enum mm_err store_consult_rate(struct store *s, int64_t id, int rating,
                                           struct str comment, int64_t now);
MM_MUST_USE enum mm_err store_consult_delete(struct store *s, int64_t id);
/* A firm's consultations (organisation_id), or, with organisation_id 0,
 * those user_id opened without a firm; newest first. */
MM_MUST_USE enum mm_err store_consult_list_own(struct store *s, struct arena *a,
                                               int64_t organisation_id, int64_t user_id,
                                               struct org_page page, struct consultation **out,
                                               size_t *n, int64_t *total);
/* Those user_id was added to as a participant (a supporter or colleague
 * the firm added), newest first. */
MM_MUST_USE enum mm_err store_consult_list_participating(struct store *s, struct arena *a,
                                                         int64_t user_id, struct org_page page,
                                                         struct consultation **out, size_t *n,
                                                         int64_t *total);
/* Those assigned to a responder, newest first (CONSULT_LIST_MAX). */
MM_MUST_USE enum mm_err store_consult_list_assigned(struct store *s, struct arena *a,
                                                    int64_t user_id, struct consultation **out,
                                                    size_t *n);
/* New consultations offered to a responder, oldest first. */
MM_MUST_USE enum mm_err store_consult_list_offered(struct store *s, struct arena *a,
                                                   int64_t user_id, struct consultation **out,
                                                   size_t *n);
/* Consultations not closed, oldest first (the desk's queue). */
MM_MUST_USE enum mm_err store_consult_list_open(struct store *s, struct arena *a,
                                                struct consultation **out, size_t *n,
                                                int64_t *total);
/* New consultations whose time with the expert the firm chose ended at
 * or before `now` (expert_until), oldest first, at most limit. */
MM_MUST_USE enum mm_err store_consult_list_expert_due(struct store *s, struct arena *a, int64_t now,
                                                      size_t limit, struct consultation **out,
                                                      size_t *n);
/* Ends that time (expert_until to none); MM_ERR_NOT_FOUND when it had
 * ended already. */
MM_MUST_USE enum mm_err store_consult_expert_release(struct store *s, int64_t id);
/* Answered consultations whose answer is at least min_age old at now
 * (the job's work), oldest answer first, at most limit. */
MM_MUST_USE enum mm_err store_consult_list_answered_before(struct store *s, struct arena *a,
                                                           int64_t before, size_t limit,
                                                           struct consultation **out, size_t *n);

/* ---- offers and participants ---- */
MM_MUST_USE enum mm_err store_consult_offer_insert(struct store *s, int64_t consultation_id,
                                                   int64_t user_id, int64_t now);
/* Offers a supporter-responder the new consultations waiting in their
 * area (not reserved for a chosen expert, not their own), at most limit,
 * without mail: what a responder who just opted in may take at once.
 * *count: how many offers are new. */
MM_MUST_USE enum mm_err store_consult_offer_waiting(struct store *s, int64_t user_id, int64_t now,
                                                    size_t limit, int64_t *count);
MM_MUST_USE enum mm_err store_consult_offer_exists(struct store *s, int64_t consultation_id,
                                                   int64_t user_id, bool *out);
MM_MUST_USE enum mm_err store_consult_participant_add(struct store *s, int64_t consultation_id,
                                                      int64_t user_id, int64_t added_by,
                                                      int64_t now);
MM_MUST_USE enum mm_err store_consult_participant_is(struct store *s, int64_t consultation_id,
                                                     int64_t user_id, bool *out);
MM_MUST_USE enum mm_err store_consult_participants(struct store *s, struct arena *a,
                                                   int64_t consultation_id,
                                                   struct consult_recipient **out, size_t *n);
/* The firm's side: its members (or the person who opened it without a
 * firm) and the participants the firm added. */
MM_MUST_USE enum mm_err store_consult_firm_recipients(struct store *s, struct arena *a,
                                                      const struct consultation *c,
                                                      struct consult_recipient **out, size_t *n);

/* ---- messages and attachments ---- */
MM_MUST_USE enum mm_err store_consult_message_insert(struct store *s, int64_t consultation_id,
                                                     int64_t author_user_id, struct str side,
                                                     struct str body, int64_t now, int64_t *id);
MM_MUST_USE enum mm_err store_consult_messages(struct store *s, struct arena *a,
                                               int64_t consultation_id,
                                               struct consult_message **out, size_t *n);
MM_MUST_USE enum mm_err
store_consult_attachment_insert(struct store *s, const struct consult_attachment *at, int64_t now);
MM_MUST_USE enum mm_err store_consult_attachment_count(struct store *s, int64_t consultation_id,
                                                       int64_t *out);
/* The attachments' details, without their bytes. */
MM_MUST_USE enum mm_err store_consult_attachments(struct store *s, struct arena *a,
                                                  int64_t consultation_id,
                                                  struct consult_attachment **out, size_t *n);
/* One attachment with its bytes, by consultation and random name. */
MM_MUST_USE enum mm_err store_consult_attachment_get(struct store *s, struct arena *a,
                                                     int64_t consultation_id, struct str name,
                                                     struct consult_attachment *out);

/* ---- the scheduled jobs ---- */
/* Takes (or keeps) the lease of job `name` for owner until `until`;
 * *got false when another owner holds an unexpired one. */
MM_MUST_USE enum mm_err store_job_lease(struct store *s, const char *name, struct str owner,
                                        int64_t now, int64_t until, bool *got);
struct consult_digest {
	int64_t user_id, waiting;
	struct str email, lang;
};
/* Active responders (supporters and experts) whose last digest is older
 * than `before`, with how many new consultations in their area wait, not
 * counting those still reserved for a chosen expert (at most limit
 * responders). */
MM_MUST_USE enum mm_err store_consult_digest_due(struct store *s, struct arena *a, int64_t before,
                                                 size_t limit, struct consult_digest **out,
                                                 size_t *n);
MM_MUST_USE enum mm_err store_consult_digest_sent(struct store *s, int64_t user_id, int64_t now);

/* ---- the desk's figures ---- */
struct consult_open_count {
	struct str category;
	int prefecture;
	int64_t count;
};
MM_MUST_USE enum mm_err store_consult_open_counts(struct store *s, struct arena *a,
                                                  struct consult_open_count **out, size_t *n);
/* Seconds from opening to the first answer of consultations opened since
 * `since`, or from opening to closing of those closed since `since`. */
MM_MUST_USE enum mm_err store_consult_first_answer_times(struct store *s, struct arena *a,
                                                         int64_t since, int64_t **out, size_t *n);
MM_MUST_USE enum mm_err store_consult_close_times(struct store *s, struct arena *a, int64_t since,
                                                  int64_t **out, size_t *n);

/* ---- `mamori seed-demo` ---- */
/* 1 when there is a consultation, 0 when none (the demo adds its own
 * only to none). */
MM_MUST_USE enum mm_err store_consult_any(struct store *s, int64_t *count);
/* The id and prefecture of the organisation with public_id. */
MM_MUST_USE enum mm_err store_consult_demo_org(struct store *s, struct arena *a,
                                               struct str public_id, int64_t *id, int *prefecture);

/* ---- `mamori seed` ---- */
/* A consultation for every 30th organisation, dated over the year before
 * base, most of them closed after an answer: the desk's figures and
 * queue at a realistic volume. *count: how many. */
MM_MUST_USE enum mm_err store_consult_seed(struct store *s, int64_t base, int64_t *count);

#endif
