/*
 * community_news.c — see community_news.h.
 */
#include "pages/shared/community_news.h"

#include "lib/civil.h"
#include "store/news.h"
#include "web/page.h"

static enum mm_err set_article(struct req *r, struct val *v, const struct news_article *x)
{
	struct arena *a = r->arena;
	char iso[CIVIL_ISO_BYTES];
	civil_iso_utc(x->publish_at, iso);
	char *datetime = arena_strdup(a, iso); /* the page is rendered after this returns */
	char *url = arena_printf(a, "/news/%.*s", (int)x->slug.n, x->slug.p);
	char *date = page_format_date(r, x->publish_at);
	if (!datetime || !url || !date || !val_set_str(a, v, "title", x->title) ||
	    !val_set_str(a, v, "summary", x->summary) || !val_set_cstr(a, v, "url", url) ||
	    !val_set_cstr(a, v, "date", date) || !val_set_cstr(a, v, "datetime", datetime))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err community_news_set(struct req *r, struct val *ctx, int64_t community_id, bool may_write)
{
	struct arena *a = r->arena;
	struct news_article *list;
	size_t n;
	int64_t total;
	struct org_page window = {.offset = 0, .limit = COMMUNITY_NEWS_MAX};
	enum mm_err e =
	    store_news_public(r->store, a, r->now, community_id, window, &list, &n, &total);
	struct val *news = e ? NULL : val_set_obj(a, ctx, "news");
	struct val *items = news ? val_set_list(a, news, "articles") : NULL;
	char *feed = arena_printf(a, "/communities/%lld/news.atom", (long long)community_id);
	char *manage = arena_printf(a, "/communities/%lld/news", (long long)community_id);
	if (e || !items || !feed || !manage)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = set_article(r, v, &list[i])))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, news, "has_articles", n > 0) ||
	    !val_set_cstr(a, news, "feed_url", feed) ||
	    !val_set_cstr(a, news, "manage_url", manage) ||
	    !val_set_bool(a, news, "may_write", may_write))
		return MM_ERR_NOMEM;
	return MM_OK;
}
