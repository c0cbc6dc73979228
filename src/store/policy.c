/*
 * policy.c — the basic security policy area's entry points (store/policy.h):
 * each passes the call to the connection's driver.
 */
#include "store/policy.h"

enum mm_err store_policy_organisation_by_public_id(struct store *s, struct arena *a,
                                                   struct str public_id, int64_t *id,
                                                   struct str *name)
{
	return s->driver->policy->organisation_by_public_id(s, a, public_id, id, name);
}

enum mm_err store_policy_draft_get(struct store *s, struct arena *a, int64_t org_id,
                                   struct policy_draft *out)
{
	return s->driver->policy->draft_get(s, a, org_id, out);
}

enum mm_err store_policy_draft_save(struct store *s, int64_t org_id, const struct policy_draft *d,
                                    int64_t user_id, int64_t now)
{
	return s->driver->policy->draft_save(s, org_id, d, user_id, now);
}

enum mm_err store_policy_publish(struct store *s, int64_t org_id, const struct policy_text *text,
                                 int64_t user_id, int64_t now, int64_t *number, bool *created)
{
	return s->driver->policy->publish(s, org_id, text, user_id, now, number, created);
}

enum mm_err store_policy_publish_external(struct store *s, int64_t org_id, struct str url,
                                          int64_t now)
{
	return s->driver->policy->publish_external(s, org_id, url, now);
}

enum mm_err store_policy_unpublish(struct store *s, int64_t org_id)
{
	return s->driver->policy->unpublish(s, org_id);
}

enum mm_err store_policy_publication_get(struct store *s, struct arena *a, int64_t org_id,
                                         struct policy_publication *out)
{
	return s->driver->policy->publication_get(s, a, org_id, out);
}

enum mm_err store_policy_version_get(struct store *s, struct arena *a, int64_t org_id,
                                     int64_t number, struct policy_version *out)
{
	return s->driver->policy->version_get(s, a, org_id, number, out);
}

enum mm_err store_policy_version_list(struct store *s, struct arena *a, int64_t org_id,
                                      struct policy_version **out, size_t *n)
{
	return s->driver->policy->version_list(s, a, org_id, out, n);
}

enum mm_err store_policy_latest_answers(struct store *s, struct arena *a, int64_t org_id,
                                        struct str answers[ASSESSMENT_ITEM_COUNT],
                                        int64_t *taken_at)
{
	return s->driver->policy->latest_answers(s, a, org_id, answers, taken_at);
}
