/*
 * news_digest.h — the weekly news digest of `mamori serve` (one instance
 * at a time, through the lease "news_digest" of store/statistics.h, taken
 * once a week: core/news.h's news_digest_week). To every account that
 * asked for it (/account/news-digest), when articles were published since
 * its last digest, one mail through the outbox listing them, with a
 * one-click link (/unsubscribe/TOKEN, no log-in) and the List-Unsubscribe
 * headers. Nothing new: no mail. The mail and the subscriber's new
 * covered_until go in one transaction, so an article is sent once.
 */
#ifndef MM_APP_NEWS_DIGEST_H
#define MM_APP_NEWS_DIGEST_H

#include <stdint.h>

#include "lib/err.h"

struct store;

#define NEWS_DIGEST_LEASE_S 3600

/* Sends this week's digests when this owner takes the week's lease: *sent
 * mails queued (0 when another instance has the week, or nothing is new). */
MM_MUST_USE enum mm_err news_digest_job_run(struct store *s, const char *owner, int64_t now,
                                            int64_t *sent);

#endif
