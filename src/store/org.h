/*
 * org.h — the organisations area of the store: organisations and their
 * profile, membership and roles, invitations (single-use links with purpose
 * invite, see store/account.h), supporters, the access firms grant them,
 * and an organisation's audit entries, written once for every database
 * (store/org.c over store/sql.h).
 *
 * Invariants the store keeps (so that no race between two requests can
 * break them): a user belongs to at most one organisation (unique index);
 * an organisation never loses its last owner through a role change or a
 * removal (the statements check it, under the organisation's lock); a
 * supporter holds at most one active grant per organisation. Times are
 * Unix seconds passed in by the caller.
 */
#ifndef MM_STORE_ORG_H
#define MM_STORE_ORG_H

#include "store/account.h"

/* Longest lists a page or an export reads at once. */
#define ORG_MEMBERS_MAX 2000
#define ORG_INVITATIONS_MAX 500
#define ORG_GRANTS_MAX 2000

enum org_role { ORG_ROLE_OWNER, ORG_ROLE_MEMBER };
enum org_access { ORG_ACCESS_READ, ORG_ACCESS_EDIT };
enum org_client_sort { ORG_CLIENT_SORT_NAME, ORG_CLIENT_SORT_PREFECTURE };

/* The firm's support bundle contract (DOMAIN.md §6), optional: name ''
 * when none; phone normalised as contact_phone, url an http(s) address,
 * each '' when not given. */
struct org_support {
	struct str name, phone, url;
};

struct org_profile {
	int64_t id;
	struct str public_id, name, name_kana;
	struct str corporate_number; /* 13 digits, or empty for a sole proprietor */
	bool sole_proprietor;
	struct str postal_code; /* "123-4567" */
	int prefecture;         /* 1…47 */
	struct str address;
	struct str industry; /* JSIC division "A"…"T" */
	struct str trade;    /* "wholesale" / "retail" for division I, else "" */
	int64_t employees;
	int64_t capital_yen; /* -1 when not given */
	struct str representative_title, representative_name;
	struct str contact_name, contact_email, contact_phone, website;
	int64_t updated_at;
	struct org_support support;
};

struct org_membership {
	int64_t organisation_id;
	enum org_role role;
};

struct org_member {
	int64_t user_id, joined_at;
	struct str email, name;
	enum org_role role;
};

struct org_invitation {
	int64_t id, organisation_id, created_at, expires_at;
	struct str email, organisation_name;
	enum org_role role;
};

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

struct org_audit_item {
	int64_t at;
	struct str actor_email, ip, action, target, outcome, detail;
};

struct org_page {
	int64_t offset, limit;
};

/* organisations; insert and update answer CONFLICT for a corporate
 * number or public id that another organisation has */
MM_MUST_USE enum mm_err store_org_insert(struct store *s, const struct org_profile *o, int64_t now,
                                         int64_t *id);
MM_MUST_USE enum mm_err store_org_update(struct store *s, const struct org_profile *o, int64_t now);
MM_MUST_USE enum mm_err store_org_remove(struct store *s, int64_t id);
MM_MUST_USE enum mm_err store_org_by_id(struct store *s, struct arena *a, int64_t id,
                                        struct org_profile *out);
MM_MUST_USE enum mm_err store_org_id_by_corporate_number(struct store *s, struct str number,
                                                         int64_t *id);
/* membership */
MM_MUST_USE enum mm_err store_org_membership_of(struct store *s, int64_t user_id,
                                                struct org_membership *out);
/* The id of the organisation user_id belongs to, 0 when none. */
MM_MUST_USE enum mm_err store_org_id_of_member(struct store *s, int64_t user_id, int64_t *org_id);
/* The support bundle of the organisation user_id belongs to; NOT_FOUND
 * when they belong to none or its profile names no provider. */
MM_MUST_USE enum mm_err store_org_support_of_member(struct store *s, struct arena *a,
                                                    int64_t user_id, struct org_support *out);
/* CONFLICT when the user already belongs to an organisation */
MM_MUST_USE enum mm_err store_org_member_insert(struct store *s, int64_t org_id, int64_t user_id,
                                                enum org_role role, int64_t now);
MM_MUST_USE enum mm_err store_org_member_get(struct store *s, struct arena *a, int64_t org_id,
                                             int64_t user_id, struct org_member *out);
MM_MUST_USE enum mm_err store_org_member_list(struct store *s, struct arena *a, int64_t org_id,
                                              struct org_member **out, size_t *n);
/* a role change and a removal: CONFLICT when it would leave the
 * organisation without an owner; NOT_FOUND when the user is not a member
 * of it */
MM_MUST_USE enum mm_err store_org_member_set_role(struct store *s, int64_t org_id, int64_t user_id,
                                                  enum org_role role);
MM_MUST_USE enum mm_err store_org_member_remove(struct store *s, int64_t org_id, int64_t user_id);
/* invitations: pending ones, a pending one by its link hash (without
 * using it up), and withdrawing them (one by id, or all for an address) */
MM_MUST_USE enum mm_err store_org_invitation_list(struct store *s, struct arena *a, int64_t org_id,
                                                  int64_t now, struct org_invitation **out,
                                                  size_t *n);
MM_MUST_USE enum mm_err store_org_invitation_peek(struct store *s, struct arena *a,
                                                  const unsigned char hash[TOKEN_HASH_BYTES],
                                                  int64_t now, struct org_invitation *out);
MM_MUST_USE enum mm_err store_org_invitation_get(struct store *s, struct arena *a, int64_t org_id,
                                                 int64_t id, int64_t now,
                                                 struct org_invitation *out);
MM_MUST_USE enum mm_err store_org_invitation_withdraw(struct store *s, int64_t org_id, int64_t id,
                                                      int64_t now);
/* Withdraws the pending invitations that inviter_id sent for org_id (an
 * owner removed or demoted); their addresses go to *emails, *n of them. */
MM_MUST_USE enum mm_err store_org_invitation_withdraw_inviter(struct store *s, struct arena *a,
                                                              int64_t org_id, int64_t inviter_id,
                                                              int64_t now, struct str **emails,
                                                              size_t *n);
MM_MUST_USE enum mm_err store_org_invitation_withdraw_email(struct store *s, int64_t org_id,
                                                            struct str email, int64_t now);
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
/* an organisation's audit entries, newest first */
MM_MUST_USE enum mm_err store_org_audit_list(struct store *s, struct arena *a, int64_t org_id,
                                             struct org_page page, struct org_audit_item **out,
                                             size_t *n, int64_t *total);

#endif
