/*
 * community.h — the communities area of the store: a community (a region
 * as prefecture bits or an industry focus), its organisers and its members
 * (joined openly or by a request an organiser approved, each showing their
 * name to other members only if they agreed). Written once for every
 * database (store/community.c over store/sql.h, migration 0029). Rights are
 * the pages' to decide; the store answers "is this user an organiser of
 * this community" and "a member" for them.
 */
#ifndef MM_STORE_COMMUNITY_H
#define MM_STORE_COMMUNITY_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/str.h"
#include "store/store.h"

#define COMMUNITY_PAGE 20          /* communities per page of /communities */
#define COMMUNITY_MEMBERS_MAX 1000 /* members listed on one page */
#define COMMUNITY_ORGANISERS_MAX 50

enum community_join { COMMUNITY_JOIN_OPEN, COMMUNITY_JOIN_REQUEST };

struct community {
	int64_t id;
	struct str name;
	uint64_t prefectures; /* bit (code - 1); 0 for an industry community */
	struct str industry;  /* the industry focus, "" for a regional one */
	struct str description;
	enum community_join join;
	int64_t created_at, updated_at;
	int64_t members; /* active members (in lists and community_get) */
};

struct community_person {
	int64_t user_id;
	struct str email;
	struct str display_name; /* the name a member agreed to show, else "" */
	bool show_name;
	bool pending;                 /* a request waiting for an organiser */
	int64_t organisation_id;      /* 0: for themselves */
	struct str organisation_name; /* "" when for themselves */
	int64_t since;
};

/* The user's relation to a community, for rights. */
struct community_role {
	bool organiser, member, pending;
};

MM_MUST_USE enum mm_err store_community_insert(struct store *s, const struct community *c,
                                               int64_t created_by, int64_t now, int64_t *id);
MM_MUST_USE enum mm_err store_community_update(struct store *s, const struct community *c,
                                               int64_t now);
/* NOT_FOUND when there is no such community. */
MM_MUST_USE enum mm_err store_community_get(struct store *s, struct arena *a, int64_t id,
                                            struct community *out);
/* A page of communities by name (offset, COMMUNITY_PAGE + 1 rows read so
 * the caller knows whether a next page exists). */
MM_MUST_USE enum mm_err store_community_list(struct store *s, struct arena *a, int64_t offset,
                                             struct community **out, size_t *n);
/* The communities the user organises or belongs to. */
MM_MUST_USE enum mm_err store_community_of_user(struct store *s, struct arena *a, int64_t user_id,
                                                struct community **out, size_t *n);
MM_MUST_USE enum mm_err store_community_role(struct store *s, int64_t community_id, int64_t user_id,
                                             struct community_role *out);
MM_MUST_USE enum mm_err store_community_is_organiser(struct store *s, int64_t community_id,
                                                     int64_t user_id, bool *out);
/* Whether the user organises any community (may write for one). */
MM_MUST_USE enum mm_err store_community_organises_any(struct store *s, int64_t user_id, bool *out);

/* Organisers: CONFLICT when already one. */
MM_MUST_USE enum mm_err store_community_organiser_add(struct store *s, int64_t community_id,
                                                      int64_t user_id, int64_t added_by,
                                                      int64_t now);
MM_MUST_USE enum mm_err store_community_organisers(struct store *s, struct arena *a,
                                                   int64_t community_id,
                                                   struct community_person **out, size_t *n);

/* Joins (active at once when open, pending otherwise): CONFLICT when the
 * user is a member or has asked already. organisation_id 0: for
 * themselves. */
MM_MUST_USE enum mm_err store_community_join(struct store *s, int64_t community_id, int64_t user_id,
                                             int64_t organisation_id, bool active, bool show_name,
                                             struct str display_name, int64_t now);
/* An organiser approves a pending request: NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_community_approve(struct store *s, int64_t community_id,
                                                int64_t user_id, int64_t now);
/* Leaving, removing, or refusing a request: NOT_FOUND when not there. */
MM_MUST_USE enum mm_err store_community_leave(struct store *s, int64_t community_id,
                                              int64_t user_id);
/* Members (active and pending), oldest first. */
MM_MUST_USE enum mm_err store_community_members(struct store *s, struct arena *a,
                                                int64_t community_id, struct community_person **out,
                                                size_t *n);
/* One member (active or pending), as store_community_members reads them;
 * NOT_FOUND when user_id is neither. */
MM_MUST_USE enum mm_err store_community_member(struct store *s, struct arena *a,
                                               int64_t community_id, int64_t user_id,
                                               struct community_person *out);

/* ---- seeding (mamori seed-demo, mamori seed) ---- */
/* NOT_FOUND when no community has the name. */
MM_MUST_USE enum mm_err store_community_id_by_name(struct store *s, struct str name, int64_t *id);

#endif
