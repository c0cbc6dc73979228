/*
 * nudge.h — the reminders area of the store: which organisations' latest
 * self-assessment result falls in a range of times (the reminders that
 * may be due, core/nudge.h), which reminders went for a result, who gets
 * them (the owners who have not opted out), and the one-click links that
 * opt out (of the reminders, or of the news digest), kept as hashes
 * of their tokens. Written once for every
 * database (store/nudge.c over store/sql.h).
 */
#ifndef MM_STORE_NUDGE_H
#define MM_STORE_NUDGE_H

#include "store/account.h"

#define NUDGE_CANDIDATES_PAGE 500 /* results read per query */
#define NUDGE_RECIPIENTS_MAX 50   /* owners of one organisation written to */

/* A reminder's subject: a result (taken_at its time) or a ★ declaration
 * (taken_at the day it was made). */
struct nudge_candidate {
	int64_t organisation_id, result_id, taken_at;
	struct str organisation_name;
};

struct nudge_recipient {
	int64_t user_id;
	struct str email, lang;
};

/* Latest results of organisations taken in [from, to], after (taken_at,
 * id) = (after_at, after_id), oldest first, a page at most. */
MM_MUST_USE enum mm_err store_nudge_candidates(struct store *s, struct arena *a, int64_t from,
                                               int64_t to, int64_t after_at, int64_t after_id,
                                               struct nudge_candidate **out, size_t *n);
/* Active ★ declarations made in [from, to], after (declared_at, id), oldest
 * first, a page at most (result_id: the declaration's id). */
MM_MUST_USE enum mm_err store_nudge_star_candidates(struct store *s, struct arena *a, int64_t from,
                                                    int64_t to, int64_t after_at, int64_t after_id,
                                                    struct nudge_candidate **out, size_t *n);
/* Whether reminder kind went for the result (or declaration). */
MM_MUST_USE enum mm_err store_nudge_was_sent(struct store *s, int64_t org_id, int64_t result_id,
                                             const char *kind, bool *sent);
/* Records reminder kind for the result: CONFLICT when it is recorded
 * already (another instance sent it). */
MM_MUST_USE enum mm_err store_nudge_mark_sent(struct store *s, int64_t org_id, int64_t result_id,
                                              const char *kind, int64_t now);
/* The confirmed, enabled owners of the organisation who have not opted out. */
MM_MUST_USE enum mm_err store_nudge_recipients(struct store *s, struct arena *a, int64_t org_id,
                                               struct nudge_recipient **out, size_t *n);
/* What a one-click link stops: the reminders, or the news digest
 * (store/news.h). Stored by name: never rename one. */
enum unsubscribe_purpose { UNSUBSCRIBE_NUDGES, UNSUBSCRIBE_NEWS_DIGEST, UNSUBSCRIBE_PURPOSE_COUNT };
extern const char *const unsubscribe_purpose_names[UNSUBSCRIBE_PURPOSE_COUNT];

struct unsubscribe_link {
	int64_t user_id;
	struct str email;
	enum unsubscribe_purpose purpose;
};

MM_MUST_USE enum mm_err
store_unsubscribe_link_insert(struct store *s, const unsigned char *token_hash, int64_t user_id,
                              enum unsubscribe_purpose purpose, int64_t now);
/* The account and purpose of a link's token hash: NOT_FOUND when no link
 * has it. */
MM_MUST_USE enum mm_err store_unsubscribe_link_user(struct store *s, struct arena *a,
                                                    const unsigned char *token_hash,
                                                    struct unsubscribe_link *out);
/* The account asks for no more reminders (once is enough: a second time
 * changes nothing). */
MM_MUST_USE enum mm_err store_nudge_opt_out(struct store *s, int64_t user_id, int64_t now);
MM_MUST_USE enum mm_err store_nudge_opted_out(struct store *s, int64_t user_id, bool *out);

#endif
