/*
 * news_access.h — who may write an article: an administrator any
 * article; an organiser of a community that community's articles
 * (store/community.h). Site news (community 0) is the administrators'.
 * The editors' pages and the article page (which shows a draft to those
 * who may write it) ask here, beside their routes' rights.
 */
#ifndef MM_PAGES_NEWS_NEWS_ACCESS_H
#define MM_PAGES_NEWS_NEWS_ACCESS_H

#include "web/req.h"

/* Whether r->user (signed in or not) may write community_id's articles
 * (0: site news). */
MM_MUST_USE enum mm_err news_may_write(struct req *r, int64_t community_id, bool *ok);

#endif
