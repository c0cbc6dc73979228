/*
 * communities.c — the communities: "/communities" lists them, a page a
 * time; "/communities/{id}" shows one with its upcoming and past events
 * and what the visitor may do there (join, leave, organise);
 * "/communities/{id}/events.ics" is the feed of its events. Joining is
 * open or by request, as the community says; a member chooses whether
 * other members see their name, and may give the name to show (a name
 * too long or of several lines is an error on the page's join form,
 * never cut or replaced). Everything here is public but the
 * actions, which need a signed-in user (the route's right) and are
 * checked against the community here (events_role_of).
 */
#include "core/event.h"
#include "pages/events/events_view.h"
#include "pages/shared/community_news.h"
#include "pages/shared/confirm.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "store/org.h"
#include "view/labels.h"
#include "core/org_fields.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define COMMUNITY_UPCOMING_MAX 20
#define COMMUNITY_PAST_MAX 10
#define DISPLAY_NAME_MAX_CHARS 100

static const char *const notices[] = {"joined", "requested",       "left",     "created",
                                      "saved",  "organiser_added", "approved", "removed"};

static enum mm_err page_communities(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	long page = 1;
	struct str p = events_query(r, "page");
	if (p.n && str_to_long(p, 1, 100000, &page))
		page = 1;
	struct community *list;
	size_t n;
	enum mm_err e =
	    store_community_list(r->store, a, (int64_t)(page - 1) * COMMUNITY_PAGE, &list, &n);
	struct val *ctx = val_obj(a);
	struct val *items = ctx ? val_set_list(a, ctx, "communities") : NULL;
	if (e || !items)
		return e ? e : MM_ERR_NOMEM;
	bool more = n > COMMUNITY_PAGE;
	for (size_t i = 0; i < n && i < COMMUNITY_PAGE; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = events_view_community(r, v, &list[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_communities", n > 0) ||
	    !val_set_bool(a, ctx, "several_pages", page > 1 || more) ||
	    !val_set_bool(a, ctx, "has_prev", page > 1) ||
	    !val_set_bool(a, ctx, "has_next", more) ||
	    !val_set_cstr(a, ctx, "prev_url", arena_printf(a, "/communities?page=%ld", page - 1)) ||
	    !val_set_cstr(a, ctx, "next_url", arena_printf(a, "/communities?page=%ld", page + 1)) ||
	    !val_set_cstr(a, ctx, "page", arena_printf(a, "%ld", page)) ||
	    !val_set_bool(a, ctx, "admin", r->user && r->user->is_admin))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "communities", ctx, "events.communities.title", NULL,
	                     NULL);
}

static enum mm_err set_role(struct req *r, struct val *ctx, const struct events_role *role)
{
	struct arena *a = r->arena;
	return val_set_bool(a, ctx, "signed_in", role->signed_in) &&
	               val_set_bool(a, ctx, "organiser", role->organiser) &&
	               val_set_bool(a, ctx, "member", role->member) &&
	               val_set_bool(a, ctx, "pending", role->pending) &&
	               val_set_bool(a, ctx, "admin", role->admin) &&
	               val_set_bool(a, ctx, "may_join",
	                            role->signed_in && !role->member && !role->pending)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

/* The join form's boxes, ticked as the visitor left them. */
static enum mm_err set_join_choices(struct req *r, struct val *ctx, bool show_name, bool on_behalf)
{
	return val_set_bool(r->arena, ctx, "show_name_checked", show_name) &&
	               val_set_bool(r->arena, ctx, "on_behalf_checked", on_behalf)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

/* The community's page with its join form f (empty, or as submitted with
 * its errors, then status 422). */
static enum mm_err community_render(struct req *r, struct res *res, const struct community *c,
                                    struct webform *f, int status)
{
	struct arena *a = r->arena;
	struct events_role role;
	struct event *up, *past;
	struct programme *progs;
	size_t nup, npast, nprogs;
	enum mm_err e;
	if ((e = events_role_of(r, c->id, &role)) ||
	    (e = store_event_upcoming(r->store, a, c->id, r->now, COMMUNITY_UPCOMING_MAX, &up,
	                              &nup)) ||
	    (e = store_event_past(r->store, a, c->id, r->now, COMMUNITY_PAST_MAX, &past, &npast)) ||
	    (e = store_programme_list(r->store, a, c->id, &progs, &nprogs)))
		return e;
	struct val *ctx = f->ctx;
	struct val *cv = val_set_obj(a, ctx, "community");
	if (!cv || (e = events_view_community(r, cv, c)) || (e = set_role(r, ctx, &role)) ||
	    (e = events_view_list(r, ctx, "upcoming", up, nup)) ||
	    (e = events_view_list(r, ctx, "past", past, npast)) ||
	    (e = notice_set(r, ctx, "events.notice", notices,
	                    sizeof notices / sizeof notices[0])) ||
	    (e = community_news_set(r, ctx, c->id, role.organiser || role.admin)))
		return e ? e : MM_ERR_NOMEM;
	struct val *pl = val_set_list(a, ctx, "programmes");
	for (size_t i = 0; pl && i < nprogs; i++) {
		struct val *v = val_list_push_obj(a, pl);
		if (!v || !val_set_str(a, v, "title", progs[i].title) ||
		    !val_set_str(a, v, "rule",
		                 progs[i].required
		                     ? str_from(arena_printf(a, "%s %lld / %lld",
		                                             page_t(r, "events.programme.n_of_m").p,
		                                             (long long)progs[i].required,
		                                             (long long)progs[i].sessions))
		                     : page_t(r, "events.programme.all")))
			return MM_ERR_NOMEM;
	}
	int64_t org_id = 0;
	if (r->user && (e = store_org_id_of_member(r->store, r->user->id, &org_id)))
		return e;
	struct val *crumbs = page_crumbs(r);
	if (!pl || !crumbs || !val_set_bool(a, ctx, "has_programmes", nprogs > 0) ||
	    !val_set_bool(a, ctx, "has_org", org_id != 0) ||
	    page_crumb(r, crumbs, page_t(r, "events.communities.title"), "/communities") ||
	    page_crumb(r, crumbs, c->name, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, "community", ctx, c->name, crumbs);
}

static enum mm_err page_community(struct req *r, struct res *res)
{
	struct community c;
	struct webform f;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "display_name", NULL)) ||
	    (e = set_join_choices(r, f.ctx, false, false)))
		return e;
	return community_render(r, res, &c, &f, 200);
}

static enum mm_err page_community_ics(struct req *r, struct res *res)
{
	struct community c;
	struct event *list;
	size_t n;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	/* the feed keeps a quarter of a year of past events */
	if ((e = store_event_upcoming(r->store, r->arena, c.id, r->now - 90 * 86400, EVENT_FEED_MAX,
	                              &list, &n)))
		return e;
	return events_send_ics(r, res, c.name, list, n,
	                       arena_printf(r->arena, "community-%lld.ics", (long long)c.id));
}

/* ---- joining and leaving ---------------------------------------------------- */

struct joining {
	const struct community *c;
	int64_t org_id;
	bool show_name;
	struct str display_name;
};

static enum mm_err join_tx(struct req *r, struct store *s, void *arg)
{
	struct joining *j = arg;
	bool open = j->c->join == COMMUNITY_JOIN_OPEN;
	enum mm_err e = store_community_join(s, j->c->id, r->user->id, j->org_id, open,
	                                     j->show_name, j->display_name, r->now);
	if (e)
		return e;
	return events_audit_community(r, open ? "community.join" : "community.request",
	                              r->user->email, j->c->id);
}

static enum mm_err page_community_join(struct req *r, struct res *res)
{
	struct community c;
	struct events_role role;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	if ((e = events_role_of(r, c.id, &role)))
		return e;
	const char *back = arena_printf(r->arena, "/communities/%lld", (long long)c.id);
	if (role.member || role.pending)
		return page_redirect(r, res, back);
	struct joining j = {.c = &c};
	struct webform f;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	j.show_name = str_eq_lit(events_field(r, "show_name"), "1");
	j.display_name = webform_take(&f, "display_name", DISPLAY_NAME_MAX_CHARS);
	if (!org_single_line(j.display_name))
		webform_error(&f, "display_name", "form.invalid");
	if (!webform_ok(&f)) {
		bool on_behalf = str_eq_lit(events_field(r, "on_behalf"), "1");
		if ((e = set_join_choices(r, f.ctx, j.show_name, on_behalf)))
			return e;
		return community_render(r, res, &c, &f, 422);
	}
	if (j.show_name && !j.display_name.n)
		j.display_name = r->user->name.n ? r->user->name : r->user->email;
	if ((e = events_on_behalf_of(r, &j.org_id)))
		return e;
	e = page_tx(r, join_tx, &j);
	if (e && e != MM_ERR_CONFLICT)
		return e;
	return page_redirectf(r, res, "%s?notice=%s", back,
	                      c.join == COMMUNITY_JOIN_OPEN ? "joined" : "requested");
}

/* Leaving (or taking back a request): asked first, then done. */
static enum mm_err page_community_leave(struct req *r, struct res *res)
{
	struct community c;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	return confirm_render(
	    r, res,
	    &(struct confirm_page){
	        .title_key = "events.leave.title",
	        .lead = c.name,
	        .text_key = "events.leave.text",
	        .action = arena_printf(r->arena, "/communities/%lld/leave", (long long)c.id),
	        .submit_key = "events.leave.submit",
	        .back_url = arena_printf(r->arena, "/communities/%lld", (long long)c.id),
	        .back_key = "events.back",
	        .parent_key = "events.communities.title",
	        .parent_url = "/communities",
	    });
}

struct leaving {
	int64_t community_id, user_id;
	const char *action;
};

static enum mm_err leave_tx(struct req *r, struct store *s, void *arg)
{
	struct leaving *l = arg;
	enum mm_err e = store_community_leave(s, l->community_id, l->user_id);
	if (e)
		return e;
	return audit_log(r, l->action, 0, 0, r->user->email, AUDIT_OK,
	                 arena_printf(r->arena, "community %lld user %lld",
	                              (long long)l->community_id, (long long)l->user_id));
}

static enum mm_err page_community_leave_post(struct req *r, struct res *res)
{
	struct community c;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	struct leaving l = {
	    .community_id = c.id, .user_id = r->user->id, .action = "community.leave"};
	e = page_tx(r, leave_tx, &l);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	return page_redirectf(r, res, "/communities/%lld?notice=left", (long long)c.id);
}

/* ---- members ------------------------------------------------------------------- */

/* The list of members, to members and organisers only: a name appears
 * only when its member agreed to show it; organisers also see requests
 * and may approve or remove. */
static enum mm_err page_community_members(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct community c;
	struct events_role role;
	struct community_person *people;
	size_t n;
	enum mm_err e = events_load_community(r, res, &c);
	if (e || !c.id)
		return e;
	if ((e = events_role_of(r, c.id, &role)))
		return e;
	if (!role.member && !role.organiser) {
		page_error(r, res, 403);
		return MM_OK;
	}
	if ((e = store_community_members(r->store, a, c.id, &people, &n)))
		return e;
	struct val *ctx = events_form_ctx(r, res);
	struct val *list = ctx ? val_set_list(a, ctx, "members") : NULL;
	struct val *requests = ctx ? val_set_list(a, ctx, "requests") : NULL;
	if (!list || !requests)
		return MM_ERR_NOMEM;
	size_t hidden = 0, shown = 0, asked = 0;
	for (size_t i = 0; i < n; i++) {
		const struct community_person *p = &people[i];
		if (p->pending && !role.organiser)
			continue;
		if (!p->pending && !p->show_name && !role.organiser) {
			hidden++;
			continue;
		}
		struct val *v = val_list_push_obj(a, p->pending ? requests : list);
		const char *base = arena_printf(a, "/communities/%lld/members/%lld",
		                                (long long)c.id, (long long)p->user_id);
		struct str name =
		    p->show_name ? p->display_name : page_t(r, "events.members.hidden");
		if (!v || !val_set_str(a, v, "name", name) ||
		    !val_set_str(a, v, "organisation", p->organisation_name) ||
		    !val_set_str(a, v, "email", role.organiser ? p->email : STR("")) ||
		    !val_set_cstr(a, v, "approve_url", arena_printf(a, "%s/approve", base)) ||
		    !val_set_cstr(a, v, "remove_url", arena_printf(a, "%s/remove", base)))
			return MM_ERR_NOMEM;
		*(p->pending ? &asked : &shown) += 1;
	}
	struct val *cv = val_set_obj(a, ctx, "community");
	if (!cv || (e = events_view_community(r, cv, &c)) || (e = set_role(r, ctx, &role)) ||
	    (e = notice_set(r, ctx, "events.notice", notices, sizeof notices / sizeof notices[0])))
		return e ? e : MM_ERR_NOMEM;
	if (!val_set_bool(a, ctx, "has_members", shown > 0) ||
	    !val_set_bool(a, ctx, "has_requests", asked > 0) ||
	    !val_set_cstr(a, ctx, "hidden", labels_format_count(a, (int64_t)hidden)) ||
	    !val_set_bool(a, ctx, "has_hidden", hidden > 0))
		return MM_ERR_NOMEM;
	return events_render_in_community(r, res, 200, "community_members", ctx, &c,
	                                  "events.members.title");
}

struct approving {
	int64_t community_id, user_id;
};

static enum mm_err approve_tx(struct req *r, struct store *s, void *arg)
{
	struct approving *ap = arg;
	struct user u;
	enum mm_err e = store_community_approve(s, ap->community_id, ap->user_id, r->now);
	if (!e)
		e = store_user_by_id(s, r->arena, ap->user_id, &u);
	if (e)
		return e;
	static const char *const names[] = {"link"};
	const struct str values[] = {str_from(mail_link(
	    r->arena, arena_printf(r->arena, "/communities/%lld", (long long)ap->community_id)))};
	if ((e = mail_queue_fields(s, r->arena, mail_lang_of(&u), "events_approved", u.email, names,
	                           values, 1, r->now)))
		return e;
	return events_audit_community(r, "community.approve", u.email, ap->community_id);
}

static enum mm_err page_member_approve(struct req *r, struct res *res)
{
	struct community c;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	struct approving ap = {.community_id = c.id, .user_id = req_param_int(r, "user")};
	e = page_tx(r, approve_tx, &ap);
	if (e == MM_ERR_NOT_FOUND) {
		/* approved already (a second click, another organiser) is done */
		struct community_role role;
		if ((e = store_community_role(r->store, c.id, ap.user_id, &role)))
			return e;
		if (!role.member) {
			page_error(r, res, 404);
			return MM_OK;
		}
	} else if (e) {
		return e;
	}
	return page_redirectf(r, res, "/communities/%lld/members?notice=approved", (long long)c.id);
}

/* Whom an organiser is about to remove, as the member list shows them to
 * organisers (name or "name not shown", address, organisation):
 * NOT_FOUND when user_id is neither a member nor asking to be one. */
static enum mm_err member_described(struct req *r, int64_t community_id, int64_t user_id,
                                    struct str *who)
{
	struct community_person p;
	enum mm_err e = store_community_member(r->store, r->arena, community_id, user_id, &p);
	if (e)
		return e;
	struct str name = p.show_name ? p.display_name : page_t(r, "events.members.hidden");
	const char *text =
	    arena_printf(r->arena, "%.*s %.*s %.*s", (int)name.n, name.p, (int)p.email.n, p.email.p,
	                 (int)p.organisation_name.n, p.organisation_name.p);
	if (!text)
		return MM_ERR_NOMEM;
	*who = str_trim(str_from(text));
	return MM_OK;
}

static enum mm_err page_member_remove(struct req *r, struct res *res)
{
	struct community c;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	int64_t user_id = req_param_int(r, "user");
	struct str who;
	bool found;
	if ((e = page_found_or_404(r, res, member_described(r, c.id, user_id, &who), &found)) ||
	    !found)
		return e;
	const char *base = arena_printf(r->arena, "/communities/%lld", (long long)c.id);
	return confirm_render(r, res,
	                      &(struct confirm_page){
	                          .title_key = "events.remove.title",
	                          .lead = c.name,
	                          .text_key = "events.remove.text",
	                          .who = who,
	                          .action = arena_printf(r->arena, "%s/members/%lld/remove", base,
	                                                 (long long)user_id),
	                          .submit_key = "events.remove.submit",
	                          .back_url = arena_printf(r->arena, "%s/members", base),
	                          .back_key = "events.back",
	                          .parent_key = "events.communities.title",
	                          .parent_url = "/communities",
	                      });
}

static enum mm_err page_member_remove_post(struct req *r, struct res *res)
{
	struct community c;
	enum mm_err e = events_organised_community(r, res, &c);
	if (e || !c.id)
		return e;
	/* removing someone who is not (or no longer) a member leaves them out, as asked */
	struct leaving l = {.community_id = c.id,
	                    .user_id = req_param_int(r, "user"),
	                    .action = "community.remove"};
	e = page_tx(r, leave_tx, &l);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	return page_redirectf(r, res, "/communities/%lld/members?notice=removed", (long long)c.id);
}

/* This file's routes, in dispatch order (see events_routes.c). */
const struct route_table communities_routes = ROUTE_TABLE(
    ROUTE_GET("/communities", page_communities, RIGHT_PUBLIC),
    ROUTE_GET("/communities/{id:int}", page_community, RIGHT_PUBLIC),
    ROUTE_GET("/communities/{id:int}/events.ics", page_community_ics, RIGHT_PUBLIC),
    ROUTE_POST("/communities/{id:int}/join", page_community_join, RIGHT_USER),
    ROUTE_FORM("/communities/{id:int}/leave", page_community_leave, page_community_leave_post,
               RIGHT_USER),
    ROUTE_GET("/communities/{id:int}/members", page_community_members, RIGHT_USER),
    ROUTE_POST("/communities/{id:int}/members/{user:int}/approve", page_member_approve, RIGHT_USER),
    ROUTE_FORM("/communities/{id:int}/members/{user:int}/remove", page_member_remove,
               page_member_remove_post, RIGHT_USER));
