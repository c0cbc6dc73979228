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
static enum mm_err demo_one(struct store *s, json_t *item, int64_t now, bool *inserted,
                            char err[256])
{
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
	json_t *root;
	*inserted = 0;
	enum mm_err e =
	    demo_json_open("content/demo/news.json", "articles", "no articles", &root, err);
	if (e)
		return e;
	json_t *list = json_object_get(root, "articles");
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		bool one;
		if ((e = demo_one(s, item, now, &one, err)))
			break;
		*inserted += one;
	}
	json_decref(root);
	return e;
}
