/*
 * admin_orgs.c — organisations as administrators see them:
 * /admin/organisations (search by name, kana, English name or corporate
 * number; paged) and /admin/organisations/{id} (details, members, and
 * every declaration, each linked to its page at /admin/declarations/{id},
 * where it is revoked). Read-only: organisations are changed by their
 * owners.
 *
 * A query is tried in several spellings, because names are typed in many:
 * as given, NFKC-normalised (half-width kana and full-width letters and
 * digits become the usual forms), with hiragana turned into katakana (kana
 * readings are stored in katakana), and, for something that looks like a
 * corporate number, its digits alone.
 */
#include <stdio.h>

#include "core/kana.h"
#include "lib/civil.h"
#include "lib/utf8.h"
#include "pages/admin/admin_page.h"
#include "pages/admin/admin_paging.h"
#include "pages/declaration/declaration_view.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"

/* The digits of s when s is only digits, hyphens and spaces; else "". */
static struct str digits_only(struct arena *a, struct str s)
{
	char *p = arena_alloc(a, s.n + 1);
	size_t n = 0;
	if (!p)
		return STR("");
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] >= '0' && s.p[i] <= '9')
			p[n++] = s.p[i];
		else if (s.p[i] != '-' && s.p[i] != ' ')
			return STR("");
	}
	p[n] = '\0';
	return (struct str){p, n};
}

static void search_terms(struct arena *a, struct str q, struct str terms[ADMIN_SEARCH_TERMS])
{
	struct str nfkc;
	if (utf8_nfkc(a, q, &nfkc))
		nfkc = q;
	terms[0] = q;
	terms[1] = nfkc;
	struct str hiragana;
	if (core_kana_forms(a, nfkc, &terms[2], &hiragana))
		terms[2] = STR("");
	terms[3] = digits_only(a, nfkc);
}

static enum mm_err set_organisation(struct req *r, struct val *obj,
                                    const struct admin_organisation *o)
{
	struct arena *a = r->arena;
	/* in the arena: the page is rendered after this function returned */
	const char *capital =
	    o->p.capital_yen >= 0 ? arena_printf(a, "%lld", (long long)o->p.capital_yen) : "";
	struct str industry = labels_industry(r->lang, o->p.industry);
	/* created_at is stored as text: shown like every other time when it
	 * has the shape it is written in */
	int64_t created;
	struct str created_label = o->created_at;
	if (civil_parse_iso_utc(o->created_at, &created))
		created_label = str_from(page_format_time(r, created));
	if (!capital ||
	    !val_set_cstr(a, obj, "url",
	                  arena_printf(a, "/admin/organisations/%lld", (long long)o->p.id)) ||
	    !val_set_str(a, obj, "public_id", o->p.public_id) ||
	    !val_set_str(a, obj, "name", o->p.name) ||
	    !val_set_str(a, obj, "name_kana", o->p.name_kana) ||
	    !val_set_str(a, obj, "name_en", o->name_en) ||
	    !val_set_str(a, obj, "corporate_number", o->p.corporate_number) ||
	    !val_set_bool(a, obj, "sole_proprietor", o->p.sole_proprietor) ||
	    !val_set_str(a, obj, "prefecture", labels_prefecture(r->lang, o->p.prefecture)) ||
	    !val_set_cstr(a, obj, "industry",
	                  arena_printf(a, "%.*s %.*s", (int)o->p.industry.n, o->p.industry.p,
	                               (int)industry.n, industry.p)) ||
	    !val_set_long(a, obj, "employees", (long)o->p.employees) ||
	    !val_set_cstr(a, obj, "capital", capital) ||
	    !val_set_str(a, obj, "postal_code", o->p.postal_code) ||
	    !val_set_str(a, obj, "address", o->p.address) ||
	    !val_set_str(a, obj, "representative_title", o->p.representative_title) ||
	    !val_set_str(a, obj, "representative_name", o->p.representative_name) ||
	    !val_set_str(a, obj, "contact_name", o->p.contact_name) ||
	    !val_set_str(a, obj, "contact_email", o->p.contact_email) ||
	    !val_set_str(a, obj, "contact_phone", o->p.contact_phone) ||
	    !val_set_str(a, obj, "website", o->p.website) ||
	    !val_set_str(a, obj, "created", created_label) ||
	    !val_set_cstr(a, obj, "updated",
	                  o->p.updated_at ? page_format_time(r, o->p.updated_at) : "") ||
	    !val_set_long(a, obj, "members", (long)o->members))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_admin_organisations(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct str q, terms[ADMIN_SEARCH_TERMS];
	int64_t page, total;
	struct admin_organisation *orgs;
	size_t n;
	enum mm_err e;
	if (!admin_search_params_or_400(r, res, &page, &q))
		return MM_OK;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	search_terms(a, q, terms);
	int64_t offset = (page - 1) * ADMIN_PAGE_SIZE;
	if ((e = store_admin_organisation_search(r->store, a, terms, offset, ADMIN_PAGE_SIZE, &orgs,
	                                         &n, &total)))
		return e;
	struct val *list = val_set_list_counted(a, ctx, "organisations", "has_organisations", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *item = val_list_push_obj(a, list);
		if (!item || (e = set_organisation(r, item, &orgs[i])))
			return item ? e : MM_ERR_NOMEM;
	}
	return admin_search_render(r, res, "admin_organisations", ctx, "admin.organisations_title",
	                           "/admin/organisations", q, page, total);
}

static enum mm_err set_members(struct req *r, struct val *ctx, int64_t organisation_id)
{
	struct arena *a = r->arena;
	struct admin_member *m;
	size_t n;
	enum mm_err e = store_admin_organisation_members(r->store, a, organisation_id, &m, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "members", "has_members", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; !e && i < n; i++)
		e = admin_membership_row_push(
		    r, list,
		    &(struct admin_membership_row){
		        arena_printf(a, "/admin/users/%lld", (long long)m[i].user_id), &m[i].email,
		        m[i].name, m[i].role, m[i].created_at});
	return e;
}

/* ctx.declarations: every declaration of the organisation, newest first,
 * each with the address of its administrator's page. */
static enum mm_err set_declarations(struct req *r, struct val *ctx, int64_t organisation_id)
{
	struct arena *a = r->arena;
	struct declaration *d;
	size_t n;
	enum mm_err e = store_declaration_list_of(r->store, a, organisation_id, &d, &n);
	if (e)
		return e;
	struct val *list = val_set_list_counted(a, ctx, "declarations", "has_declarations", n);
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		const char *url = arena_printf(a, "/admin/declarations/%.*s", (int)d[i].public_id.n,
		                               d[i].public_id.p);
		if (!v || !url || !val_set_cstr(a, v, "url", url))
			return MM_ERR_NOMEM;
		if ((e = declaration_set_summary(r, v, "d", &d[i])))
			return e;
	}
	return MM_OK;
}

static enum mm_err page_admin_organisation(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct admin_organisation o;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	enum mm_err e = store_admin_organisation_by_id(r->store, a, req_param_int(r, "id"), &o);
	bool found;
	if ((e = page_found_or_404(r, res, e, &found)) || !found)
		return e;
	struct val *org = val_set_obj(a, ctx, "organisation");
	if (!org)
		return MM_ERR_NOMEM;
	if ((e = set_organisation(r, org, &o)) || (e = set_members(r, ctx, o.p.id)) ||
	    (e = set_declarations(r, ctx, o.p.id)))
		return e;
	audit_note(r, "admin.organisation_view", 0, o.p.id, STR(""), AUDIT_OK, "");
	return admin_render(r, res, 200, "admin_organisation", ctx, o.p.name,
	                    "admin.organisations_title", "/admin/organisations");
}

/* This file's routes, in dispatch order (see admin_routes.c). */
const struct route_table admin_orgs_routes =
    ROUTE_TABLE(ROUTE_GET("/admin/organisations", page_admin_organisations, RIGHT_ADMIN),
                ROUTE_GET("/admin/organisations/{id:int}", page_admin_organisation, RIGHT_ADMIN));
