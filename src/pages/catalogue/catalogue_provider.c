/*
 * catalogue_provider.c — "/provider": an organisation's place as a provider
 * of the service catalogue. Without an application (or after a rejection)
 * it shows the application form, prefilled from the organisation's
 * profile; while the application waits, its state; once approved, the
 * provider's listings, each with its review state, and the way to add one
 * (catalogue_listing.c). Any member of the organisation may apply for it
 * and write its listings: the organisation is the provider.
 *
 * Only r->org's own application and listings are ever read or written.
 */
#include "core/catalogue.h"
#include "core/corporate_number.h"
#include "core/email.h"
#include "core/org_fields.h"
#include "lib/utf8.h"
#include "pages/catalogue/catalogue_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "store/services.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

#define PROVIDER_TEXT_MAX_CHARS 200

static const char *const notices[] = {"applied", "submitted"};

static enum mm_err set_listings(struct req *r, struct val *ctx, const struct service_provider *p)
{
	struct arena *a = r->arena;
	struct paging pg = paging_requested(r, SERVICES_PAGE_SIZE);
	struct service *list;
	size_t n;
	enum mm_err e = store_services_of_provider(r->store, a, p->id, paging_window(&pg), &list,
	                                           &n, &pg.total);
	if (!e && paging_clamp(&pg))
		e = store_services_of_provider(r->store, a, p->id, paging_window(&pg), &list, &n,
		                               &pg.total);
	if (e || (e = paging_set(r, ctx, &pg, "/provider?")))
		return e;
	struct val *items = val_set_list_counted(a, ctx, "listings", "has_listings", n);
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = catalogue_view_set(r, v, &list[i])) ||
		    !val_set_cstr(
		        a, v, "edit_url",
		        arena_printf(a, "/provider/services/%lld", (long long)list[i].id)))
			return e ? e : MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err render(struct webform *f, struct res *res, const struct service_provider *p,
                          int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e;
	if ((e = notice_set(r, f->ctx, "catalogue.provider.notice", notices, 2)))
		return e;
	bool can_apply = !p || p->status == PROVIDER_REJECTED;
	if (!val_set_bool(a, f->ctx, "can_apply", can_apply) ||
	    !val_set_bool(a, f->ctx, "pending", p && p->status == PROVIDER_PENDING) ||
	    !val_set_bool(a, f->ctx, "approved", p && p->status == PROVIDER_APPROVED) ||
	    !val_set_bool(a, f->ctx, "rejected", p && p->status == PROVIDER_REJECTED) ||
	    !val_set_str(a, f->ctx, "reject_reason", p ? p->reject_reason : STR("")) ||
	    !val_set_str(a, f->ctx, "organisation", r->org->profile->name))
		return MM_ERR_NOMEM;
	if (p && p->status == PROVIDER_APPROVED && (e = set_listings(r, f->ctx, p)))
		return e;
	return titled_render(r, res, status, "provider", f->ctx, "catalogue.provider.title", NULL,
	                     NULL);
}

static enum mm_err page_provider(struct req *r, struct res *res)
{
	struct service_provider p;
	struct webform f;
	const struct org_profile *o = r->org->profile;
	enum mm_err e = store_provider_by_org(r->store, r->arena, r->org->id, &p);
	bool found = !e;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	/* A rejected application is shown again as it was sent; a first one
	 * starts from the organisation's profile. */
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_set(&f, "company_name", found ? p.company_name : o->name)) ||
	    (e = webform_set(&f, "corporate_number",
	                     found ? p.corporate_number : o->corporate_number)) ||
	    (e = webform_set(&f, "address", found ? p.address : o->address)) ||
	    (e = webform_set(&f, "contact_name", found ? p.contact_name : o->contact_name)) ||
	    (e = webform_set(&f, "contact_email", found ? p.contact_email : o->contact_email)) ||
	    (e = webform_set(&f, "contact_phone", found ? p.contact_phone : o->contact_phone)))
		return e;
	return render(&f, res, found ? &p : NULL, 200);
}

struct applying {
	struct service_provider p;
	int64_t id;
};

static enum mm_err apply_tx(struct req *r, struct store *s, void *arg)
{
	struct applying *ap = arg;
	enum mm_err e = store_provider_apply(s, &ap->p, r->now, &ap->id);
	if (e)
		return e;
	return audit_log(r, "provider.apply", 0, r->org->id, ap->p.company_name, AUDIT_OK,
	                 arena_printf(r->arena, "provider %lld", (long long)ap->id));
}

/* A one-line text field of at most PROVIDER_TEXT_MAX_CHARS, required. */
static struct str required_line(struct webform *f, const char *name)
{
	return webform_take_required(f, name, PROVIDER_TEXT_MAX_CHARS, org_single_line,
	                             "catalogue.provider.error.required");
}

static enum mm_err page_provider_apply_post(struct req *r, struct res *res)
{
	struct applying ap = {.p = {.organisation_id = r->org->id, .applied_by = r->user->id}};
	struct service_provider *p = &ap.p, stored;
	struct webform f;
	enum mm_err e = store_provider_by_org(r->store, r->arena, r->org->id, &stored);
	bool found = !e;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (found && stored.status != PROVIDER_REJECTED)
		return page_redirect(r, res, "/provider");
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	p->company_name = required_line(&f, "company_name");
	if (!core_corporate_number_read(r->arena, webform_take(&f, "corporate_number", 40),
	                                &p->corporate_number))
		webform_error(&f, "corporate_number", "catalogue.provider.error.corporate_number");
	p->address = required_line(&f, "address");
	p->contact_name = required_line(&f, "contact_name");
	if (core_email_normalise(r->arena, webform_take(&f, "contact_email", 254),
	                         &p->contact_email) != EMAIL_OK)
		webform_error(&f, "contact_email", "catalogue.provider.error.email");
	struct str phone = webform_take(&f, "contact_phone", 40);
	p->contact_phone = STR("");
	if (phone.n && org_phone_normalise(r->arena, phone, &p->contact_phone) != ORG_CHECK_OK)
		webform_error(&f, "contact_phone", "catalogue.provider.error.phone");
	if (!webform_ok(&f))
		return render(&f, res, found ? &stored : NULL, 422);
	e = page_tx(r, apply_tx, &ap);
	if (e == MM_ERR_CONFLICT)
		return page_redirect(r, res, "/provider");
	if (e)
		return e;
	return page_redirect(r, res, "/provider?notice=applied");
}

/* This file's routes, in dispatch order (see catalogue_routes.c). */
const struct route_table catalogue_provider_routes =
    ROUTE_TABLE(ROUTE_GET("/provider", page_provider, RIGHT_MEMBER),
                ROUTE_POST("/provider/apply", page_provider_apply_post, RIGHT_MEMBER));
