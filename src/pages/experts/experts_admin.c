/*
 * experts_admin.c — "/admin/experts": administrators review the profiles
 * of the experts directory. The list by status (waiting first, oldest
 * first, 20 to a page), one profile, and the two decisions: approve
 * (published at once) or reject with a reason the author reads on their
 * own page, asked first on /admin/experts/{id}/reject. Each decision is
 * written to the audit log in the transaction that makes it; the review's
 * pages are pages/admin/admin_review.h's, this file shows the profile and
 * says what a decision writes.
 */
#include "core/experts.h"
#include "lib/form.h"
#include "pages/admin/admin_review.h"
#include "pages/experts/experts_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "view/labels.h"
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
static enum mm_err render_expert(struct webform *f, struct res *res,
                                 const struct admin_review_record *rec, int status)
{
	const struct expert *x = rec->record;
	struct req *r = f->r;
	struct arena *a = r->arena;
	struct val *obj = val_set_obj(a, f->ctx, "expert");
	enum mm_err e;
	if (!obj || (e = experts_view_set(r, obj, x)))
		return obj ? e : MM_ERR_NOMEM;
	if ((e = notice_set(r, f->ctx, "experts.admin.notice", notices, 2)))
		return e;
	if (!val_set_cstr(a, f->ctx, "action_url", rec->url) ||
	    !val_set_cstr(a, f->ctx, "reviewed",
	                  x->reviewed_at ? page_format_time(r, x->reviewed_at) : "") ||
	    !val_set_bool(a, f->ctx, "was_reviewed", x->reviewed_at != 0))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_expert", f->ctx, x->name, "experts.admin.title",
	                    "/admin/experts");
}

/* A profile rejected already has nothing to ask: its page says why. */
static enum mm_err expert_load(struct req *r, int64_t id, struct admin_review_record *out)
{
	const struct expert *x = out->record;
	enum mm_err e = store_expert_by_id(r->store, r->arena, id, out->record);
	if (e)
		return e;
	out->name = x->name;
	out->rejectable = x->status != EXPERT_REJECTED;
	return MM_OK;
}

static struct str take_reason(struct webform *f)
{
	struct str reason =
	    webform_take_checked(f, "reason", EXPERT_REASON_MAX_CHARS, expert_text_ok);
	if (reason.n == 0)
		webform_error(f, "reason", "experts.error.reason");
	return reason;
}

static enum mm_err review_tx(struct req *r, struct store *s, const struct admin_review_record *rec,
                             bool approve, struct str reason)
{
	const struct expert *x = rec->record;
	enum mm_err e = store_expert_review(s, x->id, approve ? EXPERT_APPROVED : EXPERT_REJECTED,
	                                    reason, r->user->id, r->now);
	if (e)
		return e;
	return admin_review_audit(r, approve ? "expert.approve" : "expert.reject", 0, x->name,
	                          arena_printf(r->arena, "expert %lld", (long long)x->id), approve,
	                          reason);
}

/* A profile may be approved or rejected whatever its status (a change
 * sends it back to review). */
static const struct admin_review EXPERT_REVIEW = {
    .base = "/admin/experts",
    .record_size = sizeof(struct expert),
    .load = expert_load,
    .render = render_expert,
    .take_reason = take_reason,
    .decide_tx = review_tx,
    .question = {.title_key = "experts.admin.reject_title",
                 .text_key = "experts.admin.reject_text",
                 .reason_key = "experts.admin.reason",
                 .hint_key = "experts.admin.reason_hint",
                 .submit_key = "experts.admin.reject",
                 .parent_key = "experts.admin.title",
                 .parent_url = "/admin/experts"},
};

static enum mm_err page_admin_expert(struct req *r, struct res *res)
{
	return admin_review_page(r, res, &EXPERT_REVIEW);
}

static enum mm_err page_admin_expert_reject(struct req *r, struct res *res)
{
	return admin_review_reject_page(r, res, &EXPERT_REVIEW);
}

static enum mm_err page_admin_expert_approve_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &EXPERT_REVIEW, true);
}

static enum mm_err page_admin_expert_reject_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &EXPERT_REVIEW, false);
}

/* This file's routes, in dispatch order (see experts_routes.c). */
const struct route_table experts_admin_routes = ROUTE_TABLE(
    {HTTP_GET, "/admin/experts", page_admin_experts, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/experts/{id:int}", page_admin_expert, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/experts/{id:int}/approve", page_admin_expert_approve_post, RIGHT_ADMIN, 0},
    {HTTP_GET, "/admin/experts/{id:int}/reject", page_admin_expert_reject, RIGHT_ADMIN, 0},
    {HTTP_POST, "/admin/experts/{id:int}/reject", page_admin_expert_reject_post, RIGHT_ADMIN, 0});
