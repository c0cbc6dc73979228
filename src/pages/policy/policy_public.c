/*
 * policy_public.c — the public policy pages, for anyone:
 *
 *   GET /policy/{public id}            the current version, with every
 *                                      version listed; or, when the firm
 *                                      publishes on its own site, a link there
 *   GET /policy/{public id}/v/{n}      version n, at the same address for ever
 *   GET /policy/{public id}/v/{n}.pdf  version n as an A4 PDF
 *
 * Versions are shown while the policy is published here (hosted); after
 * unpublishing, or with an external address, they answer 404 like a policy
 * that never existed. Everything the firm wrote is escaped by the
 * templates and is plain text to pango in the PDF.
 */
#include <time.h>

#include "lib/civil.h"
#include "view/labels.h"
#include "pages/policy/policy_document.h"
#include "store/policy.h"
#include "web/page.h"
#include "web/router.h"

#define VERSION_NUMBER_MAX 1000000

struct public_policy {
	int64_t org_id;
	struct str public_id, org_name;
	struct policy_publication publication;
};

/* The organisation and its publication; *found false when either is
 * missing. */
static enum mm_err public_load(struct req *r, struct store *s, struct public_policy *out,
                               bool *found)
{
	enum mm_err e;
	*found = false;
	out->public_id = req_param(r, "org"); /* {org:public_id}: RIGHT_PUBLIC, so no r->org */
	e = store_policy_organisation_by_public_id(s, r->arena, out->public_id, &out->org_id,
	                                           &out->org_name);
	if (!e)
		e = store_policy_publication_get(s, r->arena, out->org_id, &out->publication);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	*found = e == MM_OK;
	return e;
}

static enum mm_err set_versions(struct req *r, struct store *s, struct val *ctx,
                                const struct public_policy *p, int64_t shown)
{
	struct arena *a = r->arena;
	struct policy_version *v;
	size_t n;
	enum mm_err e = store_policy_version_list(s, a, p->org_id, &v, &n);
	struct val *list = val_set_list(a, ctx, "versions");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_list_push_obj(a, list);
		char *url = arena_printf(a, "/policy/%.*s/v/%lld", (int)p->public_id.n,
		                         p->public_id.p, (long long)v[i].number);
		if (!o || !url || !val_set_long(a, o, "number", (long)v[i].number) ||
		    !val_set_str(a, o, "label", policy_version_label(r, v[i].number)) ||
		    !val_set_cstr(a, o, "url", url) ||
		    !val_set_cstr(a, o, "date", page_format_date(r, v[i].published_at)) ||
		    !val_set_bool(a, o, "shown", v[i].number == shown) ||
		    !val_set_bool(a, o, "current", v[i].number == p->publication.version_number))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err render_version(struct req *r, struct res *res, struct store *s,
                                  const struct public_policy *p, const struct policy_version *v)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct val *crumbs = page_crumbs(r);
	bool current = v->number == p->publication.version_number;
	char *base = arena_printf(a, "/policy/%.*s", (int)p->public_id.n, p->public_id.p);
	char *pdf = base ? arena_printf(a, "%s/v/%lld.pdf", base, (long long)v->number) : NULL;
	char *number = arena_printf(a, "%lld", (long long)v->number);
	char *current_number = arena_printf(a, "%lld", (long long)p->publication.version_number);
	const char *const names[] = {"number", "date"};
	const struct str values[] = {str_from(number),
	                             str_from(page_format_date(r, v->published_at))};
	enum mm_err e;
	if (!ctx || !crumbs || !pdf || !number || !current_number)
		return MM_ERR_NOMEM;
	if ((e = policy_set_document(r, ctx, &v->text)) ||
	    (e = set_versions(r, s, ctx, p, v->number)))
		return e;
	struct str title = labels_fill(r->arena, r->lang, "policy.public.page_title",
	                               (const char *const[]){"name"}, &p->org_name, 1);
	if (!val_set_str(a, ctx, "org_name", p->org_name) ||
	    !val_set_str(
	        a, ctx, "version_line",
	        labels_fill(r->arena, r->lang, "policy.public.version", names, values, 2)) ||
	    !val_set_bool(a, ctx, "is_current", current) ||
	    !val_set_cstr(a, ctx, "current_url", base) ||
	    !val_set_cstr(a, ctx, "current_number", current_number) ||
	    !val_set_cstr(a, ctx, "pdf_url", pdf) || page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "policy_public", ctx, title, crumbs);
}

static enum mm_err render_external(struct req *r, struct res *res, const struct public_policy *p)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct val *crumbs = page_crumbs(r);
	if (!ctx || !crumbs)
		return MM_ERR_NOMEM;
	struct str title = labels_fill(r->arena, r->lang, "policy.public.page_title",
	                               (const char *const[]){"name"}, &p->org_name, 1);
	if (!val_set_str(a, ctx, "org_name", p->org_name) ||
	    !val_set_str(a, ctx, "url", p->publication.url) ||
	    !val_set_cstr(a, ctx, "date", page_format_date(r, p->publication.published_at)) ||
	    page_crumb(r, crumbs, title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "policy_external", ctx, title, crumbs);
}

static enum mm_err page_policy_public(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct public_policy p;
	struct policy_version v;
	bool found;
	enum mm_err e;
	if ((e = public_load(r, s, &p, &found)))
		return e;
	if (!found) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (p.publication.kind == POLICY_EXTERNAL)
		return render_external(r, res, &p);
	if ((e = store_policy_version_get(s, r->arena, p.org_id, p.publication.version_number, &v)))
		return e;
	return render_version(r, res, s, &p, &v);
}

static enum mm_err send_pdf(struct req *r, struct res *res, const struct public_policy *p,
                            const struct policy_version *v)
{
	enum lang l = policy_lang(&v->text);
	char *number = arena_printf(r->arena, "%lld", (long long)v->number);
	const char *const names[] = {"name", "number", "date", "url"};
	char *url = arena_printf(r->arena, "/policy/%.*s/v/%lld", (int)p->public_id.n,
	                         p->public_id.p, (long long)v->number);
	char *filename = arena_printf(r->arena, "inline; filename=\"policy-%.*s-v%lld.pdf\"",
	                              (int)p->public_id.n, p->public_id.p, (long long)v->number);
	struct str body;
	enum mm_err e;
	if (!number || !url || !filename)
		return MM_ERR_NOMEM;
	struct civil published = civil_utc(v->published_at + CIVIL_JAPAN_OFFSET_S);
	char *date = i18n_format_date(r->arena, l, published.year, published.month, published.day);
	if (!date)
		return MM_ERR_NOMEM;
	const struct str values[] = {v->text.organisation_name, str_from(number), str_from(date),
	                             str_from(url)};
	char *footer = i18n_fill(r->arena, l, "policy.pdf.footer", names, values, 4);
	if (!footer)
		return MM_ERR_NOMEM;
	if ((e = policy_render_pdf(r, &v->text, str_from(footer), &body)))
		return e;
	if ((e = res_header(r, res, "Content-Disposition", str_from(filename))))
		return e;
	return page_text(r, res, 200, "application/pdf", body);
}

static enum mm_err page_policy_version(struct req *r, struct res *res)
{
	struct store *s = r->store;
	struct public_policy p;
	struct policy_version v;
	struct str n = req_param(r, "number");
	bool found, pdf = str_ends_with(n, ".pdf");
	long number;
	enum mm_err e;
	if (pdf)
		n.n -= 4;
	if ((e = public_load(r, s, &p, &found)))
		return e;
	if (!found || p.publication.kind != POLICY_HOSTED || n.n == 0 || n.p[0] == '0' ||
	    str_to_long(n, 1, VERSION_NUMBER_MAX, &number)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	e = store_policy_version_get(s, r->arena, p.org_id, number, &v);
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	return pdf ? send_pdf(r, res, &p, &v) : render_version(r, res, s, &p, &v);
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_public_routes =
    ROUTE_TABLE(ROUTE_GET("/policy/{org:public_id}", page_policy_public, RIGHT_PUBLIC),
                ROUTE_GET("/policy/{org:public_id}/v/{number}", page_policy_version, RIGHT_PUBLIC));
