/*
 * events.c — finding events: "/events" lists them by start, 20 a page,
 * filtered by region (prefecture), kind, audience, online or in person and
 * a range of dates (from today when none is given); "/events/{id}" shows
 * one, with what the visitor may do (register, cancel, organise), its
 * online link only to those holding a place and to its organisers, and its
 * materials; "/events/{id}.ics" is its calendar entry and "/events.ics" the
 * feed of every event.
 */
#include <stdio.h>

#include "pages/events/events_view.h"
#include "pages/shared/file_row.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "store/org.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"

#define FEED_PAST_S (90 * 86400) /* past events kept in the feeds */

static const char *const notices[] = {"registered", "waiting",  "cancelled",
                                      "created",    "saved",    "attendance",
                                      "sent",       "material", "material_deleted"};

/* The filters of the query into f and the URL that repeats them; false
 * when one was not understood (it is then ignored). */
static bool read_filter(struct req *r, struct event_filter *f, char *url, size_t size)
{
	bool ok = true;
	long v;
	struct str pref = events_query(r, "prefecture"), region = events_query(r, "region"),
	           kind = events_query(r, "kind"), audience = events_query(r, "audience"),
	           mode = events_query(r, "mode"), from = events_query(r, "from"),
	           to = events_query(r, "to");
	*f = (struct event_filter){.kind = -1, .audience = -1, .to = INT64_MAX / 2};
	if (pref.n && !str_to_long(pref, 1, 47, &v))
		f->prefectures = (uint64_t)1 << (v - 1);
	else if (pref.n)
		ok = false, pref = STR("");
	/* a region (a regional bureau's prefectures), when no prefecture is chosen */
	int reg = -1;
	for (int i = 0; i < EVENT_REGION_COUNT && region.n; i++)
		if (str_eq_lit(region, event_regions[i].name))
			reg = i;
	if (reg >= 0 && !f->prefectures)
		f->prefectures = event_regions[reg].prefectures;
	else if (region.n && reg < 0)
		ok = false, region = STR("");
	if (kind.n && (f->kind = event_name_index(event_kinds, EVENT_KIND_COUNT, kind)) < 0)
		ok = false, kind = STR("");
	if (audience.n &&
	    (f->audience = event_name_index(event_audiences, EVENT_AUDIENCE_COUNT, audience)) < 0)
		ok = false, audience = STR("");
	if (str_eq_lit(mode, "online"))
		f->mode = EVENT_MODE_ONLINE;
	else if (str_eq_lit(mode, "offline"))
		f->mode = EVENT_MODE_OFFLINE;
	else if (mode.n)
		ok = false, mode = STR("");
	int64_t t;
	char today[11];
	event_japan_date(r->now, today);
	if (!event_parse_japan_time(str_from(today), STR("00:00"), &f->from))
		f->from = r->now;
	if (from.n && event_parse_japan_time(from, STR("00:00"), &t))
		f->from = t;
	else if (from.n)
		ok = false, from = STR("");
	if (to.n && event_parse_japan_time(to, STR("00:00"), &t))
		f->to = t + 86400; /* the whole last day */
	else if (to.n)
		ok = false, to = STR("");
	int n =
	    snprintf(url, size,
	             "/events?prefecture=%.*s&kind=%.*s&audience=%.*s&mode=%.*s&from=%.*s&to=%.*s&",
	             (int)pref.n, pref.p, (int)kind.n, kind.p, (int)audience.n, audience.p,
	             (int)mode.n, mode.p, (int)from.n, from.p, (int)to.n, to.p);
	return ok && n > 0 && (size_t)n < size;
}

static enum mm_err set_filters(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	static const char *const modes[] = {"online", "offline"};
	const char *regions[EVENT_REGION_COUNT];
	for (int i = 0; i < EVENT_REGION_COUNT; i++)
		regions[i] = event_regions[i].name;
	enum mm_err e;
	if ((e = labels_options_prefecture(a, r->lang, ctx, "prefectures",
	                                   events_query(r, "prefecture"))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "regions", regions, EVENT_REGION_COUNT,
	                              "events.region", events_query(r, "region"))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "kinds", event_kinds, EVENT_KIND_COUNT,
	                              "events.kind", events_query(r, "kind"))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "audiences", event_audiences,
	                              EVENT_AUDIENCE_COUNT, "events.audience",
	                              events_query(r, "audience"))) ||
	    (e = labels_options_fixed(a, r->lang, ctx, "modes", modes, 2, "events.mode",
	                              events_query(r, "mode"))))
		return e;
	struct str from = events_query(r, "from"), to = events_query(r, "to");
	return val_set_str(a, ctx, "from", from.n <= 10 ? from : STR("")) &&
	               val_set_str(a, ctx, "to", to.n <= 10 ? to : STR(""))
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err page_events(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct event_filter f;
	char url[512];
	bool understood = read_filter(r, &f, url, sizeof url);
	struct paging p = paging_requested(r, EVENT_PAGE);
	struct event *list;
	size_t n;
	enum mm_err e = store_event_search(r->store, a, &f, paging_window(&p), &list, &n, &p.total);
	if (!e && paging_clamp(&p))
		e = store_event_search(r->store, a, &f, paging_window(&p), &list, &n, &p.total);
	struct val *ctx = val_obj(a);
	if (e || !ctx)
		return e ? e : MM_ERR_NOMEM;
	if ((e = set_filters(r, ctx)) || (e = events_view_list(r, ctx, "events", list, n)) ||
	    (e = paging_set(r, ctx, &p, understood ? url : "/events?")))
		return e;
	if (!val_set_bool(a, ctx, "not_understood", !understood) ||
	    !val_set_cstr(a, ctx, "total", labels_format_count(a, p.total)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "events", ctx, "events.title", NULL, NULL);
}

static enum mm_err set_materials(struct req *r, struct val *ctx, const struct event *ev)
{
	struct arena *a = r->arena;
	struct event_material *m;
	size_t n;
	enum mm_err e = store_event_material_list(r->store, a, ev->id, &m, &n);
	struct val *list = e ? NULL : val_set_list(a, ctx, "materials");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *url = arena_printf(a, "/events/%lld/materials/%.*s", (long long)ev->id,
		                               (int)m[i].name.n, m[i].name.p);
		struct val *v = file_row_push(a, list, m[i].filename, url, m[i].size);
		if (!v || !val_set_cstr(a, v, "delete_url", arena_printf(a, "%s/delete", url)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_materials", n > 0) &&
	               val_set_bool(a, ctx, "may_add_material", n < EVENT_MATERIALS_MAX)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err page_event(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct event ev;
	struct events_role role;
	struct event_registration reg;
	bool registered = false, may;
	enum mm_err e = events_load_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	if ((e = events_role_of(r, ev.community_id, &role)) ||
	    (e = events_may_register(r, &ev, &role, &may)))
		return e;
	if (r->user) {
		e = store_registration_of_user(r->store, a, ev.id, r->user->id, &reg);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		registered = !e;
	}
	bool confirmed = registered && reg.status == REG_CONFIRMED;
	int64_t org_id = 0;
	if (r->user && (e = store_org_id_of_member(r->store, r->user->id, &org_id)))
		return e;
	struct val *ctx = events_form_ctx(r, res);
	struct val *v = ctx ? val_set_obj(a, ctx, "event") : NULL;
	/* the online link: to those holding a place, and to the organisers */
	if (!v || (e = events_view_event(r, v, &ev, confirmed || role.organiser)) ||
	    (e = set_materials(r, ctx, &ev)) ||
	    (e = notice_set(r, ctx, "events.notice", notices, sizeof notices / sizeof notices[0])))
		return e ? e : MM_ERR_NOMEM;
	bool open = ev.starts_at > r->now && r->now >= ev.registration_opens_at &&
	            r->now < ev.registration_closes_at;
	const char *self = arena_printf(a, "/events/%lld", (long long)ev.id);
	if (!val_set_bool(a, ctx, "signed_in", r->user != NULL) ||
	    !val_set_bool(a, ctx, "organiser", role.organiser) ||
	    !val_set_bool(a, ctx, "registered", registered) ||
	    !val_set_bool(a, ctx, "confirmed", confirmed) ||
	    !val_set_bool(a, ctx, "waiting", registered && reg.status == REG_WAITING) ||
	    !val_set_bool(a, ctx, "may_register", !registered && may && open) ||
	    !val_set_bool(a, ctx, "not_for_you", r->user && !registered && !may && open) ||
	    !val_set_bool(a, ctx, "may_cancel", registered && ev.starts_at > r->now) ||
	    !val_set_bool(a, ctx, "has_org", org_id != 0) ||
	    !val_set_cstr(a, ctx, "login_url", arena_printf(a, "/login?next=%s", self)))
		return MM_ERR_NOMEM;
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "events.title"), "/events") ||
	    page_crumb(r, crumbs, ev.title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "event", ctx, ev.title, crumbs);
}

static enum mm_err page_event_ics(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_load_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	return events_send_ics(r, res, STR(""), &ev, 1,
	                       arena_printf(r->arena, "event-%lld.ics", (long long)ev.id));
}

static enum mm_err page_events_ics(struct req *r, struct res *res)
{
	struct event *list;
	size_t n;
	enum mm_err e = store_event_upcoming(r->store, r->arena, 0, r->now - FEED_PAST_S,
	                                     EVENT_FEED_MAX, &list, &n);
	if (e)
		return e;
	return events_send_ics(r, res, page_t(r, "events.feed_name"), list, n, "events.ics");
}

/* This file's routes, in dispatch order (see events_routes.c). */
const struct route_table events_routes =
    ROUTE_TABLE(ROUTE_GET("/events", page_events, RIGHT_PUBLIC),
                ROUTE_GET("/events.ics", page_events_ics, RIGHT_PUBLIC),
                ROUTE_GET("/events/{id:int}", page_event, RIGHT_PUBLIC),
                ROUTE_GET("/events/{id:int}.ics", page_event_ics, RIGHT_PUBLIC));
