/*
 * news.h — the news area of the store: articles (site news and each
 * community's), the public pages and feeds of them, the editors' lists,
 * and the weekly digest's subscribers. Written once for every database
 * (store/news.c over store/sql.h). What may be written, by whom and when
 * it is public are the pages' and core/news.h's business; the store keeps
 * the one rule a database must: slugs are unique.
 */
#ifndef MM_STORE_NEWS_H
#define MM_STORE_NEWS_H

#include "store/org.h"

#define NEWS_DIGEST_RECIPIENTS_PAGE 500 /* subscribers read per query */

struct news_article {
	int64_t id;
	int64_t community_id; /* 0: site news */
	int64_t author_id;    /* 0 when the account is gone */
	bool has_publish_at;  /* false: a draft */
	int64_t publish_at, created_at, changed_at;
	struct str slug, title, summary, body, tags, author_name;
	struct str community_name; /* "" for site news */
};

/* A new article into *id: CONFLICT when its slug is taken. */
MM_MUST_USE enum mm_err store_news_insert(struct store *s, const struct news_article *x,
                                          int64_t now, int64_t *id);
/* Saves x over article x->id (slug, texts, publication; not its
 * community or author): changed_at becomes now only when the title,
 * summary, body or tags differ. CONFLICT when the slug is taken,
 * NOT_FOUND when there is no such article. */
MM_MUST_USE enum mm_err store_news_update(struct store *s, const struct news_article *x,
                                          int64_t now);
MM_MUST_USE enum mm_err store_news_by_id(struct store *s, struct arena *a, int64_t id,
                                         struct news_article *out);
MM_MUST_USE enum mm_err store_news_by_slug(struct store *s, struct arena *a, struct str slug,
                                           struct news_article *out);
/* Articles public at now, newest first (publish_at, then id): all of them
 * (community_id 0) or one community's. *total: how many there are. */
MM_MUST_USE enum mm_err store_news_public(struct store *s, struct arena *a, int64_t now,
                                          int64_t community_id, struct org_page page,
                                          struct news_article **out, size_t *n, int64_t *total);
/* Every article, drafts and scheduled ones too, newest first by id: all
 * (community_id 0) or one community's. */
MM_MUST_USE enum mm_err store_news_all(struct store *s, struct arena *a, int64_t community_id,
                                       struct org_page page, struct news_article **out, size_t *n,
                                       int64_t *total);

/* The digest. Subscribing again changes nothing; covered_until starts at
 * now, so a new subscriber gets what is published from then on. */
MM_MUST_USE enum mm_err store_news_digest_subscribed(struct store *s, int64_t user_id, bool *on);
MM_MUST_USE enum mm_err store_news_digest_subscribe(struct store *s, int64_t user_id, int64_t now);
MM_MUST_USE enum mm_err store_news_digest_unsubscribe(struct store *s, int64_t user_id);

struct news_digest_recipient {
	int64_t user_id, covered_until;
	struct str email, lang;
};
/* Subscribers with user_id > after whose covered_until is before
 * published (the newest publication time), confirmed and enabled
 * accounts only, by user_id, a page at most. */
MM_MUST_USE enum mm_err store_news_digest_recipients(struct store *s, struct arena *a,
                                                     int64_t published, int64_t after,
                                                     struct news_digest_recipient **out, size_t *n);
/* The newest publication time at or before now into *at (0 when none). */
MM_MUST_USE enum mm_err store_news_latest_published(struct store *s, int64_t now, int64_t *at);
/* Articles published in (from, to], newest first, at most max. */
MM_MUST_USE enum mm_err store_news_published_between(struct store *s, struct arena *a, int64_t from,
                                                     int64_t to, size_t max,
                                                     struct news_article **out, size_t *n);
/* The subscriber's digest covers what was published up to until. */
MM_MUST_USE enum mm_err store_news_digest_covered(struct store *s, int64_t user_id, int64_t until);

/* `mamori seed`: articles and digest subscribers in proportion to the
 * seeded organisations and accounts (run once the accounts are there):
 * how many of each. */
MM_MUST_USE enum mm_err store_news_seed(struct store *s, int64_t base, int64_t *articles,
                                        int64_t *subscribers);
/* `mamori seed-demo`: the community made first (NOT_FOUND when none). */
MM_MUST_USE enum mm_err store_news_first_community(struct store *s, int64_t *id);

#endif
