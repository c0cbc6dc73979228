/*
 * catalogue_listing.c — a provider's listings: "/provider/services/new"
 * writes a new one, "/provider/services/{id}" changes one and shows its
 * history. Whatever is sent becomes a version waiting for review
 * (catalogue_admin.c); a change of a live listing leaves the live version
 * public until the change is approved, and a change sent before the
 * previous one was reviewed replaces it (the earlier is kept, withdrawn).
 *
 * Only an approved provider's members reach the form, and only for the
 * provider's own listings: any other listing id is a 404, whether or not
 * it exists.
 */
#include "core/catalogue.h"
#include "pages/catalogue/catalogue_view.h"
#include "pages/shared/titled.h"
#include "store/services.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

/* r->org's approved provider; *ok false (and the page answered) when the
 * organisation is none yet. */
static enum mm_err provider_of(struct req *r, struct res *res, struct service_provider *p, bool *ok)
{
	enum mm_err e = store_provider_by_org(r->store, r->arena, r->org->id, p);
	*ok = !e && p->status == PROVIDER_APPROVED;
	if (e == MM_ERR_NOT_FOUND || (!e && !*ok))
		return page_redirect(r, res, "/provider");
	return e;
}

/* r->org's approved provider and the newest version of its listing {id};
 * *ok false (and the page answered) otherwise: 404 for another's listing. */
static enum mm_err listing_of(struct req *r, struct res *res, struct service_provider *p,
                              struct service *v, bool *ok)
{
	enum mm_err e = provider_of(r, res, p, ok);
	if (e || !*ok)
		return e;
	e = store_service_latest(r->store, r->arena, req_param_int(r, "id"), v);
	*ok = !e && v->provider_id == p->id;
	if (e == MM_ERR_NOT_FOUND || (!e && !*ok)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	return e;
}

static enum mm_err set_history(struct req *r, struct val *ctx, int64_t id)
{
	struct arena *a = r->arena;
	struct service *list;
	size_t n;
	enum mm_err e = store_service_versions(r->store, a, id, &list, &n);
	struct val *items = e ? NULL : val_set_list(a, ctx, "history");
	if (e)
		return e;
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = catalogue_view_set(r, v, &list[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err render(struct webform *f, struct res *res, const struct service *v,
                          const struct service *stored, int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e = catalogue_form_fill(f, v);
	if (e)
		return e;
	if (!val_set_bool(a, f->ctx, "stored", stored != NULL) ||
	    !val_set_cstr(a, f->ctx, "action_url",
	                  stored ? arena_printf(a, "/provider/services/%lld", (long long)stored->id)
	                         : "/provider/services/new"))
		return MM_ERR_NOMEM;
	if (stored) {
		struct val *obj = val_set_obj(a, f->ctx, "listing");
		if (!obj || (e = catalogue_view_set(r, obj, stored)) ||
		    (e = set_history(r, f->ctx, stored->id)))
			return e ? e : MM_ERR_NOMEM;
		if (!val_set_bool(a, f->ctx, "kind_fixed", true))
			return MM_ERR_NOMEM;
	}
	return titled_render(r, res, status, "provider_listing", f->ctx,
	                     stored ? "catalogue.listing.edit_title"
	                            : "catalogue.listing.new_title",
	                     "catalogue.provider.title", "/provider");
}

static enum mm_err page_listing_new(struct req *r, struct res *res)
{
	struct service_provider p;
	struct webform f;
	bool ok;
	enum mm_err e = provider_of(r, res, &p, &ok);
	if (e || !ok)
		return e;
	struct service v = {.price_unit = STR("month"), .languages = 1 /* ja */};
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	return render(&f, res, &v, NULL, 200);
}

struct saving {
	struct service v;
	const struct service *stored; /* NULL for a new listing */
	int64_t id, version_id;
};

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	enum mm_err e = sv->stored ? store_service_change(s, sv->stored->id, &sv->v, r->user->id,
	                                                  r->now, &sv->version_id)
	                           : store_service_create(s, &sv->v, r->user->id, r->now, &sv->id,
	                                                  &sv->version_id);
	if (e)
		return e;
	return audit_log(r, sv->stored ? "service.change" : "service.create", 0, r->org->id,
	                 sv->v.name, AUDIT_OK,
	                 arena_printf(r->arena, "service %lld version %lld",
	                              (long long)(sv->stored ? sv->stored->id : sv->id),
	                              (long long)sv->version_id));
}

static enum mm_err submit(struct req *r, struct res *res, const struct service_provider *p,
                          const struct service *stored)
{
	struct saving sv = {.stored = stored};
	struct webform f;
	enum mm_err e = webform_init(&f, r, res, val_obj(r->arena));
	if (e)
		return e;
	catalogue_form_read(&f, &sv.v);
	sv.v.provider_id = p->id;
	/* A listing's kind never changes. */
	if (stored && sv.v.kind != stored->kind)
		webform_error(&f, "kind", "catalogue.error.kind_fixed");
	if (!webform_ok(&f))
		return render(&f, res, &sv.v, stored, 422);
	if ((e = page_tx(r, save_tx, &sv)))
		return e;
	return page_redirect(r, res, "/provider?notice=submitted");
}

static enum mm_err page_listing_new_post(struct req *r, struct res *res)
{
	struct service_provider p;
	bool ok;
	enum mm_err e = provider_of(r, res, &p, &ok);
	if (e || !ok)
		return e;
	return submit(r, res, &p, NULL);
}

static enum mm_err page_listing(struct req *r, struct res *res)
{
	struct service_provider p;
	struct service v;
	struct webform f;
	bool ok;
	enum mm_err e = listing_of(r, res, &p, &v, &ok);
	if (e || !ok)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	return render(&f, res, &v, &v, 200);
}

static enum mm_err page_listing_post(struct req *r, struct res *res)
{
	struct service_provider p;
	struct service v;
	bool ok;
	enum mm_err e = listing_of(r, res, &p, &v, &ok);
	if (e || !ok)
		return e;
	return submit(r, res, &p, &v);
}

/* This file's routes, in dispatch order (see catalogue_routes.c): the
 * literal "new" before {id}. */
const struct route_table catalogue_listing_routes = ROUTE_TABLE(
    ROUTE_FORM("/provider/services/new", page_listing_new, page_listing_new_post, RIGHT_MEMBER),
    ROUTE_FORM("/provider/services/{id:int}", page_listing, page_listing_post, RIGHT_MEMBER));
