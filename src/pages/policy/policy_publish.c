/*
 * policy_publish.c — an owner's actions on the published policy:
 * publishing the draft as a new immutable version (POST
 * /policy/edit/{org}/publish), giving the address of a policy published on
 * the firm's own site instead (/policy/edit/{org}/external; the address
 * is checked for shape only, never fetched), and unpublishing after a
 * confirmation page that says what happens to a ★★ declaration
 * (/policy/edit/{org}/unpublish).
 *
 * Each change and its audit line are one transaction.
 */
#include <stdio.h>

#include "core/org_fields.h"
#include "web/page.h"
#include "pages/policy/policy_routes.h"
#include "pages/policy/policy_common.h"
#include "web/webform.h"

static enum mm_err redirect_overview(struct req *r, struct res *res, const struct policy_here *h,
                                     const char *notice)
{
	char *url = arena_printf(r->arena, "%s?notice=%s", h->base_url, notice);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

static enum mm_err open_owner(struct req *r, struct res *res, struct store **s,
                              struct policy_here *h, bool *answered)
{
	if (!(*s = store_thread()))
		return MM_ERR_DB;
	return policy_here_require(r, res, *s, POLICY_NEED_PUBLISH, h, answered);
}

/* ---- publishing ----------------------------------------------------------- */

static enum mm_err publish(struct req *r, struct store *s, const struct policy_here *h,
                           bool *complete, bool *created)
{
	struct policy_draft d;
	int64_t number;
	size_t where;
	char detail[32];
	enum mm_err e = store_begin(s);
	*complete = false;
	if (e)
		return e;
	e = store_policy_draft_get(s, r->arena, h->org_id, &d);
	if (e == MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return MM_OK;
	}
	*complete = !e && core_policy_check_complete(&d.text, &where) == POLICY_OK;
	if (!e && *complete &&
	    !(e = store_policy_publish(s, h->org_id, &d.text, r->user->id, r->now, &number,
	                               created))) {
		snprintf(detail, sizeof detail, "v%lld", (long long)number);
		e = policy_audit(r, "policy.publish", h, detail);
	}
	if (e || !*complete) {
		store_rollback(s);
		return e;
	}
	return store_commit(s);
}

enum mm_err page_policy_publish_post(struct req *r, struct res *res)
{
	struct store *s;
	struct policy_here h;
	bool answered, complete, created = false;
	enum mm_err e;
	if ((e = open_owner(r, res, &s, &h, &answered)) || answered)
		return e;
	if ((e = publish(r, s, &h, &complete, &created)))
		return e;
	if (!complete)
		return policy_preview_render(r, res, s, &h, 422);
	return redirect_overview(r, res, &h, created ? "published" : "republished");
}

/* ---- an external address -------------------------------------------------- */

static enum mm_err render_external(struct req *r, struct res *res, struct webform *f,
                                   const struct policy_here *h)
{
	if (!val_set_cstr(r->arena, f->ctx, "base_url", h->base_url))
		return MM_ERR_NOMEM;
	return policy_render(r, res, webform_ok(f) ? 200 : 422, "policy_external_form", f->ctx,
	                     "policy.external.title", h);
}

enum mm_err page_policy_external(struct req *r, struct res *res)
{
	struct store *s;
	struct policy_here h;
	struct policy_publication p;
	struct webform f;
	bool answered;
	enum mm_err e;
	if ((e = open_owner(r, res, &s, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	e = store_policy_publication_get(s, r->arena, h.org_id, &p);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has_url = !e && p.kind == POLICY_EXTERNAL;
	if ((e = webform_set(&f, "url", has_url ? p.url : STR(""))))
		return e;
	return render_external(r, res, &f, &h);
}

enum mm_err page_policy_external_post(struct req *r, struct res *res)
{
	struct store *s;
	struct policy_here h;
	struct webform f;
	bool answered;
	enum mm_err e;
	if ((e = open_owner(r, res, &s, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str url = webform_take(&f, "url", POLICY_URL_MAX_CHARS);
	if (webform_ok(&f) && url.n == 0)
		webform_error(&f, "url", "policy.error.url_empty");
	else if (webform_ok(&f) && !org_url_valid(url))
		webform_error(&f, "url", "policy.error.url");
	if (!webform_ok(&f))
		return render_external(r, res, &f, &h);
	if ((e = store_begin(s)))
		return e;
	if ((e = store_policy_publish_external(s, h.org_id, url, r->now)) ||
	    (e = policy_audit(r, "policy.external", &h, ""))) {
		store_rollback(s);
		return e;
	}
	if ((e = store_commit(s)))
		return e;
	return redirect_overview(r, res, &h, "external");
}

/* ---- unpublishing -------------------------------------------------------- */

enum mm_err page_policy_unpublish(struct req *r, struct res *res)
{
	struct store *s;
	struct policy_here h;
	struct policy_publication p;
	struct webform f;
	bool answered;
	enum mm_err e;
	if ((e = open_owner(r, res, &s, &h, &answered)) || answered)
		return e;
	e = store_policy_publication_get(s, r->arena, h.org_id, &p);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, h.base_url);
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	char *action = arena_printf(r->arena, "%s/unpublish", h.base_url);
	if (!action || !val_set_cstr(r->arena, f.ctx, "action", action) ||
	    !val_set_cstr(r->arena, f.ctx, "base_url", h.base_url) ||
	    !val_set_str(r->arena, f.ctx, "org_name", h.org_name))
		return MM_ERR_NOMEM;
	return policy_render(r, res, 200, "policy_unpublish", f.ctx, "policy.unpublish.title", &h);
}

enum mm_err page_policy_unpublish_post(struct req *r, struct res *res)
{
	struct store *s;
	struct policy_here h;
	bool answered;
	enum mm_err e;
	if ((e = open_owner(r, res, &s, &h, &answered)) || answered)
		return e;
	if ((e = store_begin(s)))
		return e;
	e = store_policy_unpublish(s, h.org_id);
	if (e == MM_ERR_NOT_FOUND) { /* a second click: already done */
		store_rollback(s);
		return redirect_overview(r, res, &h, "unpublished");
	}
	if (e || (e = policy_audit(r, "policy.unpublish", &h, ""))) {
		store_rollback(s);
		return e;
	}
	if ((e = store_commit(s)))
		return e;
	return redirect_overview(r, res, &h, "unpublished");
}
