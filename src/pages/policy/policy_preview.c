/*
 * policy_preview.c — see policy_preview.h.
 */
#include "pages/policy/policy_preview.h"

#include "pages/policy/policy_document.h"
#include "pages/policy/policy_edit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

/* ctx.missing: the steps publishing still needs, linked. */
static enum mm_err set_missing(struct req *r, struct val *ctx, const struct policy_draft *d,
                               bool *complete)
{
	struct arena *a = r->arena;
	size_t where;
	struct val *list = val_set_list(a, ctx, "missing");
	*complete = core_policy_check_complete(&d->text, &where) == POLICY_OK;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++) {
		bool bad = i < POLICY_SECTION_COUNT ? d->text.section[i].n == 0
		                                    : (!*complete && where == POLICY_STEP_FOOTER);
		if (!bad)
			continue;
		struct val *v = val_list_push_obj(a, list);
		char *url = policy_step_url(r, i);
		if (!v || !url ||
		    !val_set_str(a, v, "label", page_t(r, policy_step_label_key(i))) ||
		    !val_set_cstr(a, v, "url", url))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "complete", *complete) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err policy_preview_render(struct req *r, struct res *res, struct store *s, int status)
{
	struct policy_draft d;
	struct webform f;
	bool complete;
	enum mm_err e;
	if ((e = policy_draft_load(r, s, &d)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = policy_set_builder_context(r, f.ctx)) ||
	    (e = policy_set_tasks(r, f.ctx, &d, POLICY_STEP_COUNT)) ||
	    (e = set_missing(r, f.ctx, &d, &complete)) ||
	    (e = policy_set_document(r, f.ctx, &d.text)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "can_publish",
	                  complete && r->org->role == SCOPE_OWNER) ||
	    !val_set_bool(r->arena, f.ctx, "refused", status != 200))
		return MM_ERR_NOMEM;
	return policy_edit_render(r, res, status, "policy_preview", f.ctx, "policy.preview.title");
}

static enum mm_err page_policy_preview(struct req *r, struct res *res)
{
	return policy_preview_render(r, res, r->store, 200);
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_preview_routes = ROUTE_TABLE(
    ROUTE_GET("/policy/edit/{org:public_id}/preview", page_policy_preview, RIGHT_ORG_READ));
