/*
 * catalogue_admin.c — "/admin/services": administrators run the service
 * catalogue. The overview lists the providers' applications and the
 * listings' versions waiting for review (oldest first), with the import
 * (its columns described by catalogue_format.c) and export
 * (catalogue_import.c); one application or one version has its
 * page with the two decisions: approve, or reject with a reason its
 * provider reads on /provider, asked first on the record's /reject page
 * (admin_reject_render). Approving a version makes it the live one
 * (store_service_make_live, the one place that does). Each decision is
 * written to the audit log in the transaction that makes it; the review's
 * pages are pages/admin/admin_review.h's, this file shows the records and
 * says what a decision writes.
 */
#include "core/catalogue.h"
#include "pages/admin/admin_review.h"
#include "pages/catalogue/catalogue_format.h"
#include "pages/catalogue/catalogue_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "store/services.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"
#include "web/mail.h"
#include "web/webform.h"

static const char *const notices[] = {"approved", "rejected", "imported"};

/* Mail KIND (mail.KIND.subject and .body) to provider p's contact, in
 * the contact's language (struct service_provider's contact_lang), not
 * the reviewer's: the name of what was decided, the reason of a
 * rejection, the link to /provider. */
static enum mm_err tell_provider(struct store *s, struct req *r, const struct service_provider *p,
                                 const char *kind, struct str name, struct str reason)
{
	static const char *const names[] = {"name", "reason", "link"};
	char *link = mail_link(r->arena, "/provider");
	if (!link)
		return MM_ERR_NOMEM;
	const struct str values[] = {name, reason, str_from(link)};
	return mail_queue_fields(s, r->arena, mail_lang_from_code(p->contact_lang), kind,
	                         p->contact_email, names, values, 3, r->now);
}

static enum mm_err set_providers(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct service_provider *list;
	size_t n;
	int64_t total;
	enum mm_err e =
	    store_providers_by_status(r->store, a, PROVIDER_PENDING,
	                              (struct org_page){0, SERVICES_PAGE_SIZE}, &list, &n, &total);
	struct val *items = e ? NULL : val_set_list(a, ctx, "providers");
	if (e)
		return e;
	if (!items || !val_set_bool(a, ctx, "has_providers", n > 0) ||
	    !val_set_cstr(a, ctx, "providers_total", labels_format_count(a, total)))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || !val_set_str(a, v, "name", list[i].company_name) ||
		    !val_set_str(a, v, "corporate_number", list[i].corporate_number) ||
		    !val_set_cstr(a, v, "applied", page_format_date(r, list[i].updated_at)) ||
		    !val_set_cstr(
		        a, v, "url",
		        arena_printf(a, "/admin/services/providers/%lld", (long long)list[i].id)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err set_queue(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct paging p = paging_requested(r, SERVICES_PAGE_SIZE);
	struct service *list;
	size_t n;
	enum mm_err e = store_service_queue(r->store, a, paging_window(&p), &list, &n, &p.total);
	if (!e && paging_clamp(&p))
		e = store_service_queue(r->store, a, paging_window(&p), &list, &n, &p.total);
	if (e || (e = paging_set(r, ctx, &p, "/admin/services?")))
		return e;
	struct val *items = val_set_list_counted(a, ctx, "queue", "has_queue", n);
	if (!items || !val_set_cstr(a, ctx, "queue_total", labels_format_count(a, p.total)))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = catalogue_view_set(r, v, &list[i])) ||
		    !val_set_cstr(a, v, "review_url",
		                  arena_printf(a, "/admin/services/versions/%lld",
		                               (long long)list[i].version_id)) ||
		    !val_set_bool(a, v, "change", list[i].number > 1))
			return e ? e : MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err page_admin_services(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = notice_set(r, f.ctx, "catalogue.admin.notice", notices, 3)) ||
	    (e = set_providers(r, f.ctx)) || (e = set_queue(r, f.ctx)) ||
	    (e = catalogue_format_set(r, f.ctx)))
		return e;
	return admin_render(r, res, 200, "admin_services", f.ctx,
	                    page_t(r, "catalogue.admin.title"), NULL, NULL);
}

/* ---- an application ------------------------------------------------------------ */

/* Only an application waiting for review is asked about; otherwise its
 * page is where to go. */
static enum mm_err provider_load(struct req *r, int64_t id, struct admin_review_record *out)
{
	const struct service_provider *p = out->record;
	enum mm_err e = store_provider_by_id(r->store, r->arena, id, out->record);
	if (e)
		return e;
	out->name = p->company_name;
	out->rejectable = p->status == PROVIDER_PENDING;
	return MM_OK;
}

static enum mm_err render_provider(struct webform *f, struct res *res,
                                   const struct admin_review_record *rec, int status)
{
	const struct service_provider *p = rec->record;
	struct req *r = f->r;
	struct arena *a = r->arena;
	struct val *obj = val_set_obj(a, f->ctx, "provider");
	enum mm_err e = notice_set(r, f->ctx, "catalogue.admin.notice", notices, 3);
	if (e)
		return e;
	if (!obj || !val_set_str(a, obj, "name", p->company_name) ||
	    !val_set_str(a, obj, "corporate_number", p->corporate_number) ||
	    !val_set_str(a, obj, "address", p->address) ||
	    !val_set_str(a, obj, "contact_name", p->contact_name) ||
	    !val_set_str(a, obj, "contact_email", p->contact_email) ||
	    !val_set_str(a, obj, "contact_phone", p->contact_phone) ||
	    !val_set_str(a, obj, "status",
	                 labels_keyed(r->lang, "catalogue.provider_status",
	                              str_from(provider_status_names[p->status]))) ||
	    !val_set_bool(a, obj, "pending", p->status == PROVIDER_PENDING) ||
	    !val_set_str(a, obj, "reject_reason", p->reject_reason) ||
	    !val_set_cstr(a, obj, "applied", page_format_time(r, p->updated_at)) ||
	    !val_set_cstr(a, obj, "action_url", rec->url))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_service_provider", f->ctx, p->company_name,
	                    "catalogue.admin.title", "/admin/services");
}

static enum mm_err provider_review_tx(struct req *r, struct store *s,
                                      const struct admin_review_record *rec, bool approve,
                                      struct str reason)
{
	const struct service_provider *p = rec->record;
	enum mm_err e = store_provider_review(
	    s, p->id, approve ? PROVIDER_APPROVED : PROVIDER_REJECTED, reason, r->user->id, r->now);
	if (e ||
	    (e = tell_provider(
	         s, r, p, approve ? "catalogue_provider_approved" : "catalogue_provider_rejected",
	         p->company_name, reason)))
		return e;
	return admin_review_audit(r, approve ? "provider.approve" : "provider.reject",
	                          p->organisation_id, p->company_name,
	                          arena_printf(r->arena, "provider %lld", (long long)p->id),
	                          approve, reason);
}

/* The reason of a rejection, checked; "" (and an error in f) when it is
 * missing or not text. */
static struct str take_reason(struct webform *f)
{
	return webform_take_required(f, "reason", SERVICE_REASON_MAX_CHARS, service_text_ok,
	                             "catalogue.error.reason");
}

/* The question before a rejection of an application or a version, but
 * for its title and text. */
#define REJECT_QUESTION(title, text)                                                               \
	{                                                                                          \
		.title_key = (title), .text_key = (text), .reason_key = "catalogue.admin.reason",  \
		.hint_key = "catalogue.admin.reason_hint", .submit_key = "catalogue.admin.reject", \
		.parent_key = "catalogue.admin.title", .parent_url = "/admin/services"             \
	}

/* A decision is taken once: a second one (another administrator's, a
 * second press) finds the record no longer pending. */
static const struct admin_review PROVIDER_REVIEW = {
    .base = "/admin/services/providers",
    .record_size = sizeof(struct service_provider),
    .load = provider_load,
    .render = render_provider,
    .take_reason = take_reason,
    .decide_tx = provider_review_tx,
    .decided_once = true,
    .question = REJECT_QUESTION("catalogue.admin.reject_provider_title",
                                "catalogue.admin.reject_provider_text"),
};

static enum mm_err page_admin_provider(struct req *r, struct res *res)
{
	return admin_review_page(r, res, &PROVIDER_REVIEW);
}

static enum mm_err page_admin_provider_reject(struct req *r, struct res *res)
{
	return admin_review_reject_page(r, res, &PROVIDER_REVIEW);
}

static enum mm_err page_admin_provider_approve_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &PROVIDER_REVIEW, true);
}

static enum mm_err page_admin_provider_reject_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &PROVIDER_REVIEW, false);
}

/* ---- a version ------------------------------------------------------------------- */

/* Only a version waiting for review is asked about; otherwise its page
 * is where to go. */
static enum mm_err version_load(struct req *r, int64_t id, struct admin_review_record *out)
{
	const struct service *v = out->record;
	enum mm_err e = store_service_version(r->store, r->arena, id, out->record);
	if (e)
		return e;
	out->name = v->name;
	out->rejectable = v->status == VERSION_PENDING;
	return MM_OK;
}

static enum mm_err render_version(struct webform *f, struct res *res,
                                  const struct admin_review_record *rec, int status)
{
	const struct service *v = rec->record;
	struct req *r = f->r;
	struct arena *a = r->arena;
	struct val *obj = val_set_obj(a, f->ctx, "version");
	struct service live;
	enum mm_err e = notice_set(r, f->ctx, "catalogue.admin.notice", notices, 3);
	if (e || !obj || (e = catalogue_view_set(r, obj, v)) ||
	    (e = catalogue_view_set_description(r, obj, v)))
		return e ? e : MM_ERR_NOMEM;
	/* The live version beside a change, when it is another one. */
	e = store_service_live(r->store, a, v->id, page_today(r), &live);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has_live = !e && live.version_id != v->version_id;
	if (has_live) {
		struct val *lo = val_set_obj(a, f->ctx, "live");
		if (!lo || (e = catalogue_view_set(r, lo, &live)) ||
		    (e = catalogue_view_set_description(r, lo, &live)))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, f->ctx, "has_live", has_live) ||
	    !val_set_cstr(a, f->ctx, "action_url", rec->url))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_service_version", f->ctx, v->name,
	                    "catalogue.admin.title", "/admin/services");
}

static enum mm_err version_review_tx(struct req *r, struct store *s,
                                     const struct admin_review_record *rec, bool approve,
                                     struct str reason)
{
	const struct service *v = rec->record;
	enum mm_err e = approve
	                    ? store_service_make_live(s, v->version_id, r->user->id, r->now)
	                    : store_service_reject(s, v->version_id, reason, r->user->id, r->now);
	struct service_provider p;
	if (e || (e = store_provider_by_id(s, r->arena, v->provider_id, &p)) ||
	    (e = tell_provider(
	         s, r, &p, approve ? "catalogue_listing_approved" : "catalogue_listing_rejected",
	         v->name, reason)))
		return e;
	return admin_review_audit(r, approve ? "service.approve" : "service.reject", 0, v->name,
	                          arena_printf(r->arena, "service %lld version %lld",
	                                       (long long)v->id, (long long)v->number),
	                          approve, reason);
}

static const struct admin_review VERSION_REVIEW = {
    .base = "/admin/services/versions",
    .record_size = sizeof(struct service),
    .load = version_load,
    .render = render_version,
    .take_reason = take_reason,
    .decide_tx = version_review_tx,
    .decided_once = true,
    .question = REJECT_QUESTION("catalogue.admin.reject_version_title",
                                "catalogue.admin.reject_version_text"),
};

static enum mm_err page_admin_version(struct req *r, struct res *res)
{
	return admin_review_page(r, res, &VERSION_REVIEW);
}

static enum mm_err page_admin_version_reject(struct req *r, struct res *res)
{
	return admin_review_reject_page(r, res, &VERSION_REVIEW);
}

static enum mm_err page_admin_version_approve_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &VERSION_REVIEW, true);
}

static enum mm_err page_admin_version_reject_post(struct req *r, struct res *res)
{
	return admin_review_decide(r, res, &VERSION_REVIEW, false);
}

/* This file's routes, in dispatch order (see catalogue_routes.c). */
const struct route_table catalogue_admin_routes =
    ROUTE_TABLE(ROUTE_GET("/admin/services", page_admin_services, RIGHT_ADMIN),
                ROUTE_GET("/admin/services/providers/{id:int}", page_admin_provider, RIGHT_ADMIN),
                ROUTE_POST("/admin/services/providers/{id:int}/approve",
                           page_admin_provider_approve_post, RIGHT_ADMIN),
                ROUTE_FORM("/admin/services/providers/{id:int}/reject", page_admin_provider_reject,
                           page_admin_provider_reject_post, RIGHT_ADMIN),
                ROUTE_GET("/admin/services/versions/{id:int}", page_admin_version, RIGHT_ADMIN),
                ROUTE_POST("/admin/services/versions/{id:int}/approve",
                           page_admin_version_approve_post, RIGHT_ADMIN),
                ROUTE_FORM("/admin/services/versions/{id:int}/reject", page_admin_version_reject,
                           page_admin_version_reject_post, RIGHT_ADMIN));
