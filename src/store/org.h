/*
 * org.h — the organisations area of the store: organisations and their
 * profile, membership and roles, invitations (single-use links with purpose
 * invite, see store/account.h) and an organisation's audit entries,
 * written once for every database (store/org.c over store/sql.h). The
 * supporters and the access firms grant them are store/org_support.h.
 *
 * Invariants the store keeps (so that no race between two requests can
 * break them): a user belongs to at most one organisation (unique index);
 * an organisation never loses its last owner through a role change or a
 * removal (the statements check it, under the organisation's lock).
 * Times are Unix seconds passed in by the caller.
 */
#ifndef MM_STORE_ORG_H
#define MM_STORE_ORG_H

#include "store/account.h"

/* Longest lists a page or an export reads at once. */
#define ORG_MEMBERS_MAX 2000
#define ORG_INVITATIONS_MAX 500

enum org_role { ORG_ROLE_OWNER, ORG_ROLE_MEMBER };

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
/* an organisation's audit entries, newest first */
MM_MUST_USE enum mm_err store_org_audit_list(struct store *s, struct arena *a, int64_t org_id,
                                             struct org_page page, struct org_audit_item **out,
                                             size_t *n, int64_t *total);

#endif
