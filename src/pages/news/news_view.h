/*
 * news_view.h — what the news pages show of an article: its address,
 * dates in Japan's time, tags, whether it is a draft, scheduled or
 * updated, and its body rendered from CommonMark (libcmark, safe mode:
 * raw HTML dropped, unsafe links removed; its headings moved below the
 * article's title). Shared by the public pages,
 * the feeds and the editors' lists; never reads the store.
 */
#ifndef MM_PAGES_NEWS_NEWS_VIEW_H
#define MM_PAGES_NEWS_NEWS_VIEW_H

#include "store/news.h"
#include "view/value.h"
#include "web/req.h"

/* The article's path, "/news/SLUG", in the arena (NULL when full). */
char *news_view_path(struct req *r, const struct news_article *x);
/* Sets in v: id, slug, url, title, summary, author, tags (a list of
 * {tag}), has_tags, date, datetime (ISO, for <time>), is_public,
 * is_draft, is_scheduled, scheduled_time, updated, updated_date,
 * has_community, community_name, community_url, and with with_body the
 * rendered body (body_html). */
MM_MUST_USE enum mm_err news_view_set(struct req *r, struct val *v, const struct news_article *x,
                                      bool with_body);
/* The article's body rendered to sit under its title (the page's h1, an
 * entry's title in a feed): a "# " heading in it becomes h2. */
MM_MUST_USE enum mm_err news_view_body(struct arena *a, const struct news_article *x,
                                       struct str *html);
/* ctx.KEY: a list of the articles, each as news_view_set without body. */
MM_MUST_USE enum mm_err news_view_list(struct req *r, struct val *ctx, const char *key,
                                       const struct news_article *list, size_t n);

#endif
