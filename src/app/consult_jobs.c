/*
 * consult_jobs.c — see consult_jobs.h. Each change is its own transaction
 * with its mail and its audit line, and is written only if the
 * consultation is still as read (a firm replying at that moment wins).
 */
#include "app/consult_jobs.h"

#include <stdio.h>
#include <time.h>

#include "app/worker.h"
#include "core/consultation.h"
#include "lib/log.h"
#include "pages/consult/consult_access.h"
#include "store/audit.h"
#include "store/consult.h"
#include "web/mail.h"

struct job_step {
	struct arena *a;
	struct consultation before, after;
	enum consult_due due;
	int64_t now;
};

static enum mm_err step_tx(struct store *s, void *arg)
{
	struct job_step *j = arg;
	bool close = j->due == CONSULT_DUE_CLOSE;
	enum mm_err e =
	    store_consult_update(s, &j->after, j->before.status, j->before.responder_user_id);
	if (e ||
	    (e = consult_notify_firm(s, j->a, &j->after,
	                             close ? "consult_closed" : "consult_reminder", 0, j->now)))
		return e;
	char target[64];
	snprintf(target, sizeof target, "consultation:%lld", (long long)j->after.id);
	struct audit_entry entry = {.at = j->now,
	                            .organisation_id = j->after.organisation_id,
	                            .ip = STR(""),
	                            .action = close ? STR("consultation.auto_close")
	                                            : STR("consultation.remind"),
	                            .target = str_from(target),
	                            .detail = STR(""),
	                            .outcome = AUDIT_OK};
	return store_audit_insert(s, &entry);
}

/* ---- a consultation addressed to an expert, after its time with them ---- */

struct widen_step {
	struct arena *a;
	int64_t id, now;
	bool widened;
};

static enum mm_err widen_tx(struct store *s, void *arg)
{
	struct widen_step *w = arg;
	struct consultation c;
	size_t offered = 0;
	w->widened = false;
	enum mm_err e = store_consult_expert_release(s, w->id);
	if (e == MM_ERR_NOT_FOUND) /* released meanwhile */
		return MM_OK;
	/* read after the release, which holds the row: its status is current */
	if (e || (e = store_consult_get(s, w->a, w->id, &c)))
		return e;
	if (c.status != CONSULT_NEW) /* the expert (or the desk) has it */
		return MM_OK;
	if ((e = consult_offer(s, w->a, &c, w->now, &offered)))
		return e;
	w->widened = true;
	char target[64], detail[64];
	snprintf(target, sizeof target, "consultation:%lld", (long long)c.id);
	snprintf(detail, sizeof detail, "offered to %zu", offered);
	struct audit_entry entry = {.at = w->now,
	                            .organisation_id = c.organisation_id,
	                            .ip = STR(""),
	                            .action = STR("consultation.widen"),
	                            .target = str_from(target),
	                            .detail = str_from(detail),
	                            .outcome = AUDIT_OK};
	return store_audit_insert(s, &entry);
}

static enum mm_err expert_due(struct store *s, struct arena *a, int64_t now,
                              struct consult_jobs_done *done)
{
	struct consultation *c;
	size_t n;
	enum mm_err e = store_consult_list_expert_due(s, a, now, CONSULT_JOBS_BATCH, &c, &n);
	for (size_t i = 0; !e && i < n; i++) {
		struct widen_step w = {.a = a, .id = c[i].id, .now = now};
		if (!(e = store_tx(s, widen_tx, &w)) && w.widened)
			done->widened++;
	}
	return e;
}

/* ---- answered consultations: reminders and closing ---- */

static enum mm_err answered(struct store *s, struct arena *a, int64_t now,
                            struct consult_jobs_done *done)
{
	struct consultation *c;
	size_t n;
	enum mm_err e = store_consult_list_answered_before(s, a, now - CONSULT_REMIND_AFTER_S,
	                                                   CONSULT_JOBS_BATCH, &c, &n);
	for (size_t i = 0; !e && i < n; i++) {
		struct job_step j = {.a = a, .before = c[i], .after = c[i], .now = now};
		j.due = consult_auto_due(c[i].answered_at, c[i].reminder_sent_at, now);
		if (j.due == CONSULT_DUE_NOTHING)
			continue;
		if (j.due == CONSULT_DUE_REMIND) {
			j.after.reminder_sent_at = now;
		} else if (!consult_transition(c[i].status, CONSULT_EV_AUTO_CLOSE,
		                               c[i].responder_user_id != 0, &j.after.status)) {
			continue;
		} else {
			j.after.closed_at = now;
		}
		j.after.updated_at = now;
		e = store_tx(s, step_tx, &j);
		if (e == MM_ERR_NOT_FOUND) { /* changed meanwhile: next round */
			e = MM_OK;
			continue;
		}
		if (!e && j.due == CONSULT_DUE_REMIND)
			done->reminded++;
		else if (!e)
			done->closed++;
	}
	return e;
}

struct digest_step {
	struct arena *a;
	const struct consult_digest *d;
	int64_t now;
};

static enum mm_err digest_tx(struct store *s, void *arg)
{
	struct digest_step *g = arg;
	enum mm_err e = store_consult_digest_sent(s, g->d->user_id, g->now);
	if (e || g->d->waiting == 0)
		return e;
	char *link = mail_link(g->a, "/responder");
	return link ? mail_queue(s, g->a, mail_lang_from_code(g->d->lang), "consult_digest",
	                         g->d->email, link, g->now)
	            : MM_ERR_NOMEM;
}

static enum mm_err digests(struct store *s, struct arena *a, int64_t now,
                           struct consult_jobs_done *done)
{
	struct consult_digest *d;
	size_t n;
	enum mm_err e =
	    store_consult_digest_due(s, a, now - CONSULT_DAY_S, CONSULT_JOBS_BATCH, &d, &n);
	for (size_t i = 0; !e && i < n; i++) {
		struct digest_step g = {a, &d[i], now};
		if (!(e = store_tx(s, digest_tx, &g)) && d[i].waiting)
			done->digests++;
	}
	return e;
}

enum mm_err consult_jobs_run(struct store *s, const char *owner, int64_t now,
                             struct consult_jobs_done *done, bool *ran)
{
	struct arena a;
	*done = (struct consult_jobs_done){0};
	enum mm_err e = store_job_lease(s, "consultations", str_from(owner), now,
	                                now + CONSULT_JOBS_LEASE_S, ran);
	if (e || !*ran)
		return e;
	arena_init(&a, ARENA_REQUEST_MAX);
	e = expert_due(s, &a, now, done);
	if (!e)
		e = answered(s, &a, now, done);
	if (!e)
		e = digests(s, &a, now, done);
	arena_free(&a);
	return e;
}

/* ---- the thread ---- */

static struct worker worker;
static const char *db_address;
static char owner[128];

static void *jobs_main(void *arg)
{
	(void)arg;
	struct store *s = NULL;
	while (worker_running(&worker)) {
		char err[STORE_ERR_MAX];
		if (!s && store_open(db_address, &s, err)) {
			log_error("consultation jobs: %s", err);
			s = NULL;
		}
		if (s) {
			struct consult_jobs_done done;
			bool ran;
			if (consult_jobs_run(s, owner, (int64_t)time(NULL), &done, &ran))
				log_error(
				    "consultation jobs: a round failed; the next one tries again");
			else if (ran &&
			         (done.widened || done.reminded || done.closed || done.digests))
				log_info("consultation jobs: %zu offered wider, %zu reminded, %zu "
				         "closed, %zu digests",
				         done.widened, done.reminded, done.closed, done.digests);
		}
		worker_pause_ms(&worker, CONSULT_JOBS_POLL_S * 1000);
	}
	if (s)
		store_close(s);
	return NULL;
}

enum mm_err consult_jobs_start(const char *db)
{
	worker_owner_name(owner, sizeof owner);
	db_address = db;
	return worker_start(&worker, jobs_main);
}

void consult_jobs_stop(void)
{
	worker_stop(&worker);
}
