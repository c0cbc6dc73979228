/*
 * event_reminders.c — see event_reminders.h. The lease's "day" is the
 * hour here (Unix hours), so the job runs at most once an hour.
 */
#include "app/event_reminders.h"

#include "app/job_lease.h"

#include <stdio.h>

#include "lib/arena.h"
#include "lib/civil.h"
#include "store/event.h"
#include "store/statistics.h"
#include "view/i18n.h"
#include "web/mail.h"

#define EVENT_REMINDERS_JOB "event_reminders"

/* "2026年12月10日 14:00（日本時間）" in language l. */
static struct str when_text(struct arena *a, enum lang l, int64_t at)
{
	struct civil c = civil_utc(at + CIVIL_JAPAN_OFFSET_S);
	char *date = i18n_format_date(a, l, c.year, c.month, c.day);
	char clock[8];
	snprintf(clock, sizeof clock, "%02u:%02u", (unsigned)c.hour % 100u,
	         (unsigned)c.minute % 100u);
	const char *names[] = {"date", "time"};
	const struct str values[] = {str_from(date ? date : ""), str_from(clock)};
	char *text = date ? i18n_fill(a, l, "time.japan", names, values, 2) : NULL;
	return str_from(text ? text : "");
}

struct one {
	struct arena *a;
	const struct event_registration *reg;
	int64_t now;
};

static enum mm_err remind_tx(struct store *s, void *arg)
{
	static const char *const names[] = {"title", "when", "place", "community", "link"};
	struct one *o = arg;
	struct event ev;
	enum lang l = mail_lang_from_code(o->reg->lang);
	enum mm_err e = store_registration_reminded(s, o->reg->id, o->now);
	if (e || (e = store_event_get(s, o->a, o->reg->event_id, &ev)))
		return e;
	const struct str values[] = {
	    ev.title, when_text(o->a, l, ev.starts_at),
	    ev.place.n ? ev.place : i18n_get(l, STR("events.online")), ev.community_name,
	    str_from(mail_link(o->a, arena_printf(o->a, "/events/%lld", (long long)ev.id)))};
	return mail_queue_fields(s, o->a, l, "events_reminder", o->reg->email, names, values, 5,
	                         o->now);
}

/* Tomorrow in Japan: [its 00:00, the next 00:00) as UTC seconds. */
static void tomorrow(int64_t now, int64_t *from, int64_t *to)
{
	int64_t day = (now + CIVIL_JAPAN_OFFSET_S) / 86400 + 1;
	*from = day * 86400 - CIVIL_JAPAN_OFFSET_S;
	*to = *from + 86400;
}

static enum mm_err send_due(struct store *s, int64_t now, int64_t *sent)
{
	int64_t from, to;
	enum mm_err e = MM_OK;
	tomorrow(now, &from, &to);
	struct arena a;
	arena_init(&a, 4u * 1024 * 1024);
	for (;;) {
		struct event_registration *regs;
		size_t n;
		arena_reset(&a);
		if ((e = store_registration_reminders_due(s, &a, from, to, &regs, &n)) || !n)
			break;
		for (size_t i = 0; i < n && !e; i++) {
			struct one o = {&a, &regs[i], now};
			e = store_tx(s, remind_tx, &o);
			if (e == MM_ERR_CONFLICT) /* another instance reminded it */
				e = MM_OK;
			else if (!e)
				(*sent)++;
		}
		if (e)
			break;
	}
	arena_free(&a);
	return e;
}

enum mm_err event_reminders_job_run(struct store *s, const char *owner, int64_t now, int64_t *sent)
{
	return job_lease_run_mailing(s, EVENT_REMINDERS_JOB, owner, (int)(now / 3600), now,
	                             EVENT_REMINDERS_LEASE_S, "event reminders", send_due, sent);
}
