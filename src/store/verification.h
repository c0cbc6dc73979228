/*
 * verification.h — the read side of declarations: what a verifier may see
 * of one declaration (by ID or by corporate number) and the public list of
 * declarants. Every function here only reads; none may write, not even a
 * counter, so that verification costs no write however often it is asked
 * (the schema is in migrations 0007, 0008 and 0009).
 *
 * Only public facts come out: name, kana, prefecture, industry, corporate
 * number, level, status, dates, the policy URL, the history of level,
 * status and identity changes (never notes, actors, addresses or contacts)
 * and the earlier revoked declarations of the same firm.
 *
 * Written once for every database (store/verification.c): verification
 * is the busiest path, and a lookup is one call straight to its
 * statement, with no table of functions between.
 */
#ifndef MM_STORE_VERIFICATION_H
#define MM_STORE_VERIFICATION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define VERIFICATION_HISTORY_MAX 200  /* events read for one declaration */
#define VERIFICATION_BY_NUMBER_MAX 50 /* declarations of one corporate number */
#define VERIFICATION_REVOKED_MAX 20   /* earlier revoked declarations shown with one */
#define DECLARANTS_PER_PAGE 20
/* Counting stops here: "more than 1,000" (a count reads at most this many
 * rows, however common the word). */
#define DECLARANTS_COUNT_MAX 1000
/* page=N without a cursor skips (N - 1) pages of rows: cheap up to here,
 * deeper pages are refused (follow the "next" cursor, or narrow the
 * search). */
#define DECLARANTS_MAX_PAGE (DECLARANTS_COUNT_MAX / DECLARANTS_PER_PAGE)
/* The page number shown beside a cursor, which costs nothing to carry. */
#define DECLARANTS_MAX_PAGE_SHOWN 1000000

enum verification_status { VERIFICATION_ACTIVE, VERIFICATION_WITHDRAWN, VERIFICATION_REVOKED };

/* One public event: kind is "declared", "level", "details", "withdrawn" or
 * "revoked"; from/to are levels ("1", "2") for declared and level events.
 * A "details" event is a change of identity (name, corporate number or
 * prefecture): old_name and old_corporate_number are what the declaration
 * said before it (its from/to are not public and are left empty). */
struct verification_event {
	int64_t at;
	struct str kind, from, to, reason;
	struct str old_name, old_corporate_number;
};

/* An earlier declaration of the same organisation or corporate number that
 * was revoked. */
struct verification_revoked {
	struct str public_id;
	int64_t declared_at, revoked_at;
};

struct verification {
	struct str public_id, name, name_kana, industry, corporate_number, policy_url;
	int prefecture, level;
	enum verification_status status;
	int64_t declared_at, changed_at;
	int64_t ended_at; /* withdrawal or revocation; 0 while active */
	/* How the firm's identity was established (store/identity.h:
	 * "unverified", "letter", "business_id"), since when (0: unverified),
	 * and the name the corporate-number data gives ("" when none) — of
	 * the organisation while it holds the number the declaration names. */
	struct str identity, registered_name;
	int64_t identity_at;
	struct verification_event *history;
	size_t history_n;
	/* Read with the history: revoked declarations of the same organisation
	 * or corporate number made before this one, newest first. */
	struct verification_revoked *revoked;
	size_t revoked_n;
	/* The newest change-log number (migration 0009) when this was read:
	 * every change numbered up to it is in this answer. */
	int64_t change_seq;
};

#define VERIFICATION_CHANGES_MAX 256 /* change-log entries read at once */

/* A stretch of the change log: the public IDs changed after a given
 * number, oldest first. */
struct verification_changes {
	struct str *public_ids;
	size_t n;
	int64_t last;   /* the number of the last entry listed (the given one when none) */
	int64_t oldest; /* the oldest number the log still keeps (0: empty log) */
	int64_t newest; /* the newest number in the log (0: empty log) */
};

struct declarant_query {
	/* Normalised search text and its katakana and hiragana forms (the
	 * same as text when it holds no kana); empty text lists all. */
	struct str text, katakana, hiragana;
	int prefecture;      /* 0: any */
	struct str industry; /* "": any */
	int level;           /* 0: any */
	int64_t page;        /* 1…; the rows skipped only without a cursor */
	/* The cursor: the public ID of the last row of the page before, whose
	 * place in the listing order this page starts after; "" from the top. */
	struct str after;
	/* Withdrawn and revoked declarations too (a walk of the ended ones
	 * beside the index of the active ones). */
	bool with_ended;
};

struct declarant {
	struct str public_id, name;
	int level, prefecture;
	enum verification_status status;
	int64_t sort_rank, id; /* the place in the listing order */
};

struct declarant_page {
	int64_t total;     /* at most DECLARANTS_COUNT_MAX + 1 */
	bool total_capped; /* more than DECLARANTS_COUNT_MAX: total is a lower bound */
	struct str next;   /* the cursor of the next page; "" on the last */
	struct declarant *items;
	size_t n;
};

/* The declaration with this public ID; MM_ERR_NOT_FOUND when none.
 * with_history also reads its public events, oldest first, and the earlier
 * revoked declarations of its organisation or corporate number. */
MM_MUST_USE enum mm_err store_verification_by_public_id(struct store *s, struct arena *a,
                                                        struct str public_id, bool with_history,
                                                        struct verification *out);
/* The declarations (active first, then newest) of a corporate number, at
 * most VERIFICATION_BY_NUMBER_MAX, without history. */
MM_MUST_USE enum mm_err store_verification_by_corporate_number(struct store *s, struct arena *a,
                                                               struct str corporate_number,
                                                               struct verification **out,
                                                               size_t *n);
/* Active declarations matching q (and ended ones with q->with_ended), in
 * listing order (kana, name, id), one page: after q->after, or skipping
 * q->page - 1 pages; through the search index of the migration declarant_search (see
 * verification.c). MM_ERR_INVALID for a page too deep or a cursor that
 * names no declaration. */
MM_MUST_USE enum mm_err store_verification_search(struct store *s, struct arena *a,
                                                  const struct declarant_query *q,
                                                  struct declarant_page *out);
/* The change log after number `after`: at most VERIFICATION_CHANGES_MAX
 * entries, and the log's bounds. */
MM_MUST_USE enum mm_err store_verification_changes(struct store *s, struct arena *a, int64_t after,
                                                   struct verification_changes *out);

#endif
