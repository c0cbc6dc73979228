/*
 * events_view.c — see events_view.h.
 */
#include "pages/events/events_view.h"

#include <stdio.h>
#include <string.h>

#include "core/ics.h"
#include "lib/form.h"
#include "pages/shared/prefectures.h"
#include "store/org.h"
#include "store/org_support.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/webform.h"

enum mm_err events_role_of(struct req *r, int64_t community_id, struct events_role *out)
{
	struct community_role cr;
	*out = (struct events_role){.signed_in = r->user != NULL};
	if (!r->user)
		return MM_OK;
	enum mm_err e = store_community_role(r->store, community_id, r->user->id, &cr);
	if (e)
		return e;
	out->admin = r->user->is_admin;
	out->organiser = cr.organiser || r->user->is_admin;
	out->member = cr.member || cr.organiser;
	out->pending = cr.pending;
	return MM_OK;
}

enum mm_err events_may_register(struct req *r, const struct event *ev,
                                const struct events_role *role, bool *out)
{
	*out = false;
	if (!r->user)
		return MM_OK;
	switch (ev->audience) {
	case EVENT_AUDIENCE_MEMBERS:
		*out = role->member || role->organiser;
		return MM_OK;
	case EVENT_AUDIENCE_SUPPORTERS: {
		struct org_supporter sup;
		enum mm_err e = store_org_supporter_by_user(r->store, r->arena, r->user->id, &sup);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		*out = !e || role->organiser;
		return MM_OK;
	}
	case EVENT_AUDIENCE_ANYONE:
	case EVENT_AUDIENCE_TRACK: /* a track says whom it is written for, and bars no one */
		*out = true;
		return MM_OK;
	}
	return MM_OK;
}

static const char *number(struct req *r, int64_t v)
{
	return arena_printf(r->arena, "%lld", (long long)v);
}

enum mm_err events_view_event(struct req *r, struct val *v, const struct event *ev, bool show_link)
{
	struct arena *a = r->arena;
	char date[11], clock[6];
	event_japan_date(ev->starts_at, date);
	event_japan_clock(ev->starts_at, clock);
	int64_t left = ev->capacity - ev->confirmed;
	bool past = ev->starts_at <= r->now;
	bool open =
	    !past && r->now >= ev->registration_opens_at && r->now < ev->registration_closes_at;
	const char *when = page_format_time(r, ev->starts_at);
	const char *ends = page_format_time(r, ev->starts_at + ev->duration_minutes * 60);
	const char *opens = page_format_time(r, ev->registration_opens_at);
	const char *closes = page_format_time(r, ev->registration_closes_at);
	if (!when || !ends || !opens || !closes)
		return MM_ERR_NOMEM;
	if (!val_set_cstr(a, v, "id", number(r, ev->id)) ||
	    !val_set_cstr(a, v, "url", arena_printf(a, "/events/%lld", (long long)ev->id)) ||
	    !val_set_str(a, v, "title", ev->title) ||
	    !val_set_str(a, v, "kind",
	                 labels_keyed(r->lang, "events.kind", str_from(event_kinds[ev->kind]))) ||
	    !val_set_cstr(a, v, "kind_code", event_kinds[ev->kind]) ||
	    !val_set_str(a, v, "community", ev->community_name) ||
	    !val_set_cstr(a, v, "community_url",
	                  arena_printf(a, "/communities/%lld", (long long)ev->community_id)) ||
	    !val_set_str(a, v, "co_organisers", ev->co_organisers) ||
	    !val_set_bool(a, v, "has_co_organisers", ev->co_organisers.n > 0) ||
	    !val_set_str(a, v, "description", ev->description) ||
	    !val_set_cstr(a, v, "when", when) || !val_set_cstr(a, v, "ends", ends) ||
	    !val_set_cstr(a, v, "datetime", arena_printf(a, "%sT%s:00+09:00", date, clock)) ||
	    !val_set_cstr(a, v, "duration", number(r, ev->duration_minutes)) ||
	    !val_set_str(a, v, "place", ev->place) ||
	    !val_set_bool(a, v, "has_place", ev->place.n > 0) ||
	    !val_set_str(a, v, "prefecture",
	                 ev->prefecture ? labels_prefecture(r->lang, ev->prefecture) : STR("")) ||
	    !val_set_bool(a, v, "online", ev->online_url.n > 0) ||
	    !val_set_str(a, v, "online_url", show_link ? ev->online_url : STR("")) ||
	    !val_set_cstr(a, v, "capacity", number(r, ev->capacity)) ||
	    !val_set_cstr(a, v, "confirmed", number(r, ev->confirmed)) ||
	    !val_set_cstr(a, v, "waiting", number(r, ev->waiting)) ||
	    !val_set_cstr(a, v, "places_left", number(r, left > 0 ? left : 0)) ||
	    !val_set_bool(a, v, "full", left <= 0) ||
	    !val_set_str(a, v, "audience",
	                 labels_keyed(r->lang, "events.audience",
	                              str_from(event_audiences[ev->audience]))) ||
	    !val_set_bool(a, v, "for_track", ev->audience == EVENT_AUDIENCE_TRACK) ||
	    !val_set_str(a, v, "track", ev->track) ||
	    !val_set_str(a, v, "language",
	                 labels_keyed(r->lang, "events.language", ev->language)) ||
	    !val_set_cstr(a, v, "opens", opens) || !val_set_cstr(a, v, "closes", closes) ||
	    !val_set_bool(a, v, "past", past) || !val_set_bool(a, v, "open", open) ||
	    !val_set_bool(a, v, "not_yet_open", !past && r->now < ev->registration_opens_at) ||
	    !val_set_cstr(a, v, "ics_url", arena_printf(a, "/events/%lld.ics", (long long)ev->id)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err events_view_list(struct req *r, struct val *ctx, const char *name,
                             const struct event *list, size_t n)
{
	struct val *items = val_set_list(r->arena, ctx, name);
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(r->arena, items);
		enum mm_err e = v ? events_view_event(r, v, &list[i], false) : MM_ERR_NOMEM;
		if (e)
			return e;
	}
	return val_set_bool(r->arena, ctx, arena_printf(r->arena, "has_%s", name), n > 0)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

struct str events_community_area(struct req *r, const struct community *c)
{
	if (!c->prefectures)
		return c->industry;
	int region = event_region_of(c->prefectures);
	if (region >= 0)
		return labels_keyed(r->lang, "events.region", str_from(event_regions[region].name));
	return prefectures_joined(r, c->prefectures, str_from(r->lang == LANG_JA ? "、" : ", "));
}

enum mm_err events_view_community(struct req *r, struct val *v, const struct community *c)
{
	struct arena *a = r->arena;
	struct str area = events_community_area(r, c);
	if (!val_set_cstr(a, v, "id", number(r, c->id)) ||
	    !val_set_cstr(a, v, "url", arena_printf(a, "/communities/%lld", (long long)c->id)) ||
	    !val_set_str(a, v, "name", c->name) || !val_set_str(a, v, "area", area) ||
	    !val_set_bool(a, v, "regional", c->prefectures != 0) ||
	    !val_set_str(a, v, "industry", c->industry) ||
	    !val_set_bool(a, v, "has_industry", c->industry.n > 0) ||
	    !val_set_str(a, v, "description", c->description) ||
	    !val_set_bool(a, v, "open_join", c->join == COMMUNITY_JOIN_OPEN) ||
	    !val_set_cstr(a, v, "members", labels_format_count(a, c->members)) ||
	    !val_set_cstr(a, v, "ics_url",
	                  arena_printf(a, "/communities/%lld/events.ics", (long long)c->id)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* e of a lookup into a record whose id is *id: none found is the 404
 * page, MM_OK and *id 0. */
static enum mm_err found_or_404(struct req *r, struct res *res, enum mm_err e, int64_t *id)
{
	bool found;
	e = page_found_or_404(r, res, e, &found);
	if (!found)
		*id = 0;
	return e;
}

enum mm_err events_load_event(struct req *r, struct res *res, struct event *ev)
{
	return found_or_404(r, res, store_event_get(r->store, r->arena, req_param_int(r, "id"), ev),
	                    &ev->id);
}

/* The community of id, or a 404 page sent and c->id 0. */
static enum mm_err community_or_404(struct req *r, struct res *res, int64_t id, struct community *c)
{
	return found_or_404(r, res, store_community_get(r->store, r->arena, id, c), &c->id);
}

enum mm_err events_load_community(struct req *r, struct res *res, struct community *c)
{
	return community_or_404(r, res, req_param_int(r, "id"), c);
}

/* Whether r->user organises community_id; the 403 page is sent when not. */
static enum mm_err organiser_or_403(struct req *r, struct res *res, int64_t community_id,
                                    bool *organiser)
{
	struct events_role role;
	enum mm_err e = events_role_of(r, community_id, &role);
	if (e)
		return e;
	*organiser = role.organiser;
	if (!role.organiser)
		page_error(r, res, 403);
	return MM_OK;
}

enum mm_err events_organised_community_of(struct req *r, struct res *res, int64_t id,
                                          struct community *c)
{
	bool organiser;
	enum mm_err e = community_or_404(r, res, id, c);
	if (e || !c->id || (e = organiser_or_403(r, res, c->id, &organiser)))
		return e;
	if (!organiser)
		c->id = 0;
	return MM_OK;
}

enum mm_err events_organised_community(struct req *r, struct res *res, struct community *c)
{
	return events_organised_community_of(r, res, req_param_int(r, "id"), c);
}

enum mm_err events_organised_event(struct req *r, struct res *res, struct event *ev)
{
	bool organiser;
	enum mm_err e = events_load_event(r, res, ev);
	if (e || !ev->id || (e = organiser_or_403(r, res, ev->community_id, &organiser)))
		return e;
	if (!organiser)
		ev->id = 0;
	return MM_OK;
}

enum mm_err events_audit_community(struct req *r, const char *action, struct str target,
                                   int64_t community_id)
{
	return audit_log(r, action, 0, 0, target, AUDIT_OK,
	                 arena_printf(r->arena, "community %lld", (long long)community_id));
}

enum mm_err events_audit_event(struct req *r, const char *action, struct str target,
                               int64_t event_id)
{
	return audit_log(r, action, 0, 0, target, AUDIT_OK,
	                 arena_printf(r->arena, "event %lld", (long long)event_id));
}

/* Home › PARENT (a link to parent_url) › what (a link to what_url) ›
 * the page titled by title_key. */
static enum mm_err render_under(struct req *r, struct res *res, int status,
                                const char *template_name, struct val *ctx, const char *parent_key,
                                const char *parent_url, struct str what, const char *what_url,
                                const char *title_key)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, parent_key), parent_url) ||
	    page_crumb(r, crumbs, what, what_url) ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, page_t(r, title_key), crumbs);
}

enum mm_err events_render_in_community(struct req *r, struct res *res, int status,
                                       const char *template_name, struct val *ctx,
                                       const struct community *c, const char *title_key)
{
	return render_under(
	    r, res, status, template_name, ctx, "events.communities.title", "/communities", c->name,
	    arena_printf(r->arena, "/communities/%lld", (long long)c->id), title_key);
}

enum mm_err events_render_in_event(struct req *r, struct res *res, int status,
                                   const char *template_name, struct val *ctx,
                                   const struct event *ev, const char *title_key)
{
	return render_under(r, res, status, template_name, ctx, "events.title", "/events",
	                    ev->title, arena_printf(r->arena, "/events/%lld", (long long)ev->id),
	                    title_key);
}

struct val *events_form_ctx(struct req *r, struct res *res)
{
	struct webform f;
	return webform_init(&f, r, res, val_obj(r->arena)) ? NULL : f.ctx;
}

struct str events_query(struct req *r, const char *name)
{
	struct str v = STR("");
	return kvlist_get_one(&r->query_fields, name, &v) == MM_OK ? v : STR("");
}

struct str events_field(struct req *r, const char *name)
{
	struct str v = STR("");
	return kvlist_get_one(&r->form, name, &v) == MM_OK ? v : STR("");
}

enum mm_err events_on_behalf_of(struct req *r, int64_t *org_id)
{
	*org_id = 0;
	return str_eq_lit(events_field(r, "on_behalf"), "1")
	           ? store_org_id_of_member(r->store, r->user->id, org_id)
	           : MM_OK;
}

/* The site's host name, the right-hand side of every UID. */
static const char *site_host(struct req *r)
{
	const char *base = mail_link(r->arena, "");
	const char *p = strstr(base, "://");
	p = p ? p + 3 : base;
	size_t n = strcspn(p, "/:");
	return arena_printf(r->arena, "%.*s", (int)n, p);
}

static enum mm_err write_event(struct req *r, struct buf *b, const struct event *ev,
                               const char *host)
{
	struct str location = ev->place;
	if (ev->prefecture && ev->place.n)
		location =
		    str_from(arena_printf(r->arena, "%.*s（%.*s）", (int)ev->place.n, ev->place.p,
		                          (int)labels_prefecture(r->lang, ev->prefecture).n,
		                          labels_prefecture(r->lang, ev->prefecture).p));
	struct ics_event x = {
	    .id = ev->id,
	    .starts_at = ev->starts_at,
	    .duration_s = ev->duration_minutes * 60,
	    .updated_at = ev->updated_at,
	    .sequence = ev->sequence,
	    .summary = ev->title,
	    .description = ev->description,
	    .location = location,
	    .url = str_from(
	        mail_link(r->arena, arena_printf(r->arena, "/events/%lld", (long long)ev->id))),
	    .organiser = ev->community_name,
	};
	return ics_event(b, &x, host, r->now);
}

static enum mm_err calendar(struct req *r, struct str name, const struct event *list, size_t n,
                            struct str *out)
{
	struct buf b;
	const char *host = site_host(r);
	buf_init(&b, r->arena, 8u * 1024 * 1024);
	enum mm_err e = ics_begin(&b, name);
	for (size_t i = 0; !e && i < n; i++)
		e = write_event(r, &b, &list[i], host);
	if (!e)
		e = ics_end(&b);
	*out = buf_str(&b);
	return e;
}

enum mm_err events_send_ics(struct req *r, struct res *res, struct str name,
                            const struct event *list, size_t n, const char *filename)
{
	struct str body;
	enum mm_err e = calendar(r, name, list, n, &body);
	if (e)
		return e;
	return page_download(r, res, "text/calendar; charset=utf-8", filename, body);
}

enum mm_err events_ics_text(struct req *r, const struct event *ev, struct str *out)
{
	return calendar(r, STR(""), ev, 1, out);
}

enum mm_err events_mail(struct req *r, struct store *s, const struct event *ev, const char *kind,
                        struct str to, struct str lang, bool attach)
{
	static const char *const names[] = {"title", "when", "place", "community", "link"};
	enum lang l = mail_lang_from_code(lang);
	enum lang saved = r->lang;
	r->lang = l; /* the time and place in the recipient's language */
	const char *when = page_format_time(r, ev->starts_at);
	struct str place = ev->place.n ? ev->place : labels_keyed(l, "events", STR("online"));
	r->lang = saved;
	char mail_kind[64];
	snprintf(mail_kind, sizeof mail_kind, "events_%s", kind);
	const struct str values[] = {
	    ev->title, str_from(when ? when : ""), place, ev->community_name,
	    str_from(
	        mail_link(r->arena, arena_printf(r->arena, "/events/%lld", (long long)ev->id)))};
	if (!attach)
		return mail_queue_fields(s, r->arena, l, mail_kind, to, names, values, 5, r->now);
	struct str ics;
	enum mm_err e = events_ics_text(r, ev, &ics);
	if (e)
		return e;
	struct mail_attachment at = {
	    str_from(arena_printf(r->arena, "event-%lld.ics", (long long)ev->id)),
	    STR("text/calendar"), ics};
	return mail_queue_attached(s, r->arena, l, mail_kind, to, names, values, 5, &at, r->now);
}

enum mm_err events_mypage_set(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct event_registration *regs;
	struct community *cs;
	size_t n, nc;
	enum mm_err e;
	if ((e = store_registration_of_user_upcoming(r->store, a, r->user->id, r->now, &regs,
	                                             &n)) ||
	    (e = store_community_of_user(r->store, a, r->user->id, &cs, &nc)))
		return e;
	struct val *list = val_set_list(a, ctx, "my_events");
	struct val *clist = val_set_list(a, ctx, "my_communities");
	if (!list || !clist)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_str(a, v, "title", regs[i].event_title) ||
		    !val_set_cstr(a, v, "url",
		                  arena_printf(a, "/events/%lld", (long long)regs[i].event_id)) ||
		    !val_set_cstr(a, v, "when", page_format_time(r, regs[i].event_starts_at)) ||
		    !val_set_bool(a, v, "waiting", regs[i].status == REG_WAITING))
			return MM_ERR_NOMEM;
	}
	for (size_t i = 0; i < nc; i++) {
		struct val *v = val_list_push_obj(a, clist);
		if (!v || (e = events_view_community(r, v, &cs[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_my_events", n > 0) &&
	               val_set_bool(a, ctx, "has_my_communities", nc > 0)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}
