/*
 * news.c — the public news: "/news" lists the published articles (site
 * news and every community's), newest first, NEWS_PAGE_SIZE to a page;
 * "/news/{slug}" shows one. An article that is not public yet (a draft,
 * or scheduled for later) is 404 to everyone but those who may write it
 * (news_access.h), who see it with a note saying so. The public read
 * compares publish_at with the request's time: a scheduled article
 * appears at its time with no job to publish it.
 */
#include "core/news.h"
#include "pages/news/news_access.h"
#include "pages/news/news_view.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "web/page.h"
#include "web/router.h"

/* One page of the public list; a page past the end shows the last one. */
static enum mm_err public_page(struct req *r, struct paging *p, struct news_article **list,
                               size_t *n)
{
	*p = paging_requested(r, NEWS_PAGE_SIZE);
	enum mm_err e =
	    store_news_public(r->store, r->arena, r->now, 0, paging_window(p), list, n, &p->total);
	if (e || !paging_clamp(p))
		return e;
	return store_news_public(r->store, r->arena, r->now, 0, paging_window(p), list, n,
	                         &p->total);
}

static enum mm_err page_news(struct req *r, struct res *res)
{
	struct paging p;
	struct news_article *list;
	size_t n;
	enum mm_err e = public_page(r, &p, &list, &n);
	struct val *ctx = val_obj(r->arena);
	if (e || !ctx)
		return e ? e : MM_ERR_NOMEM;
	if ((e = news_view_list(r, ctx, "articles", list, n)) ||
	    (e = paging_set(r, ctx, &p, "/news?")))
		return e;
	if (!val_set_bool(r->arena, ctx, "has_articles", n > 0))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "news", ctx, "news.title", NULL, NULL);
}

/* Where an article is edited: its community's editor, or the
 * administrators' for site news. */
static char *edit_path(struct req *r, const struct news_article *x)
{
	if (x->community_id)
		return arena_printf(r->arena, "/communities/%lld/news/%lld",
		                    (long long)x->community_id, (long long)x->id);
	return arena_printf(r->arena, "/admin/news/%lld", (long long)x->id);
}

static enum mm_err page_news_article(struct req *r, struct res *res)
{
	struct str slug = req_param(r, "slug");
	struct news_article x;
	bool may_write = false;
	enum mm_err e = news_slug_ok(slug) ? store_news_by_slug(r->store, r->arena, slug, &x)
	                                   : MM_ERR_NOT_FOUND;
	if (!e)
		e = news_may_write(r, x.community_id, &may_write);
	if (e == MM_ERR_NOT_FOUND ||
	    (!e && !may_write && !news_is_public(x.has_publish_at, x.publish_at, r->now))) {
		page_error(r, res, 404);
		return MM_OK;
	}
	struct val *ctx = val_obj(r->arena);
	struct val *crumbs = page_crumbs(r);
	struct val *obj = ctx ? val_set_obj(r->arena, ctx, "article") : NULL;
	if (e || !obj || !crumbs)
		return e ? e : MM_ERR_NOMEM;
	if ((e = news_view_set(r, obj, &x, true)))
		return e;
	if (!val_set_bool(r->arena, ctx, "may_write", may_write) ||
	    !val_set_cstr(r->arena, ctx, "edit_url", edit_path(r, &x)) ||
	    page_crumb(r, crumbs, page_t(r, "news.title"), "/news") ||
	    page_crumb(r, crumbs, x.title, NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "news_article", ctx, x.title, crumbs);
}

/* This file's routes, in dispatch order (see news_routes.c). */
const struct route_table news_routes =
    ROUTE_TABLE(ROUTE_GET("/news", page_news, RIGHT_PUBLIC),
                ROUTE_GET("/news/{slug}", page_news_article, RIGHT_PUBLIC));
