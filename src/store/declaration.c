/*
 * declaration.c — the declarations area's entry points (store/declaration.h):
 * each passes the call to the connection's driver.
 */
#include "store/declaration.h"

enum mm_err store_declaration_insert(struct store *s, struct arena *a, struct declaration *d,
                                     int64_t *id)
{
	return s->driver->declaration->insert(s, a, d, id);
}

enum mm_err store_declaration_by_id(struct store *s, struct arena *a, int64_t id,
                                    struct declaration *out)
{
	return s->driver->declaration->by_id(s, a, id, out);
}

enum mm_err store_declaration_by_public_id(struct store *s, struct arena *a, struct str public_id,
                                           struct declaration *out)
{
	return s->driver->declaration->by_public_id(s, a, public_id, out);
}

enum mm_err store_declaration_active_of(struct store *s, struct arena *a, int64_t org_id,
                                        struct declaration *out)
{
	return s->driver->declaration->active_of(s, a, org_id, out);
}

enum mm_err store_declaration_list_of(struct store *s, struct arena *a, int64_t org_id,
                                      struct declaration **out, size_t *n)
{
	return s->driver->declaration->list_of(s, a, org_id, out, n);
}

enum mm_err store_declaration_set_level(struct store *s, int64_t id, int level,
                                        struct str policy_url, int64_t now)
{
	return s->driver->declaration->set_level(s, id, level, policy_url, now);
}

enum mm_err store_declaration_set_details(struct store *s, const struct declaration *d, int64_t now)
{
	return s->driver->declaration->set_details(s, d, now);
}

enum mm_err store_declaration_set_status(struct store *s, int64_t id,
                                         enum declaration_status status, int64_t now)
{
	return s->driver->declaration->set_status(s, id, status, now);
}

enum mm_err store_declaration_set_flag(struct store *s, int64_t id, bool flagged,
                                       struct str reasons)
{
	return s->driver->declaration->set_flag(s, id, flagged, reasons);
}

enum mm_err store_declaration_event_insert(struct store *s, const struct declaration_event *ev)
{
	return s->driver->declaration->event_insert(s, ev);
}

enum mm_err store_declaration_events(struct store *s, struct arena *a, int64_t declaration_id,
                                     struct declaration_event **out, size_t *n)
{
	return s->driver->declaration->events(s, a, declaration_id, out, n);
}

enum mm_err store_declaration_active_by_corporate_number(struct store *s, struct str number,
                                                         int64_t *id)
{
	return s->driver->declaration->active_by_corporate_number(s, number, id);
}

enum mm_err store_declaration_count_corporate_number(struct store *s, struct str number,
                                                     int64_t org_id, int64_t *count)
{
	return s->driver->declaration->count_corporate_number(s, number, org_id, count);
}

enum mm_err store_declaration_count_from_ip(struct store *s, struct str ip, int64_t since,
                                            int64_t *count)
{
	return s->driver->declaration->count_from_ip(s, ip, since, count);
}

enum mm_err store_declaration_names_at_address(struct store *s, struct arena *a,
                                               struct str address_key, int64_t org_id,
                                               struct str **name_keys, size_t *n)
{
	return s->driver->declaration->names_at_address(s, a, address_key, org_id, name_keys, n);
}

enum mm_err store_declaration_prerequisites(struct store *s, struct arena *a, int64_t org_id,
                                            struct declaration_prerequisites *out)
{
	return s->driver->declaration->prerequisites(s, a, org_id, out);
}

enum mm_err store_declaration_flagged_list(struct store *s, struct arena *a, int64_t offset,
                                           int64_t limit, struct declaration **out, size_t *n,
                                           int64_t *total)
{
	return s->driver->declaration->flagged_list(s, a, offset, limit, out, n, total);
}

enum mm_err store_declaration_seed_insert(struct store *s, const struct declaration_seed *seed,
                                          int64_t *org_id)
{
	return s->driver->declaration->seed_insert(s, seed, org_id);
}
