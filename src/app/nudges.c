/*
 * nudges.c — see nudges.h.
 */
#include "app/nudges.h"

#include "app/job_lease.h"

#include <stdio.h>
#include <string.h>

#include "core/nudge.h"
#include "lib/arena.h"
#include "lib/civil.h"
#include "store/declaration.h"
#include "store/nudge.h"
#include "store/statistics.h"
#include "view/i18n.h"
#include "web/mail.h"
#include "web/session.h"

#define NUDGES_JOB "nudges"

struct one_nudge {
	const struct nudge_candidate *c;
	bool star; /* a ★ declaration, not a result */
	int64_t now;
	struct arena *a;
	int64_t sent;
	struct declaration_prerequisites prerequisites; /* star_6: what ★★ needs */
};

struct str nudges_day(struct arena *a, enum lang l, int64_t at)
{
	struct civil c = civil_utc(at + CIVIL_JAPAN_OFFSET_S);
	char *s = i18n_format_date(a, l, c.year, c.month, c.day);
	return s ? str_from(s) : STR("");
}

/* What ★★ still needs, one line each, in language l. */
static enum mm_err missing_text(struct one_nudge *x, enum lang l, struct str *out)
{
	struct buf b;
	enum mm_err e = MM_OK;
	buf_init(&b, x->a, 4096);
	if (!x->prerequisites.has_assessment)
		e = buf_printf(&b, "- %s\n",
		               i18n_get(l, STR("mail.nudge_star_6.needs_assessment")).p);
	if (!e && !x->prerequisites.has_policy)
		e = buf_printf(&b, "- %s\n", i18n_get(l, STR("mail.nudge_star_6.needs_policy")).p);
	if (!e && x->prerequisites.has_assessment && x->prerequisites.has_policy)
		e = buf_printf(&b, "- %s\n", i18n_get(l, STR("mail.nudge_star_6.needs_nothing")).p);
	*out = buf_str(&b);
	return e;
}

enum mm_err nudges_mail(struct store *s, struct arena *a, int64_t now, const char *kind,
                        const struct nudge_recipient *to, const char *const names[],
                        const struct str values[], size_t n)
{
	char token[TOKEN_TEXT_BYTES], path[TOKEN_TEXT_BYTES + 32], mail_kind[48];
	unsigned char hash[TOKEN_HASH_BYTES];
	const char *all_names[NUDGES_FIELDS_MAX + 1];
	struct str all_values[NUDGES_FIELDS_MAX + 1];
	enum mm_err e;
	if (n > NUDGES_FIELDS_MAX)
		return MM_ERR_TOO_LONG;
	if ((e = token_new(token, hash)) ||
	    (e = store_unsubscribe_link_insert(s, hash, to->user_id, UNSUBSCRIBE_NUDGES, now)))
		return e;
	snprintf(path, sizeof path, "/unsubscribe/%s", token);
	snprintf(mail_kind, sizeof mail_kind, "nudge_%s", kind);
	char *unsubscribe = mail_link(a, path);
	char *one_click_path = arena_printf(a, "%s/one-click", path);
	char *one_click = one_click_path ? mail_link(a, one_click_path) : NULL;
	if (!unsubscribe || !one_click)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		all_names[i] = names[i];
		all_values[i] = values[i];
	}
	all_names[n] = "unsubscribe";
	all_values[n] = str_from(unsubscribe);
	return mail_queue_unsubscribable(s, a, mail_lang_from_code(to->lang), mail_kind, to->email,
	                                 all_names, all_values, n + 1, one_click, now);
}

static enum mm_err mail_one(struct store *s, struct one_nudge *x, const char *kind,
                            const struct nudge_recipient *to)
{
	static const char *const names[] = {"organisation", "taken", "link", "missing"};
	enum lang l = mail_lang_from_code(to->lang);
	enum mm_err e;
	bool star = strcmp(kind, "star_6") == 0;
	char *next = mail_link(x->a, star ? "/home" : "/assessment");
	struct str missing = STR("");
	if (!next)
		return MM_ERR_NOMEM;
	if (star && (e = missing_text(x, l, &missing)))
		return e;
	const struct str values[] = {x->c->organisation_name, nudges_day(x->a, l, x->c->taken_at),
	                             str_from(next), missing};
	if ((e = nudges_mail(s, x->a, x->now, kind, to, names, values, 4)))
		return e;
	x->sent++;
	return MM_OK;
}

/* One organisation's reminder, its mails and its record together. */
static enum mm_err nudge_tx(struct store *s, void *arg)
{
	struct one_nudge *x = arg;
	const struct nudge_candidate *c = x->c;
	bool sent_12, sent_13, sent_star;
	const char *kind;
	enum mm_err e;
	if (x->star) {
		if ((e = store_nudge_was_sent(s, c->organisation_id, c->result_id, "star_6",
		                              &sent_star)))
			return e;
		kind = core_nudge_name(core_nudge_star_due(c->taken_at, x->now, sent_star));
		if (kind && (e = store_declaration_prerequisites(s, x->a, c->organisation_id,
		                                                 &x->prerequisites)))
			return e;
	} else {
		if ((e = store_nudge_was_sent(s, c->organisation_id, c->result_id, "reassess_12",
		                              &sent_12)) ||
		    (e = store_nudge_was_sent(s, c->organisation_id, c->result_id, "reassess_13",
		                              &sent_13)))
			return e;
		kind =
		    core_nudge_name(core_nudge_reassess_due(c->taken_at, x->now, sent_12, sent_13));
	}
	if (!kind)
		return MM_OK;
	e = store_nudge_mark_sent(s, c->organisation_id, c->result_id, kind, x->now);
	if (e == MM_ERR_CONFLICT)
		return MM_OK; /* sent meanwhile */
	struct nudge_recipient *to;
	size_t n;
	if (e || (e = store_nudge_recipients(s, x->a, c->organisation_id, &to, &n)))
		return e;
	for (size_t i = 0; i < n && !e; i++)
		e = mail_one(s, x, kind, &to[i]);
	return e;
}

static enum mm_err send_due(struct store *s, int64_t now, bool star, int64_t *sent)
{
	struct arena a;
	int64_t from, to, after_at = 0, after_id = 0;
	enum mm_err e = MM_OK;
	if (star)
		core_nudge_star_range(now, &from, &to);
	else
		core_nudge_reassess_range(now, &from, &to);
	arena_init(&a, ARENA_REQUEST_MAX);
	for (size_t n = NUDGE_CANDIDATES_PAGE; !e && n == NUDGE_CANDIDATES_PAGE;) {
		struct nudge_candidate *c;
		arena_reset(&a);
		e = star ? store_nudge_star_candidates(s, &a, from, to, after_at, after_id, &c, &n)
		         : store_nudge_candidates(s, &a, from, to, after_at, after_id, &c, &n);
		if (e)
			break;
		for (size_t i = 0; i < n && !e; i++) {
			struct one_nudge x = {.c = &c[i], .star = star, .now = now, .a = &a};
			e = store_tx(s, nudge_tx, &x);
			*sent += x.sent;
		}
		if (n) {
			after_at = c[n - 1].taken_at;
			after_id = c[n - 1].result_id;
		}
	}
	arena_free(&a);
	return e;
}

/* The self-assessment reminders, then the ★ declarations' ones. */
static enum mm_err send_all_due(struct store *s, int64_t now, int64_t *sent)
{
	enum mm_err e = send_due(s, now, false, sent);
	return e ? e : send_due(s, now, true, sent);
}

enum mm_err nudges_job_run(struct store *s, const char *owner, int64_t now, int64_t *sent)
{
	return job_lease_run_mailing(s, NUDGES_JOB, owner, job_day_in_japan(now), now,
	                             NUDGES_LEASE_S, "reminders", send_all_due, sent);
}
