/*
 * help.c — "/help" and "/help/{situation}": the page for the day something
 * goes wrong. The list of situations, and for each the steps of the first
 * hour, what not to do and whom to contact (content/help/, CommonMark),
 * the duty to report a personal-data leak where it may apply, and a
 * button that opens a consultation with the category and the urgency
 * already chosen. "/help" itself, one tap from every page's header, also
 * shows the first-hour steps of the first situation (ransomware, where
 * minutes count most), and, when the site has a contact address
 * (web/site_contact.h), whom to write to about the site itself, apart
 * from the consultations, which are for security questions.
 *
 * Public, no script, and served even when the database is down (the
 * area's routes are store_optional): a firm in trouble must always get
 * these pages. The one thing read from the store is, for a signed-in
 * member of a firm whose profile names a support bundle, that contract,
 * shown first among the contacts; without the store, or when reading
 * fails, the page is the one everybody gets. Never writes.
 */
#include "core/help.h"
#include "lib/log.h"
#include "pages/shared/support_bundle.h"
#include "store/org.h"
#include "view/content.h"
#include "web/page.h"
#include "web/router.h"
#include "web/site_contact.h"

/* ctx.has_support and ctx.support: the support bundle of the signed-in
 * user's organisation, when there is one to show. */
static enum mm_err set_support(struct req *r, struct val *ctx)
{
	struct org_support sup = {STR(""), STR(""), STR("")};
	if (r->store && r->user) {
		enum mm_err e = store_org_support_of_member(r->store, r->arena, r->user->id, &sup);
		if (e == MM_ERR_NOMEM)
			return e;
		if (e && e != MM_ERR_NOT_FOUND)
			log_error("req=%s help: the support bundle could not be read: %s", r->id,
			          mm_err_name(e));
		if (e)
			sup = (struct org_support){STR(""), STR(""), STR("")};
	}
	if (!val_set_bool(r->arena, ctx, "has_support", sup.name.n > 0))
		return MM_ERR_NOMEM;
	return support_bundle_set(r->arena, ctx, "support", &sup);
}

/* The consultation a button opens: "/consultations/new?category=…&urgency=now". */
static const char *consult_url(struct arena *a, const char *category)
{
	return arena_printf(a, "/consultations/new?category=%s&urgency=now", category);
}

static enum mm_err page_help(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct val *list = val_set_list(a, ctx, "situations");
	struct val *crumbs = page_crumbs(r);
	const struct help_page *first = content_help(r->lang, 0);
	if (!list || !crumbs || page_crumb(r, crumbs, page_t(r, "help.title"), NULL) ||
	    !val_set_cstr(a, ctx, "consult_url", consult_url(a, "other")) ||
	    !val_set_html(a, ctx, "first_steps", first->first_steps) ||
	    !val_set_cstr(a, ctx, "first_url",
	                  arena_printf(a, "/help/%s", help_situations[0].slug)) ||
	    !val_set_cstr(a, ctx, "first_consult_url",
	                  consult_url(a, help_situations[0].category)) ||
	    !site_contact_set(a, ctx))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < HELP_SITUATION_COUNT; i++) {
		const struct help_page *p = content_help(r->lang, i);
		struct val *item = val_list_push_obj(a, list);
		if (!item ||
		    !val_set_cstr(a, item, "url",
		                  arena_printf(a, "/help/%s", help_situations[i].slug)) ||
		    !val_set_str(a, item, "title", p->title))
			return MM_ERR_NOMEM;
	}
	enum mm_err e = set_support(r, ctx);
	if (e)
		return e;
	return page_render(r, res, 200, "help", ctx, page_t(r, "help.title"), crumbs);
}

static enum mm_err page_help_situation(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	const struct help_situation *s = help_situation_find(req_param(r, "situation"));
	if (!s) {
		page_error(r, res, 404);
		return MM_OK;
	}
	const struct help_page *p = content_help(r->lang, (size_t)(s - help_situations));
	struct val *ctx = val_obj(a);
	struct val *crumbs = page_crumbs(r);
	if (!ctx || !crumbs || page_crumb(r, crumbs, page_t(r, "help.title"), "/help") ||
	    page_crumb(r, crumbs, p->title, NULL) || !val_set_str(a, ctx, "title", p->title) ||
	    !val_set_html(a, ctx, "html_head", (struct str){p->html.p, p->contacts_at}) ||
	    !val_set_html(a, ctx, "html_tail",
	                  (struct str){p->html.p + p->contacts_at, p->html.n - p->contacts_at}) ||
	    !val_set_cstr(a, ctx, "slug", s->slug) ||
	    !val_set_bool(a, ctx, "personal_data", s->personal_data) ||
	    !val_set_cstr(a, ctx, "consult_url", consult_url(a, s->category)))
		return MM_ERR_NOMEM;
	enum mm_err e = set_support(r, ctx);
	if (e)
		return e;
	return page_render(r, res, 200, "help_situation", ctx, p->title, crumbs);
}

/* This file's routes, in dispatch order (see help_routes.c). */
const struct route_table help_routes =
    ROUTE_TABLE({HTTP_GET, "/help", page_help, RIGHT_PUBLIC, 0},
                {HTTP_GET, "/help/{situation}", page_help_situation, RIGHT_PUBLIC, 0});
