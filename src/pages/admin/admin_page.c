/*
 * admin_page.c — see admin_page.h.
 */
#include "pages/admin/admin_page.h"

#include "pages/admin/admin_paging.h"
#include "pages/shared/confirm.h"
#include "web/page.h"

static const char *const outcome_keys[] = {"admin.outcome_ok", "admin.outcome_denied",
                                           "admin.outcome_failed"};

struct str admin_outcome_label(struct req *r, enum audit_outcome outcome)
{
	return page_t(r, outcome_keys[outcome]);
}

enum mm_err admin_audit_entries(struct req *r, struct val *ctx, const struct admin_audit_row *rows,
                                size_t n)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list_counted(a, ctx, "entries", "has_entries", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct admin_audit_row *row = &rows[i];
		struct val *item = val_list_push_obj(a, list);
		char *actor_url =
		    arena_printf(a, "/admin/users/%lld", (long long)row->e.actor_user_id);
		if (!item || !val_set_cstr(a, item, "at", page_format_time(r, row->e.at)) ||
		    !val_set_str(a, item, "action", row->e.action) ||
		    !val_set_bool(a, item, "has_actor", row->e.actor_user_id != 0) ||
		    !val_set_cstr(a, item, "actor_url", actor_url) ||
		    !val_set_str(a, item, "actor_email", row->actor_email) ||
		    !val_set_str(a, item, "organisation", row->organisation_name) ||
		    !val_set_str(a, item, "target", row->e.target) ||
		    !val_set_str(a, item, "outcome", admin_outcome_label(r, row->e.outcome)) ||
		    !val_set_bool(a, item, "failed", row->e.outcome != AUDIT_OK) ||
		    !val_set_str(a, item, "ip", row->e.ip) ||
		    !val_set_str(a, item, "detail", row->e.detail))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

enum mm_err admin_render(struct req *r, struct res *res, int status, const char *template_name,
                         struct val *ctx, struct str title, const char *parent_key,
                         const char *parent_url)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "admin.title"), "/admin") ||
	    (parent_key && page_crumb(r, crumbs, page_t(r, parent_key), parent_url)) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, title, crumbs);
}

bool admin_search_params_or_400(struct req *r, struct res *res, int64_t *page, struct str *q)
{
	if (admin_search_params(r, page, q))
		return true;
	page_error(r, res, 400);
	return false;
}

enum mm_err admin_search_render(struct req *r, struct res *res, const char *template_name,
                                struct val *ctx, const char *title_key, const char *path,
                                struct str q, int64_t page, int64_t total)
{
	const struct admin_param params[] = {{"q", q}};
	if (!val_set_str(r->arena, ctx, "q", q))
		return MM_ERR_NOMEM;
	enum mm_err e = admin_pagination(r, ctx, page, total, path, params, 1);
	return e ? e
	         : admin_render(r, res, 200, template_name, ctx, page_t(r, title_key), NULL, NULL);
}

struct str admin_role_label(struct req *r, struct str role)
{
	return page_t(r, str_eq_lit(role, "owner") ? "admin.role_owner" : "admin.role_member");
}

enum mm_err admin_membership_row_push(struct req *r, struct val *list,
                                      const struct admin_membership_row *row)
{
	struct arena *a = r->arena;
	struct val *item = val_list_push_obj(a, list);
	if (!item || !val_set_cstr(a, item, "url", row->url) ||
	    (row->email && !val_set_str(a, item, "email", *row->email)) ||
	    !val_set_str(a, item, "name", row->name) ||
	    !val_set_str(a, item, "role", admin_role_label(r, row->role)) ||
	    !val_set_cstr(a, item, "since", page_format_time(r, row->since)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err admin_reject_render(struct webform *f, struct res *res, int status,
                                const struct admin_reject *c)
{
	struct req *r = f->r;
	const struct confirm_reason reason = {c->reason_key, c->hint_key};
	enum mm_err e =
	    confirm_page_set(f, &(struct confirm_page){
	                            .title_key = c->title_key,
	                            .lead = c->name,
	                            .text_key = c->text_key,
	                            .reason = &reason,
	                            .action = arena_printf(r->arena, "%s/reject", c->record_url),
	                            .submit_key = c->submit_key,
	                            .back_url = c->record_url,
	                            .back_key = "admin.reject_cancel",
	                        });
	return e ? e
	         : admin_render(r, res, status, "confirm_page", f->ctx, page_t(r, c->title_key),
	                        c->parent_key, c->parent_url);
}
