/*
 * experts.c — the public experts directory: "/experts" searches the
 * approved profiles by prefecture and skill, 20 to a page; "/experts/{id}"
 * shows one. A profile that is not approved (waiting, rejected) is 404 to
 * everyone here, its author included (they see it at /experts/profile).
 * No address of any kind is shown: the contact button opens a
 * consultation (/consultations/new?expert={id}).
 */
#include <stdio.h>

#include "core/experts.h"
#include "core/help.h"
#include "lib/form.h"
#include "pages/experts/experts_view.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"

/* A query parameter ("" when absent); a repeated one reads as "x", which
 * no filter accepts, so the page says the filter was not understood. */
static struct str query(struct req *r, const char *name)
{
	struct str v = STR("");
	enum mm_err e = kvlist_get_one(&r->query_fields, name, &v);
	return e == MM_ERR_NOT_FOUND ? STR("") : e ? STR("x") : v;
}

static enum mm_err set_filters(struct req *r, struct val *ctx, const struct expert_search *s)
{
	struct arena *a = r->arena;
	char code[4] = "";
	if (s->prefecture)
		snprintf(code, sizeof code, "%d", s->prefecture);
	enum mm_err e = labels_options_prefecture(a, r->lang, ctx, "prefectures", str_from(code));
	if (e)
		return e;
	return labels_options_fixed(a, r->lang, ctx, "skills", help_categories, HELP_CATEGORY_COUNT,
	                            "experts.skill",
	                            s->skill >= 0 ? str_from(help_categories[s->skill]) : STR(""));
}

/* One page of the search; a page past the end shows the last one. */
static enum mm_err search(struct req *r, const struct expert_search *s, struct paging *p,
                          struct expert **list, size_t *n)
{
	int64_t pm = expert_search_prefecture_mask(s), sm = expert_search_skill_mask(s);
	*p = paging_requested(r, EXPERTS_PAGE_SIZE);
	enum mm_err e =
	    store_experts_search(r->store, r->arena, pm, sm, paging_window(p), list, n, &p->total);
	if (e || !paging_clamp(p))
		return e;
	return store_experts_search(r->store, r->arena, pm, sm, paging_window(p), list, n,
	                            &p->total);
}

static enum mm_err page_experts(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct expert_search s;
	bool understood = expert_search_read(query(r, "prefecture"), query(r, "skill"), &s);
	char url[128];
	struct paging p;
	struct expert *list;
	size_t n;
	enum mm_err e;
	if (!expert_search_url(&s, url, sizeof url))
		return MM_ERR_INVALID;
	if ((e = search(r, &s, &p, &list, &n)))
		return e;
	struct val *ctx = val_obj(a);
	struct val *items = val_set_list(a, ctx, "experts");
	if (!items || (e = set_filters(r, ctx, &s)) || (e = paging_set(r, ctx, &p, url)))
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = experts_view_set(r, v, &list[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "has_experts", n > 0) ||
	    !val_set_bool(a, ctx, "not_understood", !understood) ||
	    !val_set_cstr(a, ctx, "total", labels_format_count(a, p.total)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "experts", ctx, "experts.title", NULL, NULL);
}

static enum mm_err page_expert(struct req *r, struct res *res)
{
	struct expert x;
	enum mm_err e = store_expert_by_id(r->store, r->arena, req_param_int(r, "id"), &x);
	if (e == MM_ERR_NOT_FOUND || (!e && x.status != EXPERT_APPROVED)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct val *ctx = val_obj(r->arena);
	struct val *crumbs = page_crumbs(r);
	if (e || !ctx || !crumbs)
		return e ? e : MM_ERR_NOMEM;
	struct val *obj = val_set_obj(r->arena, ctx, "expert");
	if (!obj || (e = experts_view_set(r, obj, &x)))
		return obj ? e : MM_ERR_NOMEM;
	if (page_crumb(r, crumbs, page_t(r, "experts.title"), "/experts") ||
	    page_crumb(r, crumbs, x.name, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "expert", ctx, x.name, crumbs);
}

/* This file's routes, in dispatch order (see experts_routes.c). */
const struct route_table experts_routes =
    ROUTE_TABLE({HTTP_GET, "/experts", page_experts, RIGHT_PUBLIC, 0},
                {HTTP_GET, "/experts/{id:int}", page_expert, RIGHT_PUBLIC, 0});
