/*
 * management_history.c — an organisation's management self-check results
 * over time: /management/history (the signed-in user's organisation; a
 * page that says so when they have none) and /management/history/{org}
 * (an organisation seen by one of its members or by a supporter with the
 * owner's consent: RIGHT_ORG_READ, decided by dispatch before this runs;
 * a supporter's view is audited).
 *
 * Every result, newest first, with its date, content version, overall
 * score, the ten directive scores and its "don't know" count, read from
 * the scores stored with each result (one index read).
 */
#include "pages/management/management_taker.h"
#include "pages/check/check_result.h"
#include "pages/management/management_text.h"
#include "web/page.h"
#include "web/router.h"

static enum mm_err rows_ctx(struct req *r, struct val *ctx, const struct management_summary *items,
                            size_t n)
{
	struct arena *a = r->arena;
	struct val *rows = val_set_list(a, ctx, "results");
	struct val *heads = val_set_list(a, ctx, "directive_numbers");
	if (!rows || !heads)
		return MM_ERR_NOMEM;
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *h = val_list_push_obj(a, heads);
		if (!h || !val_set_long(a, h, "number", d))
			return MM_ERR_NOMEM;
	}
	for (size_t k = n; k-- > 0;) {
		const struct management_summary *it = &items[k];
		struct val *row = check_history_row(r, &MANAGEMENT_CHECK, rows, it->id,
		                                    it->taken_at, it->version, NULL);
		struct val *scores = row ? val_set_list(a, row, "scores") : NULL;
		if (!scores ||
		    !val_set_str(a, row, "overall", management_score_text(r, it->scores.overall)) ||
		    !val_set_long(a, row, "dont_know", it->scores.dont_know))
			return MM_ERR_NOMEM;
		for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++) {
			struct val *s = val_list_push_obj(a, scores);
			if (!s || !val_set_str(a, s, "score",
			                       management_score_text(r, it->scores.directive[d])))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static enum mm_err render_history(struct req *r, struct res *res,
                                  const struct check_history_view *v)
{
	struct arena *a = r->arena;
	struct management_summary *items = NULL;
	struct val *ctx = val_obj(a);
	const struct management_content *c = management_content_latest();
	size_t n = 0;
	enum mm_err e;
	if (!ctx || !c)
		return MM_ERR_NOMEM;
	if ((v->org && (e = store_management_history(r->store, a, v->org->id, &items, &n))) ||
	    (e = rows_ctx(r, ctx, items, n)) || (e = check_history_fields(r, ctx, v, n)))
		return e;
	struct val *legend = val_set_list(a, ctx, "legend");
	for (int d = 1; legend && d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *l = val_list_push_obj(a, legend);
		if (!l || !val_set_str(a, l, "heading", management_directive_heading(r, c, d)))
			return MM_ERR_NOMEM;
	}
	if (!legend)
		return MM_ERR_NOMEM;
	return check_render(r, res, &MANAGEMENT_CHECK, 200, "management_history", ctx,
	                    page_t(r, "management.history.title"), true);
}

static enum mm_err page_management_history(struct req *r, struct res *res)
{
	return check_history_serve(r, res, &MANAGEMENT_CHECK, render_history);
}

/* This file's routes, in dispatch order (see management_routes.c). */
const struct route_table management_history_routes = ROUTE_TABLE(
    ROUTE_GET("/management/history", page_management_history, RIGHT_USER),
    ROUTE_GET("/management/history/{org:public_id}", page_management_history, RIGHT_ORG_READ));
