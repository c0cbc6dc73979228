/*
 * job_lease.c — see job_lease.h.
 */
#include "app/job_lease.h"

#include "lib/civil.h"
#include "lib/log.h"
#include "lib/str.h"
#include "store/statistics.h"

int job_day_in_japan(int64_t now)
{
	return (int)((now + CIVIL_JAPAN_OFFSET_S) / 86400);
}

enum mm_err job_lease_run(struct store *s, const char *job, const char *owner, int period,
                          int64_t now, int64_t lease_s, job_work_fn work, void *arg)
{
	enum mm_err e = store_job_lease_take(s, job, str_from(owner), period, now, now + lease_s);
	if (e == MM_ERR_CONFLICT)
		return MM_OK; /* done for this period, or another instance is at it */
	if (e || (e = work(s, now, arg)))
		return e;
	return store_job_lease_done(s, job, str_from(owner), period);
}

struct mailing {
	const char *name;
	job_mail_fn send;
	int64_t *sent;
};

static enum mm_err mailing_work(struct store *s, int64_t now, void *arg)
{
	struct mailing *m = arg;
	enum mm_err e = m->send(s, now, m->sent);
	if (e) {
		log_error("%s: stopped after %lld mails (%s); the rest go when the lease runs out",
		          m->name, (long long)*m->sent, mm_err_name(e));
		return e;
	}
	if (*m->sent)
		log_info("%s: %lld mails queued", m->name, (long long)*m->sent);
	return MM_OK;
}

enum mm_err job_lease_run_mailing(struct store *s, const char *job, const char *owner, int period,
                                  int64_t now, int64_t lease_s, const char *name, job_mail_fn send,
                                  int64_t *sent)
{
	struct mailing m = {name, send, sent};
	*sent = 0;
	return job_lease_run(s, job, owner, period, now, lease_s, mailing_work, &m);
}
