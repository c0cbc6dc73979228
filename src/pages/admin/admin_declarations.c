/*
 * admin_declarations.c — declarations as administrators see them:
 * /admin/declarations, the review queue (declarations flagged at
 * submission, with the signals that flagged them, oldest first), and
 * /admin/declarations/{id} (every fact, private ones included, and the
 * full history) with the two decisions: approve (clear the flag) and
 * revoke (a reason category and a note are required). Declarations stay
 * active while they wait: the queue never blocks a firm.
 *
 * A corporate number the owner asked for (pending_corporate_number) is
 * decided with the approval: applied (a public change of identity in the
 * history, refused when another active declaration holds the number) or
 * dropped. A revoked declaration blocks its organisation and its corporate
 * number from declaring again; /admin/declarations/{id}/lift-block lifts
 * that, after a confirmation page, with a reason kept on the declaration
 * and in the audit log.
 *
 * Every view and decision goes to the audit log; each decision also
 * writes its declaration_event in the same transaction.
 */
#include "pages/admin/admin_page.h"
#include "pages/admin/admin_paging.h"
#include "pages/declaration/declaration_record.h"
#include "pages/declaration/declaration_view.h"
#include "view/labels.h"
#include "pages/shared/notice.h"
#include "store/identity.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

static const char *const notices[] = {"approved", "revoked", "block_lifted"};
#define NOTICE_COUNT (sizeof notices / sizeof notices[0])

/* ---- the queue -------------------------------------------------------------------- */

static enum mm_err page_admin_declarations(struct req *r, struct res *res)
{
	struct arena *a = r->arena;
	struct declaration *list;
	size_t n;
	int64_t page, total;
	enum mm_err e;
	struct val *ctx = val_obj(a);
	if (!ctx)
		return MM_ERR_NOMEM;
	if (!admin_page_number(r, &page)) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if ((e = store_declaration_flagged_list(r->store, a, (page - 1) * ADMIN_PAGE_SIZE,
	                                        ADMIN_PAGE_SIZE, &list, &n, &total)))
		return e;
	/* The cases of corporate numbers that moved wait in the same queue
	 * (pages/identity/identity_admin.c). */
	int64_t claims;
	if ((e = store_identity_claims_open(r->store, &claims)))
		return e;
	if (!val_set_bool(a, ctx, "has_identity_claims", claims > 0) ||
	    !val_set_cstr(a, ctx, "identity_claims", labels_format_count(a, claims)))
		return MM_ERR_NOMEM;
	struct val *items = val_set_list_counted(a, ctx, "declarations", "has_declarations", n);
	if (!items || !val_set_long(a, ctx, "total", (long)total))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *v = val_list_push_obj(a, items);
		if (!v || (e = declaration_set_summary(r, v, "d", &list[i])) ||
		    !val_set_cstr(a, v, "url",
		                  arena_printf(a, "/admin/declarations/%.*s",
		                               (int)list[i].public_id.n, list[i].public_id.p)) ||
		    !val_set_str(a, v, "signals",
		                 declaration_signals_label(r, list[i].flag_reasons)))
			return v && e ? e : MM_ERR_NOMEM;
	}
	if ((e = admin_pagination(r, ctx, page, total, "/admin/declarations", NULL, 0)))
		return e;
	return admin_render(r, res, 200, "admin_declarations", ctx,
	                    page_t(r, "declaration.admin.queue_title"), NULL, NULL);
}

/* ---- one declaration ---------------------------------------------------------------- */

/* The declaration named by the route ({id}: its 11-digit public id, a
 * shape no route type describes, so it is checked here); false after
 * answering 404. */
static bool load(struct req *r, struct res *res, struct declaration *d, enum mm_err *e)
{
	struct str id = req_param(r, "id");
	*e = MM_OK;
	bool digits = id.n == 11;
	for (size_t i = 0; digits && i < id.n; i++)
		digits = id.p[i] >= '0' && id.p[i] <= '9';
	if (digits)
		*e = store_declaration_by_public_id(r->store, r->arena, id, d);
	if (!digits || *e == MM_ERR_NOT_FOUND) {
		*e = MM_OK;
		page_error(r, res, 404);
		return false;
	}
	return *e == MM_OK;
}

static enum mm_err set_private(struct req *r, struct val *ctx, const struct declaration *d)
{
	struct arena *a = r->arena;
	struct val *v = val_set_obj(a, ctx, "private");
	char *org_url = d->organisation_id ? arena_printf(a, "/admin/organisations/%lld",
	                                                  (long long)d->organisation_id)
	                                   : "";
	if (!v || !org_url || !val_set_str(a, v, "address", d->address) ||
	    !val_set_str(a, v, "contact_email", d->contact_email) ||
	    !val_set_str(a, v, "declared_ip", d->declared_ip) ||
	    !val_set_bool(a, v, "flagged", d->flagged) ||
	    !val_set_str(a, v, "signals", declaration_signals_label(r, d->flag_reasons)) ||
	    !val_set_bool(a, v, "has_signals", d->flag_reasons.n > 0) ||
	    !val_set_cstr(a, v, "org_url", org_url) ||
	    !val_set_bool(a, v, "has_org", d->organisation_id != 0))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err render_one(struct req *r, struct res *res, struct webform *f,
                              const struct declaration *d, int status)
{
	struct arena *a = r->arena;
	struct str reason = STR("");
	const struct val *field = val_get(val_get(f->ctx, STR("fields")), STR("reason"));
	const struct val *value = field ? val_get(field, STR("value")) : NULL;
	enum mm_err e;
	if (value)
		reason = value->s;
	if ((e = declaration_set_summary(r, f->ctx, "declaration", d)) ||
	    (e = set_private(r, f->ctx, d)) ||
	    (e = declaration_set_events(r, r->store, f->ctx, d->id, true)) ||
	    (e = labels_options_fixed(
	         r->arena, r->lang, f->ctx, "reasons", core_declaration_revoke_reasons,
	         core_declaration_revoke_reason_count, "declaration.reason", reason)) ||
	    (e = notice_set(r, f->ctx, "declaration.admin.notice", notices, NOTICE_COUNT)))
		return e;
	if (!val_set_cstr(
	        a, f->ctx, "action_url",
	        arena_printf(a, "/admin/declarations/%.*s", (int)d->public_id.n, d->public_id.p)))
		return MM_ERR_NOMEM;
	char *title = arena_printf(a, "%.*s %.*s", (int)d->public_id.n, d->public_id.p,
	                           (int)d->org_name.n, d->org_name.p);
	return admin_render(r, res, status, "admin_declaration", f->ctx, str_from(title),
	                    "declaration.admin.queue_title", "/admin/declarations");
}

static enum mm_err form_of(struct req *r, struct res *res, struct webform *f)
{
	enum mm_err e = webform_init(f, r, res, val_obj(r->arena));
	return e ? e : webform_blank(f, "reason", "note", "number", NULL);
}

static enum mm_err page_admin_declaration(struct req *r, struct res *res)
{
	struct declaration d;
	struct webform f;
	enum mm_err e;
	if (!load(r, res, &d, &e))
		return e;
	if ((e = form_of(r, res, &f)))
		return e;
	audit_note(r, "admin.declaration_view", 0, d.organisation_id, d.public_id, AUDIT_OK, "");
	return render_one(r, res, &f, &d, 200);
}

static enum mm_err back_with(struct req *r, struct res *res, const struct declaration *d,
                             const char *notice)
{
	return page_redirectf(r, res, "/admin/declarations/%.*s?notice=%s", (int)d->public_id.n,
	                      d->public_id.p, notice);
}

/* What an approval does with a corporate number waiting for it. */
enum number_choice { NUMBER_NONE, NUMBER_APPLY, NUMBER_DROP };

/* One decision on a declaration. */
struct decision {
	const struct declaration *d;
	enum declaration_action action;
	const struct declaration_event *ev;
	enum number_choice number;
	bool number_taken; /* another active declaration holds the number asked for */
};

/* The pending corporate number applied (a public change of identity:
 * the event keeps the old name and number) or dropped, with its event. */
static enum mm_err decide_number(struct req *r, struct store *s, struct decision *dc)
{
	const struct declaration *d = dc->d;
	struct str asked = d->pending_corporate_number;
	bool apply = dc->number == NUMBER_APPLY;
	int64_t holder;
	enum mm_err e;
	if (apply) {
		e = store_declaration_active_by_corporate_number(s, asked, &holder);
		if (!e && holder != d->id) {
			dc->number_taken = true;
			return MM_ERR_CONFLICT; /* nothing written: roll back */
		}
		if (e && e != MM_ERR_NOT_FOUND)
			return e;
	}
	e = apply ? store_declaration_apply_pending_number(s, d->id, r->now)
	          : store_declaration_drop_pending_number(s, d->id);
	char *from = arena_printf(r->arena, "corporate_number=%.*s", (int)d->corporate_number.n,
	                          d->corporate_number.p);
	char *to =
	    arena_printf(r->arena, "%s=%.*s", apply ? "corporate_number" : "corporate_number_asked",
	                 (int)asked.n, asked.p);
	if (e)
		return e;
	if (!from || !to)
		return MM_ERR_NOMEM;
	struct declaration_event ev = {
	    .declaration_id = d->id,
	    .at = r->now,
	    .actor_user_id = r->user->id,
	    .kind = STR("details"),
	    .from_value = str_from(from),
	    .to_value = str_from(to),
	    .reason = apply ? STR("corporate_number_approved") : STR("corporate_number_refused"),
	    .old_name = apply ? d->org_name : STR(""),
	    .old_corporate_number = apply ? d->corporate_number : STR(""),
	};
	return declaration_record(r, s, d, &ev, "admin.declaration_number");
}

/* Writes the change (set_flag or set_status), the event and the audit line. */
static enum mm_err decide_tx(struct req *r, struct store *s, void *arg)
{
	struct decision *dc = arg;
	bool approve = dc->action == DECLARATION_CLEAR_FLAG;
	enum mm_err e = MM_OK;
	if (approve && dc->number != NUMBER_NONE)
		e = decide_number(r, s, dc);
	if (!e)
		e = approve
		        ? store_declaration_set_flag(s, dc->d->id, false, STR(""))
		        : store_declaration_set_status(s, dc->d->id, DECLARATION_REVOKED, r->now);
	if (e)
		return e;
	return declaration_record(r, s, dc->d, dc->ev,
	                          approve ? "admin.declaration_approve"
	                                  : "admin.declaration_revoke");
}

static enum mm_err decide(struct req *r, struct decision *dc)
{
	return page_tx(r, decide_tx, dc);
}

/* The approval's choice for a pending corporate number; an error on the
 * form when one waits and none was chosen. */
static enum number_choice number_choice_of(struct webform *f, const struct declaration *d)
{
	struct str v = webform_take(f, "number", 8);
	if (!d->pending_corporate_number.n || d->status != DECLARATION_ACTIVE)
		return NUMBER_NONE;
	if (str_eq_lit(v, "apply"))
		return NUMBER_APPLY;
	if (str_eq_lit(v, "drop"))
		return NUMBER_DROP;
	webform_error(f, "number", "declaration.admin.error.number");
	return NUMBER_NONE;
}

static enum mm_err page_admin_declaration_approve_post(struct req *r, struct res *res)
{
	struct declaration d;
	struct declaration_state to;
	struct declaration_request req = {0};
	struct webform f;
	enum mm_err e;
	if (!load(r, res, &d, &e))
		return e;
	struct declaration_state from = {d.status, d.level, d.flagged};
	if (core_declaration_transition(from, DECLARATION_CLEAR_FLAG, &req, &to))
		return back_with(r, res, &d, "approved"); /* already out of the queue */
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "reason", "note", NULL)))
		return e;
	enum number_choice number = number_choice_of(&f, &d);
	if (!webform_ok(&f))
		return render_one(r, res, &f, &d, 422);
	struct declaration_event ev = {.declaration_id = d.id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("flag_cleared"),
	                               .from_value = d.flag_reasons,
	                               .reason = STR("reviewed")};
	struct decision dc = {
	    .d = &d, .action = DECLARATION_CLEAR_FLAG, .ev = &ev, .number = number};
	e = decide(r, &dc);
	if (dc.number_taken) {
		webform_error(&f, "number", "declaration.admin.error.number_taken");
		return render_one(r, res, &f, &d, 409);
	}
	if (e)
		return e;
	return back_with(r, res, &d, "approved");
}

static enum mm_err page_admin_declaration_revoke_post(struct req *r, struct res *res)
{
	struct declaration d;
	struct declaration_state to;
	struct webform f;
	enum mm_err e;
	if (!load(r, res, &d, &e))
		return e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "number", NULL))) /* the approval form on the same page */
		return e;
	struct declaration_request req = {
	    .reason = webform_take(&f, "reason", 40),
	    .note = webform_take(&f, "note", DECLARATION_NOTE_MAX_CHARS),
	};
	struct declaration_state from = {d.status, d.level, d.flagged};
	enum declaration_refusal why =
	    core_declaration_transition(from, DECLARATION_REVOKE, &req, &to);
	if (why == DECLARATION_REFUSED_NOT_ACTIVE)
		webform_error(&f, "reason", "declaration.admin.error.not_active");
	else if (why == DECLARATION_REFUSED_REASON)
		webform_error(&f, "reason", "declaration.admin.error.reason");
	else if (why == DECLARATION_REFUSED_NOTE)
		webform_error(&f, "note", "declaration.admin.error.note");
	if (!webform_ok(&f)) {
		audit_note(r, "admin.declaration_revoke", 0, d.organisation_id, d.public_id,
		           AUDIT_DENIED, "");
		return render_one(r, res, &f, &d, 422);
	}
	struct declaration_event ev = {.declaration_id = d.id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("revoked"),
	                               .from_value = STR("active"),
	                               .to_value = STR("revoked"),
	                               .reason = req.reason,
	                               .note = req.note};
	struct decision dc = {
	    .d = &d, .action = DECLARATION_REVOKE, .ev = &ev, .number = NUMBER_NONE};
	e = decide(r, &dc);
	if (e == MM_ERR_NOT_FOUND) {
		/* withdrawn by its owner a moment ago */
		webform_error(&f, "reason", "declaration.admin.error.not_active");
		return render_one(r, res, &f, &d, 409);
	}
	return e ? e : back_with(r, res, &d, "revoked");
}

/* ---- lifting the block of a revocation ------------------------------------------ */

#define LIFT_REASON_MAX_CHARS 2000

static enum mm_err lift_page(struct req *r, struct res *res, struct webform *f,
                             const struct declaration *d, int status)
{
	struct arena *a = r->arena;
	enum mm_err e = declaration_set_summary(r, f->ctx, "declaration", d);
	if (e)
		return e;
	char *url =
	    arena_printf(a, "/admin/declarations/%.*s", (int)d->public_id.n, d->public_id.p);
	if (!url || !val_set_cstr(a, f->ctx, "back_url", url))
		return MM_ERR_NOMEM;
	return admin_render(r, res, status, "admin_declaration_lift", f->ctx,
	                    page_t(r, "declaration.admin.lift_title"),
	                    "declaration.admin.queue_title", "/admin/declarations");
}

/* Only a revoked declaration whose block still holds has one to lift;
 * otherwise its page is where to go. */
static bool liftable(const struct declaration *d)
{
	return d->status == DECLARATION_REVOKED && d->block_lifted_at == 0;
}

/* The declaration of the route, with a block to lift, and the form f;
 * false after answering (404, or its page when there is no block to lift)
 * or with *e set. */
static bool load_liftable(struct req *r, struct res *res, struct declaration *d, struct webform *f,
                          enum mm_err *e)
{
	if (!load(r, res, d, e))
		return false;
	if (!liftable(d)) {
		*e = back_with(r, res, d, "block_lifted");
		return false;
	}
	return (*e = webform_init(f, r, res, val_obj(r->arena))) == MM_OK;
}

static enum mm_err page_admin_declaration_lift(struct req *r, struct res *res)
{
	struct declaration d;
	struct webform f;
	enum mm_err e;
	if (!load_liftable(r, res, &d, &f, &e) || (e = webform_blank(&f, "reason", NULL)))
		return e;
	return lift_page(r, res, &f, &d, 200);
}

struct lift {
	const struct declaration *d;
	struct str reason;
};

/* The block is lifted and the audit log says who did it and why, together. */
static enum mm_err lift_tx(struct req *r, struct store *s, void *arg)
{
	struct lift *l = arg;
	enum mm_err e = store_declaration_lift_block(s, l->d->id, l->reason, r->now);
	char *detail = arena_printf(r->arena, "%.*s", (int)l->reason.n, l->reason.p);
	if (e)
		return e;
	return detail ? audit_log(r, "admin.declaration_lift_block", 0, l->d->organisation_id,
	                          l->d->public_id, AUDIT_OK, detail)
	              : MM_ERR_NOMEM;
}

static enum mm_err page_admin_declaration_lift_post(struct req *r, struct res *res)
{
	struct declaration d;
	struct webform f;
	enum mm_err e;
	if (!load_liftable(r, res, &d, &f, &e))
		return e;
	struct lift l = {.d = &d, .reason = webform_take(&f, "reason", LIFT_REASON_MAX_CHARS)};
	if (!l.reason.n)
		webform_error(&f, "reason", "declaration.admin.error.lift_reason");
	if (!webform_ok(&f)) {
		audit_note(r, "admin.declaration_lift_block", 0, d.organisation_id, d.public_id,
		           AUDIT_DENIED, "no reason");
		return lift_page(r, res, &f, &d, 422);
	}
	e = page_tx(r, lift_tx, &l);
	if (e == MM_ERR_NOT_FOUND) /* lifted by another administrator a moment ago */
		return back_with(r, res, &d, "block_lifted");
	return e ? e : back_with(r, res, &d, "block_lifted");
}

/* This file's routes, in dispatch order (see admin_routes.c). */
const struct route_table admin_declarations_routes = ROUTE_TABLE(
    ROUTE_GET("/admin/declarations", page_admin_declarations, RIGHT_ADMIN),
    ROUTE_GET("/admin/declarations/{id}", page_admin_declaration, RIGHT_ADMIN),
    ROUTE_POST("/admin/declarations/{id}/approve", page_admin_declaration_approve_post,
               RIGHT_ADMIN),
    ROUTE_POST("/admin/declarations/{id}/revoke", page_admin_declaration_revoke_post, RIGHT_ADMIN),
    ROUTE_FORM("/admin/declarations/{id}/lift-block", page_admin_declaration_lift,
               page_admin_declaration_lift_post, RIGHT_ADMIN));
