/*
 * policy_publish.c — an owner's actions on the published policy
 * (RIGHT_ORG_OWNER, decided by dispatch): publishing the draft as a new
 * immutable version (POST /policy/edit/{org}/publish), giving the address
 * of a policy published on the firm's own site instead
 * (/policy/edit/{org}/external; the address is fetched once, in the
 * request, by web/fetch.h — public addresses only, at most 5 s — and taken
 * only when it shows a web page or a PDF; every fetch is recorded, and
 * fetches are limited per network and per organisation by
 * web/fetch_rate.h), and
 * unpublishing after a confirmation page that says
 * what happens to a ★★ declaration (/policy/edit/{org}/unpublish).
 *
 * Each change and its audit line are one transaction (page_tx).
 */
#include <stdio.h>

#include "core/org_fields.h"
#include "pages/policy/policy_edit.h"
#include "pages/policy/policy_preview.h"
#include "pages/shared/too_many.h"
#include "web/audit.h"
#include "web/fetch.h"
#include "web/fetch_rate.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

static enum mm_err redirect_overview(struct req *r, struct res *res, const char *notice)
{
	char *base = policy_edit_url(r);
	char *url = base ? arena_printf(r->arena, "%s?notice=%s", base, notice) : NULL;
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* ---- publishing ----------------------------------------------------------- */

struct publish_tx {
	bool complete, created;
};

/* Publishes the draft when it is complete; an incomplete one (or none)
 * changes nothing. */
static enum mm_err publish_in_tx(struct req *r, struct store *s, void *arg)
{
	struct publish_tx *x = arg;
	struct policy_draft d;
	int64_t number;
	size_t where;
	char detail[32];
	enum mm_err e = store_policy_draft_get(s, r->arena, r->org->id, &d);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	x->complete = !e && core_policy_check_complete(&d.text, &where) == POLICY_OK;
	if (e || !x->complete)
		return e;
	if ((e = store_policy_publish(s, r->org->id, &d.text, r->user->id, r->now, &number,
	                              &x->created)))
		return e;
	snprintf(detail, sizeof detail, "v%lld", (long long)number);
	return policy_audit(r, "policy.publish", detail);
}

static enum mm_err page_policy_publish_post(struct req *r, struct res *res)
{
	struct publish_tx x = {0};
	enum mm_err e = page_tx(r, publish_in_tx, &x);
	if (e)
		return e;
	if (!x.complete)
		return policy_preview_render(r, res, r->store, 422);
	return redirect_overview(r, res, x.created ? "published" : "republished");
}

/* ---- an external address -------------------------------------------------- */

static enum mm_err render_external(struct req *r, struct res *res, struct webform *f)
{
	char *base = policy_edit_url(r);
	if (!base || !val_set_cstr(r->arena, f->ctx, "base_url", base))
		return MM_ERR_NOMEM;
	return policy_edit_render(r, res, webform_ok(f) ? 200 : 422, "policy_external_form", f->ctx,
	                          "policy.external.title");
}

static enum mm_err page_policy_external(struct req *r, struct res *res)
{
	struct policy_publication p;
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	e = store_policy_publication_get(r->store, r->arena, r->org->id, &p);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has_url = !e && p.kind == POLICY_EXTERNAL;
	if ((e = webform_set(&f, "url", has_url ? p.url : STR(""))))
		return e;
	return render_external(r, res, &f);
}

struct external_tx {
	struct str url;
	struct policy_fetch seen;
};

/* The policy is published only with the fetch that found it. */
static enum mm_err external_in_tx(struct req *r, struct store *s, void *arg)
{
	struct external_tx *x = arg;
	enum mm_err e = store_policy_publish_external(s, r->org->id, x->url, r->now);
	if (!e)
		e = store_policy_fetch_record(s, r->org->id, &x->seen);
	return e ? e : policy_audit(r, "policy.external", "");
}

static enum mm_err fetch_record_in_tx(struct req *r, struct store *s, void *arg)
{
	struct external_tx *x = arg;
	return store_policy_fetch_record(s, r->org->id, &x->seen);
}

/* The catalogue key that tells the user why the fetch failed. */
static const char *fetch_error_key(enum fetch_outcome o)
{
	switch (o) {
	case FETCH_BAD_ADDRESS:
		return "policy.error.fetch_bad_address";
	case FETCH_REFUSED:
		return "policy.error.fetch_refused";
	case FETCH_TIMEOUT:
		return "policy.error.fetch_timeout";
	case FETCH_TOO_LARGE:
		return "policy.error.fetch_too_large";
	case FETCH_TOO_MANY_REDIRECTS:
		return "policy.error.fetch_too_many_redirects";
	case FETCH_STATUS:
		return "policy.error.fetch_status";
	case FETCH_NOT_DOCUMENT:
		return "policy.error.fetch_not_document";
	case FETCH_OK:
	case FETCH_UNREACHABLE:
		break;
	}
	return "policy.error.fetch_unreachable";
}

static enum mm_err page_policy_external_post(struct req *r, struct res *res)
{
	struct webform f;
	struct fetch_result seen;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct external_tx x = {.url = webform_take(&f, "url", POLICY_URL_MAX_CHARS)};
	if (webform_ok(&f) && x.url.n == 0)
		webform_error(&f, "url", "policy.error.url_empty");
	else if (webform_ok(&f) && !org_url_valid(x.url))
		webform_error(&f, "url", "policy.error.url");
	if (!webform_ok(&f))
		return render_external(r, res, &f);
	unsigned retry;
	if (!fetch_rate_take(r, r->org->public_id, &retry)) {
		audit_note(r, "policy.external", 0, r->org->id, r->org->public_id, AUDIT_DENIED,
		           "rate");
		if ((e = too_many_mark(r, res, &f, "url", "site.too_many", retry)) ||
		    (e = render_external(r, res, &f)))
			return e;
		res->status = 429; /* the form with its error, as refused for now */
		return MM_OK;
	}
	/* In the request thread, bounded by FETCH_TIMEOUT_MS. */
	if ((e = fetch_document(r->arena, x.url, &seen)))
		return e;
	x.seen = (struct policy_fetch){.url = x.url,
	                               .outcome = str_from(fetch_outcome_name(seen.outcome)),
	                               .content_type = seen.content_type,
	                               .kind = str_from(fetch_kind_name(seen.kind)),
	                               .sha256 = str_from(seen.sha256),
	                               .fetched_at = r->now,
	                               .size = seen.size,
	                               .status = seen.status};
	if (seen.outcome != FETCH_OK) {
		if ((e = page_tx(r, fetch_record_in_tx, &x)))
			return e;
		webform_error(&f, "url", fetch_error_key(seen.outcome));
		return render_external(r, res, &f);
	}
	if ((e = page_tx(r, external_in_tx, &x)))
		return e;
	return redirect_overview(r, res, "external");
}

/* ---- unpublishing -------------------------------------------------------- */

static enum mm_err page_policy_unpublish(struct req *r, struct res *res)
{
	struct policy_publication p;
	struct webform f;
	char *base = policy_edit_url(r);
	enum mm_err e;
	if (!base)
		return MM_ERR_NOMEM;
	e = store_policy_publication_get(r->store, r->arena, r->org->id, &p);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, base);
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	char *action = arena_printf(r->arena, "%s/unpublish", base);
	if (!action || !val_set_cstr(r->arena, f.ctx, "action", action) ||
	    !val_set_cstr(r->arena, f.ctx, "base_url", base) ||
	    !val_set_str(r->arena, f.ctx, "org_name", r->org->profile->name))
		return MM_ERR_NOMEM;
	return policy_edit_render(r, res, 200, "policy_unpublish", f.ctx, "policy.unpublish.title");
}

/* Unpublishes with its audit line; a second click finds nothing to undo
 * and changes nothing. */
static enum mm_err unpublish_in_tx(struct req *r, struct store *s, void *arg)
{
	(void)arg;
	enum mm_err e = store_policy_unpublish(s, r->org->id);
	if (e == MM_ERR_NOT_FOUND) /* a second click: already done */
		return MM_OK;
	return e ? e : policy_audit(r, "policy.unpublish", "");
}

static enum mm_err page_policy_unpublish_post(struct req *r, struct res *res)
{
	enum mm_err e = page_tx(r, unpublish_in_tx, NULL);
	return e ? e : redirect_overview(r, res, "unpublished");
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_publish_routes = ROUTE_TABLE(
    ROUTE_POST("/policy/edit/{org:public_id}/publish", page_policy_publish_post, RIGHT_ORG_OWNER),
    ROUTE_FORM("/policy/edit/{org:public_id}/external", page_policy_external,
               page_policy_external_post, RIGHT_ORG_OWNER),
    ROUTE_FORM("/policy/edit/{org:public_id}/unpublish", page_policy_unpublish,
               page_policy_unpublish_post, RIGHT_ORG_OWNER));
