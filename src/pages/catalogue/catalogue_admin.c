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
 * written to the audit log in the transaction that makes it.
 */
#include "core/catalogue.h"
#include "pages/admin/admin_page.h"
#include "pages/catalogue/catalogue_format.h"
#include "pages/catalogue/catalogue_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "store/services.h"
#include "view/labels.h"
#include "web/audit.h"
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

/* The application of {id} and the review form f; *found false (404 sent)
 * when there is none. */
static enum mm_err load_provider(struct req *r, struct res *res, struct service_provider *p,
                                 struct webform *f, bool *found)
{
	enum mm_err e = page_found_or_404(
	    r, res, store_provider_by_id(r->store, r->arena, req_param_int(r, "id"), p), found);
	return e || !*found ? e : webform_init(f, r, res, val_obj(r->arena));
}

static enum mm_err render_provider(struct webform *f, struct res *res,
                                   const struct service_provider *p, int status)
{
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
	    !val_set_cstr(a, obj, "action_url",
	                  arena_printf(a, "/admin/services/providers/%lld", (long long)p->id)))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_service_provider", f->ctx, p->company_name,
	                    "catalogue.admin.title", "/admin/services");
}

static enum mm_err page_admin_provider(struct req *r, struct res *res)
{
	struct service_provider p;
	struct webform f;
	bool found;
	enum mm_err e = load_provider(r, res, &p, &f, &found);
	if (e || !found)
		return e;
	return render_provider(&f, res, &p, 200);
}

struct provider_review {
	const struct service_provider *p;
	enum provider_status status;
	struct str reason;
};

static enum mm_err provider_review_tx(struct req *r, struct store *s, void *arg)
{
	struct provider_review *rv = arg;
	enum mm_err e =
	    store_provider_review(s, rv->p->id, rv->status, rv->reason, r->user->id, r->now);
	if (e)
		return e;
	bool ok = rv->status == PROVIDER_APPROVED;
	if ((e = tell_provider(s, r, rv->p,
	                       ok ? "catalogue_provider_approved" : "catalogue_provider_rejected",
	                       rv->p->company_name, rv->reason)))
		return e;
	return audit_log(r, ok ? "provider.approve" : "provider.reject", 0, rv->p->organisation_id,
	                 rv->p->company_name, AUDIT_OK,
	                 ok ? arena_printf(r->arena, "provider %lld", (long long)rv->p->id)
	                    : arena_printf(r->arena, "provider %lld: %.*s", (long long)rv->p->id,
	                                   (int)rv->reason.n, rv->reason.p));
}

/* The reason of a rejection, checked; "" (and an error in f) when it is
 * missing or not text. */
static struct str take_reason(struct webform *f)
{
	return webform_take_required(f, "reason", SERVICE_REASON_MAX_CHARS, service_text_ok,
	                             "catalogue.error.reason");
}

/* After the transaction of a review (e): back to the record's page back,
 * saying what was decided, or saying nothing when it had been decided
 * already (MM_ERR_NOT_FOUND: no longer pending). */
static enum mm_err review_done(struct req *r, struct res *res, enum mm_err e, const char *back,
                               bool approved)
{
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, back);
	if (e)
		return e;
	return page_redirectf(r, res, "%s?notice=%s", back, approved ? "approved" : "rejected");
}

/* The question before a rejection of the record at record_url (an
 * application or a version, named name), with the reason field of f. */
static enum mm_err render_reject(struct webform *f, struct res *res, int status,
                                 const char *record_url, const char *title_key,
                                 const char *text_key, struct str name)
{
	if (!record_url)
		return MM_ERR_NOMEM;
	return admin_reject_render(f, res, status,
	                           &(struct admin_reject){
	                               .title_key = title_key,
	                               .text_key = text_key,
	                               .reason_key = "catalogue.admin.reason",
	                               .hint_key = "catalogue.admin.reason_hint",
	                               .submit_key = "catalogue.admin.reject",
	                               .name = name,
	                               .record_url = record_url,
	                               .parent_key = "catalogue.admin.title",
	                               .parent_url = "/admin/services",
	                           });
}

static enum mm_err render_provider_reject(struct webform *f, struct res *res,
                                          const struct service_provider *p, int status)
{
	return render_reject(
	    f, res, status,
	    arena_printf(f->r->arena, "/admin/services/providers/%lld", (long long)p->id),
	    "catalogue.admin.reject_provider_title", "catalogue.admin.reject_provider_text",
	    p->company_name);
}

/* Only an application waiting for review is asked about; otherwise its
 * page is where to go. */
static enum mm_err page_admin_provider_reject(struct req *r, struct res *res)
{
	struct service_provider p;
	struct webform f;
	bool found;
	enum mm_err e = load_provider(r, res, &p, &f, &found);
	if (e || !found)
		return e;
	if (p.status != PROVIDER_PENDING)
		return page_redirectf(r, res, "/admin/services/providers/%lld", (long long)p.id);
	return (e = webform_blank(&f, "reason", NULL)) ? e
	                                               : render_provider_reject(&f, res, &p, 200);
}

static enum mm_err decide_provider(struct req *r, struct res *res, enum provider_status status)
{
	struct service_provider p;
	struct webform f;
	bool found;
	enum mm_err e = load_provider(r, res, &p, &f, &found);
	if (e || !found)
		return e;
	struct provider_review rv = {.p = &p, .status = status, .reason = STR("")};
	if (status == PROVIDER_REJECTED) {
		rv.reason = take_reason(&f);
		if (!webform_ok(&f))
			return render_provider_reject(&f, res, &p, 422);
	}
	return review_done(
	    r, res, page_tx(r, provider_review_tx, &rv),
	    arena_printf(r->arena, "/admin/services/providers/%lld", (long long)p.id),
	    status == PROVIDER_APPROVED);
}

static enum mm_err page_admin_provider_approve_post(struct req *r, struct res *res)
{
	return decide_provider(r, res, PROVIDER_APPROVED);
}

static enum mm_err page_admin_provider_reject_post(struct req *r, struct res *res)
{
	return decide_provider(r, res, PROVIDER_REJECTED);
}

/* ---- a version ------------------------------------------------------------------- */

/* The version of {id} and the review form f; *found false (404 sent)
 * when there is none. */
static enum mm_err load_version(struct req *r, struct res *res, struct service *v,
                                struct webform *f, bool *found)
{
	enum mm_err e = page_found_or_404(
	    r, res, store_service_version(r->store, r->arena, req_param_int(r, "id"), v), found);
	return e || !*found ? e : webform_init(f, r, res, val_obj(r->arena));
}

static enum mm_err render_version(struct webform *f, struct res *res, const struct service *v,
                                  int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	struct val *obj = val_set_obj(a, f->ctx, "version");
	struct service live;
	enum mm_err e = notice_set(r, f->ctx, "catalogue.admin.notice", notices, 3);
	if (e || !obj || (e = catalogue_view_set(r, obj, v)))
		return e ? e : MM_ERR_NOMEM;
	/* The live version beside a change, when it is another one. */
	e = store_service_live(r->store, a, v->id, page_today(r), &live);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool has_live = !e && live.version_id != v->version_id;
	if (has_live) {
		struct val *lo = val_set_obj(a, f->ctx, "live");
		if (!lo || (e = catalogue_view_set(r, lo, &live)))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, f->ctx, "has_live", has_live) ||
	    !val_set_cstr(
	        a, f->ctx, "action_url",
	        arena_printf(a, "/admin/services/versions/%lld", (long long)v->version_id)))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_service_version", f->ctx, v->name,
	                    "catalogue.admin.title", "/admin/services");
}

static enum mm_err page_admin_version(struct req *r, struct res *res)
{
	struct service v;
	struct webform f;
	bool found;
	enum mm_err e = load_version(r, res, &v, &f, &found);
	if (e || !found)
		return e;
	return render_version(&f, res, &v, 200);
}

struct version_review {
	const struct service *v;
	bool approve;
	struct str reason;
};

static enum mm_err version_review_tx(struct req *r, struct store *s, void *arg)
{
	struct version_review *rv = arg;
	enum mm_err e =
	    rv->approve
	        ? store_service_make_live(s, rv->v->version_id, r->user->id, r->now)
	        : store_service_reject(s, rv->v->version_id, rv->reason, r->user->id, r->now);
	struct service_provider p;
	if (e || (e = store_provider_by_id(s, r->arena, rv->v->provider_id, &p)) ||
	    (e = tell_provider(s, r, &p,
	                       rv->approve ? "catalogue_listing_approved"
	                                   : "catalogue_listing_rejected",
	                       rv->v->name, rv->reason)))
		return e;
	const char *detail =
	    rv->approve
	        ? arena_printf(r->arena, "service %lld version %lld", (long long)rv->v->id,
	                       (long long)rv->v->number)
	        : arena_printf(r->arena, "service %lld version %lld: %.*s", (long long)rv->v->id,
	                       (long long)rv->v->number, (int)rv->reason.n, rv->reason.p);
	return audit_log(r, rv->approve ? "service.approve" : "service.reject", 0, 0, rv->v->name,
	                 AUDIT_OK, detail);
}

static enum mm_err render_version_reject(struct webform *f, struct res *res,
                                         const struct service *v, int status)
{
	return render_reject(
	    f, res, status,
	    arena_printf(f->r->arena, "/admin/services/versions/%lld", (long long)v->version_id),
	    "catalogue.admin.reject_version_title", "catalogue.admin.reject_version_text", v->name);
}

/* Only a version waiting for review is asked about; otherwise its page
 * is where to go. */
static enum mm_err page_admin_version_reject(struct req *r, struct res *res)
{
	struct service v;
	struct webform f;
	bool found;
	enum mm_err e = load_version(r, res, &v, &f, &found);
	if (e || !found)
		return e;
	if (v.status != VERSION_PENDING)
		return page_redirectf(r, res, "/admin/services/versions/%lld",
		                      (long long)v.version_id);
	return (e = webform_blank(&f, "reason", NULL)) ? e
	                                               : render_version_reject(&f, res, &v, 200);
}

static enum mm_err decide_version(struct req *r, struct res *res, bool approve)
{
	struct service v;
	struct webform f;
	bool found;
	enum mm_err e = load_version(r, res, &v, &f, &found);
	if (e || !found)
		return e;
	struct version_review rv = {.v = &v, .approve = approve, .reason = STR("")};
	if (!approve) {
		rv.reason = take_reason(&f);
		if (!webform_ok(&f))
			return render_version_reject(&f, res, &v, 422);
	}
	return review_done(
	    r, res, page_tx(r, version_review_tx, &rv),
	    arena_printf(r->arena, "/admin/services/versions/%lld", (long long)v.version_id),
	    approve);
}

static enum mm_err page_admin_version_approve_post(struct req *r, struct res *res)
{
	return decide_version(r, res, true);
}

static enum mm_err page_admin_version_reject_post(struct req *r, struct res *res)
{
	return decide_version(r, res, false);
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
