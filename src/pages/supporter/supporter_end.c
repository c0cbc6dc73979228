/*
 * supporter_end.c — a supporter ends their own access to a client firm
 * from their dashboard: /supporter/clients/{id}/end, {id} the grant, asks
 * first (naming the firm) and its POST revokes the grant. The firm's
 * owners are told by mail, in their own language, and the organisation's
 * audit log says who ended it, in the same transaction as the change.
 *
 * Only the supporter the grant was given to may end it: any other
 * signed-in user, and a grant already ended, get 404 (no right of the
 * route table says "this grant's supporter").
 */
#include "pages/shared/confirm.h"
#include "pages/shared/owner_mail.h"
#include "store/org.h"
#include "store/org_support.h"
#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"

/* The active grant {id} of the route, given to r->user; *found false
 * (404 sent) when it is someone else's or ended. */
static enum mm_err load_own_grant(struct req *r, struct res *res, struct org_grant *g, bool *found)
{
	return page_found_or_404(
	    r, res,
	    store_org_client_grant(r->store, r->arena, r->user->id, req_param_int(r, "id"), g),
	    found);
}

static enum mm_err page_supporter_end(struct req *r, struct res *res)
{
	struct org_grant g;
	bool found;
	enum mm_err e = load_own_grant(r, res, &g, &found);
	if (e || !found)
		return e;
	return confirm_render(
	    r, res,
	    &(struct confirm_page){
	        .title_key = "supporter.end.title",
	        .lead = g.organisation_name,
	        .text_key = "supporter.end.text",
	        .action = arena_printf(r->arena, "/supporter/clients/%lld/end", (long long)g.id),
	        .submit_key = "supporter.end.submit",
	        .back_url = "/supporter",
	        .back_key = "supporter.back",
	        .parent_key = "supporter.title",
	        .parent_url = "/supporter",
	    });
}

/* Tells each owner of the firm, in their language, which supporter ended
 * their access, with a link to the organisation page where access can be
 * given again. */
static enum mm_err tell_owners(struct req *r, struct store *s, const struct org_grant *g)
{
	char *link = mail_link(r->arena, "/org");
	if (!link)
		return MM_ERR_NOMEM;
	const char *const names[] = {"organisation", "supporter", "link"};
	const struct str values[] = {g->organisation_name, g->supporter_email, str_from(link)};
	return owner_mail_queue(r, s, g->organisation_id, "grant_ended", names, values, 3);
}

/* The grant ended, its owners' mails and the audit line, together;
 * MM_ERR_NOT_FOUND when it ended a moment ago (by its owner). */
static enum mm_err end_tx(struct req *r, struct store *s, void *arg)
{
	const struct org_grant *g = arg;
	static const char *const accesses[] = {"read", "edit"};
	enum mm_err e = store_org_grant_revoke(s, g->organisation_id, g->id, r->now);
	if (e || (e = tell_owners(r, s, g)))
		return e;
	return audit_log(r, "grant.end", 0, g->organisation_id, g->supporter_email, AUDIT_OK,
	                 accesses[g->access]);
}

static enum mm_err page_supporter_end_post(struct req *r, struct res *res)
{
	struct org_grant g;
	bool found;
	enum mm_err e = load_own_grant(r, res, &g, &found);
	if (e || !found)
		return e;
	e = page_tx(r, end_tx, &g);
	if (e && e != MM_ERR_NOT_FOUND) /* NOT_FOUND: ended meanwhile, as asked */
		return e;
	return page_redirect(r, res, "/supporter?notice=access_ended");
}

/* This file's routes, in dispatch order (see supporter_routes.c). */
const struct route_table supporter_end_routes = ROUTE_TABLE(ROUTE_FORM(
    "/supporter/clients/{id:int}/end", page_supporter_end, page_supporter_end_post, RIGHT_USER));
