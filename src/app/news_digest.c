/*
 * news_digest.c — see news_digest.h.
 */
#include "app/news_digest.h"

#include "app/job_lease.h"

#include <stdio.h>

#include "core/news.h"
#include "lib/arena.h"
#include "lib/civil.h"
#include "store/news.h"
#include "store/nudge.h"
#include "store/statistics.h"
#include "view/i18n.h"
#include "web/mail.h"
#include "web/session.h"

#define NEWS_DIGEST_JOB "news_digest"

struct one_digest {
	const struct news_digest_recipient *to;
	int64_t now;
	struct arena *a;
	int64_t sent;
};

static struct str day_text(struct arena *a, enum lang l, int64_t at)
{
	struct civil c = civil_utc(at + CIVIL_JAPAN_OFFSET_S);
	char *s = i18n_format_date(a, l, c.year, c.month, c.day);
	return s ? str_from(s) : STR("");
}

/* The articles, one entry each (catalogue mail.news_digest.item). */
static enum mm_err articles_text(struct one_digest *x, enum lang l, const struct news_article *list,
                                 size_t n, struct str *out)
{
	static const char *const names[] = {"title", "date", "summary", "link"};
	struct buf b;
	buf_init(&b, x->a, 64 * 1024);
	for (size_t i = 0; i < n; i++) {
		char *path = arena_printf(x->a, "/news/%.*s", (int)list[i].slug.n, list[i].slug.p);
		char *link = path ? mail_link(x->a, path) : NULL;
		if (!link)
			return MM_ERR_NOMEM;
		const struct str values[] = {list[i].title, day_text(x->a, l, list[i].publish_at),
		                             list[i].summary, str_from(link)};
		char *item = i18n_fill(x->a, l, "mail.news_digest.item", names, values, 4);
		if (!item || buf_append_cstr(&b, item))
			return MM_ERR_NOMEM;
	}
	*out = buf_str(&b);
	return MM_OK;
}

/* One subscriber's digest and its new covered_until together. */
static enum mm_err digest_tx(struct store *s, void *arg)
{
	static const char *const names[] = {"articles", "count", "settings", "unsubscribe"};
	struct one_digest *x = arg;
	struct news_article *list;
	size_t n;
	enum lang l = mail_lang_from_code(x->to->lang);
	char token[TOKEN_TEXT_BYTES], path[TOKEN_TEXT_BYTES + 32], count[24];
	unsigned char hash[TOKEN_HASH_BYTES];
	struct str articles;
	enum mm_err e = store_news_published_between(s, x->a, x->to->covered_until, x->now,
	                                             NEWS_DIGEST_ARTICLES, &list, &n);
	/* Covered up to the newest article sent (the list is newest first),
	 * not to now: one published in this very second after the list was
	 * read goes in the next digest. */
	if (e || n == 0 || (e = store_news_digest_covered(s, x->to->user_id, list[0].publish_at)))
		return e;
	if ((e = token_new(token, hash)) ||
	    (e = store_unsubscribe_link_insert(s, hash, x->to->user_id, UNSUBSCRIBE_NEWS_DIGEST,
	                                       x->now)) ||
	    (e = articles_text(x, l, list, n, &articles)))
		return e;
	snprintf(path, sizeof path, "/unsubscribe/%s", token);
	snprintf(count, sizeof count, "%zu", n);
	char *one_click_path = arena_printf(x->a, "%s/one-click", path);
	char *unsubscribe = mail_link(x->a, path),
	     *settings = mail_link(x->a, "/account/news-digest");
	char *one_click = one_click_path ? mail_link(x->a, one_click_path) : NULL;
	if (!unsubscribe || !settings || !one_click)
		return MM_ERR_NOMEM;
	const struct str values[] = {articles, str_from(count), str_from(settings),
	                             str_from(unsubscribe)};
	if ((e = mail_queue_unsubscribable(s, x->a, l, "news_digest", x->to->email, names, values,
	                                   4, one_click, x->now)))
		return e;
	x->sent++;
	return MM_OK;
}

static enum mm_err send_all(struct store *s, int64_t now, int64_t *sent)
{
	struct arena a;
	int64_t latest, after = 0;
	enum mm_err e = store_news_latest_published(s, now, &latest);
	if (e || latest == 0)
		return e;
	arena_init(&a, ARENA_REQUEST_MAX);
	for (size_t n = NEWS_DIGEST_RECIPIENTS_PAGE; !e && n == NEWS_DIGEST_RECIPIENTS_PAGE;) {
		struct news_digest_recipient *to;
		arena_reset(&a);
		if ((e = store_news_digest_recipients(s, &a, latest, after, &to, &n)))
			break;
		for (size_t i = 0; i < n && !e; i++) {
			struct one_digest x = {.to = &to[i], .now = now, .a = &a};
			e = store_tx(s, digest_tx, &x);
			*sent += x.sent;
		}
		if (n)
			after = to[n - 1].user_id;
	}
	arena_free(&a);
	return e;
}

enum mm_err news_digest_job_run(struct store *s, const char *owner, int64_t now, int64_t *sent)
{
	return job_lease_run_mailing(s, NEWS_DIGEST_JOB, owner, news_digest_week(now), now,
	                             NEWS_DIGEST_LEASE_S, "news digest", send_all, sent);
}
