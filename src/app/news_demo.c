/*
 * news_demo.c — see news_demo.h.
 */
#include "app/news_demo.h"

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "core/news.h"
#include "app/demo_json.h"
#include "store/news.h"

/* One article; *inserted when it was new. */
static enum mm_err demo_one(struct store *s, json_t *item, void *ctx, bool *inserted, char err[256])
{
	int64_t now = *(const int64_t *)ctx;
	struct news_article x = {
	    .slug = demo_json_str(item, "slug"),
	    .title = demo_json_str(item, "title"),
	    .summary = demo_json_str(item, "summary"),
	    .body = demo_json_str(item, "body"),
	    .tags = demo_json_str(item, "tags"),
	    .author_name = demo_json_str(item, "author"),
	    .has_publish_at = true,
	    .publish_at =
	        now - json_integer_value(json_object_get(item, "published_days_ago")) * 86400,
	};
	int64_t id;
	enum mm_err e;
	*inserted = false;
	if (!news_slug_ok(x.slug) || !x.title.n || !x.summary.n || !x.body.n || !x.author_name.n) {
		snprintf(err, 256, "demo article %.*s is incomplete", (int)x.slug.n, x.slug.p);
		return MM_ERR_INVALID;
	}
	if (json_is_string(json_object_get(item, "community"))) {
		e = store_news_first_community(s, &x.community_id);
		if (e == MM_ERR_NOT_FOUND)
			return MM_OK; /* no community yet: the article waits for one */
		if (e)
			return e;
	}
	x.created_at = x.publish_at < now ? x.publish_at : now;
	e = store_news_insert(s, &x, x.created_at, &id);
	*inserted = e == MM_OK;
	if (e == MM_ERR_CONFLICT)
		return MM_OK; /* loaded before */
	if (e)
		snprintf(err, 256, "cannot store demo article %.*s", (int)x.slug.n, x.slug.p);
	return e;
}

enum mm_err news_demo_seed(struct store *s, int *inserted, char err[256])
{
	int64_t now = (int64_t)time(NULL);
	return demo_json_load_each(s, "content/demo/news.json", "articles", "no articles", demo_one,
	                           &now, inserted, err);
}
