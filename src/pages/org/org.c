/*
 * org.c — "/org": the signed-in user's organisation (profile, size class,
 * members, pending invitations, supporters with access), and creating
 * (/org/new) and editing (/org/edit) it. A user without an organisation
 * is told how to create one or be invited.
 *
 * Only owners see the controls that change anything; the handlers behind
 * those controls check the role again (org_here_require).
 */
#include "pages/org/org_common.h"
#include "pages/org/org_form.h"
#include "web/page.h"
#include "pages/org/org_routes.h"
#include "web/webform.h"

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
	static const char *const groups[] = {"org.size_group.others", "org.size_group.wholesale",
	                                     "org.size_group.retail", "org.size_group.services"};
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
	const struct str values[] = {str_from(org_format_count(r->arena, capital))};
	return org_fill(r, "org.show.yen", names, values, 1);
}

/* "E 製造業", with the trade for division I: "I 卸売業，小売業（小売業）". */
static struct str industry_text(struct req *r, const struct org_profile *o)
{
	const char *const names[] = {"code", "industry", "trade"};
	const struct str values[] = {
	    o->industry, org_industry_label(r, o->industry),
	    page_t(r, str_eq_lit(o->trade, "retail") ? "org.trade.retail" : "org.trade.wholesale")};
	return org_fill(r, o->trade.n ? "org.show.industry_with_trade" : "org.show.industry", names,
	                values, 3);
}

static struct str address_text(struct req *r, const struct org_profile *o)
{
	const char *const names[] = {"postal_code", "prefecture", "address"};
	const struct str values[] = {o->postal_code, org_prefecture_label(r, o->prefecture),
	                             o->address};
	return org_fill(r, "org.show.address_line", names, values, 3);
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
	    !val_set_cstr(a, v, "employees", org_format_count(a, o->employees)) ||
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
	return MM_OK;
}

/* ---- members, invitations, supporters ---------------------------------- */

static enum mm_err set_members(struct req *r, struct store *s, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct org_member *m;
	size_t n;
	enum mm_err e = store_org_member_list(s, a, org_id, &m, &n);
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
static enum mm_err set_invitations(struct req *r, struct store *s, struct val *ctx,
                                   const struct org_here *h)
{
	struct arena *a = r->arena;
	struct org_invitation *inv = NULL;
	size_t n = 0;
	enum mm_err e =
	    org_is_owner(h) ? store_org_invitation_list(s, a, h->org.id, r->now, &inv, &n) : MM_OK;
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

static enum mm_err set_grants(struct req *r, struct store *s, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct org_grant *g;
	size_t n;
	enum mm_err e = store_org_grant_list(s, a, org_id, false, &g, &n);
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
		                 org_prefecture_label(r, g[i].supporter_prefecture)) ||
		    !val_set_str(a, v, "access", org_access_label(r, g[i].access)) ||
		    !val_set_cstr(a, v, "granted", page_format_date(r, g[i].granted_at)))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_grants", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

/* ---- GET /org ------------------------------------------------------------ */

static enum mm_err show_none(struct req *r, struct res *res)
{
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = org_set_notice(r, ctx, "org.notice", notices, NOTICE_COUNT)))
		return e;
	return org_render(r, res, 200, "org_none", ctx, "org.title", NULL, NULL);
}

enum mm_err page_org(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	e = org_here_load(r, s, &h);
	if (e == MM_ERR_NOT_FOUND)
		return show_none(r, res);
	if (e || (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	if ((e = set_profile(r, f.ctx, &h.org)) || (e = set_members(r, s, f.ctx, h.org.id)) ||
	    (e = set_invitations(r, s, f.ctx, &h)) || (e = set_grants(r, s, f.ctx, h.org.id)) ||
	    (e = org_set_notice(r, f.ctx, "org.notice", notices, NOTICE_COUNT)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "is_owner", org_is_owner(&h)) ||
	    !val_set_str(r->arena, f.ctx, "my_role", org_role_label(r, h.membership.role)))
		return MM_ERR_NOMEM;
	return org_render(r, res, 200, "org_show", f.ctx, "org.title", NULL, NULL);
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

enum mm_err page_org_new(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_membership m;
	struct webform f;
	struct org_profile empty = {.capital_yen = -1, .employees = -1};
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	e = store_org_membership_of(s, r->user->id, &m);
	if (e != MM_ERR_NOT_FOUND)
		return e ? e : page_redirect(r, res, "/org");
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_show(&f, &empty)))
		return e;
	return org_form_render(&f, res, true);
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

enum mm_err page_org_new_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_membership m;
	struct webform f;
	struct org_profile o = {0};
	int64_t id;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_read(&f, &o)) ||
	    (e = store_begin(s)))
		return e;
	e = store_org_membership_of(s, r->user->id, &m);
	if (e != MM_ERR_NOT_FOUND) {
		store_rollback(s);
		return e ? e : page_redirect(r, res, "/org");
	}
	if ((e = check_corporate_number_free(s, &f, &o)) || !webform_ok(&f)) {
		store_rollback(s);
		return e ? e : org_form_render(&f, res, true);
	}
	if ((e = insert_with_owner(r, s, &o, &id)) ||
	    (e = org_audit(r, "org.create", id, o.name, str_dup(r->arena, o.public_id))) ||
	    (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=created");
}

enum mm_err page_org_edit(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_OWNER, &h, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_show(&f, &h.org)))
		return e;
	return org_form_render(&f, res, false);
}

enum mm_err page_org_edit_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct webform f;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_OWNER, &h, &answered)) || answered)
		return e;
	struct org_profile o = {.id = h.org.id, .public_id = h.org.public_id};
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) || (e = org_form_read(&f, &o)) ||
	    (e = store_begin(s)))
		return e;
	if ((e = check_corporate_number_free(s, &f, &o)) || !webform_ok(&f)) {
		store_rollback(s);
		return e ? e : org_form_render(&f, res, false);
	}
	e = store_org_update(s, &o, r->now);
	if (e == MM_ERR_CONFLICT) {
		/* another organisation took the number since the check */
		store_rollback(s);
		webform_error(&f, "corporate_number", "org.error.corporate_number.taken");
		return org_form_render(&f, res, false);
	}
	if (e || (e = org_audit(r, "org.update", o.id, o.name, "")) || (e = store_commit(s))) {
		store_rollback(s);
		return e;
	}
	return page_redirect(r, res, "/org?notice=updated");
}
