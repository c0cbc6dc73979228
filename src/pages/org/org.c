/*
 * org.c — "/org": the signed-in user's organisation (profile, size class,
 * members, pending invitations, supporters with access), and creating
 * (/org/new) and editing (/org/edit) it. A user without an organisation
 * is told how to create one or be invited.
 *
 * Only owners see the controls that change anything; the routes behind
 * those controls require RIGHT_OWNER (org_routes.c).
 */
#include <assert.h>

#include "pages/org/org_corp.h"
#include "pages/org/org_form.h"
#include "pages/org/org_ids.h"
#include "pages/org/org_labels.h"
#include "pages/org/org_size.h"
#include "pages/routes.h"
#include "pages/shared/notice.h"
#include "pages/shared/support_bundle.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/scope.h"
#include "web/webform.h"
#include "web/router.h"
#include "store/org_support.h"

#define ORG_PUBLIC_ID_ATTEMPTS 3

/* Notices /org shows after a redirect (?notice=NAME, key org.notice.NAME). */
static const char *const notices[] = {
    "created",      "updated",        "invited", "joined",
    "role_changed", "member_removed", "left",    "invitation_cancelled",
    "granted",      "grant_updated",  "revoked", "deleted"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

/* ---- the profile --------------------------------------------------------- */

static struct str size_text(struct req *r, const struct org_profile *o, struct str *group_label)
{
	static const char *const groups[SIZE_GROUP_COUNT] = {
	    [SIZE_GROUP_MANUFACTURING_AND_OTHERS] = "org.size_group.others",
	    [SIZE_GROUP_WHOLESALE] = "org.size_group.wholesale",
	    [SIZE_GROUP_RETAIL] = "org.size_group.retail",
	    [SIZE_GROUP_SERVICES] = "org.size_group.services",
	    [SIZE_GROUP_ENTERTAINMENT] = "org.size_group.entertainment",
	    [SIZE_GROUP_ACCOMMODATION] = "org.size_group.accommodation",
	    [SIZE_GROUP_RUBBER] = "org.size_group.rubber"};
	static const char *const classes[] = {"org.size.not_sme", "org.size.sme", "org.size.small"};
	enum size_group g;
	enum size_class c;
	*group_label = STR("");
	if (!org_size_class(o, &g, &c))
		return page_t(r, "org.size.unknown");
	*group_label = page_t(r, groups[g]);
	return page_t(r, classes[c]);
}

static struct str capital_text(struct req *r, int64_t capital)
{
	if (capital < 0)
		return page_t(r, "org.show.not_given");
	const char *const names[] = {"amount"};
	const struct str values[] = {str_from(labels_format_count(r->arena, capital))};
	return labels_fill(r->arena, r->lang, "org.show.yen", names, values, 1);
}

/* "E 製造業", with the trade when one is given: "I 卸売業，小売業（小売業）". */
static struct str industry_text(struct req *r, const struct org_profile *o)
{
	const char *const names[] = {"code", "industry", "trade"};
	const char *key = arena_printf(r->arena, "org.trade.%.*s", (int)o->trade.n, o->trade.p);
	const struct str values[] = {o->industry, labels_industry(r->lang, o->industry),
	                             o->trade.n && key ? page_t(r, key) : STR("")};
	return labels_fill(r->arena, r->lang,
	                   o->trade.n ? "org.show.industry_with_trade" : "org.show.industry", names,
	                   values, 3);
}

static struct str address_text(struct req *r, const struct org_profile *o)
{
	const char *const names[] = {"postal_code", "prefecture", "address"};
	const struct str values[] = {o->postal_code, labels_prefecture(r->lang, o->prefecture),
	                             o->address};
	return labels_fill(r->arena, r->lang, "org.show.address_line", names, values, 3);
}

static struct str or_none(struct req *r, struct str s)
{
	return s.n ? s : page_t(r, "org.show.not_given");
}

static enum mm_err set_profile(struct req *r, struct val *ctx, const struct org_profile *o)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, "org");
	struct str group;
	struct str size = size_text(r, o, &group);
	struct str industry = industry_text(r, o);
	if (!v || !val_set_str(a, v, "name", o->name) ||
	    !val_set_str(a, v, "name_kana", o->name_kana) ||
	    !val_set_str(a, v, "corporate_number", or_none(r, o->corporate_number)) ||
	    !val_set_bool(a, v, "sole_proprietor", o->sole_proprietor) ||
	    !val_set_str(a, v, "address_line", address_text(r, o)) ||
	    !val_set_str(a, v, "industry", industry) ||
	    !val_set_cstr(a, v, "employees", labels_format_count(a, o->employees)) ||
	    !val_set_str(a, v, "capital", capital_text(r, o->capital_yen)) ||
	    !val_set_str(a, v, "size", size) || !val_set_str(a, v, "size_group", group) ||
	    !val_set_str(a, v, "representative_title", o->representative_title) ||
	    !val_set_str(a, v, "representative_name", o->representative_name) ||
	    !val_set_str(a, v, "contact_name", o->contact_name) ||
	    !val_set_str(a, v, "contact_email", o->contact_email) ||
	    !val_set_str(a, v, "contact_phone", or_none(r, o->contact_phone)) ||
	    !val_set_str(a, v, "website", o->website) ||
	    !val_set_bool(a, v, "has_website", o->website.n > 0))
		return MM_ERR_NOMEM;
	return support_bundle_set(a, v, "support", &o->support);
}

/* ---- members, invitations, supporters ---------------------------------- */

static enum mm_err set_members(struct req *r, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct org_member *m;
	size_t n;
	enum mm_err e = store_org_member_list(r->store, a, org_id, &m, &n);
	struct val *list = val_set_list(a, ctx, "members");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_long(a, v, "id", (long)m[i].user_id) ||
		    !val_set_str(a, v, "email", m[i].email) ||
		    !val_set_str(a, v, "name", m[i].name) ||
		    !val_set_str(a, v, "role", org_role_label(r, m[i].role)) ||
		    !val_set_bool(a, v, "is_owner_role", m[i].role == ORG_ROLE_OWNER) ||
		    !val_set_cstr(a, v, "joined", page_format_date(r, m[i].joined_at)) ||
		    !val_set_bool(a, v, "is_self", m[i].user_id == r->user->id))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* Only owners see who has been invited; members get an empty list. */
static enum mm_err set_invitations(struct req *r, struct val *ctx, const struct org_scope *org)
{
	struct arena *a = r->arena;
	struct org_invitation *inv = NULL;
	size_t n = 0;
	enum mm_err e = org->role == SCOPE_OWNER
	                    ? store_org_invitation_list(r->store, a, org->id, r->now, &inv, &n)
	                    : MM_OK;
	struct val *list = val_set_list(a, ctx, "invitations");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_long(a, v, "id", (long)inv[i].id) ||
		    !val_set_str(a, v, "email", inv[i].email) ||
		    !val_set_str(a, v, "role", org_role_label(r, inv[i].role)) ||
		    !val_set_cstr(a, v, "expires", page_format_date(r, inv[i].expires_at)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_invitations", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err set_grants(struct req *r, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct org_grant *g;
	size_t n;
	enum mm_err e = store_org_grant_list(r->store, a, org_id, false, &g, &n);
	struct val *list = val_set_list(a, ctx, "grants");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, list);
		if (!v || !val_set_long(a, v, "id", (long)g[i].id) ||
		    !val_set_str(a, v, "email", g[i].supporter_email) ||
		    !val_set_str(a, v, "organisation", g[i].supporter_organisation) ||
		    !val_set_str(a, v, "kind", org_kind_label(r, g[i].supporter_kind)) ||
		    !val_set_str(a, v, "region",
		                 labels_prefecture(r->lang, g[i].supporter_prefecture)) ||
		    !val_set_str(a, v, "access", org_access_label(r, g[i].access)) ||
		    !val_set_cstr(a, v, "granted", page_format_date(r, g[i].granted_at)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_grants", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

/* ---- GET /org ------------------------------------------------------------ */

void org_page_no_organisation(struct req *r, struct res *res)
{
	page_error_with(r, res, 404,
	                (struct page_error_text){"org.none.heading",
	                                         "error.no_organisation.message", "/org/new",
	                                         "org.none.create", NULL});
}

static enum mm_err show_none(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = notice_set(r, ctx, "org.notice", notices, NOTICE_COUNT)))
		return e;
	return titled_render(r, res, 200, "org_none", ctx, "org.title", NULL, NULL);
}

static enum mm_err page_org(struct req *r, struct res *res)
{
	struct webform f;
	int status;
	/* /org also answers users without an organisation (how to create or
	 * join one), so its route is RIGHT_USER and the page asks for the
	 * RIGHT_MEMBER decision itself; that sets r->org as dispatch would. */
	enum mm_err e = scope_decide(r, RIGHT_MEMBER, &status);
	if (e)
		return e;
	if (status == 404)
		return show_none(r, res);
	assert(status == 0 && r->org);
	const struct org_scope *org = r->org;
	bool owner = org->role == SCOPE_OWNER;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = set_profile(r, f.ctx, org->profile)) || (e = set_members(r, f.ctx, org->id)) ||
	    (e = set_invitations(r, f.ctx, org)) || (e = set_grants(r, f.ctx, org->id)) ||
	    (e = notice_set(r, f.ctx, "org.notice", notices, NOTICE_COUNT)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "is_owner", owner) ||
	    !val_set_str(r->arena, f.ctx, "my_role",
	                 org_role_label(r, owner ? ORG_ROLE_OWNER : ORG_ROLE_MEMBER)))
		return MM_ERR_NOMEM;
	return titled_render(r, res, 200, "org_show", f.ctx, "org.title", NULL, NULL);
}

/* ---- creating and editing -------------------------------------------------- */

/* Records an error when another organisation has the corporate number. */
static enum mm_err check_corporate_number_free(struct store *s, struct webform *f,
                                               const struct org_profile *o)
{
	int64_t other;
	if (o->corporate_number.n == 0)
		return MM_OK;
	enum mm_err e = store_org_id_by_corporate_number(s, o->corporate_number, &other);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (!e && other != o->id)
		webform_error(f, "corporate_number", "org.error.corporate_number.taken");
	return e;
}

static enum mm_err page_org_new(struct req *r, struct res *res)
{
	struct org_membership m;
	struct webform f;
	struct org_profile empty = {.capital_yen = -1, .employees = -1};
	enum mm_err e = store_org_membership_of(r->store, r->user->id, &m);
	if (e != MM_ERR_NOT_FOUND)
		return e ? e : page_redirect(r, res, "/org");
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_show(&f, &empty)) ||
	    (e = org_corp_prefill(r, &f)))
		return e;
	return org_form_render(&f, res, true);
}

/* A profile write in one transaction. The transaction function rolls
 * back by returning MM_ERR_CONFLICT when it meets a reason not to write
 * (refused says which), so the page answers that instead of an error. */
enum profile_refusal { PROFILE_WRITTEN, PROFILE_HAS_ORG, PROFILE_FORM_ERRORS };
struct profile_write {
	struct webform *f;
	struct org_profile *o;
	enum profile_refusal refused;
};

/* The refusal as the page answers it, or e. */
static enum mm_err profile_answer(struct req *r, struct profile_write *w, struct res *res,
                                  enum mm_err e, bool create)
{
	if (w->refused == PROFILE_HAS_ORG)
		return page_redirect(r, res, "/org");
	if (w->refused == PROFILE_FORM_ERRORS)
		return org_form_render(w->f, res, create);
	return e;
}

static enum mm_err refuse_profile(struct profile_write *w, enum profile_refusal why)
{
	w->refused = why;
	return MM_ERR_CONFLICT;
}

/* Inserts the organisation with a fresh public id (another on the rare
 * clash) and its creator as the first owner. */
static enum mm_err insert_with_owner(struct req *r, struct store *s, struct org_profile *o,
                                     int64_t *id)
{
	char public_id[ORG_PUBLIC_ID_CHARS + 1];
	enum mm_err e = MM_ERR_CONFLICT;
	for (int i = 0; i < ORG_PUBLIC_ID_ATTEMPTS && e == MM_ERR_CONFLICT; i++) {
		org_random_text(public_id, ORG_PUBLIC_ID_CHARS, ORG_PUBLIC_ID_ALPHABET);
		o->public_id = str_from(public_id);
		e = store_org_insert(s, o, r->now, id);
	}
	if (e)
		return e;
	o->public_id = str_from(str_dup(r->arena, o->public_id));
	return store_org_member_insert(s, *id, r->user->id, ORG_ROLE_OWNER, r->now);
}

static enum mm_err create_tx(struct req *r, struct store *s, void *arg)
{
	struct profile_write *w = arg;
	struct org_membership m;
	int64_t id;
	enum mm_err e = store_org_membership_of(s, r->user->id, &m);
	if (e != MM_ERR_NOT_FOUND) /* one organisation per user */
		return e ? e : refuse_profile(w, PROFILE_HAS_ORG);
	if ((e = check_corporate_number_free(s, w->f, w->o)) ||
	    (e = org_corp_refuse_closed(r, s, w->f, w->o->corporate_number, STR(""))))
		return e;
	if (!webform_ok(w->f))
		return refuse_profile(w, PROFILE_FORM_ERRORS);
	if ((e = insert_with_owner(r, s, w->o, &id)))
		return e;
	return audit_log(r, "org.create", 0, id, w->o->name, AUDIT_OK,
	                 str_dup(r->arena, w->o->public_id));
}

static enum mm_err page_org_new_post(struct req *r, struct res *res)
{
	struct webform f;
	struct org_profile o = {0};
	struct profile_write w = {.f = &f, .o = &o, .refused = PROFILE_WRITTEN};
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_read(&f, &o)))
		return e;
	if ((e = page_tx(r, create_tx, &w)))
		return profile_answer(r, &w, res, e, true);
	return page_redirect(r, res, "/org?notice=created");
}

static enum mm_err page_org_edit(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = org_form_show(&f, r->org->profile)) || (e = org_corp_prefill(r, &f)))
		return e;
	return org_form_render(&f, res, false);
}

static enum mm_err update_tx(struct req *r, struct store *s, void *arg)
{
	struct profile_write *w = arg;
	enum mm_err e = check_corporate_number_free(s, w->f, w->o);
	if (!e)
		e = org_corp_refuse_closed(r, s, w->f, w->o->corporate_number,
		                           r->org->profile->corporate_number);
	if (e)
		return e;
	if (!webform_ok(w->f))
		return refuse_profile(w, PROFILE_FORM_ERRORS);
	e = store_org_update(s, w->o, r->now);
	if (e == MM_ERR_CONFLICT) {
		/* another organisation took the number since the check */
		webform_error(w->f, "corporate_number", "org.error.corporate_number.taken");
		return refuse_profile(w, PROFILE_FORM_ERRORS);
	}
	if (e)
		return e;
	return audit_log(r, "org.update", 0, w->o->id, w->o->name, AUDIT_OK, "");
}

static enum mm_err page_org_edit_post(struct req *r, struct res *res)
{
	struct webform f;
	struct org_profile o = {.id = r->org->id, .public_id = r->org->public_id};
	struct profile_write w = {.f = &f, .o = &o, .refused = PROFILE_WRITTEN};
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_read(&f, &o)))
		return e;
	if ((e = page_tx(r, update_tx, &w)))
		return profile_answer(r, &w, res, e, false);
	return page_redirect(r, res, "/org?notice=updated");
}

/* This file's routes, in dispatch order (see org_routes.c). */
const struct route_table org_routes =
    ROUTE_TABLE(ROUTE_GET("/org", page_org, RIGHT_USER),
                ROUTE_FORM("/org/new", page_org_new, page_org_new_post, RIGHT_USER),
                ROUTE_FORM("/org/edit", page_org_edit, page_org_edit_post, RIGHT_OWNER));
