/*
 * consult_list.c — "/consultations": the signed-in user's consultations
 * (their firm's, or those they opened without one), 20 to a page, with
 * links to open one, to the JSON export, to those they were added to,
 * and, for responders and desk staff, to their own pages.
 * "/consultations/participating": the consultations a firm added the
 * user to (a supporter or a colleague), newest first, 20 to a page.
 */
#include "pages/consult/consult_access.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
#include "pages/shared/words.h"
#include "web/page.h"
#include "web/router.h"

#define CONSULT_PAGE_SIZE 20

static const char *const notices[] = {"deleted"};

static enum mm_err page_consult_list(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct paging p = paging_requested(r, CONSULT_PAGE_SIZE);
	struct consultation *c;
	struct consult_responder me;
	size_t n;
	int64_t org_id;
	bool desk;
	enum mm_err e;
	if ((e = store_org_id_of_member(r->store, r->user->id, &org_id)) ||
	    (e = store_consult_list_own(r->store, a, org_id, r->user->id, paging_window(&p), &c, &n,
	                                &p.total)))
		return e;
	if (paging_clamp(&p) && (e = store_consult_list_own(r->store, a, org_id, r->user->id,
	                                                    paging_window(&p), &c, &n, &p.total)))
		return e;
	if ((e = consult_set_rows(r, ctx, "consultations", c, n)))
		return e;
	e = store_consult_responder_get(r->store, a, r->user->id, &me);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool responder = e == MM_OK;
	if ((e = store_consult_desk_is(r->store, r->user->id, &desk)) ||
	    (e = paging_set(r, ctx, &p, "/consultations?")) ||
	    (e = notice_set(r, ctx, "consult.notice", notices, 1)))
		return e;
	if (!val_set_bool(a, ctx, "has_consultations", n > 0) ||
	    !val_set_bool(a, ctx, "for_firm", org_id != 0) ||
	    !val_set_bool(a, ctx, "is_responder", responder) ||
	    !val_set_bool(a, ctx, "is_desk", desk))
		return MM_ERR_NOMEM;
	res->personal = true;
	return titled_render(r, res, 200, "consult_list", ctx, "consult.list.title", NULL, NULL);
}

static enum mm_err page_consult_participating(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct paging p = paging_requested(r, CONSULT_PAGE_SIZE);
	struct consultation *c;
	size_t n;
	enum mm_err e;
	if ((e = store_consult_list_participating(r->store, a, r->user->id, paging_window(&p), &c,
	                                          &n, &p.total)))
		return e;
	if (paging_clamp(&p) &&
	    (e = store_consult_list_participating(r->store, a, r->user->id, paging_window(&p), &c,
	                                          &n, &p.total)))
		return e;
	if ((e = consult_set_rows(r, ctx, "consultations", c, n)) ||
	    (e = paging_set(r, ctx, &p, "/consultations/participating?")))
		return e;
	static const char *const count_name[] = {"count"};
	struct str count = words_int(r, (long)p.total);
	if (!val_set_bool(a, ctx, "has_consultations", n > 0) ||
	    !val_set_str(a, ctx, "count",
	                 words_fill(r, "consult.participating.count", count_name, &count, 1)))
		return MM_ERR_NOMEM;
	res->personal = true;
	return titled_render(r, res, 200, "consult_participating", ctx,
	                     "consult.participating.title", "consult.list.title", "/consultations");
}

/* This file's routes (see consult_routes.c). */
const struct route_table consult_list_routes = ROUTE_TABLE(
    {HTTP_GET, "/consultations", page_consult_list, RIGHT_USER, 0},
    {HTTP_GET, "/consultations/participating", page_consult_participating, RIGHT_USER, 0});
