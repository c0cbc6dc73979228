/*
 * declaration.h — the declarations area of the store: declarations (★/★★)
 * with the public facts they copy from their organisation, their history
 * (declaration_event), the facts behind the review signals, the ★★
 * prerequisites of an organisation, the administrators' review queue, and
 * the bulk insert of `mamori seed`. Written once for every database
 * (store/declaration.c, store/seed.c).
 *
 * The store keeps: public ids are taken from a counter and never reused;
 * at most one active declaration per organisation (a second insert answers
 * MM_ERR_CONFLICT); every state change the pages make is one update plus
 * one event_insert between store_begin and store_commit. Updates match an
 * active declaration only (MM_ERR_NOT_FOUND otherwise), so two requests
 * racing to change the same declaration cannot both succeed. The state
 * machine itself is core/declaration.h.
 */
#ifndef MM_STORE_DECLARATION_H
#define MM_STORE_DECLARATION_H

#include "core/declaration.h"
#include "store/org.h"

#define DECLARATION_HISTORY_MAX 500   /* events shown for one declaration */
#define DECLARATION_OF_ORG_MAX 100    /* earlier declarations of one organisation */
#define DECLARATION_CANDIDATES_MAX 50 /* declarations at one address compared by name */
#define DECLARATION_ID_ATTEMPTS 5     /* numbers skipped when a public id is taken */

struct declaration {
	int64_t id;
	int64_t organisation_id; /* 0 once the organisation is deleted */
	struct str public_id;
	struct str org_name, org_name_kana, industry, corporate_number;
	int prefecture;
	int level;
	enum declaration_status status;
	int64_t declared_at, changed_at;
	struct str policy_url;
	bool flagged;
	struct str flag_reasons, declared_ip;
	struct str address, contact_email; /* private */
	struct str name_key, address_key;
	/* A corporate number asked for by the owner, applied only when an
	 * administrator approves it ("" when none is waiting). */
	struct str pending_corporate_number;
	/* A revoked declaration blocks declaring again until lifted. */
	int64_t block_lifted_at; /* 0: not lifted */
	struct str block_lift_reason;
	/* Its place in the listing order (store/declarant_index.h): written
	 * as given by an insert, then set by the store's search index, unless
	 * a bulk load defers it (`mamori seed`, which knows the order of its
	 * names). */
	int64_t sort_rank;
	/* enum statistics_size (core/statistics.h) of the organisation when
	 * declared or its details last copied: the statistics count by it. */
	int size_class;
};

struct declaration_event {
	int64_t id, declaration_id, at;
	int64_t actor_user_id; /* 0: the system or a deleted user */
	struct str actor_email;
	struct str kind, from_value, to_value, reason, note;
	/* A change of identity (name, corporate number, prefecture): the
	 * registered name and number before it. Public when old_name is set. */
	struct str old_name, old_corporate_number;
};

/* What a ★★ declaration needs from the organisation. */
struct declaration_prerequisites {
	bool has_assessment;
	int64_t assessment_taken_at; /* the latest, when there is one */
	bool has_policy;
	struct str policy_url; /* '/policy/{organisation public id}' or the external URL */
};

#define DECLARATION_SEED_ITEMS 25      /* answers of a seeded self-assessment */
#define DECLARATION_SEED_COMMITMENTS 5 /* commitments of a seeded policy */

/* One synthetic organisation of `mamori seed` with the assessment it took
 * and, for ★★, the policy it published. The declaration itself goes in
 * through insert and event_insert like any other; an organisation that
 * does not declare (declares false) has no declaration, no event and no
 * policy, and may still have its self-assessment. */
struct declaration_seed {
	struct org_profile org;
	int64_t created_at;
	bool declares;
	bool has_assessment;
	struct str assessment_version, submit_token;
	const char *answers[DECLARATION_SEED_ITEMS]; /* "done", "partly", … */
	int total, part[3];
	int64_t taken_at;
	/* The size class (core/statistics.h) the assessment is compared in,
	 * from the profile as benchmark_place gives it; its division and
	 * region are the organisation's. */
	int bench_size;
	bool publish_policy;
	struct str policy_preamble, policy_commitments[DECLARATION_SEED_COMMITMENTS],
	    policy_established_on;
	int64_t published_at;
	/* Its declaration (organisation_id, public_id and status are set by
	 * the insert), and when it was withdrawn (0: still active). */
	struct declaration declaration;
	int64_t withdrawn_at;
};

/* A new declaration with the next public id (into d->public_id, in a):
 * CONFLICT when the organisation already has an active one. */
MM_MUST_USE enum mm_err store_declaration_insert(struct store *s, struct arena *a,
                                                 struct declaration *d, int64_t *id);
MM_MUST_USE enum mm_err store_declaration_by_id(struct store *s, struct arena *a, int64_t id,
                                                struct declaration *out);
MM_MUST_USE enum mm_err store_declaration_by_public_id(struct store *s, struct arena *a,
                                                       struct str public_id,
                                                       struct declaration *out);
/* The organisation's active declaration; NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_declaration_active_of(struct store *s, struct arena *a,
                                                    int64_t org_id, struct declaration *out);
/* Every declaration of the organisation, newest first. */
MM_MUST_USE enum mm_err store_declaration_list_of(struct store *s, struct arena *a, int64_t org_id,
                                                  struct declaration **out, size_t *n);
/* Changes of an active declaration (NOT_FOUND when it is not active). */
MM_MUST_USE enum mm_err store_declaration_set_level(struct store *s, int64_t id, int level,
                                                    struct str policy_url, int64_t now);
/* Copies d's facts, its pending corporate number included (its
 * corporate_number is written as given: callers keep the old one while a
 * new one waits for review). */
MM_MUST_USE enum mm_err store_declaration_set_details(struct store *s, const struct declaration *d,
                                                      int64_t now);
/* The pending corporate number becomes the declaration's (NOT_FOUND when
 * none waits or the declaration is not active). */
MM_MUST_USE enum mm_err store_declaration_apply_pending_number(struct store *s, int64_t id,
                                                               int64_t now);
/* The pending corporate number is dropped (NOT_FOUND when none waits). */
MM_MUST_USE enum mm_err store_declaration_drop_pending_number(struct store *s, int64_t id);
MM_MUST_USE enum mm_err store_declaration_set_status(struct store *s, int64_t id,
                                                     enum declaration_status status, int64_t now);
/* Sets or clears the review flag (clearing keeps flag_reasons for the
 * history of the review). */
MM_MUST_USE enum mm_err store_declaration_set_flag(struct store *s, int64_t id, bool flagged,
                                                   struct str reasons);
MM_MUST_USE enum mm_err store_declaration_event_insert(struct store *s,
                                                       const struct declaration_event *ev);
/* Events of a declaration, oldest first. */
MM_MUST_USE enum mm_err store_declaration_events(struct store *s, struct arena *a,
                                                 int64_t declaration_id,
                                                 struct declaration_event **out, size_t *n);
/* Checks at submission. The active declaration holding a corporate number
 * (NOT_FOUND when none); how many declarations of other organisations had
 * it (any status); how many were made from ip since a time; names of
 * declarations of other organisations at an address. */
MM_MUST_USE enum mm_err
store_declaration_active_by_corporate_number(struct store *s, struct str number, int64_t *id);
MM_MUST_USE enum mm_err store_declaration_count_corporate_number(struct store *s, struct str number,
                                                                 int64_t org_id, int64_t *count);
MM_MUST_USE enum mm_err store_declaration_count_from_ip(struct store *s, struct str ip,
                                                        int64_t since, int64_t *count);
MM_MUST_USE enum mm_err store_declaration_names_at_address(struct store *s, struct arena *a,
                                                           struct str address_key, int64_t org_id,
                                                           struct str **name_keys, size_t *n);
/* The organisation's own revoked and withdrawn declarations. */
MM_MUST_USE enum mm_err store_declaration_count_ended_of(struct store *s, int64_t org_id,
                                                         int64_t *revoked, int64_t *withdrawn);
/* A revoked declaration whose block is not lifted, of the organisation or
 * of the corporate number (when not empty): its public id into *public_id;
 * NOT_FOUND when nothing blocks a new declaration. */
MM_MUST_USE enum mm_err store_declaration_block_of(struct store *s, struct arena *a, int64_t org_id,
                                                   struct str number, struct str *public_id);
/* Lifts the block of a revoked declaration, with the administrator's
 * reason (NOT_FOUND when it is not revoked or already lifted). */
MM_MUST_USE enum mm_err store_declaration_lift_block(struct store *s, int64_t id, struct str reason,
                                                     int64_t now);
MM_MUST_USE enum mm_err store_declaration_prerequisites(struct store *s, struct arena *a,
                                                        int64_t org_id,
                                                        struct declaration_prerequisites *out);
/* The review queue, oldest first, one page, and how many there are. */
MM_MUST_USE enum mm_err store_declaration_flagged_list(struct store *s, struct arena *a,
                                                       int64_t offset, int64_t limit,
                                                       struct declaration **out, size_t *n,
                                                       int64_t *total);
/* `mamori seed`: one organisation and what it brings, in the caller's
 * transaction (store/seed.c). CONFLICT when a public id or corporate
 * number is taken. */
MM_MUST_USE enum mm_err store_declaration_seed_insert(struct store *s,
                                                      const struct declaration_seed *seed,
                                                      int64_t *org_id);
/* `mamori seed`: n organisations with what they bring, the declarations
 * of those that declare and their events (a "declared" one, and a
 * "withdrawn" one when withdrawn_at), in the caller's transaction. SQLite: row by row; PostgreSQL:
 * one statement for them all. CONFLICT when a public id or corporate number is taken. */
MM_MUST_USE enum mm_err store_declaration_seed_batch(struct store *s, struct arena *a,
                                                     struct declaration_seed *seeds, size_t n);

#endif
