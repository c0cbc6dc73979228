/*
 * events_register.c — a signed-in user takes a place at an event (for
 * themselves or on behalf of their organisation) or joins its waiting
 * list, and cancels until it starts. Both run in one transaction that
 * holds the event first (store_event_hold), so concurrent registrations
 * never give more places than the capacity, and a cancellation moves the
 * earliest waiting up in the same transaction (core/event.h). Each person
 * is told by mail, with the calendar entry when they hold a place.
 */
#include "pages/events/events_view.h"
#include "pages/shared/confirm.h"
#include "pages/shared/titled.h"
#include "store/org.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"

struct registering {
	struct event *ev;
	int64_t org_id;
	enum registration_status status;
};

static enum mm_err register_tx(struct req *r, struct store *s, void *arg)
{
	struct registering *g = arg;
	int64_t capacity, confirmed, waiting, id;
	enum mm_err e = store_event_hold(s, g->ev->id, &capacity, &confirmed, &waiting);
	if (e)
		return e;
	g->status = event_confirms_new(capacity, confirmed, waiting) ? REG_CONFIRMED : REG_WAITING;
	if ((e = store_registration_insert(s, g->ev->id, r->user->id, g->org_id, g->status, r->now,
	                                   &id)))
		return e;
	if ((e = events_mail(r, s, g->ev, g->status == REG_CONFIRMED ? "registered" : "waiting",
	                     r->user->email, r->user->lang, g->status == REG_CONFIRMED)))
		return e;
	return audit_log(r, g->status == REG_CONFIRMED ? "event.register" : "event.wait", 0,
	                 g->org_id, r->user->email, AUDIT_OK,
	                 arena_printf(r->arena, "event %lld", (long long)g->ev->id));
}

static enum mm_err page_event_register(struct req *r, struct res *res)
{
	struct event ev;
	struct events_role role;
	bool may;
	enum mm_err e = events_load_event(r, res, &ev);
	if (e || !ev.id || (e = events_role_of(r, ev.community_id, &role)) ||
	    (e = events_may_register(r, &ev, &role, &may)))
		return e;
	const char *self = arena_printf(r->arena, "/events/%lld", (long long)ev.id);
	bool open = ev.starts_at > r->now && r->now >= ev.registration_opens_at &&
	            r->now < ev.registration_closes_at;
	if (!may || !open)
		return titled_refuse(r, res, 403, "events.register.refused_title",
		                     open ? "events.register.not_for_you"
		                          : "events.register.closed",
		                     "events.back", self, "events.title", "/events");
	struct registering g = {.ev = &ev};
	if ((e = events_on_behalf_of(r, &g.org_id)))
		return e;
	e = page_tx(r, register_tx, &g);
	if (e == MM_ERR_CONFLICT) /* registered already (a second click) */
		return page_redirect(r, res, self);
	if (e)
		return e;
	return page_redirectf(r, res, "%s?notice=%s", self,
	                      g.status == REG_CONFIRMED ? "registered" : "waiting");
}

/* A registration cannot be cancelled once the event has begun: 409 with
 * the way back to the event. */
static enum mm_err refuse_started(struct req *r, struct res *res, const char *self)
{
	return titled_refuse(r, res, 409, "events.cancel.title", "events.cancel.started",
	                     "events.back", self, "events.title", "/events");
}

static enum mm_err page_event_cancel(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_load_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	const char *self = arena_printf(r->arena, "/events/%lld", (long long)ev.id);
	if (ev.starts_at <= r->now) /* as the POST below answers: nothing to confirm */
		return refuse_started(r, res, self);
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = "events.cancel.title",
	                          .lead = ev.title,
	                          .text_key = "events.cancel.text",
	                          .action = arena_printf(r->arena, "%s/cancel", self),
	                          .submit_key = "events.cancel.submit",
	                          .back_url = self,
	                          .back_key = "events.back",
	                          .parent_key = "events.title",
	                          .parent_url = "/events",
	                      });
}

struct cancelling {
	struct event *ev;
};

static enum mm_err cancel_tx(struct req *r, struct store *s, void *arg)
{
	struct cancelling *c = arg;
	int64_t capacity, confirmed, waiting;
	struct event_registration reg, *up;
	size_t n;
	enum mm_err e = store_event_hold(s, c->ev->id, &capacity, &confirmed, &waiting);
	if (e || (e = store_registration_of_user(s, r->arena, c->ev->id, r->user->id, &reg)) ||
	    (e = store_registration_cancel(s, reg.id, r->now)))
		return e;
	if (reg.status == REG_CONFIRMED)
		confirmed--;
	else
		waiting--;
	if ((e = store_registration_promote(s, r->arena, c->ev->id,
	                                    event_promotions(capacity, confirmed, waiting), r->now,
	                                    &up, &n)))
		return e;
	for (size_t i = 0; !e && i < n; i++)
		e = events_mail(r, s, c->ev, "promoted", up[i].email, up[i].lang, true);
	if (e || (e = events_mail(r, s, c->ev, "cancelled", r->user->email, r->user->lang, false)))
		return e;
	return events_audit_event(r, "event.cancel", r->user->email, c->ev->id);
}

static enum mm_err page_event_cancel_post(struct req *r, struct res *res)
{
	struct event ev;
	enum mm_err e = events_load_event(r, res, &ev);
	if (e || !ev.id)
		return e;
	const char *self = arena_printf(r->arena, "/events/%lld", (long long)ev.id);
	if (ev.starts_at <= r->now)
		return refuse_started(r, res, self);
	struct cancelling c = {.ev = &ev};
	e = page_tx(r, cancel_tx, &c);
	if (e == MM_ERR_NOT_FOUND) /* nothing to cancel (a second click) */
		return page_redirect(r, res, self);
	if (e)
		return e;
	return page_redirectf(r, res, "%s?notice=cancelled", self);
}

/* This file's routes, in dispatch order (see events_routes.c). */
const struct route_table events_register_routes = ROUTE_TABLE(
    ROUTE_POST("/events/{id:int}/register", page_event_register, RIGHT_USER),
    ROUTE_FORM("/events/{id:int}/cancel", page_event_cancel, page_event_cancel_post, RIGHT_USER));
