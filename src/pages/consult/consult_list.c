/*
 * consult_list.c — "/consultations": the signed-in user's consultations
 * (their firm's, or those they opened without one), 20 to a page, with
 * links to open one, to the JSON export, and, for responders and desk
 * staff, to their own pages.
 */
#include "pages/consult/consult_access.h"
#include "pages/shared/notice.h"
#include "pages/shared/paging.h"
#include "pages/shared/titled.h"
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

/* This file's routes (see consult_routes.c). */
const struct route_table consult_list_routes =
    ROUTE_TABLE({HTTP_GET, "/consultations", page_consult_list, RIGHT_USER, 0});
