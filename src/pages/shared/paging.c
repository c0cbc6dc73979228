/*
 * paging.c — see paging.h.
 */
#include "pages/shared/paging.h"

#include <stdio.h>

#include "view/labels.h"

struct paging paging_requested(struct req *r, int64_t size)
{
	struct str text;
	long page;
	if (kvlist_get_one(&r->query_fields, "page", &text) != MM_OK ||
	    str_to_long(text, 1, PAGING_PAGE_MAX, &page))
		page = 1;
	return (struct paging){.page = page, .pages = 1, .size = size};
}

struct org_page paging_window(const struct paging *p)
{
	return (struct org_page){.offset = (p->page - 1) * p->size, .limit = p->size};
}

bool paging_clamp(struct paging *p)
{
	p->pages = p->total ? (p->total + p->size - 1) / p->size : 1;
	if (p->page <= p->pages)
		return false;
	p->page = p->pages;
	return true;
}

enum mm_err paging_set(struct req *r, struct val *ctx, const struct paging *p,
                       const char *url_prefix)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, "pagination");
	char *prev = arena_printf(a, "%spage=%lld", url_prefix, (long long)(p->page - 1));
	char *next = arena_printf(a, "%spage=%lld", url_prefix, (long long)(p->page + 1));
	const char *const names[] = {"page", "pages"};
	char page[24], pages[24];
	snprintf(page, sizeof page, "%lld", (long long)p->page);
	snprintf(pages, sizeof pages, "%lld", (long long)p->pages);
	const struct str values[] = {str_from(page), str_from(pages)};
	struct str label = labels_fill(a, r->lang, "org.paging.label", names, values, 2);
	if (!v || !prev || !next || !val_set_bool(a, v, "show", p->pages > 1) ||
	    !val_set_str(a, v, "label", label) || !val_set_bool(a, v, "has_prev", p->page > 1) ||
	    !val_set_cstr(a, v, "prev_url", prev) ||
	    !val_set_bool(a, v, "has_next", p->page < p->pages) ||
	    !val_set_cstr(a, v, "next_url", next))
		return MM_ERR_NOMEM;
	return MM_OK;
}
