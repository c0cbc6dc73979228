/*
 * catalogue_jobs.c — see catalogue_jobs.h.
 */
#include "app/catalogue_jobs.h"

#include "app/job_lease.h"

#include "core/catalogue.h"
#include "lib/arena.h"
#include "lib/civil.h"
#include "store/services.h"
#include "store/statistics.h"
#include "view/i18n.h"
#include "web/mail.h"

#define CATALOGUE_EXPIRY_JOB "catalogue_expiry"
#define EXPIRY_PAGE 200

struct one_expiry {
	const struct service_expiry *x;
	struct arena *a;
	int64_t now;
};

/* "2027年3月31日" (or "31 Mar 2027") for "2027-03-31", in language l. */
static struct str day_text(struct arena *a, enum lang l, struct str iso)
{
	int y = 0, m = 0, d = 0;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (iso.p[i] - '0');
	m = (iso.p[5] - '0') * 10 + (iso.p[6] - '0');
	d = (iso.p[8] - '0') * 10 + (iso.p[9] - '0');
	char *s = i18n_format_date(a, l, y, m, d);
	return s ? str_from(s) : iso;
}

static enum mm_err expiry_tx(struct store *s, void *arg)
{
	static const char *const names[] = {"name", "until", "url"};
	struct one_expiry *o = arg;
	enum lang l = mail_lang_from_code(o->x->contact_lang);
	char *link = mail_link(o->a, "/provider");
	if (!link)
		return MM_ERR_NOMEM;
	const struct str values[] = {o->x->name, day_text(o->a, l, o->x->valid_until),
	                             str_from(link)};
	enum mm_err e = store_service_expiry_noticed(s, o->x->id, o->x->valid_until);
	if (e)
		return e;
	return mail_queue_fields(s, o->a, l, "catalogue_expiry", o->x->contact_email, names, values,
	                         3, o->now);
}

static enum mm_err send_due(struct store *s, int64_t now, int64_t *sent)
{
	struct arena a;
	char until[11];
	enum mm_err e = MM_OK;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str today = str_from(civil_japan_date(&a, now));
	if (!service_date_add(today, CATALOGUE_EXPIRY_NOTICE_DAYS, until)) {
		arena_free(&a);
		return MM_ERR_INVALID;
	}
	/* Each mail marks its listing, so the next page starts over. */
	for (size_t n = EXPIRY_PAGE; !e && n == EXPIRY_PAGE;) {
		struct service_expiry *list;
		e = store_services_expiring(s, &a, today, str_from(until), EXPIRY_PAGE, &list, &n);
		for (size_t i = 0; !e && i < n; i++) {
			struct one_expiry o = {.x = &list[i], .a = &a, .now = now};
			if (!(e = store_tx(s, expiry_tx, &o)))
				(*sent)++;
		}
	}
	arena_free(&a);
	return e;
}

enum mm_err catalogue_expiry_job_run(struct store *s, const char *owner, int64_t now, int64_t *sent)
{
	return job_lease_run_mailing(s, CATALOGUE_EXPIRY_JOB, owner, job_day_in_japan(now), now,
	                             CATALOGUE_EXPIRY_LEASE_S, "catalogue expiry", send_due, sent);
}
