/*
 * org.c — the organisations area's entry points (store/org.h): each passes
 * the call to the connection's driver.
 */
#include "store/org.h"

enum mm_err store_org_insert(struct store *s, const struct org_profile *o, int64_t now, int64_t *id)
{
	return s->driver->org->insert(s, o, now, id);
}

enum mm_err store_org_update(struct store *s, const struct org_profile *o, int64_t now)
{
	return s->driver->org->update(s, o, now);
}

enum mm_err store_org_remove(struct store *s, int64_t id)
{
	return s->driver->org->remove(s, id);
}

enum mm_err store_org_by_id(struct store *s, struct arena *a, int64_t id, struct org_profile *out)
{
	return s->driver->org->by_id(s, a, id, out);
}

enum mm_err store_org_id_by_corporate_number(struct store *s, struct str number, int64_t *id)
{
	return s->driver->org->id_by_corporate_number(s, number, id);
}

enum mm_err store_org_membership_of(struct store *s, int64_t user_id, struct org_membership *out)
{
	return s->driver->org->membership_of(s, user_id, out);
}

enum mm_err store_org_member_insert(struct store *s, int64_t org_id, int64_t user_id,
                                    enum org_role role, int64_t now)
{
	return s->driver->org->member_insert(s, org_id, user_id, role, now);
}

enum mm_err store_org_member_get(struct store *s, struct arena *a, int64_t org_id, int64_t user_id,
                                 struct org_member *out)
{
	return s->driver->org->member_get(s, a, org_id, user_id, out);
}

enum mm_err store_org_member_list(struct store *s, struct arena *a, int64_t org_id,
                                  struct org_member **out, size_t *n)
{
	return s->driver->org->member_list(s, a, org_id, out, n);
}

enum mm_err store_org_member_set_role(struct store *s, int64_t org_id, int64_t user_id,
                                      enum org_role role)
{
	return s->driver->org->member_set_role(s, org_id, user_id, role);
}

enum mm_err store_org_member_remove(struct store *s, int64_t org_id, int64_t user_id)
{
	return s->driver->org->member_remove(s, org_id, user_id);
}

enum mm_err store_org_invitation_list(struct store *s, struct arena *a, int64_t org_id, int64_t now,
                                      struct org_invitation **out, size_t *n)
{
	return s->driver->org->invitation_list(s, a, org_id, now, out, n);
}

enum mm_err store_org_invitation_peek(struct store *s, struct arena *a,
                                      const unsigned char hash[TOKEN_HASH_BYTES], int64_t now,
                                      struct org_invitation *out)
{
	return s->driver->org->invitation_peek(s, a, hash, now, out);
}

enum mm_err store_org_invitation_get(struct store *s, struct arena *a, int64_t org_id, int64_t id,
                                     int64_t now, struct org_invitation *out)
{
	return s->driver->org->invitation_get(s, a, org_id, id, now, out);
}

enum mm_err store_org_invitation_withdraw(struct store *s, int64_t org_id, int64_t id, int64_t now)
{
	return s->driver->org->invitation_withdraw(s, org_id, id, now);
}

enum mm_err store_org_invitation_withdraw_email(struct store *s, int64_t org_id, struct str email,
                                                int64_t now)
{
	return s->driver->org->invitation_withdraw_email(s, org_id, email, now);
}

enum mm_err store_org_supporter_insert(struct store *s, const struct org_supporter *sup,
                                       int64_t now)
{
	return s->driver->org->supporter_insert(s, sup, now);
}

enum mm_err store_org_supporter_by_user(struct store *s, struct arena *a, int64_t user_id,
                                        struct org_supporter *out)
{
	return s->driver->org->supporter_by_user(s, a, user_id, out);
}

enum mm_err store_org_supporter_by_email(struct store *s, struct arena *a, struct str email,
                                         struct org_supporter *out)
{
	return s->driver->org->supporter_by_email(s, a, email, out);
}

enum mm_err store_org_supporter_by_code(struct store *s, struct arena *a, struct str code,
                                        struct org_supporter *out)
{
	return s->driver->org->supporter_by_code(s, a, code, out);
}

enum mm_err store_org_supporter_set_code(struct store *s, int64_t user_id, struct str code)
{
	return s->driver->org->supporter_set_code(s, user_id, code);
}

enum mm_err store_org_grant_upsert(struct store *s, int64_t org_id, int64_t supporter_id,
                                   enum org_access access, int64_t granted_by, int64_t now,
                                   bool *created)
{
	return s->driver->org->grant_upsert(s, org_id, supporter_id, access, granted_by, now,
	                                    created);
}

enum mm_err store_org_grant_get(struct store *s, struct arena *a, int64_t org_id, int64_t grant_id,
                                struct org_grant *out)
{
	return s->driver->org->grant_get(s, a, org_id, grant_id, out);
}

enum mm_err store_org_grant_revoke(struct store *s, int64_t org_id, int64_t grant_id, int64_t now)
{
	return s->driver->org->grant_revoke(s, org_id, grant_id, now);
}

enum mm_err store_org_grant_list(struct store *s, struct arena *a, int64_t org_id,
                                 bool with_revoked, struct org_grant **out, size_t *n)
{
	return s->driver->org->grant_list(s, a, org_id, with_revoked, out, n);
}

enum mm_err store_org_grant_access(struct store *s, int64_t org_id, int64_t supporter_id,
                                   enum org_access *out)
{
	return s->driver->org->grant_access(s, org_id, supporter_id, out);
}

enum mm_err store_org_client_list(struct store *s, struct arena *a, int64_t supporter_id,
                                  enum org_client_sort sort, struct org_page page,
                                  struct org_grant **out, size_t *n, int64_t *total)
{
	return s->driver->org->client_list(s, a, supporter_id, sort, page, out, n, total);
}

enum mm_err store_org_audit_list(struct store *s, struct arena *a, int64_t org_id,
                                 struct org_page page, struct org_audit_item **out, size_t *n,
                                 int64_t *total)
{
	return s->driver->org->audit_list(s, a, org_id, page, out, n, total);
}
