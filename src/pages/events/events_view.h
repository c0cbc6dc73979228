/*
 * events_view.h — what the pages of communities and events share: the
 * visitor's role in a community (organiser, member, administrator), the
 * fields of an event and of a community as a template reads them, query
 * parameters, the audit lines that name a community or an event, and
 * calendar files (core/ics.h) of one or many events.
 */
#ifndef MM_PAGES_EVENTS_VIEW_H
#define MM_PAGES_EVENTS_VIEW_H

#include "store/community.h"
#include "store/event.h"
#include "view/value.h"
#include "web/req.h"

/* r->user's standing in a community; admin counts as organiser. */
struct events_role {
	bool signed_in, admin, organiser, member, pending;
};

MM_MUST_USE enum mm_err events_role_of(struct req *r, int64_t community_id,
                                       struct events_role *out);
/* Whether r->user may register for ev (the audience), given role. */
MM_MUST_USE enum mm_err events_may_register(struct req *r, const struct event *ev,
                                            const struct events_role *role, bool *out);

/* The event (community) of the URL's {id}, or a 404 page sent and ev->id
 * (c->id) 0. */
MM_MUST_USE enum mm_err events_load_event(struct req *r, struct res *res, struct event *ev);
MM_MUST_USE enum mm_err events_load_community(struct req *r, struct res *res, struct community *c);
/* The community of id when r->user organises it (or is an administrator);
 * otherwise the answer (404, 403) is sent and c->id is 0. */
MM_MUST_USE enum mm_err events_organised_community_of(struct req *r, struct res *res, int64_t id,
                                                      struct community *c);
/* The same for the community of the URL's {id}. */
MM_MUST_USE enum mm_err events_organised_community(struct req *r, struct res *res,
                                                   struct community *c);
/* The event of the URL's {id} when r->user organises its community;
 * otherwise the answer (404, 403) is sent and ev->id is 0. */
MM_MUST_USE enum mm_err events_organised_event(struct req *r, struct res *res, struct event *ev);

/* The audit line (outcome OK) of an action on a community or an event,
 * about target, whose detail names the community ("community ID") or the
 * event ("event ID"). Inside the transaction of the change, as audit_log. */
MM_MUST_USE enum mm_err events_audit_community(struct req *r, const char *action, struct str target,
                                               int64_t community_id);
MM_MUST_USE enum mm_err events_audit_event(struct req *r, const char *action, struct str target,
                                           int64_t event_id);

/* The event's fields: url, title, kind, when, … (online_url only when
 * show_link). */
MM_MUST_USE enum mm_err events_view_event(struct req *r, struct val *v, const struct event *ev,
                                          bool show_link);
/* A list ctx.NAME of events (no links). */
MM_MUST_USE enum mm_err events_view_list(struct req *r, struct val *ctx, const char *name,
                                         const struct event *list, size_t n);
MM_MUST_USE enum mm_err events_view_community(struct req *r, struct val *v,
                                              const struct community *c);
/* "Hokkaido", "Tokyo, Kanagawa", or the industry focus. */
struct str events_community_area(struct req *r, const struct community *c);

/* Renders templates/TEMPLATE_NAME.html with ctx, titled by title_key,
 * at the end of the trail Home › Communities › c (a link to it). */
MM_MUST_USE enum mm_err events_render_in_community(struct req *r, struct res *res, int status,
                                                   const char *template_name, struct val *ctx,
                                                   const struct community *c,
                                                   const char *title_key);
/* The same at the end of Home › Events › ev (a link to it). */
MM_MUST_USE enum mm_err events_render_in_event(struct req *r, struct res *res, int status,
                                               const char *template_name, struct val *ctx,
                                               const struct event *ev, const char *title_key);

/* A page context holding the session's CSRF token for the forms on it
 * (NULL when memory ran out). */
struct val *events_form_ctx(struct req *r, struct res *res);

/* A query parameter ("" when absent or repeated). */
struct str events_query(struct req *r, const char *name);
/* A form field ("" when absent). */
struct str events_field(struct req *r, const char *name);
/* The organisation r->user joins or registers for when the form asks
 * (on_behalf=1) and they belong to one; 0 otherwise. */
MM_MUST_USE enum mm_err events_on_behalf_of(struct req *r, int64_t *org_id);

/* The calendar of events as text/calendar (the feed's name given). */
MM_MUST_USE enum mm_err events_send_ics(struct req *r, struct res *res, struct str name,
                                        const struct event *list, size_t n, const char *filename);
/* One event's calendar text, for a mail's attachment. */
MM_MUST_USE enum mm_err events_ics_text(struct req *r, const struct event *ev, struct str *out);

/* The mail of kind (events.mail.KIND) about ev to one person, with the
 * event's calendar entry when attach. */
MM_MUST_USE enum mm_err events_mail(struct req *r, struct store *s, const struct event *ev,
                                    const char *kind, struct str to, struct str lang, bool attach);

/* マイページ's part: ctx.my_events (the user's coming registrations),
 * ctx.my_communities and ctx.has_my_events / has_my_communities. */
MM_MUST_USE enum mm_err events_mypage_set(struct req *r, struct val *ctx);

#endif
