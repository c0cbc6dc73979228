/*
 * policy_checks.c — see policy_checks.h.
 */
#include "app/policy_checks.h"

#include "app/job_lease.h"
#include "app/nudges.h"
#include "core/nudge.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "store/nudge.h"
#include "store/policy.h"
#include "store/statistics.h"
#include "store/store.h"
#include "web/fetch.h"
#include "web/mail.h"

#define POLICY_CHECKS_JOB "policy_checks"

struct one_check {
	const struct policy_external *p;
	const struct fetch_result *seen;
	int64_t now;
	struct arena *a;
	struct policy_checks_run *run;
};

/* The owners' mail of kind ("policy_unreachable" or "policy_lapsed"). */
static enum mm_err mail_owners(struct store *s, struct one_check *x, const char *kind,
                               const struct policy_outage *o)
{
	static const char *const names[] = {"organisation", "url", "since", "lapse", "link"};
	struct nudge_recipient *to = NULL;
	size_t n = 0;
	char *link = mail_link(x->a, "/home");
	enum mm_err e =
	    link ? store_nudge_recipients(s, x->a, x->p->organisation_id, &to, &n) : MM_ERR_NOMEM;
	for (size_t i = 0; i < n && !e; i++) {
		enum lang l = mail_lang_from_code(to[i].lang);
		const struct str values[] = {
		    x->p->organisation_name, x->p->url, nudges_day(x->a, l, o->since),
		    nudges_day(x->a, l,
		               core_policy_lapse_at(o->noticed_at ? o->noticed_at : x->now)),
		    str_from(link)};
		e = nudges_mail(s, x->a, x->now, kind, &to[i], names, values, 5);
	}
	return e;
}

/* One address: what was seen, the outage, and what it calls for. */
static enum mm_err check_tx(struct store *s, void *arg)
{
	struct one_check *x = arg;
	const struct fetch_result *seen = x->seen;
	const struct policy_fetch f = {.url = x->p->url,
	                               .outcome = str_from(fetch_outcome_name(seen->outcome)),
	                               .content_type = seen->content_type,
	                               .kind = str_from(fetch_kind_name(seen->kind)),
	                               .sha256 = str_from(seen->sha256),
	                               .fetched_at = x->now,
	                               .size = seen->size,
	                               .status = seen->status};
	struct policy_outage o;
	enum mm_err e;
	if ((e = store_policy_fetch_record(s, x->p->organisation_id, &f)) ||
	    (e = store_policy_outage_note(s, x->p->organisation_id, x->p->url,
	                                  seen->outcome == FETCH_OK, x->now, &o)))
		return e;
	if (seen->outcome == FETCH_OK)
		return MM_OK;
	x->run->failed++;
	switch (core_policy_outage_step(o.since, o.failures, o.noticed_at, x->now)) {
	case POLICY_OUTAGE_NOTICE:
		x->run->noticed++;
		if ((e = store_policy_outage_noticed(s, x->p->organisation_id, x->now)))
			return e;
		return mail_owners(s, x, "policy_unreachable", &o);
	case POLICY_OUTAGE_LAPSE:
		x->run->lapsed++;
		log_info(
		    "policy checks: the policy of organisation %lld lapsed (unreadable since %lld)",
		    (long long)x->p->organisation_id, (long long)o.since);
		/* Unpublishing forgets the outage; its trigger drops ★★ to ★. */
		if ((e = store_policy_unpublish(s, x->p->organisation_id)))
			return e;
		return mail_owners(s, x, "policy_lapsed", &o);
	case POLICY_OUTAGE_WAIT:
		break;
	}
	return MM_OK;
}

static enum mm_err check_due(struct store *s, int64_t now, struct policy_checks_run *run)
{
	struct arena a;
	int64_t after = 0;
	enum mm_err e = MM_OK;
	arena_init(&a, ARENA_REQUEST_MAX);
	for (size_t n = POLICY_EXTERNAL_PAGE; !e && n == POLICY_EXTERNAL_PAGE;) {
		struct policy_external *due;
		arena_reset(&a);
		if ((e = store_policy_external_due(s, &a, now - POLICY_CHECK_EVERY_S, after, &due,
		                                   &n)))
			break;
		for (size_t i = 0; i < n && !e; i++) {
			struct fetch_result seen;
			/* Outside any transaction: a fetch takes up to FETCH_TIMEOUT_MS. */
			if ((e = fetch_document(&a, due[i].url, &seen)))
				break;
			struct one_check x = {
			    .p = &due[i], .seen = &seen, .now = now, .a = &a, .run = run};
			run->checked++;
			e = store_tx(s, check_tx, &x);
		}
		if (n)
			after = due[n - 1].organisation_id;
	}
	arena_free(&a);
	return e;
}

static enum mm_err checks_work(struct store *s, int64_t now, void *arg)
{
	struct policy_checks_run *out = arg;
	enum mm_err e = check_due(s, now, out);
	if (e) {
		log_error(
		    "policy checks: stopped after %lld addresses (%s); the rest when the lease "
		    "runs out",
		    (long long)out->checked, mm_err_name(e));
		return e;
	}
	if (out->checked)
		log_info(
		    "policy checks: %lld addresses checked, %lld unreadable, %lld notices, %lld "
		    "lapsed",
		    (long long)out->checked, (long long)out->failed, (long long)out->noticed,
		    (long long)out->lapsed);
	return MM_OK;
}

enum mm_err policy_checks_job_run(struct store *s, const char *owner, int64_t now,
                                  struct policy_checks_run *out)
{
	*out = (struct policy_checks_run){0};
	return job_lease_run(s, POLICY_CHECKS_JOB, owner, job_day_in_japan(now), now,
	                     POLICY_CHECKS_LEASE_S, checks_work, out);
}
