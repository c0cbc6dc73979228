/*
 * events_demo.c — see events_demo.h. All of it in one transaction; a
 * community whose name is there already is left as it is, so loading the
 * demo twice adds nothing. Days are counted from when it is loaded, so
 * the coming events stay coming on a fresh `make run`.
 */
#include "app/events_demo.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "core/event.h"
#include "app/demo_json.h"
#include "pages/org/org_ids.h"
#include "store/account.h"
#include "store/community.h"
#include "store/event.h"

#define DEMO_USERS_MAX 64

struct demo {
	json_t *root;
	struct arena a;
	int64_t now;
	int inserted;
	char *err;
};

static enum mm_err user_id(struct store *s, struct demo *d, json_t *email, int64_t *id)
{
	struct str e = {json_string_value(email) ? json_string_value(email) : "",
	                json_string_length(email)};
	return store_user_seed(s, e, STR(""), d->now, id);
}

static enum mm_err fail(struct demo *d, const char *what, enum mm_err e)
{
	snprintf(d->err, 256, "demo events: %s", what);
	return e ? e : MM_ERR_INVALID;
}

/* The registrations of one event, in the order listed: places while they
 * last, then the waiting list (core/event.h); attendance for those listed
 * as attended, which becomes training records — only at an event already
 * held when the demo is loaded, as the attendance page allows. */
static enum mm_err registrations(struct store *s, struct demo *d, const struct event *ev,
                                 json_t *item)
{
	json_t *v;
	size_t i;
	int64_t confirmed = 0, waiting = 0;
	enum mm_err e = MM_OK;
	json_array_foreach(json_object_get(item, "attendees"), i, v)
	{
		int64_t uid, rid;
		bool place = event_confirms_new(ev->capacity, confirmed, waiting);
		if ((e = user_id(s, d, v, &uid)) ||
		    (e = store_registration_insert(s, ev->id, uid, 0,
		                                   place ? REG_CONFIRMED : REG_WAITING,
		                                   d->now - 3 * 86400, &rid)))
			return e;
		*(place ? &confirmed : &waiting) += 1;
	}
	if (json_array_size(json_object_get(item, "attended")) && ev->starts_at > d->now)
		return fail(d, "attendance at an event not yet held", MM_OK);
	json_array_foreach(json_object_get(item, "attended"), i, v)
	{
		int64_t uid;
		char code[25];
		if ((e = user_id(s, d, v, &uid)) ||
		    (e = store_registration_set_attended(s, ev->id, uid, true)))
			return e;
		if (ev->kind == EVENT_SUPPORTER_TRAINING) {
			org_random_text(code, 24, "abcdefghijkmnpqrstuvwxyz23456789");
			if ((e = store_training_record_add(s, uid, ev->id, 0, str_from(code),
			                                   d->now)))
				return e;
		}
	}
	return e;
}

static enum mm_err one_event(struct store *s, struct demo *d, int64_t community_id,
                             const int64_t *programmes, size_t nprog, json_t *item)
{
	struct event ev = {.community_id = community_id};
	int kind = event_name_index(event_kinds, EVENT_KIND_COUNT, demo_json_str(item, "kind"));
	int audience = event_name_index(event_audiences, EVENT_AUDIENCE_COUNT,
	                                demo_json_str(item, "audience"));
	int64_t days = json_integer_value(json_object_get(item, "days"));
	char date[11];
	event_japan_date(d->now + days * 86400, date);
	if (kind < 0 || audience < 0 ||
	    !event_parse_japan_time(str_from(date), demo_json_str(item, "time"), &ev.starts_at))
		return fail(d, "an event is incomplete", MM_OK);
	ev.kind = (enum event_kind)kind;
	ev.audience = (enum event_audience)audience;
	ev.title = demo_json_str(item, "title");
	ev.description = demo_json_str(item, "description");
	ev.co_organisers = demo_json_str(item, "co_organisers");
	ev.duration_minutes = json_integer_value(json_object_get(item, "duration"));
	ev.place = demo_json_str(item, "place");
	ev.prefecture = (int)json_integer_value(json_object_get(item, "prefecture"));
	ev.online_url = json_is_true(json_object_get(item, "online"))
	                    ? str_from(arena_printf(&d->a, "https://meet.example.invalid/demo-%lld",
	                                            (long long)(d->inserted + 1)))
	                    : STR("");
	ev.capacity = json_integer_value(json_object_get(item, "capacity"));
	ev.registration_opens_at = d->now - 30 * 86400 + (days < 0 ? days * 86400 : 0);
	ev.registration_closes_at = ev.starts_at - 3600;
	ev.track = demo_json_str(item, "track");
	ev.language = demo_json_str(item, "language");
	json_t *prog = json_object_get(item, "programme");
	if (json_is_integer(prog) && (size_t)json_integer_value(prog) < nprog)
		ev.programme_id = programmes[json_integer_value(prog)];
	enum mm_err e = store_event_insert(s, &ev, 0, d->now, &ev.id);
	if (e)
		return fail(d, "cannot store an event", e);
	d->inserted++;
	return registrations(s, d, &ev, item);
}

/* A programme's completions, once its sessions' attendance is in. */
static enum mm_err completions(struct store *s, struct demo *d, int64_t programme_id)
{
	struct programme p;
	struct event_registration *regs;
	struct event *evs;
	size_t n, nev;
	enum mm_err e = store_programme_get(s, &d->a, programme_id, &p);
	if (e || (e = store_event_upcoming(s, &d->a, p.community_id, 0, 100, &evs, &nev)))
		return e;
	for (size_t k = 0; k < nev; k++) {
		if (evs[k].programme_id != programme_id)
			continue;
		if ((e = store_registration_list(s, &d->a, evs[k].id, &regs, &n)))
			return e;
		for (size_t i = 0; i < n; i++) {
			int64_t attended;
			char code[25];
			if ((e = store_programme_attended(s, programme_id, regs[i].user_id,
			                                  &attended)))
				return e;
			if (!event_programme_completed(p.required, p.sessions, attended))
				continue;
			org_random_text(code, 24, "abcdefghijkmnpqrstuvwxyz23456789");
			if ((e = store_training_record_add(s, regs[i].user_id, 0, programme_id,
			                                   str_from(code), d->now)))
				return e;
		}
	}
	return MM_OK;
}

static enum mm_err one_community(struct store *s, struct demo *d, json_t *item)
{
	struct community c = {.name = demo_json_str(item, "name"),
	                      .industry = demo_json_str(item, "industry"),
	                      .description = demo_json_str(item, "description")};
	int64_t id, uid, programmes[8];
	size_t nprog = 0, i;
	json_t *v;
	enum mm_err e = store_community_id_by_name(s, c.name, &id);
	if (e != MM_ERR_NOT_FOUND)
		return e; /* there already */
	struct str region = demo_json_str(item, "region");
	for (int r = 0; r < EVENT_REGION_COUNT; r++)
		if (str_eq_lit(region, event_regions[r].name))
			c.prefectures = event_regions[r].prefectures;
	c.join = str_eq_lit(demo_json_str(item, "join"), "request") ? COMMUNITY_JOIN_REQUEST
	                                                            : COMMUNITY_JOIN_OPEN;
	if (!c.name.n || (!c.prefectures && !c.industry.n))
		return fail(d, "a community is incomplete", MM_OK);
	if ((e = store_community_insert(s, &c, 0, d->now, &id)))
		return fail(d, "cannot store a community", e);
	d->inserted++;
	json_array_foreach(json_object_get(item, "organisers"), i, v)
	{
		if ((e = user_id(s, d, v, &uid)) ||
		    (e = store_community_organiser_add(s, id, uid, 0, d->now)))
			return e;
	}
	json_array_foreach(json_object_get(item, "members"), i, v)
	{
		bool show = json_is_true(json_object_get(v, "show_name"));
		struct user u;
		if ((e = user_id(s, d, json_object_get(v, "email"), &uid)) ||
		    (e = store_user_by_id(s, &d->a, uid, &u)) ||
		    (e = store_community_join(s, id, uid, 0, true, show, show ? u.name : STR(""),
		                              d->now)))
			return e;
	}
	json_array_foreach(json_object_get(item, "programmes"), i, v)
	{
		if (nprog >= sizeof programmes / sizeof programmes[0])
			return fail(d, "too many programmes", MM_OK);
		if ((e = store_programme_insert(s, id, demo_json_str(v, "title"),
		                                json_integer_value(json_object_get(v, "required")),
		                                d->now, &programmes[nprog++])))
			return e;
	}
	json_array_foreach(json_object_get(item, "events"), i, v)
	{
		if ((e = one_event(s, d, id, programmes, nprog, v)))
			return e;
	}
	for (size_t k = 0; k < nprog && !e; k++)
		e = completions(s, d, programmes[k]);
	return e;
}

static enum mm_err load_tx(struct store *s, void *arg)
{
	struct demo *d = arg;
	json_t *v;
	size_t i;
	enum mm_err e = MM_OK;
	json_array_foreach(json_object_get(d->root, "users"), i, v)
	{
		int64_t id;
		if ((e = store_user_seed(s, demo_json_str(v, "email"), demo_json_str(v, "name"),
		                         d->now, &id)))
			return fail(d, "cannot store a demo account", e);
	}
	json_array_foreach(json_object_get(d->root, "communities"), i, v)
	{
		if ((e = one_community(s, d, v)))
			return e;
	}
	return e;
}

enum mm_err events_demo_seed(struct store *s, int *inserted, char err[256])
{
	struct demo d = {.now = (int64_t)time(NULL), .err = err};
	*inserted = 0;
	enum mm_err e = demo_json_open("content/demo/events.json", "communities",
	                               "no communities list", &d.root, err);
	if (e)
		return e;
	arena_init(&d.a, 4u * 1024 * 1024);
	e = store_tx(s, load_tx, &d);
	arena_free(&d.a);
	json_decref(d.root);
	*inserted = e ? 0 : d.inserted;
	return e;
}
