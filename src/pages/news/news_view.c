/*
 * news_view.c — see news_view.h.
 */
#include "pages/news/news_view.h"

#include "core/news.h"
#include "lib/civil.h"
#include "view/content.h"
#include "web/page.h"

char *news_view_path(struct req *r, const struct news_article *x)
{
	return arena_printf(r->arena, "/news/%.*s", (int)x->slug.n, x->slug.p);
}

static enum mm_err set_tags(struct req *r, struct val *v, struct str tags)
{
	struct val *list = val_set_list(r->arena, v, "tags");
	struct str item;
	if (!list || !val_set_bool(r->arena, v, "has_tags", tags.n > 0))
		return MM_ERR_NOMEM;
	while (str_next_item(&tags, ',', &item)) {
		struct val *t = val_list_push_obj(r->arena, list);
		if (!t || !val_set_str(r->arena, t, "tag", item))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

#define NEWS_TITLE_HEADING_LEVEL 1 /* the title the body sits under */

enum mm_err news_view_body(struct arena *a, const struct news_article *x, struct str *html)
{
	return markdown_render_under(a, x->body, NEWS_TITLE_HEADING_LEVEL, html);
}

enum mm_err news_view_set(struct req *r, struct val *v, const struct news_article *x,
                          bool with_body)
{
	struct arena *a = r->arena;
	bool public = news_is_public(x->has_publish_at, x->publish_at, r->now);
	bool updated = news_shows_updated(x->has_publish_at, x->publish_at, x->changed_at);
	char iso[CIVIL_ISO_BYTES];
	civil_iso_utc(x->has_publish_at ? x->publish_at : x->created_at, iso);
	char *datetime = arena_strdup(a, iso); /* the page is rendered after this returns */
	char *path = news_view_path(r, x);
	char *date = page_format_date(r, x->has_publish_at ? x->publish_at : x->created_at);
	char *when = page_format_time(r, x->publish_at);
	char *changed = page_format_date(r, x->changed_at);
	enum mm_err e;
	if (!datetime || !path || !date || !when || !changed ||
	    !val_set_long(a, v, "id", (long)x->id) || !val_set_str(a, v, "slug", x->slug) ||
	    !val_set_cstr(a, v, "url", path) || !val_set_str(a, v, "title", x->title) ||
	    !val_set_str(a, v, "summary", x->summary) ||
	    !val_set_str(a, v, "author", x->author_name) || !val_set_cstr(a, v, "date", date) ||
	    !val_set_cstr(a, v, "datetime", datetime) || !val_set_bool(a, v, "is_public", public) ||
	    !val_set_bool(a, v, "is_draft", !x->has_publish_at) ||
	    !val_set_bool(a, v, "is_scheduled", x->has_publish_at && !public) ||
	    !val_set_cstr(a, v, "scheduled_time", when) ||
	    !val_set_bool(a, v, "updated", updated) ||
	    !val_set_cstr(a, v, "updated_date", changed) ||
	    !val_set_bool(a, v, "has_community", x->community_id != 0) ||
	    !val_set_str(a, v, "community_name", x->community_name) ||
	    !val_set_cstr(a, v, "community_url",
	                  arena_printf(a, "/communities/%lld", (long long)x->community_id)))
		return MM_ERR_NOMEM;
	if ((e = set_tags(r, v, x->tags)) || !with_body)
		return e;
	struct str html;
	if ((e = news_view_body(a, x, &html)))
		return e;
	return val_set_html(a, v, "body_html", html) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err news_view_list(struct req *r, struct val *ctx, const char *key,
                           const struct news_article *list, size_t n)
{
	struct val *items = val_set_list(r->arena, ctx, key);
	enum mm_err e = MM_OK;
	if (!items)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n && !e; i++) {
		struct val *v = val_list_push_obj(r->arena, items);
		e = v ? news_view_set(r, v, &list[i], false) : MM_ERR_NOMEM;
	}
	return e;
}
