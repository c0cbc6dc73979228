/*
 * mypage.c — "/home", マイページ: where sign-up confirmation and every
 * log-in land. For the organisation in view, the task list of the scheme
 * (mypage_tasks.h) with one button for the next step, and once declared
 * the declaration's ID, its verification address (absolute, in a field
 * to copy) and the mark to download; for its members, the latest
 * management self-check result (or the way to take one). For a
 * registered supporter, the client firms. When the user may look at more
 * than one organisation (their own and the clients that granted access),
 * a switcher: ?org=PUBLIC_ID picks one, answered 404 for any organisation
 * the user has no role in, so the page tells nobody which organisations
 * exist.
 *
 * A user belongs to at most one organisation (store/org.h), so the
 * choices beyond the user's own are the supporter's clients.
 */
#include <string.h>

#include "pages/events/events_view.h"
#include "pages/management/management_text.h"
#include "pages/mypage/mypage_tasks.h"
#include "pages/mypage/mypage_trend.h"
#include "pages/org/org_labels.h"
#include "pages/shared/notice.h"
#include "pages/shared/titled.h"
#include "store/management.h"
#include "store/org.h"
#include "store/org_support.h"
#include "view/labels.h"
#include "web/mail.h"
#include "web/page.h"
#include "web/router.h"
#include "web/scope.h"

#define MYPAGE_CLIENTS_SHOWN 20 /* clients listed here; the rest on /supporter */
#define MYPAGE_SWITCH_MAX 100   /* organisations offered by the switcher */
#define MYPAGE_MARK_PNG "640"   /* the picture size offered here; others on /verify/{id} */

static const char *const notices[] = {"confirmed"};

/* The organisations the user may look at: their own first, then the
 * clients (by name). */
struct choices {
	bool has_own;
	struct org_membership own;
	bool is_supporter;
	struct org_supporter sup;
	struct org_grant *clients;
	size_t n_clients;
	int64_t total_clients;
};

static enum mm_err choices_load(struct req *r, struct choices *c)
{
	memset(c, 0, sizeof *c);
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &c->own);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	c->has_own = !e;
	e = store_org_supporter_by_user(r->store, r->arena, r->user->id, &c->sup);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	c->is_supporter = true;
	return store_org_client_list(r->store, r->arena, r->user->id, ORG_CLIENT_SORT_NAME,
	                             (struct org_page){0, MYPAGE_SWITCH_MAX}, &c->clients,
	                             &c->n_clients, &c->total_clients);
}

/* The organisation in view: ?org= when given (404 unless the user has a
 * role in it), else the user's own; *org NULL when there is none. */
static enum mm_err pick(struct req *r, const struct choices *c, struct org_profile **org,
                        enum scope_role *role, int *status)
{
	struct str wanted;
	int64_t id;
	*org = NULL;
	*status = 0;
	if (kvlist_get_one(&r->query_fields, "org", &wanted) == MM_OK && wanted.n) {
		enum mm_err e = store_assessment_org_id_by_public_id(r->store, wanted, &id);
		if (!e)
			e = scope_role_of(r, id, r->user->id, role);
		if (e == MM_ERR_NOT_FOUND) {
			*status = 404;
			return MM_OK;
		}
		if (e)
			return e;
	} else if (c->has_own) {
		id = c->own.organisation_id;
		*role = c->own.role == ORG_ROLE_OWNER ? SCOPE_OWNER : SCOPE_MEMBER;
	} else {
		return MM_OK;
	}
	*org = arena_alloc(r->arena, sizeof **org);
	if (!*org)
		return MM_ERR_NOMEM;
	return store_org_by_id(r->store, r->arena, id, *org);
}

static enum mm_err set_switcher(struct req *r, struct val *ctx, const struct choices *c,
                                const struct org_profile *org)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "switch");
	struct org_profile own;
	size_t n = 0;
	if (!list)
		return MM_ERR_NOMEM;
	if (c->has_own) {
		enum mm_err e = store_org_by_id(r->store, a, c->own.organisation_id, &own);
		struct val *v = e ? NULL : val_list_push_obj(a, list);
		if (e)
			return e;
		if (!v || !val_set_str(a, v, "public_id", own.public_id) ||
		    !val_set_str(a, v, "name", own.name) ||
		    !val_set_bool(a, v, "selected", org && org->id == own.id))
			return MM_ERR_NOMEM;
		n++;
	}
	for (size_t i = 0; i < c->n_clients; i++, n++) {
		const struct org_grant *g = &c->clients[i];
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_str(a, v, "public_id", g->organisation_public_id) ||
		    !val_set_str(a, v, "name", g->organisation_name) ||
		    !val_set_bool(a, v, "selected", org && org->id == g->organisation_id))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_switch", n > 1) ? MM_OK : MM_ERR_NOMEM;
}

static char *org_link(struct req *r, const char *prefix, struct str public_id)
{
	return arena_printf(r->arena, "%s%.*s", prefix, (int)public_id.n, public_id.p);
}

static enum mm_err set_clients(struct req *r, struct val *ctx, const struct choices *c)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "clients");
	size_t shown = c->n_clients < MYPAGE_CLIENTS_SHOWN ? c->n_clients : MYPAGE_CLIENTS_SHOWN;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < shown; i++) {
		const struct org_grant *g = &c->clients[i];
		bool edit = g->access == ORG_ACCESS_EDIT;
		struct val *v = val_list_push_obj(a, list);
		char *tasks = org_link(r, "/home?org=", g->organisation_public_id);
		char *history = org_link(r, "/assessment/history/", g->organisation_public_id);
		char *policy = org_link(r, "/policy/edit/", g->organisation_public_id);
		char *management = org_link(r, "/management/history/", g->organisation_public_id);
		if (!v || !tasks || !history || !policy || !management ||
		    !val_set_str(a, v, "name", g->organisation_name) ||
		    !val_set_str(a, v, "access", org_access_label(r, g->access)) ||
		    !val_set_cstr(a, v, "level",
		                  g->declaration_level == 2   ? "★★"
		                  : g->declaration_level == 1 ? "★"
		                                              : "—") ||
		    !val_set_cstr(a, v, "score",
		                  g->has_score ? arena_printf(a, "%d", g->latest_score) : "—") ||
		    !val_set_cstr(a, v, "tasks_url", tasks) ||
		    !val_set_cstr(a, v, "history_url", history) ||
		    !val_set_cstr(a, v, "management_url", management) ||
		    !val_set_cstr(a, v, "policy_url", edit ? policy : ""))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, ctx, "is_supporter", c->is_supporter) ||
	    !val_set_bool(a, ctx, "has_clients", shown > 0) ||
	    !val_set_bool(a, ctx, "more_clients", c->total_clients > (int64_t)shown) ||
	    !val_set_cstr(a, ctx, "client_count", labels_format_count(a, c->total_clients)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The declaration in force: its ID, the absolute address of its
 * verification page (as the mark's QR code has it) and the mark. */
static enum mm_err set_declared(struct req *r, struct val *ctx, const struct mypage_facts *f)
{
	struct arena *a = r->arena;
	struct val *d = val_set_obj(a, ctx, "declared");
	struct str id = f->declared ? f->declaration.public_id : STR("");
	char *page = org_link(r, "/verify/", id);
	char *absolute = page ? mail_link(a, page) : NULL;
	char *svg = arena_printf(a, "%s/mark.svg?theme=light", page ? page : "");
	char *png =
	    arena_printf(a, "%s/mark-" MYPAGE_MARK_PNG ".png?theme=light", page ? page : "");
	if (!d || !page || !absolute || !svg || !png ||
	    !val_set_bool(a, ctx, "has_declared", f->declared) || !val_set_str(a, d, "id", id) ||
	    !val_set_str(
	        a, d, "level",
	        page_t(r, f->declaration.level >= 2 ? "mypage.level.2" : "mypage.level.1")) ||
	    !val_set_cstr(a, d, "verify_url", absolute) ||
	    !val_set_cstr(a, d, "verify_path", page) || !val_set_cstr(a, d, "mark_svg", svg) ||
	    !val_set_cstr(a, d, "mark_png", png))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The organisation's latest management self-check result:
 * ctx.management {detail, url}, its overall maturity and date as its
 * result page names them, and ctx.has_management false when it has taken
 * none (org NULL: none looked for, as for a supporter's view, which shows
 * no such section). */
static enum mm_err set_management(struct req *r, struct val *ctx, const struct org_profile *org)
{
	struct arena *a = r->arena;
	struct management_summary latest;
	struct val *m = val_set_obj(a, ctx, "management");
	enum mm_err e =
	    org ? store_management_latest(r->store, a, org->id, &latest) : MM_ERR_NOT_FOUND;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (!m || !val_set_bool(a, ctx, "has_management", !e))
		return MM_ERR_NOMEM;
	if (e) /* the template reads management only when there is one */
		return MM_OK;
	const char *const names[] = {"score", "date"};
	const char *date = page_format_date(r, latest.taken_at);
	const struct str values[] = {management_score_text(r, latest.scores.overall),
	                             str_from(date ? date : "")};
	char *url = arena_printf(a, "/management/results/%lld", (long long)latest.id);
	if (!url ||
	    !val_set_str(a, m, "detail",
	                 words_fill(r, "management.mypage.latest", names, values, 2)) ||
	    !val_set_cstr(a, m, "url", url))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err page_mypage(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct choices c;
	struct org_profile *org;
	enum scope_role role = SCOPE_MEMBER;
	struct mypage_facts f;
	struct val *ctx = val_obj(a);
	int status;
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = choices_load(r, &c)) || (e = pick(r, &c, &org, &role, &status)))
		return e;
	if (status) {
		page_error(r, res, status);
		return MM_OK;
	}
	/* A supporter with no organisation of their own sees their clients
	 * first; the task list is for an organisation, theirs or one picked. */
	bool show_tasks = org || !c.is_supporter;
	bool as_supporter = org && (role == SCOPE_SUPPORTER_READ || role == SCOPE_SUPPORTER_EDIT);
	if ((e = mypage_facts_load(r, org, role, &f)) || (e = mypage_tasks_set(r, ctx, &f)) ||
	    (e = set_declared(r, ctx, &f)) || (e = set_switcher(r, ctx, &c, org)) ||
	    (e = set_clients(r, ctx, &c)) ||
	    (e = notice_set(r, ctx, "mypage.notice", notices, 1)) ||
	    (e = mypage_trend_set(r, ctx, org ? org->id : 0)) ||
	    (e = set_management(r, ctx, as_supporter ? NULL : org)) ||
	    (e = events_mypage_set(r, ctx)))
		return e;
	if (!val_set_bool(a, ctx, "show_tasks", show_tasks) ||
	    !val_set_bool(a, ctx, "has_org", org != NULL) ||
	    !val_set_str(a, ctx, "org_name", org ? org->name : STR("")) ||
	    !val_set_bool(a, ctx, "as_supporter", as_supporter) ||
	    !val_set_str(a, ctx, "user_name", r->user->name.n ? r->user->name : r->user->email))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "mypage", ctx, "mypage.title", NULL, NULL);
}

/* This file's routes, in dispatch order (see mypage_routes.c). */
const struct route_table mypage_routes = ROUTE_TABLE(ROUTE_GET("/home", page_mypage, RIGHT_USER));
