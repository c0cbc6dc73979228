/*
 * news_edit.c — writing articles. Administrators write site news at
 * "/admin/news/new" and may edit any article at "/admin/news/{id}";
 * "/admin/news" lists every article, drafts too. A community's organisers
 * (and administrators) write its news at "/communities/{id}/news/new",
 * edit it at "/communities/{id}/news/{article}" and list it, drafts too,
 * at "/communities/{id}/news"; anyone else signed in gets 403, and a
 * community or an article of another community that is not there gets
 * 404.
 *
 * An article is saved as a draft, published now, or scheduled for a time
 * in Japan. Once public it stays public, and its slug fixed (core/news.h),
 * so that its address and its feed entry stay good; its publication time
 * stays when it is saved again, so editing it never moves it in the lists.
 */
#include "core/event.h"
#include "core/news.h"
#include "pages/news/news_access.h"
#include "pages/news/news_view.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "store/community.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"saved"};

/* Where the editor is: the administrators' pages or a community's. */
struct scope {
	int64_t community_id; /* 0: the administrators' */
	struct community community;
	const char *base; /* "/admin/news" or "/communities/ID/news" */
	int refusal;      /* 0, or the status that refuses the page */
};

/* The scope of the URL into sc; sc->refusal is 404 (no such community)
 * or 403 (r->user may not write there), 0 when the page may go on. */
static enum mm_err scope_of(struct req *r, struct scope *sc, bool community)
{
	bool ok;
	enum mm_err e;
	*sc = (struct scope){.base = "/admin/news"};
	if (!community)
		return MM_OK; /* RIGHT_ADMIN decided */
	sc->community_id = req_param_int(r, "id");
	e = store_community_get(r->store, r->arena, sc->community_id, &sc->community);
	if (e == MM_ERR_NOT_FOUND) {
		sc->refusal = 404;
		return MM_OK;
	}
	if (e || (e = news_may_write(r, sc->community_id, &ok)))
		return e;
	sc->base = arena_printf(r->arena, "/communities/%lld/news", (long long)sc->community_id);
	if (!sc->base)
		return MM_ERR_NOMEM;
	sc->refusal = ok ? 0 : 403;
	return MM_OK;
}

/* The article of the URL, which must belong to the scope. */
static enum mm_err article_of(struct req *r, const struct scope *sc, struct news_article *x)
{
	int64_t id = req_param_int(r, sc->community_id ? "article" : "id");
	enum mm_err e = store_news_by_id(r->store, r->arena, id, x);
	if (!e && sc->community_id && x->community_id != sc->community_id)
		return MM_ERR_NOT_FOUND;
	return e;
}

static enum mm_err set_scope(struct req *r, struct val *ctx, const struct scope *sc)
{
	if (!val_set_cstr(r->arena, ctx, "base", sc->base) ||
	    !val_set_bool(r->arena, ctx, "is_community", sc->community_id != 0) ||
	    !val_set_str(r->arena, ctx, "community_name",
	                 sc->community_id ? sc->community.name : STR("")) ||
	    !val_set_cstr(r->arena, ctx, "community_url",
	                  arena_printf(r->arena, "/communities/%lld", (long long)sc->community_id)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err render_list(struct req *r, struct res *res, const struct scope *sc)
{
	struct paging p = paging_requested(r, NEWS_PAGE_SIZE);
	struct news_article *list;
	size_t n;
	enum mm_err e = store_news_all(r->store, r->arena, sc->community_id, paging_window(&p),
	                               &list, &n, &p.total);
	if (!e && paging_clamp(&p))
		e = store_news_all(r->store, r->arena, sc->community_id, paging_window(&p), &list,
		                   &n, &p.total);
	struct val *ctx = val_obj(r->arena);
	char *prefix = arena_printf(r->arena, "%s?", sc->base);
	if (e || !ctx || !prefix)
		return e ? e : MM_ERR_NOMEM;
	struct val *items = val_set_list(r->arena, ctx, "articles");
	if (!items || (e = paging_set(r, ctx, &p, prefix)) || (e = set_scope(r, ctx, sc)))
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		/* Each row links to its editor here: the scope's base and its id. */
		struct val *v = val_list_push_obj(r->arena, items);
		char *edit = arena_printf(r->arena, "%s/%lld", sc->base, (long long)list[i].id);
		if (!v || !edit || (e = news_view_set(r, v, &list[i], false)) ||
		    !val_set_cstr(r->arena, v, "edit_url", edit))
			return e ? e : MM_ERR_NOMEM;
	}
	if (!val_set_bool(r->arena, ctx, "has_articles", n > 0))
		return MM_ERR_NOMEM;
	if (sc->community_id)
		return titled_render(r, res, 200, "news_manage", ctx, "news.manage.community_title",
		                     "news.title", "/news");
	return titled_render(r, res, 200, "news_manage", ctx, "news.manage.title", "admin.title",
	                     "/admin");
}

/* Answers sc's refusal, if any: true when it did. */
static bool refused(struct req *r, struct res *res, const struct scope *sc)
{
	if (sc->refusal)
		page_error(r, res, sc->refusal);
	return sc->refusal != 0;
}

static enum mm_err page_admin_news(struct req *r, struct res *res)
{
	struct scope sc;
	enum mm_err e = scope_of(r, &sc, false);
	return e ? e : render_list(r, res, &sc);
}

static enum mm_err page_community_news(struct req *r, struct res *res)
{
	struct scope sc;
	enum mm_err e = scope_of(r, &sc, true);
	if (e || refused(r, res, &sc))
		return e;
	return render_list(r, res, &sc);
}

/* ---- the form ---------------------------------------------------------- */

/* The publication choices of the form's "publish" radio buttons. */
static const char *const publish_choices[] = {"draft", "now", "at"};

/* The form's fields from an article (the new one: empty, a draft). */
static enum mm_err fill(struct webform *f, const struct news_article *x, bool stored)
{
	struct req *r = f->r;
	bool public = stored && news_is_public(x->has_publish_at, x->publish_at, r->now);
	const char *publish = !stored || !x->has_publish_at ? "draft" : public ? "now" : "at";
	char date[11] = "", clock[6] = "";
	if (stored && x->has_publish_at && !public) {
		event_japan_date(x->publish_at, date);
		event_japan_clock(x->publish_at, clock);
	}
	struct str author = stored ? x->author_name : r->user->name;
	/* copies: the form is shown after this function returns */
	char *day = str_dup(r->arena, str_from(date)), *hour = str_dup(r->arena, str_from(clock));
	if (!day || !hour)
		return MM_ERR_NOMEM;
	enum mm_err e;
	if ((e = webform_set(f, "title", stored ? x->title : STR(""))) ||
	    (e = webform_set(f, "slug", stored ? x->slug : STR(""))) ||
	    (e = webform_set(f, "summary", stored ? x->summary : STR(""))) ||
	    (e = webform_set(f, "body", stored ? x->body : STR(""))) ||
	    (e = webform_set(f, "tags", stored ? x->tags : STR(""))) ||
	    (e = webform_set(f, "author", author)) ||
	    (e = webform_set(f, "publish", str_from(publish))) ||
	    (e = webform_set(f, "publish_date", str_from(day))) ||
	    (e = webform_set(f, "publish_time", str_from(hour))))
		return e;
	return MM_OK;
}

static enum mm_err render_form(struct webform *f, struct res *res, const struct scope *sc,
                               const struct news_article *stored, struct str publish, int status)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	bool slug_fixed =
	    stored && !news_slug_may_change(stored->has_publish_at, stored->publish_at, r->now);
	char *action = stored ? arena_printf(a, "%s/%lld", sc->base, (long long)stored->id)
	                      : arena_printf(a, "%s/new", sc->base);
	enum mm_err e;
	if (!action || (e = set_scope(r, f->ctx, sc)) ||
	    (e = notice_set(r, f->ctx, "news.notice", notices, 1)))
		return action ? e : MM_ERR_NOMEM;
	/* The context keeps names, not copies: they must outlive it. */
	static const char *const choice_names[] = {"publish_draft", "publish_now", "publish_at"};
	for (size_t i = 0; i < sizeof publish_choices / sizeof publish_choices[0]; i++)
		if (!val_set_bool(a, f->ctx, choice_names[i],
		                  str_eq_lit(publish, publish_choices[i])))
			return MM_ERR_NOMEM;
	if (!val_set_cstr(a, f->ctx, "action", action) ||
	    !val_set_bool(a, f->ctx, "stored", stored != NULL) ||
	    !val_set_bool(a, f->ctx, "slug_fixed", slug_fixed) ||
	    /* slug_fixed: it was public, and stays so */
	    !val_set_bool(a, f->ctx, "stays_public", slug_fixed))
		return MM_ERR_NOMEM;
	if (stored) {
		struct val *obj = val_set_obj(a, f->ctx, "article");
		if (!obj || (e = news_view_set(r, obj, stored, false)))
			return e ? e : MM_ERR_NOMEM;
	}
	const char *title = stored ? "news.edit.title" : "news.new.title";
	return titled_render(r, res, status, "news_edit", f->ctx, title,
	                     sc->community_id ? "news.manage.community_title" : "news.manage.title",
	                     sc->base);
}

/* Reads the publication choice into x; an error on the form otherwise. */
static struct str take_publication(struct webform *f, const struct news_article *stored,
                                   struct news_article *x)
{
	struct req *r = f->r;
	struct str publish = webform_take(f, "publish", 8);
	struct str date = webform_take(f, "publish_date", 10);
	struct str clock = webform_take(f, "publish_time", 5);
	bool was_public =
	    stored && news_is_public(stored->has_publish_at, stored->publish_at, r->now);
	x->has_publish_at = !str_eq_lit(publish, "draft");
	if (was_public && !str_eq_lit(publish, "now")) {
		/* Once public, always: its address and its feed entry stay good. */
		webform_error(f, "publish", "news.error.unpublish");
		publish = STR("now");
	} else if (str_eq_lit(publish, "draft")) {
		x->publish_at = 0;
	} else if (str_eq_lit(publish, "now")) {
		x->publish_at = was_public ? stored->publish_at : r->now;
	} else if (str_eq_lit(publish, "at")) {
		bool same = stored && stored->has_publish_at;
		if (!event_parse_japan_time(date, clock, &x->publish_at))
			webform_error(f, "publish_date", "news.error.publish_time");
		else if (x->publish_at <= r->now && !(same && x->publish_at == stored->publish_at))
			webform_error(f, "publish_date", "news.error.publish_past");
	} else {
		webform_error(f, "publish", "news.error.publish");
		publish = STR("draft");
	}
	return publish;
}

static void take_text(struct webform *f, const char *name, size_t max, bool multiline,
                      bool required, struct str *out)
{
	*out = webform_take_checked(f, name, max, multiline ? news_text_ok : news_line_ok);
	if (required && out->n == 0)
		webform_error(f, name, "news.error.required");
}

/* The submitted article into x, errors on the form. */
static struct str take(struct webform *f, const struct news_article *stored, struct news_article *x)
{
	struct req *r = f->r;
	char tags[NEWS_TAGS_MAX_BYTES];
	size_t tags_n = 0;
	take_text(f, "title", NEWS_TITLE_MAX_CHARS, false, true, &x->title);
	take_text(f, "summary", NEWS_SUMMARY_MAX_CHARS, false, true, &x->summary);
	take_text(f, "body", NEWS_BODY_MAX_CHARS, true, true, &x->body);
	take_text(f, "author", NEWS_AUTHOR_MAX_CHARS, false, true, &x->author_name);
	struct str typed_tags = webform_take(f, "tags", NEWS_TAGS_MAX * (NEWS_TAG_MAX_CHARS + 2));
	if (!news_tags_normalise(typed_tags, tags, sizeof tags, &tags_n))
		webform_error(f, "tags", "news.error.tags");
	x->tags = (struct str){str_dup(r->arena, (struct str){tags, tags_n}), tags_n};
	if (!x->tags.p)
		x->tags = STR("");
	x->slug = webform_take(f, "slug", NEWS_SLUG_MAX);
	if (stored && !news_slug_may_change(stored->has_publish_at, stored->publish_at, r->now)) {
		if (!str_eq(x->slug, stored->slug))
			webform_error(f, "slug", "news.error.slug_fixed");
	} else if (!news_slug_ok(x->slug)) {
		webform_error(f, "slug", "news.error.slug");
	}
	return take_publication(f, stored, x);
}

/* Saving, in one transaction with its audit line. */
struct saving {
	struct news_article x;
	bool is_new;
};

static enum mm_err save_tx(struct req *r, struct store *s, void *arg)
{
	struct saving *sv = arg;
	enum mm_err e = sv->is_new ? store_news_insert(s, &sv->x, r->now, &sv->x.id)
	                           : store_news_update(s, &sv->x, r->now);
	if (e)
		return e;
	return audit_log(r, sv->is_new ? "news.create" : "news.update", 0, 0, sv->x.slug, AUDIT_OK,
	                 arena_printf(r->arena, "article %lld, community %lld, %s",
	                              (long long)sv->x.id, (long long)sv->x.community_id,
	                              sv->x.has_publish_at ? "published" : "draft"));
}

static enum mm_err show(struct req *r, struct res *res, bool community, bool stored)
{
	struct scope sc;
	struct news_article x = {0};
	struct webform f;
	enum mm_err e = scope_of(r, &sc, community);
	if (e || refused(r, res, &sc))
		return e;
	if (stored && (e = article_of(r, &sc, &x)) == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))) || (e = fill(&f, &x, stored)))
		return e;
	const struct news_article *s = stored ? &x : NULL;
	bool public = stored && news_is_public(x.has_publish_at, x.publish_at, r->now);
	struct str publish = str_from(!stored || !x.has_publish_at ? "draft"
	                              : public                     ? "now"
	                                                           : "at");
	return render_form(&f, res, &sc, s, publish, 200);
}

static enum mm_err submit(struct req *r, struct res *res, bool community, bool stored)
{
	struct scope sc;
	struct news_article old = {0};
	struct saving sv = {.is_new = !stored};
	struct webform f;
	enum mm_err e = scope_of(r, &sc, community);
	if (e || refused(r, res, &sc))
		return e;
	if (stored && (e = article_of(r, &sc, &old)) == MM_ERR_NOT_FOUND) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	const struct news_article *s = stored ? &old : NULL;
	struct str publish = take(&f, s, &sv.x);
	sv.x.id = old.id;
	sv.x.community_id = stored ? old.community_id : sc.community_id;
	sv.x.author_id = r->user->id;
	if (webform_ok(&f)) {
		e = page_tx(r, save_tx, &sv);
		if (e == MM_ERR_CONFLICT)
			webform_error(&f, "slug", "news.error.slug_taken");
		else if (e)
			return e;
	}
	if (!webform_ok(&f))
		return render_form(&f, res, &sc, s, publish, 422);
	return page_redirectf(r, res, "%s/%lld?notice=saved", sc.base, (long long)sv.x.id);
}

static enum mm_err page_admin_news_new(struct req *r, struct res *res)
{
	return show(r, res, false, false);
}
static enum mm_err page_admin_news_new_post(struct req *r, struct res *res)
{
	return submit(r, res, false, false);
}
static enum mm_err page_admin_news_edit(struct req *r, struct res *res)
{
	return show(r, res, false, true);
}
static enum mm_err page_admin_news_edit_post(struct req *r, struct res *res)
{
	return submit(r, res, false, true);
}
static enum mm_err page_community_news_new(struct req *r, struct res *res)
{
	return show(r, res, true, false);
}
static enum mm_err page_community_news_new_post(struct req *r, struct res *res)
{
	return submit(r, res, true, false);
}
static enum mm_err page_community_news_edit(struct req *r, struct res *res)
{
	return show(r, res, true, true);
}
static enum mm_err page_community_news_edit_post(struct req *r, struct res *res)
{
	return submit(r, res, true, true);
}

/* This file's routes, in dispatch order (see news_routes.c): "new" before
 * the {id} it would otherwise look like (it is no number, but the list
 * reads better so). */
const struct route_table news_edit_routes = ROUTE_TABLE(
    ROUTE_GET("/admin/news", page_admin_news, RIGHT_ADMIN),
    ROUTE_FORM("/admin/news/new", page_admin_news_new, page_admin_news_new_post, RIGHT_ADMIN),
    ROUTE_FORM("/admin/news/{id:int}", page_admin_news_edit, page_admin_news_edit_post,
               RIGHT_ADMIN),
    ROUTE_GET("/communities/{id:int}/news", page_community_news, RIGHT_USER),
    ROUTE_FORM("/communities/{id:int}/news/new", page_community_news_new,
               page_community_news_new_post, RIGHT_USER),
    ROUTE_FORM("/communities/{id:int}/news/{article:int}", page_community_news_edit,
               page_community_news_edit_post, RIGHT_USER));
