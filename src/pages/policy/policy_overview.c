/*
 * policy_overview.c — where the policy builder starts:
 *
 *   GET /policy/edit          the signed-in user's own organisation's
 *                             builder (to /org when they have none)
 *   GET /policy/edit/{org}    the overview (RIGHT_ORG_READ): the task
 *                             list, what is published now, every published
 *                             version, the notices of the owner's
 *                             actions (policy_publish.c), and a warning
 *                             while the daily check cannot read a policy
 *                             published at the firm's own address
 *
 * Reads only.
 */
#include "core/nudge.h"
#include "pages/shared/notice.h"
#include "pages/policy/policy_document.h"
#include "pages/policy/policy_edit.h"
#include "web/page.h"
#include "web/scope.h"
#include "web/webform.h"
#include "web/router.h"

static const char *const overview_notices[] = {"published", "republished", "external",
                                               "unpublished"};

/* RIGHT_USER, not RIGHT_MEMBER: a user without an organisation is sent
 * to create one rather than shown a 404, so the page asks for the
 * RIGHT_MEMBER decision itself (as /org does); that sets r->org. */
static enum mm_err page_policy_mine(struct req *r, struct res *res)
{
	int status;
	enum mm_err e = scope_decide(r, RIGHT_MEMBER, &status);
	if (e)
		return e;
	if (status) /* 404: no organisation */
		return page_redirect(r, res, "/org");
	char *url = arena_printf(r->arena, "/policy/edit/%.*s", (int)r->org->public_id.n,
	                         r->org->public_id.p);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

static enum mm_err set_publication(struct req *r, struct store *s, struct val *ctx)
{
	struct arena *a = r->arena;
	struct policy_publication p;
	enum mm_err e = store_policy_publication_get(s, a, r->org->id, &p);
	bool published = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	struct policy_outage o = {0};
	if (published && p.kind == POLICY_EXTERNAL &&
	    (e = store_policy_outage_get(s, r->org->id, &o)) && e != MM_ERR_NOT_FOUND)
		return e;
	/* The daily check (app/policy_checks.h) could not read the page. */
	if (!val_set_bool(a, ctx, "outage", o.failures > 0))
		return MM_ERR_NOMEM;
	if (o.failures &&
	    (!val_set_cstr(a, ctx, "outage_since", page_format_date(r, o.since)) ||
	     !val_set_cstr(a, ctx, "outage_lapse",
	                   o.noticed_at ? page_format_date(r, core_policy_lapse_at(o.noticed_at))
	                                : "")))
		return MM_ERR_NOMEM;
	if (!val_set_bool(a, ctx, "published", published) ||
	    !val_set_bool(a, ctx, "hosted", published && p.kind == POLICY_HOSTED) ||
	    !val_set_bool(a, ctx, "external", published && p.kind == POLICY_EXTERNAL) ||
	    !val_set_str(a, ctx, "external_url", published ? p.url : STR("")) ||
	    !val_set_str(a, ctx, "published_number",
	                 policy_version_label(r, published ? p.version_number : 0)) ||
	    !val_set_cstr(a, ctx, "published_date",
	                  published ? page_format_date(r, p.published_at) : ""))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_versions(struct req *r, struct store *s, struct val *ctx)
{
	struct arena *a = r->arena;
	struct policy_version *v;
	size_t n;
	enum mm_err e = store_policy_version_list(s, a, r->org->id, &v, &n);
	struct val *list = val_set_list(a, ctx, "versions");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_list_push_obj(a, list);
		struct str who =
		    v[i].published_by_name.n ? v[i].published_by_name : v[i].published_by_email;
		if (!o || !val_set_long(a, o, "number", (long)v[i].number) ||
		    !val_set_str(a, o, "label", policy_version_label(r, v[i].number)) ||
		    !val_set_cstr(a, o, "date", page_format_time(r, v[i].published_at)) ||
		    !val_set_str(a, o, "who", who.n ? who : page_t(r, "policy.versions.nobody")))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_versions", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err page_policy_edit(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct policy_draft d;
	struct webform f;
	enum mm_err e;
	if ((e = policy_draft_load(r, s, &d)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = policy_set_builder_context(r, f.ctx)) ||
	    (e = policy_set_tasks(r, f.ctx, &d, POLICY_STEP_COUNT)) ||
	    (e = set_publication(r, s, f.ctx)) || (e = set_versions(r, s, f.ctx)) ||
	    (e = notice_set(r, f.ctx, "policy.notice", overview_notices, 4)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "started", d.done_steps != 0))
		return MM_ERR_NOMEM;
	return policy_edit_render(r, res, 200, "policy_edit", f.ctx, "policy.builder.title");
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_overview_routes =
    ROUTE_TABLE(ROUTE_GET("/policy/edit", page_policy_mine, RIGHT_USER),
                ROUTE_GET("/policy/edit/{org:public_id}", page_policy_edit, RIGHT_ORG_READ));
