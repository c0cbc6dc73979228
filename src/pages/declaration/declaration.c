/*
 * declaration.c — "/declaration": the organisation's declaration as its
 * members see it (ID, level, status, history, earlier declarations, the
 * steps of a new one), and what an owner does with an active declaration:
 * upgrade ★ → ★★ (/declaration/upgrade, same ID), copy changed details
 * from the organisation profile (/declaration/details), withdraw
 * (/declaration/withdraw, after a confirmation page).
 *
 * Every change runs core_declaration_transition first and writes the
 * change, its event and its audit line in one transaction; the store's
 * updates match an active declaration only, so a change racing with a
 * withdrawal finds nothing to change.
 */
#include "web/audit.h"
#include "pages/declaration/declaration_common.h"
#include "web/page.h"
#include "pages/declaration/declaration_routes.h"
#include "web/webform.h"

/* Notices /declaration shows after a redirect (key declaration.notice.NAME). */
static const char *const notices[] = {"upgraded", "details_updated", "withdrawn", "no_change"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

/* ---- GET /declaration ------------------------------------------------------------ */

/* Earlier (withdrawn, revoked) declarations of the organisation. */
static enum mm_err set_past(struct req *r, struct store *s, struct val *ctx, int64_t org_id)
{
	struct arena *a = r->arena;
	struct declaration *list;
	size_t n, shown = 0;
	enum mm_err e = store_declaration_list_of(s, a, org_id, &list, &n);
	struct val *past = val_set_list(a, ctx, "past");
	if (e || !past)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (list[i].status == DECLARATION_ACTIVE)
			continue;
		struct val *v = val_list_push_obj(a, past);
		if (!v || (e = declaration_set_summary(r, v, "d", &list[i])))
			return v ? e : MM_ERR_NOMEM;
		shown++;
	}
	return val_set_bool(a, ctx, "has_past", shown > 0) ? MM_OK : MM_ERR_NOMEM;
}

/* When the last level change was the drop to ★ after the policy was
 * unpublished, the page says so (the firm is told where it looks). */
static enum mm_err set_downgrade(struct req *r, struct store *s, struct val *ctx,
                                 const struct declaration *d)
{
	struct declaration_event *ev;
	size_t n;
	const struct declaration_event *last = NULL;
	enum mm_err e = store_declaration_events(s, r->arena, d->id, &ev, &n);
	if (e)
		return e;
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(ev[i].kind, "level"))
			last = &ev[i];
	bool dropped = last && d->level == DECLARATION_LEVEL_ONE &&
	               str_eq_lit(last->reason, "policy_unpublished");
	const char *const names[] = {"date"};
	const struct str values[] = {str_from(dropped ? page_format_date(r, last->at) : "")};
	if (!val_set_str(r->arena, ctx, "downgrade_notice",
	                 dropped ? org_fill(r, "declaration.downgraded", names, values, 1)
	                         : STR("")))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_active(struct req *r, struct store *s, struct val *ctx,
                              const struct org_here *h, const struct declaration *d)
{
	struct declaration now = {0};
	unsigned problems;
	enum mm_err e;
	bool owner = org_is_owner(h);
	if ((e = declaration_set_summary(r, ctx, "declaration", d)) ||
	    (e = declaration_set_events(r, s, ctx, d->id, false)) ||
	    (e = set_downgrade(r, s, ctx, d)) ||
	    (e = declaration_copy_facts(r, &h->org, &now, &problems)))
		return e;
	if (!val_set_bool(r->arena, ctx, "can_upgrade",
	                  owner && d->level == DECLARATION_LEVEL_ONE) ||
	    !val_set_bool(r->arena, ctx, "details_differ",
	                  owner && declaration_details_differ(d, &now)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err page_declaration(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	bool answered;
	enum mm_err e;
	struct val *ctx = val_obj(r->arena);
	if (!s || !ctx)
		return s ? MM_ERR_NOMEM : MM_ERR_DB;
	if ((e = org_here_require(r, res, s, ORG_NEED_MEMBER, &h, &answered)) || answered)
		return e;
	e = store_declaration_active_of(s, r->arena, h.org.id, &d);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool active = e == MM_OK;
	if (!val_set_bool(r->arena, ctx, "has_active", active) ||
	    !val_set_bool(r->arena, ctx, "is_owner", org_is_owner(&h)) ||
	    !val_set_str(r->arena, ctx, "org_name", h.org.name))
		return MM_ERR_NOMEM;
	if ((active && (e = set_active(r, s, ctx, &h, &d))) ||
	    (e = set_past(r, s, ctx, h.org.id)) ||
	    (e = org_set_notice(r, ctx, "declaration.notice", notices, NOTICE_COUNT)))
		return e;
	return declaration_render(r, res, 200, "declaration_show", ctx, "declaration.title");
}

/* The active declaration for an owner's page; redirects to the overview
 * (and sets *answered) when there is none. */
static enum mm_err active_require(struct req *r, struct res *res, struct store *s,
                                  struct org_here *h, struct declaration *d, bool *answered)
{
	enum mm_err e = declaration_owner_require(r, res, s, h, answered);
	if (e || *answered)
		return e;
	e = store_declaration_active_of(s, r->arena, h->org.id, d);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	*answered = true;
	return page_redirect(r, res, "/declaration");
}

/* Commits a change, or answers 409 when the declaration stopped being
 * active since it was read (*answered set). */
static enum mm_err finish_change(struct req *r, struct res *res, struct store *s, enum mm_err e,
                                 const char *action, bool *answered)
{
	*answered = false;
	if (e == MM_ERR_NOT_FOUND) {
		/* withdrawn or revoked by someone else since the page was shown */
		store_rollback(s);
		audit_log(r, action, 0, 0, STR(""), AUDIT_DENIED, "not active");
		*answered = true;
		return declaration_refuse(r, res, 409, "declaration.refused.not_active",
		                          "/declaration");
	}
	if (e || (e = store_commit(s)))
		store_rollback(s);
	return e;
}

/* ---- upgrade ★ → ★★ -------------------------------------------------------------------- */

static enum mm_err upgrade_page(struct req *r, struct res *res, struct store *s,
                                const struct org_here *h, const struct declaration *d, int status)
{
	struct declaration_prerequisites p;
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = store_declaration_prerequisites(s, r->arena, h->org.id, &p)) ||
	    (e = declaration_set_prerequisites(r, f.ctx, &p, &h->org)) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", d)))
		return e;
	return declaration_render(r, res, status, "declaration_upgrade", f.ctx,
	                          "declaration.upgrade.title");
}

enum mm_err page_declaration_upgrade(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	if (d.level != DECLARATION_LEVEL_ONE)
		return page_redirect(r, res, "/declaration");
	return upgrade_page(r, res, s, &h, &d, 200);
}

enum mm_err page_declaration_upgrade_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	struct declaration_prerequisites p;
	struct declaration_state to;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	if ((e = store_begin(s)) ||
	    (e = store_declaration_prerequisites(s, r->arena, h.org.id, &p))) {
		store_rollback(s);
		return e;
	}
	struct declaration_request req = {.has_assessment = p.has_assessment,
	                                  .has_policy = p.has_policy};
	struct declaration_state from = {d.status, d.level, d.flagged};
	enum declaration_refusal why =
	    core_declaration_transition(from, DECLARATION_UPGRADE, &req, &to);
	if (why == DECLARATION_REFUSED_LEVEL) {
		store_rollback(s);
		return page_redirect(r, res, "/declaration");
	}
	if (why) {
		store_rollback(s);
		audit_log(r, "declaration.upgrade", 0, h.org.id, d.public_id, AUDIT_DENIED,
		          why == DECLARATION_REFUSED_NO_ASSESSMENT ? "no assessment" : "no policy");
		return upgrade_page(r, res, s, &h, &d, 422);
	}
	struct declaration_event ev = {.declaration_id = d.id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("level"),
	                               .from_value = STR("1"),
	                               .to_value = STR("2"),
	                               .reason = STR("upgrade")};
	e = store_declaration_set_level(s, d.id, to.level, p.policy_url, r->now);
	if (!e)
		e = declaration_record(r, s, &d, &ev, "declaration.upgrade");
	if ((e = finish_change(r, res, s, e, "declaration.upgrade", &answered)) || answered)
		return e;
	return page_redirect(r, res, "/declaration?notice=upgraded");
}

/* ---- details copied again ------------------------------------------------------------------ */

/* "name=…; prefecture=13" for the public facts that differ (old or new
 * side); address and contact e-mail are private and named only. */
static struct str details_side(struct req *r, const struct declaration *a,
                               const struct declaration *b, bool old_side)
{
	const struct declaration *v = old_side ? a : b;
	struct buf out;
	buf_init(&out, r->arena, 4096);
	if (!str_eq(a->org_name, b->org_name))
		buf_printf(&out, "name=%.*s; ", (int)v->org_name.n, v->org_name.p);
	if (!str_eq(a->org_name_kana, b->org_name_kana))
		buf_printf(&out, "name_kana=%.*s; ", (int)v->org_name_kana.n, v->org_name_kana.p);
	if (a->prefecture != b->prefecture)
		buf_printf(&out, "prefecture=%d; ", v->prefecture);
	if (!str_eq(a->industry, b->industry))
		buf_printf(&out, "industry=%.*s; ", (int)v->industry.n, v->industry.p);
	if (!str_eq(a->corporate_number, b->corporate_number))
		buf_printf(&out, "corporate_number=%.*s; ", (int)v->corporate_number.n,
		           v->corporate_number.p);
	if (!str_eq(a->address, b->address))
		buf_append_cstr(&out, "address; ");
	if (!str_eq(a->contact_email, b->contact_email))
		buf_append_cstr(&out, "contact_email; ");
	struct str s = buf_cstr(&out) ? buf_str(&out) : STR("");
	return s.n >= 2 ? (struct str){s.p, s.n - 2} : s;
}

static enum mm_err set_comparison(struct req *r, struct val *ctx, const struct declaration *d,
                                  const struct declaration *now, const struct org_profile *o)
{
	struct arena *a = r->arena;
	struct val *rows = val_set_list(a, ctx, "rows");
	struct {
		const char *key;
		struct str before, after;
	} items[] = {
	    {"declaration.field.name", d->org_name, now->org_name},
	    {"declaration.field.name_kana", d->org_name_kana, now->org_name_kana},
	    {"declaration.field.corporate_number", d->corporate_number, now->corporate_number},
	    {"declaration.field.prefecture", org_prefecture_label(r, d->prefecture),
	     org_prefecture_label(r, now->prefecture)},
	    {"declaration.field.address", d->address, o->address},
	    {"declaration.field.industry", org_industry_label(r, d->industry),
	     org_industry_label(r, now->industry)},
	    {"declaration.field.contact_email", d->contact_email, now->contact_email},
	};
	if (!rows)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		struct val *v = val_list_push_obj(a, rows);
		if (!v || !val_set_str(a, v, "label", page_t(r, items[i].key)) ||
		    !val_set_str(a, v, "before", items[i].before) ||
		    !val_set_str(a, v, "after", items[i].after) ||
		    !val_set_bool(a, v, "changed", !str_eq(items[i].before, items[i].after)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err details_page(struct req *r, struct res *res, const struct org_here *h,
                                const struct declaration *d, int status)
{
	struct declaration now = {0};
	struct webform f;
	unsigned problems;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = declaration_copy_facts(r, &h->org, &now, &problems)) ||
	    (e = set_comparison(r, f.ctx, d, &now, &h->org)) ||
	    (e = declaration_set_problems(r, f.ctx, problems)) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", d)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "differ", declaration_details_differ(d, &now)))
		return MM_ERR_NOMEM;
	return declaration_render(r, res, status, "declaration_details", f.ctx,
	                          "declaration.details.title");
}

enum mm_err page_declaration_details(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	return details_page(r, res, &h, &d, 200);
}

/* Another organisation's active declaration holds the new number. */
static enum mm_err number_taken(struct store *s, const struct declaration *d,
                                const struct declaration *now, bool *taken)
{
	int64_t holder;
	*taken = false;
	if (!now->corporate_number.n || str_eq(now->corporate_number, d->corporate_number))
		return MM_OK;
	enum mm_err e =
	    store_declaration_active_by_corporate_number(s, now->corporate_number, &holder);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	*taken = !e && holder != d->id;
	return e;
}

enum mm_err page_declaration_details_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d, now;
	struct declaration_state to;
	unsigned problems;
	bool answered, taken;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	now = d;
	if ((e = declaration_copy_facts(r, &h.org, &now, &problems)))
		return e;
	if (problems)
		return details_page(r, res, &h, &d, 422);
	struct declaration_request req = {.details_changed = declaration_details_differ(&d, &now)};
	struct declaration_state from = {d.status, d.level, d.flagged};
	if (core_declaration_transition(from, DECLARATION_DETAILS, &req, &to))
		return page_redirect(r, res, "/declaration?notice=no_change");
	if ((e = store_begin(s)) || (e = number_taken(s, &d, &now, &taken))) {
		store_rollback(s);
		return e;
	}
	if (taken) {
		store_rollback(s);
		return declaration_refuse(
		    r, res, 409, "declaration.refused.corporate_number_declared", "/declaration");
	}
	struct declaration_event ev = {.declaration_id = d.id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("details"),
	                               .from_value = details_side(r, &d, &now, true),
	                               .to_value = details_side(r, &d, &now, false),
	                               .reason = STR("profile_update")};
	e = store_declaration_set_details(s, &now, r->now);
	if (!e)
		e = declaration_record(r, s, &now, &ev, "declaration.details");
	if ((e = finish_change(r, res, s, e, "declaration.details", &answered)) || answered)
		return e;
	return page_redirect(r, res, "/declaration?notice=details_updated");
}

/* ---- withdrawal
 * ---------------------------------------------------------------------------------- */

enum mm_err page_declaration_withdraw(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	struct webform f;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", &d)))
		return e;
	return declaration_render(r, res, 200, "declaration_withdraw", f.ctx,
	                          "declaration.withdraw.title");
}

enum mm_err page_declaration_withdraw_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	struct declaration d;
	struct declaration_state to;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = active_require(r, res, s, &h, &d, &answered)) || answered)
		return e;
	struct declaration_request req = {0};
	struct declaration_state from = {d.status, d.level, d.flagged};
	if (core_declaration_transition(from, DECLARATION_WITHDRAW, &req, &to))
		return page_redirect(r, res, "/declaration");
	struct declaration_event ev = {.declaration_id = d.id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("withdrawn"),
	                               .from_value = STR("active"),
	                               .to_value = STR("withdrawn"),
	                               .reason = STR("owner_request")};
	if ((e = store_begin(s)))
		return e;
	e = store_declaration_set_status(s, d.id, to.status, r->now);
	if (!e)
		e = declaration_record(r, s, &d, &ev, "declaration.withdraw");
	if ((e = finish_change(r, res, s, e, "declaration.withdraw", &answered)) || answered)
		return e;
	return page_redirect(r, res, "/declaration?notice=withdrawn");
}
