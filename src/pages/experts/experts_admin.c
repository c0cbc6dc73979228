/*
 * experts_admin.c — "/admin/experts": administrators review the profiles
 * of the experts directory. The list by status (waiting first, oldest
 * first, 20 to a page), one profile, and the two decisions: approve
 * (published at once) or reject with a reason the author reads on their
 * own page, asked first on /admin/experts/{id}/reject. Each decision is
 * written to the audit log in the transaction that makes it.
 */
#include "core/experts.h"
#include "lib/form.h"
#include "pages/admin/admin_page.h"
#include "pages/experts/experts_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"approved", "rejected"};

/* ?status=, one of the stored names; anything else is the review queue. */
static enum expert_status status_asked(struct req *r)
{
	struct str v;
	if (kvlist_get_one(&r->query_fields, "status", &v) == MM_OK)
		for (int i = 0; i < EXPERT_STATUS_COUNT; i++)
			if (str_eq_lit(v, expert_status_names[i]))
				return (enum expert_status)i;
	return EXPERT_PENDING;
}

static enum mm_err set_tabs(struct req *r, struct val *ctx, enum expert_status current)
{
	struct arena *a = r->arena;
	struct val *tabs = val_set_list(a, ctx, "tabs");
	if (!tabs)
		return MM_ERR_NOMEM;
	for (int i = 0; i < EXPERT_STATUS_COUNT; i++) {
		struct val *v = val_list_push_obj(a, tabs);
		if (!v ||
		    !val_set_cstr(
		        a, v, "url",
		        arena_printf(a, "/admin/experts?status=%s", expert_status_names[i])) ||
		    !val_set_str(a, v, "label",
		                 labels_keyed(r->lang, "experts.status",
		                              str_from(expert_status_names[i]))) ||
		    !val_set_bool(a, v, "current", (int)current == i))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_admin_experts(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	enum expert_status status = status_asked(r);
	struct paging p = paging_requested(r, EXPERTS_PAGE_SIZE);
	struct expert *list;
	size_t n;
	enum mm_err e =
	    store_experts_by_status(r->store, a, status, paging_window(&p), &list, &n, &p.total);
	if (!e && paging_clamp(&p))
		e = store_experts_by_status(r->store, a, status, paging_window(&p), &list, &n,
		                            &p.total);
	if (e)
		return e;
	struct val *ctx = val_obj(a);
	struct val *items = val_set_list(a, ctx, "experts");
	if (!items || (e = set_tabs(r, ctx, status)) ||
	    (e = paging_set(
	         r, ctx, &p,
	         arena_printf(a, "/admin/experts?status=%s&", expert_status_names[status]))))
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = experts_view_set(r, v, &list[i])) ||
		    !val_set_cstr(a, v, "admin_url",
		                  arena_printf(a, "/admin/experts/%lld", (long long)list[i].id)))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_experts", n > 0) ||
	    !val_set_cstr(a, ctx, "total", labels_format_count(a, p.total)))
		return MM_ERR_NOMEM;
	return admin_render(r, res, 200, "admin_experts", ctx, page_t(r, "experts.admin.title"),
	                    NULL, NULL);
}

/* The page of one profile, with the approval's form and the link to the
 * question before a rejection. */
static enum mm_err render_expert(struct req *r, struct res *res, struct webform *f,
                                 const struct expert *x, int status)
{
	struct arena *a = r->arena;
	struct val *obj = val_set_obj(a, f->ctx, "expert");
	enum mm_err e;
	if (!obj || (e = experts_view_set(r, obj, x)))
		return obj ? e : MM_ERR_NOMEM;
	if ((e = notice_set(r, f->ctx, "experts.admin.notice", notices, 2)))
		return e;
	if (!val_set_cstr(a, f->ctx, "action_url",
	                  arena_printf(a, "/admin/experts/%lld", (long long)x->id)) ||
	    !val_set_cstr(a, f->ctx, "reviewed",
	                  x->reviewed_at ? page_format_time(r, x->reviewed_at) : "") ||
	    !val_set_bool(a, f->ctx, "was_reviewed", x->reviewed_at != 0))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_expert", f->ctx, x->name, "experts.admin.title",
	                    "/admin/experts");
}

/* The profile of {id} and the review form f; *found false (404 sent)
 * when there is none. */
static enum mm_err load(struct req *r, struct res *res, struct expert *x, struct webform *f,
                        bool *found)
{
	enum mm_err e = page_found_or_404(
	    r, res, store_expert_by_id(r->store, r->arena, req_param_int(r, "id"), x), found);
	return e || !*found ? e : webform_init(f, r, res, val_obj(r->arena));
}

static enum mm_err page_admin_expert(struct req *r, struct res *res)
{
	struct expert x;
	struct webform f;
	bool found;
	enum mm_err e = load(r, res, &x, &f, &found);
	if (e || !found)
		return e;
	return render_expert(r, res, &f, &x, 200);
}

/* The question before a rejection, with the reason field of f. */
static enum mm_err render_reject(struct webform *f, struct res *res, const struct expert *x,
                                 int status)
{
	char *url = arena_printf(f->r->arena, "/admin/experts/%lld", (long long)x->id);
	if (!url)
		return MM_ERR_NOMEM;
	return admin_reject_render(f, res, status,
	                           &(struct admin_reject){
	                               .title_key = "experts.admin.reject_title",
	                               .text_key = "experts.admin.reject_text",
	                               .reason_key = "experts.admin.reason",
	                               .hint_key = "experts.admin.reason_hint",
	                               .submit_key = "experts.admin.reject",
	                               .name = x->name,
	                               .record_url = url,
	                               .parent_key = "experts.admin.title",
	                               .parent_url = "/admin/experts",
	                           });
}

/* A profile rejected already has nothing to ask: its page says why. */
static enum mm_err page_admin_expert_reject(struct req *r, struct res *res)
{
	struct expert x;
	struct webform f;
	bool found;
	enum mm_err e = load(r, res, &x, &f, &found);
	if (e || !found)
		return e;
	if (x.status == EXPERT_REJECTED)
		return page_redirectf(r, res, "/admin/experts/%lld", (long long)x.id);
	return (e = webform_blank(&f, "reason", NULL)) ? e : render_reject(&f, res, &x, 200);
}

struct review {
	const struct expert *x;
	enum expert_status status;
	struct str reason;
};

static enum mm_err review_tx(struct req *r, struct store *s, void *arg)
{
	struct review *rv = arg;
	enum mm_err e =
	    store_expert_review(s, rv->x->id, rv->status, rv->reason, r->user->id, r->now);
	if (e)
		return e;
	return audit_log(r, rv->status == EXPERT_APPROVED ? "expert.approve" : "expert.reject", 0,
	                 0, rv->x->name, AUDIT_OK,
	                 rv->status == EXPERT_APPROVED
	                     ? arena_printf(r->arena, "expert %lld", (long long)rv->x->id)
	                     : arena_printf(r->arena, "expert %lld: %.*s", (long long)rv->x->id,
	                                    (int)rv->reason.n, rv->reason.p));
}

static enum mm_err decide(struct req *r, struct res *res, enum expert_status status)
{
	struct expert x;
	struct webform f;
	bool found;
	enum mm_err e = load(r, res, &x, &f, &found);
	if (e || !found)
		return e;
	struct review rv = {.x = &x, .status = status, .reason = STR("")};
	if (status == EXPERT_REJECTED) {
		rv.reason =
		    webform_take_checked(&f, "reason", EXPERT_REASON_MAX_CHARS, expert_text_ok);
		if (rv.reason.n == 0)
			webform_error(&f, "reason", "experts.error.reason");
		if (!webform_ok(&f))
			return render_reject(&f, res, &x, 422);
	}
	if ((e = page_tx(r, review_tx, &rv)))
		return e;
	return page_redirectf(r, res, "/admin/experts/%lld?notice=%s", (long long)x.id,
	                      status == EXPERT_APPROVED ? "approved" : "rejected");
}

static enum mm_err page_admin_expert_approve_post(struct req *r, struct res *res)
{
	return decide(r, res, EXPERT_APPROVED);
}

static enum mm_err page_admin_expert_reject_post(struct req *r, struct res *res)
{
	return decide(r, res, EXPERT_REJECTED);
}

/* This file's routes, in dispatch order (see experts_routes.c). */
const struct route_table experts_admin_routes = ROUTE_TABLE(
    {HTTP_GET, "/admin/experts", page_admin_experts, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/experts/{id:int}", page_admin_expert, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/experts/{id:int}/approve", page_admin_expert_approve_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/experts/{id:int}/reject", page_admin_expert_reject, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/experts/{id:int}/reject", page_admin_expert_reject_post, RIGHT_ADMIN, 0});
