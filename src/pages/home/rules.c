/*
 * rules.c — "/rules": the five basic rules of a ★ declaration, from
 * content/rules/ (CommonMark, rendered at start).
 */
#include "view/content.h"
#include "web/page.h"
#include "web/router.h"

static enum mm_err page_rules(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	const struct rule *rules = content_rules(r->lang);
	struct val *ctx = val_obj(a);
	struct val *list = val_set_list(a, ctx, "rules");
	struct val *crumbs = page_crumbs(r);
	if (!list || !crumbs || page_crumb(r, crumbs, page_t(r, "nav.rules"), NULL))
		return MM_ERR_NOMEM;
	for (int i = 0; i < RULE_COUNT; i++) {
		struct val *item = val_list_push_obj(a, list);
		if (!item || !val_set_long(a, item, "number", rules[i].number) ||
		    !val_set_cstr(a, item, "id", arena_printf(a, "rule-%d", rules[i].number)) ||
		    !val_set_str(a, item, "title", rules[i].title) ||
		    !val_set_html(a, item, "html", rules[i].html))
			return MM_ERR_NOMEM;
	}
	return page_render(r, res, 200, "rules", ctx, page_t(r, "rules.title"), crumbs);
}

/* This file's routes, in dispatch order (see home_routes.c). */
const struct route_table rules_routes = ROUTE_TABLE(ROUTE_GET("/rules", page_rules, RIGHT_PUBLIC));
