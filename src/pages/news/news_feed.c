/*
 * news_feed.c — the Atom feeds (RFC 4287, view/atom.h): "/news.atom" of
 * every public article, "/communities/{id}/news.atom" of one community's,
 * the NEWS_FEED_ENTRIES newest. Ids are tag: URIs (RFC 4151) made of the
 * site's host, the day the article (or the feed) began and the article's
 * id, none of which ever changes, so a reader never sees an entry twice
 * after an edit or a new slug.
 */
#include <string.h>

#include "core/news.h"
#include "lib/civil.h"
#include "pages/news/news_view.h"
#include "store/community.h"
#include "view/atom.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"

/* The day the feeds began, in their ids, and as Unix time: the site
 * feed's updated while it has no entry. */
#define NEWS_FEED_EPOCH "2026-12-01"
#define NEWS_FEED_EPOCH_S INT64_C(1796083200)

/* The host of the site's address ("mamori.example.jp" of
 * "https://mamori.example.jp:8443/"), for tag: ids. */
static struct str site_host(struct req *r)
{
	char *base = mail_link(r->arena, "/");
	struct str h = str_from(base);
	const char *scheme = base ? strstr(base, "://") : NULL;
	if (!scheme)
		return STR("localhost");
	h.p = scheme + 3;
	h.n = strlen(h.p);
	for (size_t i = 0; i < h.n; i++)
		if (h.p[i] == ':' || h.p[i] == '/') {
			h.n = i;
			break;
		}
	return h.n ? h : STR("localhost");
}

static enum mm_err entry_of(struct req *r, struct str host, const struct news_article *x,
                            struct atom_entry *out)
{
	struct str html;
	char *path = news_view_path(r, x);
	char *url = path ? mail_link(r->arena, path) : NULL;
	char *id = arena_printf(r->arena, "tag:%.*s,%s:news/%lld", (int)host.n, host.p,
	                        civil_iso_date(r->arena, x->created_at), (long long)x->id);
	enum mm_err e = news_view_body(r->arena, x, &html);
	if (e || !url || !id)
		return e ? e : MM_ERR_NOMEM;
	*out = (struct atom_entry){
	    .id = str_from(id),
	    .title = x->title,
	    .url = str_from(url),
	    .author = x->author_name,
	    .summary = x->summary,
	    .content_html = html,
	    .categories = x->tags,
	    .published = x->publish_at,
	    .updated = x->changed_at > x->publish_at ? x->changed_at : x->publish_at,
	};
	return MM_OK;
}

/* The feed of community_id's articles (0: all), titled title, at
 * self_path, beside the page html_path. */
static enum mm_err send_feed(struct req *r, struct res *res, int64_t community_id, struct str title,
                             const char *self_path, const char *html_path, const char *id_tail,
                             int64_t since)
{
	struct news_article *list;
	size_t n;
	int64_t total;
	struct org_page window = {.offset = 0, .limit = NEWS_FEED_ENTRIES};
	enum mm_err e =
	    store_news_public(r->store, r->arena, r->now, community_id, window, &list, &n, &total);
	if (e)
		return e;
	struct str host = site_host(r);
	struct atom_entry *entries = n ? arena_alloc(r->arena, n * sizeof *entries) : NULL;
	char *self = mail_link(r->arena, self_path), *html = mail_link(r->arena, html_path);
	char *id =
	    arena_printf(r->arena, "tag:%.*s,%s:%s", (int)host.n, host.p, NEWS_FEED_EPOCH, id_tail);
	if ((n && !entries) || !self || !html || !id)
		return MM_ERR_NOMEM;
	struct atom_feed feed = {.id = str_from(id),
	                         .title = title,
	                         .self_url = str_from(self),
	                         .html_url = str_from(html),
	                         .lang = str_from(lang_code(r->lang)),
	                         .updated = since};
	for (size_t i = 0; i < n; i++) {
		if ((e = entry_of(r, host, &list[i], &entries[i])))
			return e;
		if (entries[i].updated > feed.updated)
			feed.updated = entries[i].updated;
	}
	struct buf b;
	buf_init(&b, r->arena, 8 * 1024 * 1024);
	if ((e = atom_write(&b, &feed, entries, n)))
		return e;
	return page_text(r, res, 200, ATOM_CONTENT_TYPE, buf_str(&b));
}

static enum mm_err page_news_atom(struct req *r, struct res *res)
{
	return send_feed(r, res, 0, page_t(r, "news.feed.title"), "/news.atom", "/news", "news",
	                 NEWS_FEED_EPOCH_S);
}

static enum mm_err page_community_news_atom(struct req *r, struct res *res)
{
	static const char *const names[] = {"community"};
	struct community c;
	int64_t id = req_param_int(r, "id");
	enum mm_err e = store_community_get(r->store, r->arena, id, &c);
	if (e == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		return MM_OK;
	}
	const struct str values[] = {c.name};
	char *title =
	    e ? NULL : i18n_fill(r->arena, r->lang, "news.feed.community_title", names, values, 1);
	char *self = arena_printf(r->arena, "/communities/%lld/news.atom", (long long)id);
	char *html = arena_printf(r->arena, "/communities/%lld", (long long)id);
	char *tail = arena_printf(r->arena, "news/community/%lld", (long long)id);
	if (e || !title || !self || !html || !tail)
		return e ? e : MM_ERR_NOMEM;
	return send_feed(r, res, id, str_from(title), self, html, tail, c.created_at);
}

/* This file's routes, in dispatch order (see news_routes.c). */
const struct route_table news_feed_routes = ROUTE_TABLE(
    ROUTE_GET("/news.atom", page_news_atom, RIGHT_PUBLIC),
    ROUTE_GET("/communities/{id:int}/news.atom", page_community_news_atom, RIGHT_PUBLIC));
