/*
 * policy.h — the basic security policy area of the store: an
 * organisation's draft, its published versions (immutable, numbered 1, 2,
 * … per organisation) and its publication (hosted version or external
 * URL), written once for every database (store/policy.c).
 *
 * Invariants the store keeps: a version is never changed (a trigger
 * refuses UPDATE); version numbers are unique per organisation and given
 * inside the same transaction that inserts the version; a publication row
 * exists exactly while the policy is published, and unpublishing deletes
 * it (the declarations area reacts to that delete). Times are Unix seconds
 * passed in by the caller.
 */
#ifndef MM_STORE_POLICY_H
#define MM_STORE_POLICY_H

#include "core/policy.h"
#include "store/account.h"

#define POLICY_VERSIONS_MAX 500 /* a list page reads at most this many */

struct policy_draft {
	struct policy_text text;
	unsigned done_steps; /* bit per builder step saved (core/policy.h) */
	int64_t updated_at;
};

struct policy_version {
	int64_t id, organisation_id, number, published_at;
	struct str published_by_email, published_by_name; /* "" after the user was deleted */
	struct policy_text text;
};

enum policy_publication_kind { POLICY_HOSTED, POLICY_EXTERNAL };

struct policy_publication {
	enum policy_publication_kind kind;
	int64_t version_number; /* POLICY_HOSTED */
	struct str url;         /* POLICY_EXTERNAL */
	int64_t published_at;
};

/* An organisation by the public id in its URLs: its id and name. */
MM_MUST_USE enum mm_err store_policy_organisation_by_public_id(struct store *s, struct arena *a,
                                                               struct str public_id, int64_t *id,
                                                               struct str *name);
/* NOT_FOUND when the organisation has no draft yet. */
MM_MUST_USE enum mm_err store_policy_draft_get(struct store *s, struct arena *a, int64_t org_id,
                                               struct policy_draft *out);
/* Creates or replaces the draft. */
MM_MUST_USE enum mm_err store_policy_draft_save(struct store *s, int64_t org_id,
                                                const struct policy_draft *d, int64_t user_id,
                                                int64_t now);
/* Publishes text as hosted: a new version numbered after the last one,
 * unless the last one says exactly the same (then it is published again).
 * *number receives the version published, *created whether it is new.
 * Call inside store_begin/store_commit (without one, it runs in a
 * transaction of its own). */
MM_MUST_USE enum mm_err store_policy_publish(struct store *s, int64_t org_id,
                                             const struct policy_text *text, int64_t user_id,
                                             int64_t now, int64_t *number, bool *created);
/* Publishes an external URL instead of a hosted version (it was just
 * read: any outage of the previous address is forgotten). */
MM_MUST_USE enum mm_err store_policy_publish_external(struct store *s, int64_t org_id,
                                                      struct str url, int64_t now);
/* What one fetch of an external policy saw (web/fetch.h; migration 0016).
 * outcome, kind: fetch_outcome_name() and fetch_kind_name(). */
struct policy_fetch {
	struct str url, outcome, content_type, kind, sha256;
	int64_t fetched_at, size;
	long status;
};
#define POLICY_FETCH_KEEP 20 /* the newest rows kept per organisation */
/* Records a fetch and forgets the organisation's older ones beyond
 * POLICY_FETCH_KEEP. */
MM_MUST_USE enum mm_err store_policy_fetch_record(struct store *s, int64_t org_id,
                                                  const struct policy_fetch *f);
/* A policy published at the firm's own address, for the daily check. */
struct policy_external {
	int64_t organisation_id;
	struct str url, organisation_name;
};
#define POLICY_EXTERNAL_PAGE 100
/* External publications of organisations after after_org (by id) not
 * fetched since checked_before, a page at most. */
MM_MUST_USE enum mm_err store_policy_external_due(struct store *s, struct arena *a,
                                                  int64_t checked_before, int64_t after_org,
                                                  struct policy_external **out, size_t *n);
/* An address that failed its checks in a row (migration 0033). */
struct policy_outage {
	int64_t since, failures, noticed_at; /* noticed_at 0: not yet */
};
/* Counts one check of url at now: a readable page ends the outage (out
 * all zero); a failure starts one or adds to it (a new address starts
 * again). */
MM_MUST_USE enum mm_err store_policy_outage_note(struct store *s, int64_t org_id, struct str url,
                                                 bool readable, int64_t now,
                                                 struct policy_outage *out);
/* The organisation's outage: NOT_FOUND when its checks do not fail. */
MM_MUST_USE enum mm_err store_policy_outage_get(struct store *s, int64_t org_id,
                                                struct policy_outage *out);
/* Records that the owners were told at now. */
MM_MUST_USE enum mm_err store_policy_outage_noticed(struct store *s, int64_t org_id, int64_t now);
/* NOT_FOUND when nothing was published. Forgets any outage. */
MM_MUST_USE enum mm_err store_policy_unpublish(struct store *s, int64_t org_id);
MM_MUST_USE enum mm_err store_policy_publication_get(struct store *s, struct arena *a,
                                                     int64_t org_id,
                                                     struct policy_publication *out);
MM_MUST_USE enum mm_err store_policy_version_get(struct store *s, struct arena *a, int64_t org_id,
                                                 int64_t number, struct policy_version *out);
/* Versions newest first, without their text. */
MM_MUST_USE enum mm_err store_policy_version_list(struct store *s, struct arena *a, int64_t org_id,
                                                  struct policy_version **out, size_t *n);
/* The answers (names as stored: "done", "partly"…, "" when absent) of the
 * organisation's latest submitted assessment; NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_policy_latest_answers(struct store *s, struct arena *a,
                                                    int64_t org_id,
                                                    struct str answers[ASSESSMENT_ITEM_COUNT],
                                                    int64_t *taken_at);

#endif
