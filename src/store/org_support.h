/*
 * org_support.h — the supporters of the organisations area of the store:
 * people registered to help firms (their kind, prefecture, organisation
 * and the code a firm finds them by), and the access a firm grants one of
 * them (read or edit), seen from the firm's side and from the
 * supporter's (their client firms), written once for every database
 * (store/org_support.c over store/sql.h).
 *
 * Invariant the store keeps: a supporter holds at most one active grant
 * per organisation (a partial unique index; a second grant changes the
 * access of the active one). Times are Unix seconds passed in by the
 * caller.
 */
#ifndef MM_STORE_ORG_SUPPORT_H
#define MM_STORE_ORG_SUPPORT_H

#include "store/org.h"

/* Longest list of grants a page or an export reads at once. */
#define ORG_GRANTS_MAX 2000

enum org_access { ORG_ACCESS_READ, ORG_ACCESS_EDIT };
enum org_client_sort { ORG_CLIENT_SORT_NAME, ORG_CLIENT_SORT_PREFECTURE };

struct org_supporter {
	int64_t user_id, created_at;
	struct str email, kind, organisation_name, code;
	int prefecture;
};

/* A grant seen from either side: the supporter's details for the firm,
 * the firm's for the supporter. */
struct org_grant {
	int64_t id, organisation_id, supporter_user_id, granted_at,
	    revoked_at; /* revoked_at 0: active */
	enum org_access access;
	struct str supporter_email, supporter_kind, supporter_organisation;
	int supporter_prefecture;
	struct str organisation_name;
	int organisation_prefecture;
	struct str organisation_public_id;
	bool has_score;        /* the organisation has a submitted assessment */
	int latest_score;      /* its latest total */
	int declaration_level; /* of its active declaration; 0: none */
};

/* supporters; CONFLICT when already registered (or the code is taken) */
MM_MUST_USE enum mm_err store_org_supporter_insert(struct store *s, const struct org_supporter *sup,
                                                   int64_t now);
MM_MUST_USE enum mm_err store_org_supporter_by_user(struct store *s, struct arena *a,
                                                    int64_t user_id, struct org_supporter *out);
MM_MUST_USE enum mm_err store_org_supporter_by_email(struct store *s, struct arena *a,
                                                     struct str email, struct org_supporter *out);
MM_MUST_USE enum mm_err store_org_supporter_by_code(struct store *s, struct arena *a,
                                                    struct str code, struct org_supporter *out);
MM_MUST_USE enum mm_err store_org_supporter_set_code(struct store *s, int64_t user_id,
                                                     struct str code);
/* grants: a new one, or a new access level on the active one */
MM_MUST_USE enum mm_err store_org_grant_upsert(struct store *s, int64_t org_id,
                                               int64_t supporter_id, enum org_access access,
                                               int64_t granted_by, int64_t now, bool *created);
MM_MUST_USE enum mm_err store_org_grant_get(struct store *s, struct arena *a, int64_t org_id,
                                            int64_t grant_id, struct org_grant *out);
MM_MUST_USE enum mm_err store_org_grant_revoke(struct store *s, int64_t org_id, int64_t grant_id,
                                               int64_t now);
/* active grants of an organisation; with revoked ones too (export) */
MM_MUST_USE enum mm_err store_org_grant_list(struct store *s, struct arena *a, int64_t org_id,
                                             bool with_revoked, struct org_grant **out, size_t *n);
/* The active access a supporter has to an organisation (for the pages
 * of other areas); NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_org_grant_access(struct store *s, int64_t org_id,
                                               int64_t supporter_id, enum org_access *out);
/* a supporter's active grant by its id, seen from the supporter's side;
 * NOT_FOUND when it is another supporter's or no longer active */
MM_MUST_USE enum mm_err store_org_client_grant(struct store *s, struct arena *a,
                                               int64_t supporter_id, int64_t grant_id,
                                               struct org_grant *out);
/* a supporter's client firms, one page, and how many there are */
MM_MUST_USE enum mm_err store_org_client_list(struct store *s, struct arena *a,
                                              int64_t supporter_id, enum org_client_sort sort,
                                              struct org_page page, struct org_grant **out,
                                              size_t *n, int64_t *total);

#endif
