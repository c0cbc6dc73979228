/*
 * admin.c — the administration area's entry points (store/admin.h): each
 * passes the call to the connection's driver.
 */
#include "store/admin.h"

enum mm_err store_admin_counts(struct store *s, int64_t since, struct admin_counts *out)
{
	return s->driver->admin->counts(s, since, out);
}

enum mm_err store_admin_user_search(struct store *s, struct arena *a, struct str query,
                                    int64_t offset, size_t limit, struct user **out, size_t *n,
                                    int64_t *total)
{
	return s->driver->admin->user_search(s, a, query, offset, limit, out, n, total);
}

enum mm_err store_admin_user_memberships(struct store *s, struct arena *a, int64_t user_id,
                                         struct admin_membership **out, size_t *n)
{
	return s->driver->admin->user_memberships(s, a, user_id, out, n);
}

enum mm_err store_admin_user_set_disabled(struct store *s, int64_t user_id, int64_t disabled_at,
                                          struct str reason)
{
	return s->driver->admin->user_set_disabled(s, user_id, disabled_at, reason);
}

enum mm_err store_admin_user_promote(struct store *s, int64_t user_id)
{
	return s->driver->admin->user_promote(s, user_id);
}

enum mm_err store_admin_user_supporter(struct store *s, struct arena *a, int64_t user_id,
                                       struct admin_supporter *out)
{
	return s->driver->admin->user_supporter(s, a, user_id, out);
}

enum mm_err store_admin_user_erase_traces(struct store *s, int64_t user_id, struct str email)
{
	return s->driver->admin->user_erase_traces(s, user_id, email);
}

enum mm_err store_admin_organisation_search(struct store *s, struct arena *a,
                                            const struct str terms[ADMIN_SEARCH_TERMS],
                                            int64_t offset, size_t limit,
                                            struct admin_organisation **out, size_t *n,
                                            int64_t *total)
{
	return s->driver->admin->organisation_search(s, a, terms, offset, limit, out, n, total);
}

enum mm_err store_admin_organisation_by_id(struct store *s, struct arena *a, int64_t id,
                                           struct admin_organisation *out)
{
	return s->driver->admin->organisation_by_id(s, a, id, out);
}

enum mm_err store_admin_organisation_members(struct store *s, struct arena *a,
                                             int64_t organisation_id, struct admin_member **out,
                                             size_t *n)
{
	return s->driver->admin->organisation_members(s, a, organisation_id, out, n);
}

enum mm_err store_admin_audit_search(struct store *s, struct arena *a,
                                     const struct admin_audit_filter *f, int64_t offset,
                                     size_t limit, struct admin_audit_row **out, size_t *n,
                                     int64_t *total)
{
	return s->driver->admin->audit_search(s, a, f, offset, limit, out, n, total);
}
