/*
 * verify_declarants.c — "/declarants": the public list of organisations
 * whose declaration is in force, searched by name (kanji or kana, from one
 * character), filtered by prefecture, industry and level, paged with a
 * total counted up to DECLARANTS_COUNT_MAX ("more than 1,000"). "Next"
 * links carry a cursor (after=, the last row's public ID), so that every
 * page costs the same however deep; "previous" and old links name a page
 * number, which works up to DECLARANTS_MAX_PAGE. Each row links to its
 * verification page. When asked (include_ended=1, off by default),
 * withdrawn and revoked declarations too, each row then saying its
 * status. Only public fields.
 *
 * The body is kept in the render cache under the search and the
 * verification cache's generation (declarants_cache.h): a search asked
 * again is answered without reading the index or rendering the list.
 */
#include <stdio.h>

#include "view/i18n.h"
#include "web/page.h"
#include "pages/verify/declarants_cache.h"
#include "pages/verify/declarants_query.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "pages/verify/verify_view.h"
#include "web/router.h"

#define JSIC_DIVISIONS "ABCDEFGHIJKLMNOPQRST"

/* The URL of this search at another page, after the cursor when there is
 * one; "any" filters are left out. */
static char *page_url(struct req *r, const struct declarant_query *q, int64_t page,
                      struct str after)
{
	struct buf b;
	buf_init(&b, r->arena, REQ_MAX_URL * 3);
	if (buf_append_cstr(&b, "/declarants?q=") || buf_append_urlenc(&b, q->text) ||
	    (q->prefecture && buf_printf(&b, "&prefecture=%d", q->prefecture)) ||
	    (q->industry.n &&
	     (buf_append_cstr(&b, "&industry=") || buf_append_urlenc(&b, q->industry))) ||
	    (q->level && buf_printf(&b, "&level=%d", q->level)) ||
	    (q->with_ended && buf_append_cstr(&b, "&include_ended=1")) ||
	    (after.n && (buf_append_cstr(&b, "&after=") || buf_append_urlenc(&b, after))) ||
	    buf_printf(&b, "&page=%lld", (long long)page))
		return NULL;
	return buf_cstr(&b);
}

/* Appends to list the options 1..max of a numbered choice (labelled
 * prefix.N), the one equal to chosen selected; false when out of memory. */
static bool numbered_options(struct req *r, struct val *list, const char *prefix, int max,
                             int chosen)
{
	struct arena *a = r->arena;
	for (int n = 1; n <= max; n++) {
		struct val *o = val_list_push_obj(a, list);
		if (!o || !val_set_long(a, o, "value", n) ||
		    !val_set_str(a, o, "label", verify_view_numbered(r, prefix, n)) ||
		    !val_set_bool(a, o, "selected", chosen == n))
			return false;
	}
	return true;
}

static enum mm_err set_options(struct req *r, struct val *ctx, const struct declarant_query *q)
{
	struct arena *a = r->arena;
	struct val *prefs = val_set_list(a, ctx, "prefectures"),
	           *industries = val_set_list(a, ctx, "industries"),
	           *levels = val_set_list(a, ctx, "levels");
	if (!prefs || !industries || !levels)
		return MM_ERR_NOMEM;
	if (!numbered_options(r, prefs, "pref", 47, q->prefecture))
		return MM_ERR_NOMEM;
	for (const char *d = JSIC_DIVISIONS; *d; d++) {
		struct val *o = val_list_push_obj(a, industries);
		char key[16];
		snprintf(key, sizeof key, "industry.%c", *d);
		if (!o || !val_set_str(a, o, "value", (struct str){d, 1}) ||
		    !val_set_str(a, o, "label", page_t(r, key)) ||
		    !val_set_bool(a, o, "selected", q->industry.n && q->industry.p[0] == *d))
			return MM_ERR_NOMEM;
	}
	if (!numbered_options(r, levels, "verify.level", 2, q->level))
		return MM_ERR_NOMEM;
	return val_set_str(a, ctx, "q", q->text) &&
	               val_set_bool(a, ctx, "include_ended", q->with_ended)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

/* "N found." / "More than 1,000 found." and "Page N of M" / "Page N". */
static enum mm_err set_counts(struct req *r, struct val *ctx, const struct declarant_query *q,
                              const struct declarant_page *page)
{
	struct arena *a = r->arena;
	int64_t pages = (page->total + DECLARANTS_PER_PAGE - 1) / DECLARANTS_PER_PAGE;
	char *total = page->total_capped ? arena_printf(a, "%d,%03d", DECLARANTS_COUNT_MAX / 1000,
	                                                DECLARANTS_COUNT_MAX % 1000)
	                                 : arena_printf(a, "%lld", (long long)page->total);
	char *page_text = arena_printf(a, "%lld", (long long)q->page),
	     *pages_text = arena_printf(a, "%lld", (long long)pages);
	if (!total || !page_text || !pages_text)
		return MM_ERR_NOMEM;
	const char *names[] = {"total"}, *names2[] = {"page", "pages"};
	struct str values[] = {str_from(total)},
	           values2[] = {str_from(page_text), str_from(pages_text)};
	char *total_text =
	    i18n_fill(a, r->lang, page->total_capped ? "declarants.total_more" : "declarants.total",
	              names, values, 1);
	char *page_of = page->total_capped
	                    ? i18n_fill(a, r->lang, "declarants.page", names2, values2, 1)
	                    : i18n_fill(a, r->lang, "declarants.page_of", names2, values2, 2);
	if (!total_text || !page_of || !val_set_cstr(a, ctx, "total_text", total_text) ||
	    !val_set_cstr(a, ctx, "page_of", page_of) ||
	    !val_set_bool(a, ctx, "several", q->page > 1 || page->next.n))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_results(struct req *r, struct val *ctx, const struct declarant_query *q,
                               const struct declarant_page *page)
{
	static const char *const statuses[] = {
	    [VERIFICATION_ACTIVE] = "verify.status.active",
	    [VERIFICATION_WITHDRAWN] = "verify.status.withdrawn",
	    [VERIFICATION_REVOKED] = "verify.status.revoked",
	};
	struct arena *a = r->arena;
	struct val *items = val_set_list(a, ctx, "items");
	/* Back by number, which reaches DECLARANTS_MAX_PAGE at most. */
	bool has_prev = q->page > 1 && q->page - 1 <= DECLARANTS_MAX_PAGE;
	char *prev = page_url(r, q, q->page - 1, STR("")),
	     *next = page_url(r, q, q->page + 1, page->next);
	enum mm_err e = set_counts(r, ctx, q, page);
	if (e)
		return e;
	if (!items || !prev || !next || !val_set_bool(a, ctx, "has_items", page->n > 0) ||
	    !val_set_bool(a, ctx, "has_prev", has_prev) ||
	    !val_set_bool(a, ctx, "has_next", page->next.n > 0) ||
	    !val_set_cstr(a, ctx, "prev_url", prev) || !val_set_cstr(a, ctx, "next_url", next))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < page->n; i++) {
		const struct declarant *d = &page->items[i];
		struct val *o = val_list_push_obj(a, items);
		char *url = arena_printf(a, "/verify/%.*s", (int)d->public_id.n, d->public_id.p);
		if (!o || !url || !val_set_str(a, o, "id", d->public_id) ||
		    !val_set_str(a, o, "name", d->name) || !val_set_cstr(a, o, "url", url) ||
		    !val_set_str(a, o, "prefecture",
		                 verify_view_numbered(r, "pref", d->prefecture)) ||
		    !val_set_str(a, o, "level",
		                 verify_view_numbered(r, "verify.level", d->level)) ||
		    !val_set_bool(a, o, "include_ended", q->with_ended) ||
		    !val_set_cstr(a, o, "status_code", verify_status_code(d->status)) ||
		    !val_set_bool(a, o, "ended", d->status != VERIFICATION_ACTIVE) ||
		    !val_set_str(a, o, "status", page_t(r, statuses[d->status])))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* The page's body for q (everything inside the layout); *refused for a
 * page too deep or a cursor that names nothing (nothing rendered). */
static enum mm_err search_body(struct req *r, const struct declarant_query *q, struct str *body,
                               bool *refused)
{
	struct declarant_page page;
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	enum mm_err e = store_verification_search(r->store, r->arena, q, &page);
	*refused = e == MM_ERR_INVALID;
	if (*refused)
		return MM_OK;
	if (e || (e = set_options(r, ctx, q)) || (e = set_results(r, ctx, q, &page)))
		return e;
	return page_render_body(r, "declarants", ctx, body);
}

static enum mm_err page_declarants(struct req *r, struct res *res)
{
	struct declarant_query q;
	struct val *crumbs = page_crumbs(r);
	char key[RENDER_CACHE_KEY_MAX];
	struct str body;
	bool cacheable;
	enum mm_err e;
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "declarants.title"), NULL))
		return MM_ERR_NOMEM;
	if (!declarants_query_read(r, &q)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if ((e = declarants_cache_key(r, DECLARANTS_PAGE, &q, key, &cacheable)))
		return e;
	if (!cacheable || !render_cache_get(r->arena, key, &body)) {
		bool refused;
		if ((e = search_body(r, &q, &body, &refused)))
			return e;
		if (refused) {
			page_error(r, res, 400);
			return MM_OK;
		}
		if (cacheable)
			render_cache_put(key, body);
	}
	return page_layout(r, res, 200, body, page_t(r, "declarants.title"), crumbs);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table verify_declarants_routes =
    ROUTE_TABLE(ROUTE_GET("/declarants", page_declarants, RIGHT_PUBLIC));
