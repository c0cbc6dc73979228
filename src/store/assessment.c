/*
 * assessment.c — the self-assessment area's entry points (store/assessment.h):
 * each passes the call to the connection's driver.
 */
#include "store/assessment.h"

enum mm_err store_assessment_draft_get(struct store *s, struct arena *a,
                                       const struct assessment_owner *o, int64_t now,
                                       struct assessment_draft *out)
{
	return s->driver->assessment->draft_get(s, a, o, now, out);
}

enum mm_err store_assessment_draft_create(struct store *s, const struct assessment_owner *o,
                                          struct str version, struct str submit_token, int64_t now,
                                          int64_t expires_at, int64_t *id)
{
	return s->driver->assessment->draft_create(s, o, version, submit_token, now, expires_at,
	                                           id);
}

enum mm_err store_assessment_draft_save(struct store *s, int64_t draft_id,
                                        const struct str answers[STORE_ASSESSMENT_ITEMS],
                                        int64_t now, int64_t expires_at)
{
	return s->driver->assessment->draft_save(s, draft_id, answers, now, expires_at);
}

enum mm_err store_assessment_draft_delete(struct store *s, int64_t draft_id)
{
	return s->driver->assessment->draft_delete(s, draft_id);
}

enum mm_err store_assessment_draft_move(struct store *s, int64_t draft_id,
                                        const struct assessment_owner *to)
{
	return s->driver->assessment->draft_move(s, draft_id, to);
}

enum mm_err store_assessment_result_insert(struct store *s, const struct assessment_owner *o,
                                           const struct assessment_result *r, int64_t *id)
{
	return s->driver->assessment->result_insert(s, o, r, id);
}

enum mm_err store_assessment_result_id_by_submit_token(struct store *s, struct str submit_token,
                                                       int64_t *id)
{
	return s->driver->assessment->result_id_by_submit_token(s, submit_token, id);
}

enum mm_err store_assessment_result_get(struct store *s, struct arena *a, int64_t id,
                                        struct assessment_result *out)
{
	return s->driver->assessment->result_get(s, a, id, out);
}

enum mm_err store_assessment_result_previous(struct store *s, int64_t org_id, int64_t id,
                                             int64_t *previous_id)
{
	return s->driver->assessment->result_previous(s, org_id, id, previous_id);
}

enum mm_err store_assessment_history(struct store *s, struct arena *a, int64_t org_id,
                                     struct assessment_summary **out, size_t *n)
{
	return s->driver->assessment->history(s, a, org_id, out, n);
}

enum mm_err store_assessment_results_attach(struct store *s,
                                            const unsigned char hash[TOKEN_HASH_BYTES],
                                            int64_t org_id, int64_t now, int64_t *moved)
{
	return s->driver->assessment->results_attach(s, hash, org_id, now, moved);
}

enum mm_err store_assessment_purge_expired(struct store *s, int64_t now)
{
	return s->driver->assessment->purge_expired(s, now);
}

enum mm_err store_assessment_org_id_by_public_id(struct store *s, struct str public_id, int64_t *id)
{
	return s->driver->assessment->org_id_by_public_id(s, public_id, id);
}
