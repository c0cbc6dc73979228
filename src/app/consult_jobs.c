/*
 * consult_jobs.c — see consult_jobs.h. Each change is its own transaction
 * with its mail and its audit line, and is written only if the
 * consultation is still as read (a firm replying at that moment wins).
 */
#include "app/consult_jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

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

static enum lang lang_of(struct str code)
{
	enum lang l = LANG_JA;
	return lang_from_code(code, &l) ? l : LANG_JA;
}

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
	return link ? mail_queue(s, g->a, lang_of(g->d->lang), "consult_digest", g->d->email, link,
	                         g->now)
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
	e = answered(s, &a, now, done);
	if (!e)
		e = digests(s, &a, now, done);
	arena_free(&a);
	return e;
}

/* ---- the thread ---- */

static pthread_t thread;
static atomic_bool running;
static bool started;
static const char *db_address;
static char owner[128];

static void pause_s(int s)
{
	for (int waited = 0; waited < s * 20 && atomic_load(&running); waited++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static void *jobs_main(void *arg)
{
	(void)arg;
	struct store *s = NULL;
	while (atomic_load(&running)) {
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
			else if (ran && (done.reminded || done.closed || done.digests))
				log_info("consultation jobs: %zu reminded, %zu closed, %zu digests",
				         done.reminded, done.closed, done.digests);
		}
		pause_s(CONSULT_JOBS_POLL_S);
	}
	if (s)
		store_close(s);
	return NULL;
}

enum mm_err consult_jobs_start(const char *db)
{
	char host[64] = "";
	if (gethostname(host, sizeof host - 1))
		snprintf(host, sizeof host, "unknown");
	snprintf(owner, sizeof owner, "%s:%ld", host, (long)getpid());
	db_address = db;
	atomic_store(&running, true);
	if (pthread_create(&thread, NULL, jobs_main, NULL)) {
		atomic_store(&running, false);
		return MM_ERR_IO;
	}
	started = true;
	return MM_OK;
}

void consult_jobs_stop(void)
{
	if (!started)
		return;
	atomic_store(&running, false);
	pthread_join(thread, NULL);
	started = false;
}
