/*
 * events_edit.c — an organiser announces an event of their community at
 * "/communities/{id}/events/new" and changes it at "/events/{id}/edit".
 * Times are typed in Japan time (a date and a time field) and kept in UTC.
 * A larger capacity moves the earliest waiting up at once, in the same
 * transaction, with a mail to each.
 */
#include <limits.h>
#include <stdio.h>

#include "core/event.h"
#include "core/org_fields.h"
#include "pages/events/events_view.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define CO_ORGANISERS_MAX_CHARS 300

static enum mm_err set_choices(struct webform *f, const struct event *ev, const struct community *c)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	static const char *const languages[] = {"ja", "en"};
	char pref[4] = "";
	if (ev->prefecture)
		snprintf(pref, sizeof pref, "%d", ev->prefecture);
	struct programme *progs;
	size_t n;
	enum mm_err e;
	if ((e = labels_options_fixed(a, r->lang, f->ctx, "kinds", event_kinds, EVENT_KIND_COUNT,
	                              "events.kind", str_from(event_kinds[ev->kind]))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "audiences", event_audiences,
	                              EVENT_AUDIENCE_COUNT, "events.audience",
	                              str_from(event_audiences[ev->audience]))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "languages", languages, 2,
	                              "events.language", ev->language)) ||
	    (e = labels_options_prefecture(a, r->lang, f->ctx, "prefectures", str_from(pref))) ||
	    (e = store_programme_list(r->store, a, c->id, &progs, &n)))
		return e;
	struct val *list = val_set_list(a, f->ctx, "programmes");
	for (size_t i = 0; list && i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v ||
		    !val_set_cstr(a, v, "value", arena_printf(a, "%lld", (long long)progs[i].id)) ||
		    !val_set_str(a, v, "label", progs[i].title) ||
		    !val_set_bool(a, v, "selected", progs[i].id == ev->programme_id))
			return MM_ERR_NOMEM;
	}
	return list && val_set_bool(a, f->ctx, "has_programmes", n > 0) &&
	               val_set_str(a, f->ctx, "community", c->name) &&
	               val_set_cstr(a, f->ctx, "community_url",
	                            arena_printf(a, "/communities/%lld", (long long)c->id))
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err form_init(struct webform *f, struct req *r, struct res *res,
                             const struct event *ev)
{
	char date[11], clock[6], odate[11], oclock[6], cdate[11], cclock[6];
	event_japan_date(ev->starts_at, date);
	event_japan_clock(ev->starts_at, clock);
	event_japan_date(ev->registration_opens_at, odate);
	event_japan_clock(ev->registration_opens_at, oclock);
	event_japan_date(ev->registration_closes_at, cdate);
	event_japan_clock(ev->registration_closes_at, cclock);
	const char *duration = arena_printf(r->arena, "%lld", (long long)ev->duration_minutes);
	const char *capacity = arena_printf(r->arena, "%lld", (long long)ev->capacity);
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(f, "title", ev->title)) ||
	    (e = webform_set(f, "description", ev->description)) ||
	    (e = webform_set(f, "co_organisers", ev->co_organisers)) ||
	    (e = webform_set(f, "date", str_from(str_dup(r->arena, str_from(date))))) ||
	    (e = webform_set(f, "time", str_from(str_dup(r->arena, str_from(clock))))) ||
	    (e = webform_set(f, "duration", str_from(duration))) ||
	    (e = webform_set(f, "place", ev->place)) ||
	    (e = webform_set(f, "online_url", ev->online_url)) ||
	    (e = webform_set(f, "capacity", str_from(capacity))) ||
	    (e = webform_set(f, "opens_date", str_from(str_dup(r->arena, str_from(odate))))) ||
	    (e = webform_set(f, "opens_time", str_from(str_dup(r->arena, str_from(oclock))))) ||
	    (e = webform_set(f, "closes_date", str_from(str_dup(r->arena, str_from(cdate))))) ||
	    (e = webform_set(f, "closes_time", str_from(str_dup(r->arena, str_from(cclock))))) ||
	    (e = webform_set(f, "track", ev->track)) ||
	    (e = webform_blank(f, "kind", "audience", "mode", "prefecture", "language", "programme",
	                       NULL)))
		return e;
	return MM_OK;
}

static enum mm_err render_form(struct webform *f, struct res *res, const struct event *ev,
                               const struct community *c, int status)
{
	struct req *r = f->r;
	enum mm_err e = set_choices(f, ev, c);
	if (e)
		return e;
	const char *action =
	    ev->id ? arena_printf(r->arena, "/events/%lld/edit", (long long)ev->id)
	           : arena_printf(r->arena, "/communities/%lld/events/new", (long long)c->id);
	if (!val_set_cstr(r->arena, f->ctx, "action", action) ||
	    !val_set_bool(r->arena, f->ctx, "editing", ev->id != 0))
		return MM_ERR_NOMEM;
	if (ev->id)
		return events_render_in_event(r, res, status, "event_form", f->ctx, ev,
		                              "events.edit.title");
	return events_render_in_community(r, res, status, "event_form", f->ctx, c,
	                                  "events.new.title");
}

static int64_t number(struct webform *f, const char *name, long min, long max, const char *key)
{
	long v = 0;
	struct str s = webform_take(f, name, 8);
	if (str_to_long(s, min, max, &v))
		webform_error(f, name, key);
	return v;
}

/* The time of a date field and a time field, or 0 with an error noted:
 * on the time field when the date alone is good, else on the date field. */
static int64_t when(struct webform *f, const char *date, const char *time, const char *key)
{
	int64_t t = 0, midnight;
	struct str d = webform_take(f, date, 10), c = webform_take(f, time, 5);
	if (event_parse_japan_time(d, c, &t))
		return t;
	bool date_good = event_parse_japan_time(d, STR("00:00"), &midnight);
	webform_error(f, date_good ? time : date, key);
	return 0;
}

/* The fields into ev (its community and id kept); errors noted on f. */
static enum mm_err read_form(struct webform *f, struct event *ev)
{
	struct req *r = f->r;
	int k = event_name_index(event_kinds, EVENT_KIND_COUNT, events_field(r, "kind"));
	int au =
	    event_name_index(event_audiences, EVENT_AUDIENCE_COUNT, events_field(r, "audience"));
	if (k < 0)
		webform_error(f, "kind", "events.error.kind");
	if (au < 0)
		webform_error(f, "audience", "events.error.audience");
	ev->kind = k < 0 ? EVENT_SEMINAR : (enum event_kind)k;
	ev->audience = au < 0 ? EVENT_AUDIENCE_ANYONE : (enum event_audience)au;
	ev->title = webform_take_required(f, "title", EVENT_TITLE_MAX_CHARS, org_single_line,
	                                  "events.error.title");
	ev->description =
	    webform_take_checked(f, "description", EVENT_TEXT_MAX_CHARS, event_text_ok);
	ev->co_organisers =
	    webform_take_checked(f, "co_organisers", CO_ORGANISERS_MAX_CHARS, org_single_line);
	ev->starts_at = when(f, "date", "time", "events.error.when");
	ev->duration_minutes =
	    number(f, "duration", 1, EVENT_DURATION_MAX_MINUTES, "events.error.duration");
	ev->capacity = number(f, "capacity", 1, EVENT_CAPACITY_MAX, "events.error.capacity");
	ev->registration_opens_at = when(f, "opens_date", "opens_time", "events.error.when");
	ev->registration_closes_at = when(f, "closes_date", "closes_time", "events.error.when");
	bool times_read = ev->starts_at && ev->registration_opens_at && ev->registration_closes_at;
	if (times_read && (ev->registration_closes_at < ev->registration_opens_at ||
	                   ev->registration_closes_at > ev->starts_at))
		webform_error(f, "closes_date", "events.error.window");
	ev->place = webform_take_checked(f, "place", EVENT_PLACE_MAX_CHARS, org_single_line);
	long pref = 0;
	struct str p = events_field(r, "prefecture");
	if (p.n && str_to_long(p, 1, 47, &pref))
		webform_error(f, "prefecture", "form.invalid");
	ev->prefecture = (int)pref;
	ev->online_url = webform_take(f, "online_url", EVENT_URL_MAX_CHARS);
	if (ev->online_url.n && !event_url_ok(ev->online_url))
		webform_error(f, "online_url", "events.error.url");
	if (!ev->place.n && !ev->online_url.n)
		webform_error(f, "place", "events.error.place");
	ev->track = webform_take_checked(f, "track", EVENT_TRACK_MAX_CHARS, org_single_line);
	if (ev->audience == EVENT_AUDIENCE_TRACK && !ev->track.n)
		webform_error(f, "track", "events.error.track");
	ev->language = str_eq_lit(events_field(r, "language"), "en") ? STR("en") : STR("ja");
	ev->programme_id = 0;
	struct str prog = events_field(r, "programme");
	long pid;
	if (prog.n && !str_to_long(prog, 1, LONG_MAX, &pid)) {
		struct programme pr;
		enum mm_err e = store_programme_get(r->store, r->arena, pid, &pr);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		if (e || pr.community_id != ev->community_id)
			webform_error(f, "programme", "form.invalid");
		else
			ev->programme_id = pid;
	}
	return MM_OK;
}

static enum mm_err page_event_new(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	/* a start a fortnight ahead at 14:00, registration open until then */
	int64_t start;
	char date[11];
	event_japan_date(r->now + 14 * 86400, date);
	if (!event_parse_japan_time(str_from(date), STR("14:00"), &start))
		start = r->now + 14 * 86400;
	struct event ev = {.community_id = c.id,
	                   .title = STR(""),
	                   .description = STR(""),
	                   .co_organisers = STR(""),
	                   .place = STR(""),
	                   .online_url = STR(""),
	                   .track = STR(""),
	                   .language = STR("ja"),
	                   .starts_at = start,
	                   .duration_minutes = 90,
	                   .capacity = 30,
	                   .registration_opens_at = r->now - r->now % 60,
	                   .registration_closes_at = start};
	if ((e = form_init(&f, r, res, &ev)))
		return e;
	return render_form(&f, res, &ev, &c, 200);
}

struct saving {
	struct event *ev;
	bool creating;
};

/* After a change: the places the event now has go to the earliest
 * waiting, each told by mail. */
static enum mm_err promote(struct req *r, struct store *s, int64_t event_id)
{
	int64_t capacity, confirmed, waiting;
	struct event_registration *up;
	size_t n;
	struct event ev;
	enum mm_err e = store_event_hold(s, event_id, &capacity, &confirmed, &waiting);
	if (e || (e = store_registration_promote(s, r->arena, event_id,
	                                         event_promotions(capacity, confirmed, waiting),
	                                         r->now, &up, &n)))
		return e;
	if (n && (e = store_event_get(s, r->arena, event_id, &ev)))
		return e;
	for (size_t i = 0; !e && i < n; i++)
		e = events_mail(r, s, &ev, "promoted", up[i].email, up[i].lang, true);
	return e;
}

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	enum mm_err e = sv->creating
	                    ? store_event_insert(s, sv->ev, r->user->id, r->now, &sv->ev->id)
	                    : store_event_update(s, sv->ev, r->now);
	if (!e && !sv->creating)
		e = promote(r, s, sv->ev->id);
	if (e)
		return e;
	return events_audit_event(r, sv->creating ? "event.create" : "event.edit", sv->ev->title,
	                          sv->ev->id);
}

/* The end of both posts: the form again (422) while it has errors, else
 * the event saved and its page saying so. */
static enum mm_err save(struct webform *f, struct res *res, struct event *ev,
                        const struct community *c, bool creating)
{
	struct req *r = f->r;
	if (!webform_ok(f))
		return render_form(f, res, ev, c, 422);
	struct saving sv = {.ev = ev, .creating = creating};
	enum mm_err e = page_tx(r, save_tx, &sv);
	if (e)
		return e;
	return page_redirectf(r, res, "/events/%lld?notice=%s", (long long)ev->id,
	                      creating ? "created" : "saved");
}

static enum mm_err page_event_new_post(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	struct event ev = {.community_id = c.id};
	if ((e = form_init(&f, r, res, &ev)) || (e = read_form(&f, &ev)))
		return e;
	return save(&f, res, &ev, &c, true);
}

/* The event of the URL and its community, when r->user organises it,
 * with the form f filled from the event; false when the answer (404,
 * 403) was sent or *e failed. */
static bool editable(struct req *r, struct res *res, struct event *ev, struct community *c,
                     struct webform *f, enum mm_err *e)
{
	*e = events_load_event(r, res, ev);
	if (*e || !ev->id)
		return false;
	*e = events_organised_community_of(r, res, ev->community_id, c);
	if (*e || !c->id)
		return false;
	return !(*e = form_init(f, r, res, ev));
}

static enum mm_err page_event_edit(struct req *r, struct res *res)
{
	struct event ev;
	struct community c;
	struct webform f;
	enum mm_err e;
	if (!editable(r, res, &ev, &c, &f, &e))
		return e;
	return render_form(&f, res, &ev, &c, 200);
}

static enum mm_err page_event_edit_post(struct req *r, struct res *res)
{
	struct event ev;
	struct community c;
	struct webform f;
	enum mm_err e;
	if (!editable(r, res, &ev, &c, &f, &e) || (e = read_form(&f, &ev)))
		return e;
	return save(&f, res, &ev, &c, false);
}

/* This file's routes, in dispatch order (see events_routes.c). */
const struct route_table events_edit_routes = ROUTE_TABLE(
    ROUTE_FORM("/communities/{id:int}/events/new", page_event_new, page_event_new_post, RIGHT_USER),
    ROUTE_FORM("/events/{id:int}/edit", page_event_edit, page_event_edit_post, RIGHT_USER));
