/*
 * admin.h — what administrators and the personal-data pages ask of the
 * store: user and organisation search with paging, one user's memberships
 * (for the deletion checks), audit queries with filters, disabling and
 * promoting accounts, and erasing the traces an account leaves outside its
 * own rows. One implementation for every database (store/admin.c).
 *
 * Searches take the words as typed and ignore case: the store escapes
 * LIKE's wildcards itself, so '%' and '_' only ever match themselves.
 * Lists are bounded by the caller's limit (at most ADMIN_LIST_MAX rows).
 */
#ifndef MM_STORE_ADMIN_H
#define MM_STORE_ADMIN_H

#include "store/account.h"
#include "store/org.h"

#define ADMIN_LIST_MAX 1000  /* rows one list call may return */
#define ADMIN_SEARCH_TERMS 4 /* spellings of one organisation query */

/* Totals for the overview page. since: start of the "recent" window. */
struct admin_counts {
	int64_t users, admins, unconfirmed, disabled, organisations, audit_recent,
	    failed_logins_recent;
};

/* A membership of one user, with what deciding about deletion needs. */
struct admin_membership {
	int64_t organisation_id, created_at;
	struct str organisation_public_id, organisation_name, role;
	int64_t owners, members; /* of that organisation, this user included */
};

/* A member of one organisation. */
struct admin_member {
	int64_t user_id, created_at;
	struct str email, name, role;
};

/* An organisation as the admin pages show it: its profile, its English
 * name, when it was created and how many members it has. */
struct admin_organisation {
	struct org_profile p;
	struct str name_en, created_at;
	int64_t members;
};

/* Which audit entries: action_prefix "" for any action, user_id 0 for any
 * user; by_subject also takes entries whose target names the user
 * ("user:ID", written by admin actions about them). */
struct admin_audit_filter {
	struct str action_prefix;
	int64_t user_id;
	bool by_subject;
};

/* An audit entry with the names its ids point to ("" once deleted). */
struct admin_audit_row {
	int64_t id;
	struct audit_entry e;
	struct str actor_email, organisation_name;
};

MM_MUST_USE enum mm_err store_admin_counts(struct store *s, int64_t since,
                                           struct admin_counts *out);
/* Users whose e-mail contains query ("" for all), newest first. */
MM_MUST_USE enum mm_err store_admin_user_search(struct store *s, struct arena *a, struct str query,
                                                int64_t offset, size_t limit, struct user **out,
                                                size_t *n, int64_t *total);
MM_MUST_USE enum mm_err store_admin_user_memberships(struct store *s, struct arena *a,
                                                     int64_t user_id, struct admin_membership **out,
                                                     size_t *n);
/* disabled_at 0 enables (and forgets the reason). */
MM_MUST_USE enum mm_err store_admin_user_set_disabled(struct store *s, int64_t user_id,
                                                      int64_t disabled_at, struct str reason);
/* Makes the user an administrator and enables the account. */
MM_MUST_USE enum mm_err store_admin_user_promote(struct store *s, int64_t user_id);
/* Before deleting a user: blanks audit targets that name them (their
 * address, or any address in entries they made) and deletes their failed
 * log-ins and the mail sent to them. */
MM_MUST_USE enum mm_err store_admin_user_erase_traces(struct store *s, int64_t user_id,
                                                      struct str email);
/* Organisations whose name, kana, English name or corporate number
 * contains one of the terms (empty terms are ignored; all empty: every
 * organisation), by name. */
MM_MUST_USE enum mm_err store_admin_organisation_search(struct store *s, struct arena *a,
                                                        const struct str terms[ADMIN_SEARCH_TERMS],
                                                        int64_t offset, size_t limit,
                                                        struct admin_organisation **out, size_t *n,
                                                        int64_t *total);
MM_MUST_USE enum mm_err store_admin_organisation_by_id(struct store *s, struct arena *a, int64_t id,
                                                       struct admin_organisation *out);
MM_MUST_USE enum mm_err store_admin_organisation_members(struct store *s, struct arena *a,
                                                         int64_t organisation_id,
                                                         struct admin_member **out, size_t *n);
/* Newest first. */
MM_MUST_USE enum mm_err store_admin_audit_search(struct store *s, struct arena *a,
                                                 const struct admin_audit_filter *f, int64_t offset,
                                                 size_t limit, struct admin_audit_row **out,
                                                 size_t *n, int64_t *total);

#endif
