/*
 * consult_thread.c — "/consultations/{id}": one consultation as its
 * viewer may see it (consult_access.h), its question, attachments and
 * messages, and the forms that viewer may use: the firm writes, closes,
 * reopens within 30 days, rates, and adds a supporter it has given
 * consent to; the assigned responder answers, asks, or refers it to
 * another responder; desk staff assign it. Attachments are served from
 * /consultations/{id}/attachments/{name} to the same viewers only, always
 * as a download (Content-Disposition: attachment; nosniff is on every
 * answer) under a name of the program's making.
 */
#include "pages/consult/consult_thread.h"
#include "pages/consult/consult_files.h"
#include "pages/shared/file_row.h"
#include "pages/shared/notice.h"
#include "store/experts.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"
#include "store/org_support.h"

static const char *const notices[] = {"opened", "sent",     "closed",   "reopened", "rated",
                                      "added",  "accepted", "assigned", "referred"};

static enum mm_err set_attachments(struct req *r, struct val *ctx, const struct consultation *c)
{
	struct arena *a = r->arena;
	struct consult_attachment *at;
	size_t n;
	enum mm_err e = store_consult_attachments(r->store, a, c->id, &at, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "attachments", "has_attachments", n);
	if (!list || !val_set_bool(a, ctx, "attachment_room", n < CONSULT_ATTACHMENTS_MAX))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		if (!file_row_push(a, list, at[i].filename,
		                   arena_printf(a, "/consultations/%lld/attachments/%.*s",
		                                (long long)c->id, (int)at[i].name.n, at[i].name.p),
		                   at[i].size))
			return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_messages(struct req *r, struct val *ctx, const struct consultation *c)
{
	struct arena *a = r->arena;
	struct consult_message *m;
	size_t n;
	enum mm_err e = store_consult_messages(r->store, a, c->id, &m, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "messages", "has_messages", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		bool responder = str_eq_lit(m[i].side, "responder");
		if (!v || !val_set_str(a, v, "body", m[i].body) ||
		    !val_set_bool(a, v, "from_responder", responder) ||
		    !val_set_str(a, v, "author",
		                 responder && c->responder_name.n ? c->responder_name
		                                                  : m[i].author_email) ||
		    !val_set_cstr(a, v, "at", page_format_time(r, m[i].created_at)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static const char *const option_names[] = {"name", "region"};

/* Active responders other than exclude, as select options. */
static enum mm_err set_responder_options(struct req *r, struct val *ctx, int64_t exclude)
{
	struct arena *a = r->arena;
	struct consult_responder *rs;
	size_t n;
	enum mm_err e = store_consult_responders_active(r->store, a, &rs, &n);
	struct val *list = e ? NULL : val_set_list(a, ctx, "responders");
	if (e)
		return e;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (rs[i].user_id == exclude)
			continue;
		struct val *v = val_list_push_obj(a, list);
		struct str label =
		    rs[i].expert
		        ? labels_fill(a, r->lang, "consult.responder_option_expert", option_names,
		                      (const struct str[]){rs[i].organisation_name}, 1)
		        : labels_fill(a, r->lang, "consult.responder_option", option_names,
		                      (const struct str[]){
		                          rs[i].organisation_name,
		                          labels_prefecture(r->lang, rs[i].supporter_prefecture)},
		                      2);
		if (!v || !val_set_long(a, v, "value", (long)rs[i].user_id) ||
		    !val_set_str(a, v, "label", label))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_responders", val_get(ctx, STR("responders")) && n > 0)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

/* The supporters the firm has given consent to, for the "add" form. */
static enum mm_err set_supporter_options(struct req *r, struct val *ctx,
                                         const struct consultation *c)
{
	struct arena *a = r->arena;
	struct org_grant *g = NULL;
	size_t n = 0;
	enum mm_err e = c->organisation_id
	                    ? store_org_grant_list(r->store, a, c->organisation_id, false, &g, &n)
	                    : MM_OK;
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "supporters", "has_supporters", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_long(a, v, "value", (long)g[i].supporter_user_id) ||
		    !val_set_str(a, v, "label",
		                 labels_fill(a, r->lang, "consult.responder_option", option_names,
		                             (const struct str[]){g[i].supporter_organisation,
		                                                  g[i].supporter_email},
		                             2)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err set_participants(struct req *r, struct val *ctx, const struct consultation *c)
{
	struct arena *a = r->arena;
	struct consult_recipient *p;
	size_t n;
	enum mm_err e = store_consult_participants(r->store, a, c->id, &p, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "participants", "has_participants", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_str(a, v, "email", p[i].email))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* While the consultation waits for the expert the firm chose: their name
 * and until when it is theirs alone. */
static enum mm_err set_expert_waiting(struct req *r, struct val *ctx, const struct consultation *c)
{
	struct expert x;
	bool waiting = c->status == CONSULT_NEW && c->expert_until && c->expert_user_id;
	enum mm_err e =
	    waiting ? store_expert_by_user(r->store, r->arena, c->expert_user_id, &x) : MM_OK;
	if (e == MM_ERR_NOT_FOUND) { /* the profile is gone; the job offers it on */
		waiting = false;
		e = MM_OK;
	}
	if (e)
		return e;
	if (!val_set_bool(r->arena, ctx, "has_expert_waiting", waiting))
		return MM_ERR_NOMEM;
	if (!waiting)
		return MM_OK;
	static const char *const names[] = {"name", "until"};
	const char *until = page_format_time(r, c->expert_until);
	return until && val_set_str(r->arena, ctx, "expert_waiting",
	                            labels_fill(r->arena, r->lang, "consult.thread.expert_waiting",
	                                        names,
	                                        (const struct str[]){x.name, str_from(until)}, 2))
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

/* The list a viewer came from, above the consultation in the breadcrumbs:
 * the firm's (and its supporters') consultations, the responder's page or
 * the desk; none of them lists the others' consultations. */
struct parent_list {
	const char *title_key, *url;
};

static const struct parent_list *parent_list(enum consult_viewer who)
{
	static const struct parent_list firm = {"consult.list.title", "/consultations"};
	static const struct parent_list responder = {"consult.responder.title", "/responder"};
	static const struct parent_list desk = {"consult.desk.title", "/desk"};
	switch (who) {
	case CONSULT_VIEWER_RESPONDER:
		return &responder;
	case CONSULT_VIEWER_DESK:
		return &desk;
	default:
		return &firm;
	}
}

enum mm_err consult_render_thread(struct req *r, struct res *res, struct webform *f,
                                  const struct consult_view *v)
{
	struct arena *a = r->arena;
	const struct consultation *c = &v->c;
	bool firm = consult_viewer_is_firm(v->who);
	bool open = c->status != CONSULT_CLOSED;
	bool responder = v->who == CONSULT_VIEWER_RESPONDER;
	enum consult_status ignored;
	struct val *row = val_set_obj(a, f->ctx, "consultation");
	struct org_membership m = {.role = ORG_ROLE_OWNER};
	enum mm_err e;
	if (!row)
		return MM_ERR_NOMEM;
	/* deleting a firm's consultation is its owners' act (consult_data.c) */
	if (v->who == CONSULT_VIEWER_FIRM && c->organisation_id &&
	    (e = store_org_membership_of(r->store, r->user->id, &m)))
		return e;
	if ((e = consult_set_row(r, row, c)) || (e = set_attachments(r, f->ctx, c)) ||
	    (e = set_messages(r, f->ctx, c)) || (e = set_participants(r, f->ctx, c)) ||
	    (e = notice_set(r, f->ctx, "consult.notice", notices,
	                    sizeof notices / sizeof notices[0])))
		return e;
	if ((v->desk || responder) && open &&
	    (e = set_responder_options(r, f->ctx, c->responder_user_id)))
		return e;
	if ((e = set_expert_waiting(r, f->ctx, c)))
		return e;
	if (v->who == CONSULT_VIEWER_FIRM && open && (e = set_supporter_options(r, f->ctx, c)))
		return e;
	if (!val_set_str(a, row, "question", c->question) ||
	    !val_set_str(a, row, "organisation", c->organisation_name) ||
	    !val_set_bool(a, f->ctx, "can_write", open && (firm || responder)) ||
	    !val_set_bool(a, f->ctx, "is_responder", responder) ||
	    !val_set_bool(a, f->ctx, "is_firm", firm) ||
	    !val_set_bool(a, f->ctx, "can_close", firm && open) ||
	    !val_set_bool(a, f->ctx, "can_reopen",
	                  firm && !open && consult_may_reopen(c->closed_at, r->now) &&
	                      consult_transition(c->status, CONSULT_EV_REOPEN, true, &ignored)) ||
	    !val_set_bool(a, f->ctx, "can_rate", firm && !open && c->rating == 0) ||
	    !val_set_bool(a, f->ctx, "rated", c->rating != 0) ||
	    !val_set_long(a, f->ctx, "rating", c->rating) ||
	    !val_set_str(a, f->ctx, "rating_comment", c->rating_comment) ||
	    !val_set_bool(a, f->ctx, "can_add",
	                  v->who == CONSULT_VIEWER_FIRM && open && c->organisation_id != 0) ||
	    !val_set_bool(a, f->ctx, "can_assign", v->desk && open) ||
	    !val_set_bool(a, f->ctx, "can_refer", responder && open) ||
	    !val_set_bool(a, f->ctx, "can_manage", v->who == CONSULT_VIEWER_FIRM) ||
	    !val_set_bool(a, f->ctx, "can_delete",
	                  v->who == CONSULT_VIEWER_FIRM && m.role == ORG_ROLE_OWNER) ||
	    !val_set_cstr(a, f->ctx, "base",
	                  arena_printf(a, "/consultations/%lld", (long long)c->id)))
		return MM_ERR_NOMEM;
	char *title =
	    arena_printf(a, "%s %lld", page_t(r, "consult.thread.title").p, (long long)c->id);
	struct val *crumbs = page_crumbs(r);
	if (!title || !crumbs ||
	    (e = page_crumb(r, crumbs, page_t(r, parent_list(v->who)->title_key),
	                    parent_list(v->who)->url)) ||
	    (e = page_crumb(r, crumbs, str_from(title), NULL)))
		return e ? e : MM_ERR_NOMEM;
	int status = webform_ok(f) ? 200 : 422;
	res->personal = true;
	return page_render(r, res, status, "consult_thread", f->ctx, str_from(title), crumbs);
}

/* The empty forms of the page. */
enum mm_err consult_thread_form(struct webform *f, struct req *r, struct res *res)
{
	enum mm_err e;
	if ((e = webform_init(f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(f, "body", "attachments", "comment", "rating", "responder",
	                       "supporter", NULL)) ||
	    (e = webform_set(f, "kind", STR("answer"))))
		return e;
	return MM_OK;
}

static enum mm_err page_consult_thread(struct req *r, struct res *res)
{
	struct consult_view v;
	struct webform f;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	if ((e = consult_thread_form(&f, r, res)))
		return e;
	return consult_render_thread(r, res, &f, &v);
}

static enum mm_err page_consult_attachment(struct req *r, struct res *res)
{
	struct consult_view v;
	struct consult_attachment at;
	enum mm_err e;
	if (!consult_load(r, res, &v, &e))
		return e;
	e = store_consult_attachment_get(r->store, r->arena, v.c.id, req_param(r, "name"), &at);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	enum file_type t = file_type_from_mime(at.content_type);
	audit_note(r, "consultation.attachment", 0, v.c.organisation_id, consult_target(r, v.c.id),
	           AUDIT_OK, arena_printf(r->arena, "%.*s", (int)at.name.n, at.name.p));
	return page_download(
	    r, res, t == FILE_TYPE_NONE ? "application/octet-stream" : file_type_mime(t),
	    arena_printf(r->arena, "consultation-%lld-%lld.%s", (long long)v.c.id, (long long)at.id,
	                 t == FILE_TYPE_NONE ? "bin" : file_type_extension(t)),
	    at.data);
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_thread_routes =
    ROUTE_TABLE({HTTP_GET, "/consultations/{id:int}", page_consult_thread, RIGHT_USER, 0},
                {HTTP_GET, "/consultations/{id:int}/attachments/{name:token}",
                 page_consult_attachment, RIGHT_USER, 0});
