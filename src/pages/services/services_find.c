/*
 * services_find.c — see services_find.h.
 */
#include "pages/services/services_find.h"

#include "core/search_text.h"
#include "pages/services/services_view.h"
#include "store/org.h"
#include "store/service_index.h"
#include "web/page.h"

/* The signed-in visitor's organisation's prefecture; 0 for none. */
static enum mm_err visitor_prefecture(struct req *r, int *prefecture)
{
	struct org_membership m;
	struct org_profile o;
	*prefecture = 0;
	if (!r->user || !r->store)
		return MM_OK;
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &m);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e || (e = store_org_by_id(r->store, r->arena, m.organisation_id, &o)))
		return e == MM_ERR_NOT_FOUND ? MM_OK : e;
	*prefecture = o.prefecture;
	return MM_OK;
}

enum mm_err services_find_read(struct req *r, bool default_prefecture, struct service_search *s,
                               bool *defaulted)
{
	enum mm_err e = service_search_read(r->arena, &r->query_fields, s);
	*defaulted = false;
	if (e || !default_prefecture || s->prefecture_given)
		return e;
	if ((e = visitor_prefecture(r, &s->prefecture)))
		return e;
	*defaulted = s->prefecture != 0;
	return MM_OK;
}

enum mm_err services_cache_key(struct req *r, const char *prefix, struct str canonical,
                               char key[RENDER_CACHE_KEY_MAX], bool *cacheable)
{
	struct str today = page_today(r);
	int64_t generation;
	*cacheable = false;
	if (r->user || !r->store)
		return MM_OK;
	/* Read before the page's content, so that a body is never older than
	 * the generation it is cached under. */
	enum mm_err e = store_catalogue_generation_recent(r->store, &generation);
	if (e)
		return e;
	char *text =
	    arena_printf(r->arena, "%s\n%.*s\n%lld\n%.*s", lang_code(r->lang), (int)today.n,
	                 today.p, (long long)generation, (int)canonical.n, canonical.p);
	if (!text)
		return MM_ERR_NOMEM;
	*cacheable = render_cache_key(key, prefix, str_from(text));
	return MM_OK;
}

static enum mm_err find_page(struct req *r, const struct service_search *s, struct str folded,
                             struct str today, int64_t page, struct service_found *found)
{
	struct service_find q = {.filter = s,
	                         .folded = folded,
	                         .today = today,
	                         .offset = (page - 1) * SERVICES_RESULTS_PAGE,
	                         .limit = SERVICES_RESULTS_PAGE};
	return store_services_find(r->store, r->arena, &q, found);
}

enum mm_err services_find_run(struct req *r, struct service_search *s, struct services_result *out)
{
	struct str folded = STR(""), today = page_today(r);
	struct service_found found;
	enum mm_err e;
	*out = (struct services_result){.page = s->page};
	if (s->text.n && (e = core_search_fold_variants(r->arena, s->text, &folded)))
		return e;
	if ((e = find_page(r, s, folded, today, s->page, &found)))
		return e;
	out->total = found.total;
	out->pages =
	    found.total ? (found.total + SERVICES_RESULTS_PAGE - 1) / SERVICES_RESULTS_PAGE : 1;
	if (out->page > out->pages) { /* past the end: the last page */
		out->page = out->pages;
		s->page = out->page;
		if ((e = find_page(r, s, folded, today, out->page, &found)))
			return e;
	}
	out->items = arena_alloc(r->arena, sizeof *out->items * (found.n ? found.n : 1));
	if (!out->items)
		return MM_ERR_NOMEM;
	return store_services_shown(r->store, r->arena, found.ids, found.n, out->items, &out->n);
}
