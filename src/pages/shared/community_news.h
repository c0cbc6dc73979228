/*
 * community_news.h — the news section of a community's page
 * (/communities/{id}, pages/events/communities.c): its newest public
 * articles, the address of its Atom feed, and for its organisers (and
 * administrators) the way to its editors' list (pages/news/news_edit.c).
 * Shared so that the communities' page need not know the news area.
 */
#ifndef MM_PAGES_SHARED_COMMUNITY_NEWS_H
#define MM_PAGES_SHARED_COMMUNITY_NEWS_H

#include "view/value.h"
#include "web/req.h"

#define COMMUNITY_NEWS_MAX 5 /* articles shown on the community's page */

/* ctx.news {articles (title, url, date, datetime, summary), has_articles,
 * feed_url, manage_url, may_write} for the partial
 * templates/partials/community_news.html. */
MM_MUST_USE enum mm_err community_news_set(struct req *r, struct val *ctx, int64_t community_id,
                                           bool may_write);

#endif
