/*
 * declaration.c — "/declaration": the organisation's declaration as its
 * members see it (ID, level, status, history, earlier declarations, the
 * steps of a new one), and what an owner does with an active declaration:
 * upgrade ★ → ★★ (/declaration/upgrade, same ID), copy changed details
 * from the organisation profile (/declaration/details), withdraw
 * (/declaration/withdraw, after a confirmation page).
 *
 * A change of identity on a live declaration (name, prefecture, corporate
 * number) is what a firm would do to pass someone else's declaration off
 * as its own, so it runs the review signals again (the declaration goes to
 * the review queue when any fires) and the name and prefecture change is
 * public: the verification page shows "details changed on …" with the old
 * name. A new corporate number is not copied at all: it waits as pending
 * until an administrator approves it in the review queue, and meanwhile
 * the declaration answers with the number it was made with.
 *
 * Rights are the route table's: /declaration is for members (an owner
 * sees what they may change), every other route for owners; the
 * organisation is r->org. Every change runs core_declaration_transition
 * first and writes the change, its event and its audit line in one
 * page_tx; the store's updates match an active declaration only, so a
 * change racing with a withdrawal finds nothing to change (409).
 */
#include "core/declaration.h"
#include "pages/declaration/declaration_facts.h"
#include "pages/declaration/declaration_record.h"
#include "pages/declaration/declaration_view.h"
#include "view/labels.h"
#include "pages/shared/notice.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

/* Notices /declaration shows after a redirect (key declaration.notice.NAME). */
static const char *const notices[] = {"upgraded", "details_updated", "withdrawn", "no_change",
                                      "number_pending"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

/* ---- GET /declaration ------------------------------------------------------------ */

/* Earlier (withdrawn, revoked) declarations of the organisation. */
static enum mm_err set_past(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	struct declaration *list;
	size_t n, shown = 0;
	enum mm_err e = store_declaration_list_of(r->store, a, r->org->id, &list, &n);
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
static enum mm_err set_downgrade(struct req *r, struct val *ctx, const struct declaration *d)
{
	struct declaration_event *ev;
	size_t n;
	const struct declaration_event *last = NULL;
	enum mm_err e = store_declaration_events(r->store, r->arena, d->id, &ev, &n);
	if (e)
		return e;
	for (size_t i = 0; i < n; i++)
		if (str_eq_lit(ev[i].kind, "level"))
			last = &ev[i];
	bool dropped = last && d->level == DECLARATION_LEVEL_ONE &&
	               str_eq_lit(last->reason, "policy_unpublished");
	const char *const names[] = {"date"};
	const struct str values[] = {str_from(dropped ? page_format_date(r, last->at) : "")};
	if (!val_set_str(
	        r->arena, ctx, "downgrade_notice",
	        dropped ? labels_fill(r->arena, r->lang, "declaration.downgraded", names, values, 1)
	                : STR("")))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The declaration d with the profile's facts, except the corporate
 * number: a new one waits for an administrator (pending), and the
 * declaration keeps answering verifiers with the number it was made with. */
static enum mm_err details_now(struct req *r, const struct declaration *d, struct declaration *now,
                               unsigned *problems)
{
	*now = *d;
	enum mm_err e = declaration_copy_facts(r, r->org->profile, now, problems);
	struct str asked = now->corporate_number;
	now->corporate_number = d->corporate_number;
	now->pending_corporate_number =
	    asked.n && !str_eq(asked, d->corporate_number) ? asked : STR("");
	return e;
}

/* Copying the profile again would change something (a fact, or the number
 * asked for). */
static bool details_would_change(const struct declaration *d, const struct declaration *now)
{
	return declaration_details_differ(d, now) ||
	       !str_eq(d->pending_corporate_number, now->pending_corporate_number);
}

static enum mm_err set_active(struct req *r, struct val *ctx, const struct declaration *d)
{
	struct declaration now;
	unsigned problems;
	enum mm_err e;
	bool owner = r->org->role == SCOPE_OWNER;
	if ((e = declaration_set_summary(r, ctx, "declaration", d)) ||
	    (e = declaration_set_events(r, r->store, ctx, d->id, false)) ||
	    (e = set_downgrade(r, ctx, d)) || (e = details_now(r, d, &now, &problems)))
		return e;
	if (!val_set_bool(r->arena, ctx, "can_upgrade",
	                  owner && d->level == DECLARATION_LEVEL_ONE) ||
	    !val_set_bool(r->arena, ctx, "details_differ", owner && details_would_change(d, &now)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* Without a declaration: whether ★★ can be declared at once (the owner
 * then goes straight to the pledge page, one form in all). */
static enum mm_err set_two_ready(struct req *r, struct val *ctx)
{
	struct declaration_prerequisites p = {0};
	bool owner = r->org->role == SCOPE_OWNER;
	enum mm_err e =
	    owner ? store_declaration_prerequisites(r->store, r->arena, r->org->id, &p) : MM_OK;
	if (e)
		return e;
	return val_set_bool(r->arena, ctx, "two_ready", owner && p.has_assessment && p.has_policy)
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err page_declaration(struct req *r, struct res *res)
{
	struct declaration d;
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	enum mm_err e = store_declaration_active_of(r->store, r->arena, r->org->id, &d);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	bool active = e == MM_OK;
	struct str revoked;
	bool blocked = false;
	if (!active) {
		e = store_declaration_block_of(r->store, r->arena, r->org->id,
		                               r->org->profile->corporate_number, &revoked);
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
		blocked = e == MM_OK;
	}
	if (!val_set_bool(r->arena, ctx, "has_active", active) ||
	    !val_set_bool(r->arena, ctx, "blocked", blocked) ||
	    !val_set_bool(r->arena, ctx, "is_owner", r->org->role == SCOPE_OWNER) ||
	    !val_set_str(r->arena, ctx, "org_name", r->org->profile->name))
		return MM_ERR_NOMEM;
	if ((active && (e = set_active(r, ctx, &d))) || (!active && (e = set_two_ready(r, ctx))) ||
	    (e = set_past(r, ctx)) ||
	    (e = notice_set(r, ctx, "declaration.notice", notices, NOTICE_COUNT)))
		return e;
	return declaration_render(r, res, 200, "declaration_show", ctx, "declaration.title");
}

/* ---- what every owner's change shares ------------------------------------------- */

/* A change of the active declaration d, written by page_tx: each page's
 * update, then its event and audit line (change_record). */
struct change {
	const struct declaration *d; /* as it is after the change (its facts) */
	struct declaration_event ev;
	struct declaration_state to; /* what core_declaration_transition allowed */
	const char *action;          /* the audit action */
	bool refused;                /* a rule refused it before anything was written */
	bool stale;                  /* it was no longer active: withdrawn or revoked since read */
};

/* Records c after its update returned e; a declaration the update did
 * not find active makes the change stale. */
static enum mm_err change_record(struct req *r, struct store *s, struct change *c, enum mm_err e)
{
	if (!e)
		e = declaration_record(r, s, c->d, &c->ev, c->action);
	c->stale = e == MM_ERR_NOT_FOUND;
	return e;
}

/* The answer once page_tx has run: 409 for a stale change (written
 * nowhere but in the audit log), else done_url. */
static enum mm_err change_answer(struct req *r, struct res *res, const struct change *c,
                                 enum mm_err e, const char *done_url)
{
	if (c->stale) {
		audit_note(r, c->action, 0, 0, STR(""), AUDIT_DENIED, "not active");
		return declaration_refuse(r, res, 409, "declaration.refused.not_active",
		                          "/declaration");
	}
	return e ? e : page_redirect(r, res, done_url);
}

/* The event of a change of d made by the signed-in owner now. */
static struct declaration_event change_event(struct req *r, const struct declaration *d,
                                             const char *kind, struct str from, struct str to,
                                             const char *reason)
{
	return (struct declaration_event){.declaration_id = d->id,
	                                  .at = r->now,
	                                  .actor_user_id = r->user->id,
	                                  .kind = str_from(kind),
	                                  .from_value = from,
	                                  .to_value = to,
	                                  .reason = str_from(reason)};
}

/* ---- upgrade ★ → ★★ ---------------------------------------------------------------- */

static enum mm_err upgrade_page(struct req *r, struct res *res, const struct declaration *d,
                                int status)
{
	struct declaration_prerequisites p;
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = store_declaration_prerequisites(r->store, r->arena, r->org->id, &p)) ||
	    (e = declaration_set_prerequisites(r, f.ctx, &p, r->org->profile)) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", d)))
		return e;
	return declaration_render(r, res, status, "declaration_upgrade", f.ctx,
	                          "declaration.upgrade.title");
}

static enum mm_err upgrade_show(struct req *r, struct res *res, const struct declaration *d)
{
	if (d->level != DECLARATION_LEVEL_ONE)
		return page_redirect(r, res, "/declaration");
	return upgrade_page(r, res, d, 200);
}

static enum mm_err page_declaration_upgrade(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, upgrade_show);
}

struct upgrade {
	struct change c;
	enum declaration_refusal why;
};

/* The prerequisites are read in the transaction that raises the level. */
static enum mm_err upgrade_tx(struct req *r, struct store *s, void *arg)
{
	struct upgrade *u = arg;
	const struct declaration *d = u->c.d;
	struct declaration_prerequisites p;
	enum mm_err e = store_declaration_prerequisites(s, r->arena, r->org->id, &p);
	if (e)
		return e;
	struct declaration_request req = {.has_assessment = p.has_assessment,
	                                  .has_policy = p.has_policy};
	struct declaration_state from = {d->status, d->level, d->flagged};
	if ((u->why = core_declaration_transition(from, DECLARATION_UPGRADE, &req, &u->c.to))) {
		u->c.refused = true;
		return MM_ERR_CONFLICT; /* nothing written: roll back */
	}
	u->c.ev = change_event(r, d, "level", STR("1"), STR("2"), "upgrade");
	e = store_declaration_set_level(s, d->id, u->c.to.level, p.policy_url, r->now);
	return change_record(r, s, &u->c, e);
}

static enum mm_err upgrade_post(struct req *r, struct res *res, const struct declaration *d)
{
	struct upgrade u = {.c = {.d = d, .action = "declaration.upgrade"}};
	enum mm_err e = page_tx(r, upgrade_tx, &u);
	if (u.why == DECLARATION_REFUSED_LEVEL)
		return page_redirect(r, res, "/declaration");
	if (u.c.refused) {
		audit_note(r, u.c.action, 0, r->org->id, d->public_id, AUDIT_DENIED,
		           u.why == DECLARATION_REFUSED_NO_ASSESSMENT ? "no assessment"
		                                                      : "no policy");
		return upgrade_page(r, res, d, 422);
	}
	return change_answer(r, res, &u.c, e, "/declaration?notice=upgraded");
}

static enum mm_err page_declaration_upgrade_post(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, upgrade_post);
}

/* ---- details copied again ------------------------------------------------------------------ */

/* "name=…; prefecture=13" for the public facts that differ (old or new
 * side); address and contact e-mail are private and named only. Every
 * field is bounded far below the buffer, so MM_ERR_NOMEM means a bug or
 * no memory, never a detail to shorten. */
static enum mm_err details_side(struct req *r, const struct declaration *a,
                                const struct declaration *b, bool old_side, struct str *out)
{
	const struct declaration *v = old_side ? a : b;
	struct buf text;
	enum mm_err e = MM_OK;
	buf_init(&text, r->arena, 4096);
	if (!e && !str_eq(a->org_name, b->org_name))
		e = buf_printf(&text, "name=%.*s; ", (int)v->org_name.n, v->org_name.p);
	if (!e && !str_eq(a->org_name_kana, b->org_name_kana))
		e = buf_printf(&text, "name_kana=%.*s; ", (int)v->org_name_kana.n,
		               v->org_name_kana.p);
	if (!e && a->prefecture != b->prefecture)
		e = buf_printf(&text, "prefecture=%d; ", v->prefecture);
	if (!e && !str_eq(a->industry, b->industry))
		e = buf_printf(&text, "industry=%.*s; ", (int)v->industry.n, v->industry.p);
	if (!e && !str_eq(a->corporate_number, b->corporate_number))
		e = buf_printf(&text, "corporate_number=%.*s; ", (int)v->corporate_number.n,
		               v->corporate_number.p);
	if (!e && !str_eq(a->pending_corporate_number, b->pending_corporate_number))
		e = buf_printf(&text, "corporate_number_asked=%.*s; ",
		               (int)v->pending_corporate_number.n, v->pending_corporate_number.p);
	if (!e && !str_eq(a->address, b->address))
		e = buf_append_cstr(&text, "address; ");
	if (!e && !str_eq(a->contact_email, b->contact_email))
		e = buf_append_cstr(&text, "contact_email; ");
	if (e)
		return e;
	if (!buf_cstr(&text))
		return MM_ERR_NOMEM;
	struct str s = buf_str(&text);
	*out = s.n >= 2 ? (struct str){s.p, s.n - 2} : s; /* without the last "; " */
	return MM_OK;
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
	    {"declaration.field.corporate_number", d->corporate_number,
	     now->pending_corporate_number.n ? now->pending_corporate_number
	                                     : now->corporate_number},
	    {"declaration.field.prefecture", labels_prefecture(r->lang, d->prefecture),
	     labels_prefecture(r->lang, now->prefecture)},
	    {"declaration.field.address", d->address, o->address},
	    {"declaration.field.industry", labels_industry(r->lang, d->industry),
	     labels_industry(r->lang, now->industry)},
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

static enum mm_err details_page(struct req *r, struct res *res, const struct declaration *d,
                                int status)
{
	const struct org_profile *o = r->org->profile;
	struct declaration now;
	struct webform f;
	unsigned problems;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = details_now(r, d, &now, &problems)) ||
	    (e = set_comparison(r, f.ctx, d, &now, o)) ||
	    (e = declaration_set_problems(r, f.ctx, problems)) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", d)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "differ", details_would_change(d, &now)) ||
	    !val_set_bool(r->arena, f.ctx, "number_asked",
	                  now.pending_corporate_number.n > 0 &&
	                      !str_eq(now.pending_corporate_number, d->pending_corporate_number)))
		return MM_ERR_NOMEM;
	return declaration_render(r, res, status, "declaration_details", f.ctx,
	                          "declaration.details.title");
}

static enum mm_err details_show(struct req *r, struct res *res, const struct declaration *d)
{
	return details_page(r, res, d, 200);
}

static enum mm_err page_declaration_details(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, details_show);
}

/* Another organisation's active declaration holds the number asked for. */
static enum mm_err number_taken(struct store *s, const struct declaration *d, struct str number,
                                bool *taken)
{
	int64_t holder;
	*taken = false;
	if (!number.n || str_eq(number, d->corporate_number))
		return MM_OK;
	enum mm_err e = store_declaration_active_by_corporate_number(s, number, &holder);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	*taken = !e && holder != d->id;
	return e;
}

struct details {
	struct change c; /* c.d: the declaration with the profile's facts */
	const struct declaration *before;
	bool identity; /* name, prefecture or a new corporate number: review again */
};

/* The review signals of a change of identity, run as at declaration (with
 * the number asked for), added to the flags the declaration already has;
 * the declaration goes to the review queue when any fires. */
static enum mm_err details_review(struct req *r, struct store *s, struct details *u)
{
	const struct declaration *now = u->c.d, *d = u->before;
	struct declaration asked = *now;
	char codes[DECLARATION_FLAG_REASONS_MAX];
	unsigned signals;
	bool number_change = now->pending_corporate_number.n > 0 &&
	                     !str_eq(now->pending_corporate_number, d->pending_corporate_number);
	if (now->pending_corporate_number.n)
		asked.corporate_number = now->pending_corporate_number;
	enum mm_err e = declaration_signals(r, s, &asked, r->org->id, number_change, &signals);
	if (e || !signals)
		return e;
	if (d->flagged)
		signals |= core_declaration_signal_parse(d->flag_reasons);
	if ((e = core_declaration_signal_codes(signals, codes, sizeof codes)))
		return e;
	return store_declaration_set_flag(s, d->id, true, str_from(codes));
}

/* The number asked for is checked in the transaction that records it. */
static enum mm_err details_tx(struct req *r, struct store *s, void *arg)
{
	struct details *u = arg;
	bool taken;
	enum mm_err e = number_taken(s, u->before, u->c.d->pending_corporate_number, &taken);
	if (e || taken) {
		u->c.refused = taken;
		return e ? e : MM_ERR_CONFLICT; /* nothing written: roll back */
	}
	e = store_declaration_set_details(s, u->c.d, r->now);
	if (!e && u->identity)
		e = details_review(r, s, u);
	return change_record(r, s, &u->c, e);
}

static enum mm_err details_post(struct req *r, struct res *res, const struct declaration *d)
{
	struct declaration now;
	struct declaration_state to;
	unsigned problems;
	enum mm_err e = details_now(r, d, &now, &problems);
	if (e)
		return e;
	if (problems)
		return details_page(r, res, d, 422);
	bool pending_changed = !str_eq(d->pending_corporate_number, now.pending_corporate_number);
	struct declaration_request req = {.details_changed = details_would_change(d, &now)};
	struct declaration_state from = {d->status, d->level, d->flagged};
	if (core_declaration_transition(from, DECLARATION_DETAILS, &req, &to))
		return page_redirect(r, res, "/declaration?notice=no_change");
	/* What a verifier relies on: the name and the prefecture change at
	 * once and publicly (the event keeps the old name); the number only
	 * through the review queue. */
	bool public_change = !str_eq(d->org_name, now.org_name) || d->prefecture != now.prefecture;
	struct details u = {.c = {.d = &now, .action = "declaration.details"},
	                    .before = d,
	                    .identity = public_change ||
	                                (pending_changed && now.pending_corporate_number.n > 0)};
	struct str before, after;
	if ((e = details_side(r, d, &now, true, &before)) ||
	    (e = details_side(r, d, &now, false, &after)))
		return e;
	u.c.ev = change_event(r, d, "details", before, after, "profile_update");
	if (public_change) {
		u.c.ev.old_name = d->org_name;
		u.c.ev.old_corporate_number = d->corporate_number;
	}
	e = page_tx(r, details_tx, &u);
	if (u.c.refused)
		return declaration_refuse(
		    r, res, 409, "declaration.refused.corporate_number_declared", "/declaration");
	return change_answer(r, res, &u.c, e,
	                     now.pending_corporate_number.n && pending_changed
	                         ? "/declaration?notice=number_pending"
	                         : "/declaration?notice=details_updated");
}

static enum mm_err page_declaration_details_post(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, details_post);
}

/* ---- withdrawal --------------------------------------------------------------------------------
 */

static enum mm_err withdraw_show(struct req *r, struct res *res, const struct declaration *d)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = declaration_set_summary(r, f.ctx, "declaration", d)))
		return e;
	return declaration_render(r, res, 200, "declaration_withdraw", f.ctx,
	                          "declaration.withdraw.title");
}

static enum mm_err page_declaration_withdraw(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, withdraw_show);
}

static enum mm_err withdraw_tx(struct req *r, struct store *s, void *arg)
{
	struct change *c = arg;
	enum mm_err e = store_declaration_set_status(s, c->d->id, c->to.status, r->now);
	return change_record(r, s, c, e);
}

static enum mm_err withdraw_post(struct req *r, struct res *res, const struct declaration *d)
{
	struct change c = {.d = d, .action = "declaration.withdraw"};
	struct declaration_request req = {0};
	struct declaration_state from = {d->status, d->level, d->flagged};
	if (core_declaration_transition(from, DECLARATION_WITHDRAW, &req, &c.to))
		return page_redirect(r, res, "/declaration");
	c.ev = change_event(r, d, "withdrawn", STR("active"), STR("withdrawn"), "owner_request");
	enum mm_err e = page_tx(r, withdraw_tx, &c);
	return change_answer(r, res, &c, e, "/declaration?notice=withdrawn");
}

static enum mm_err page_declaration_withdraw_post(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, withdraw_post);
}

/* This file's routes, in dispatch order (see declaration_routes.c). */
const struct route_table declaration_routes =
    ROUTE_TABLE(ROUTE_GET("/declaration", page_declaration, RIGHT_MEMBER),
                ROUTE_FORM("/declaration/upgrade", page_declaration_upgrade,
                           page_declaration_upgrade_post, RIGHT_OWNER),
                ROUTE_FORM("/declaration/details", page_declaration_details,
                           page_declaration_details_post, RIGHT_OWNER),
                ROUTE_FORM("/declaration/withdraw", page_declaration_withdraw,
                           page_declaration_withdraw_post, RIGHT_OWNER));
