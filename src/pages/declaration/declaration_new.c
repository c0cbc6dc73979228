/*
 * declaration_new.c — the steps of a new declaration, for an owner:
 *
 *   /declaration/new                 1 the organisation's details as they will be copied
 *   /declaration/new/level           2 ★ or ★★
 *   /declaration/new/prerequisites   3 what the level needs, and what is missing
 *   /declaration/new/pledge          4 what will be declared, the five rules and the
 *                                      terms of use of the mark; its form
 *                                      (POST /declaration/new) declares
 *   /declaration/declared              the ID and what to do next
 *
 * Choosing the level and declaring are the only two forms: the pledge
 * page shows everything the declaration will say, so no separate "check
 * your answers" page is needed.
 *
 * The steps are for owners (the route table's RIGHT_OWNER; the
 * confirmation is RIGHT_MEMBER) and work on r->org. They keep the choice
 * in the address (?level=2) and nothing in the database, so
 * leaving half-way leaves no trace. The steps only guide: the final POST
 * checks everything again (details, level, pledge, ★★ prerequisites, the
 * corporate number, no active declaration, no revocation still blocking
 * the organisation or its corporate number) inside the page_tx that
 * inserts the declaration, its first event and the audit line.
 */
#include <stdio.h>

#include "core/declaration.h"
#include "pages/declaration/declaration_facts.h"
#include "pages/declaration/declaration_record.h"
#include "pages/declaration/declaration_view.h"
#include "view/labels.h"
#include "web/audit.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

#define PLEDGE_FIELD_COUNT (DECLARATION_RULE_COUNT + 1) /* five rules and the terms of use */
static const char *const pledge_fields[PLEDGE_FIELD_COUNT] = {"rule_1", "rule_2", "rule_3",
                                                              "rule_4", "rule_5", "terms"};

/* ?level= as 1 or 2; 0 when absent or anything else. */
static int level_requested(struct req *r)
{
	struct str v;
	if (kvlist_get_one(&r->query_fields, "level", &v) != MM_OK)
		return 0;
	return str_eq_lit(v, "1") ? 1 : str_eq_lit(v, "2") ? 2 : 0;
}

/* A step of a new declaration (the organisation is r->org). */
typedef enum mm_err (*step_page)(struct req *r, struct res *res);

/* Runs step unless the organisation already has an active declaration:
 * then its overview is where to go. */
static enum mm_err with_no_active(struct req *r, struct res *res, step_page step)
{
	struct declaration d;
	enum mm_err e = store_declaration_active_of(r->store, r->arena, r->org->id, &d);
	if (e == MM_ERR_NOT_FOUND)
		return step(r, res);
	return e ? e : page_redirect(r, res, "/declaration");
}

/* Redirects to the step at path for level, with what follows ("&pledged=1"). */
static enum mm_err step_redirect(struct req *r, struct res *res, const char *path, int level,
                                 const char *more)
{
	char *url = arena_printf(r->arena, "%s?level=%d%s", path, level, more);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

static enum mm_err set_step(struct req *r, struct val *ctx, int step, int level)
{
	struct arena *a = r->arena;
	const char *const names[] = {"step", "steps"};
	char n[4];
	snprintf(n, sizeof n, "%d", step);
	const struct str values[] = {str_from(n), STR("4")};
	if (!val_set_str(a, ctx, "step_label",
	                 labels_fill(r->arena, r->lang, "declaration.step_of", names, values, 2)) ||
	    !val_set_long(a, ctx, "level", level) ||
	    !val_set_bool(a, ctx, "is_level_two", level == DECLARATION_LEVEL_TWO) ||
	    !val_set_str(a, ctx, "level_label",
	                 level ? declaration_level_label(r, level) : STR("")))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* Renders step `step` of a new declaration for level (0: not chosen yet). */
static enum mm_err step_render(struct req *r, struct res *res, struct val *ctx, int step, int level,
                               int status, const char *template_name, const char *title_key)
{
	enum mm_err e = set_step(r, ctx, step, level);
	return e ? e : declaration_render(r, res, status, template_name, ctx, title_key);
}

/* ---- 1 the details ------------------------------------------------------------ */

static enum mm_err set_facts(struct req *r, struct val *ctx, const struct org_profile *o,
                             unsigned *problems)
{
	struct declaration d = {0};
	struct arena *a = r->arena;
	enum mm_err e = declaration_copy_facts(r, o, &d, problems);
	struct val *v = val_set_obj(a, ctx, "facts");
	if (e || !v)
		return e ? e : MM_ERR_NOMEM;
	if (!val_set_str(a, v, "name", d.org_name) ||
	    !val_set_str(a, v, "name_kana", d.org_name_kana) ||
	    !val_set_str(a, v, "corporate_number",
	                 o->corporate_number.n ? o->corporate_number
	                                       : page_t(r, "declaration.no_corporate_number")) ||
	    !val_set_str(a, v, "prefecture", labels_prefecture(r->lang, o->prefecture)) ||
	    !val_set_str(a, v, "address", o->address) ||
	    !val_set_str(a, v, "industry", labels_industry(r->lang, o->industry)) ||
	    !val_set_str(a, v, "representative_title", o->representative_title) ||
	    !val_set_str(a, v, "representative_name", o->representative_name) ||
	    !val_set_str(a, v, "contact_name", o->contact_name) ||
	    !val_set_str(a, v, "contact_email", o->contact_email) ||
	    !val_set_str(a, v, "website", o->website))
		return MM_ERR_NOMEM;
	return declaration_set_problems(r, ctx, *problems);
}

static enum mm_err new_show(struct req *r, struct res *res)
{
	unsigned problems;
	enum mm_err e;
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = set_step(r, ctx, 1, 0)) || (e = set_facts(r, ctx, r->org->profile, &problems)))
		return e;
	return declaration_render(r, res, 200, "declaration_new", ctx, "declaration.new.title");
}

static enum mm_err page_declaration_new(struct req *r, struct res *res)
{
	return with_no_active(r, res, new_show);
}

/* ---- 2 the level ----------------------------------------------------------------- */

static enum mm_err level_page(struct req *r, struct res *res, struct webform *f, int level,
                              int status)
{
	struct arena *a = r->arena;
	if (!val_set_bool(a, f->ctx, "one_checked", level == 1) ||
	    !val_set_bool(a, f->ctx, "two_checked", level == 2))
		return MM_ERR_NOMEM;
	return step_render(r, res, f->ctx, 2, level, status, "declaration_level",
	                   "declaration.level.title");
}

static enum mm_err level_show(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, "level", NULL)))
		return e;
	return level_page(r, res, &f, level_requested(r), 200);
}

static enum mm_err page_declaration_level(struct req *r, struct res *res)
{
	return with_no_active(r, res, level_show);
}

static enum mm_err level_post(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct str level = webform_take(&f, "level", 1);
	int n = str_eq_lit(level, "1") ? 1 : str_eq_lit(level, "2") ? 2 : 0;
	if (!n)
		webform_error(&f, "level", "declaration.error.level");
	if (!webform_ok(&f))
		return level_page(r, res, &f, 0, 422);
	return step_redirect(r, res, "/declaration/new/prerequisites", n, "");
}

static enum mm_err page_declaration_level_post(struct req *r, struct res *res)
{
	return with_no_active(r, res, level_post);
}

/* ---- 3 prerequisites ---------------------------------------------------------------- */

static enum mm_err prerequisites_show(struct req *r, struct res *res)
{
	struct declaration_prerequisites p;
	int level = level_requested(r);
	enum mm_err e;
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	if (!level)
		return page_redirect(r, res, "/declaration/new/level");
	if ((e = store_declaration_prerequisites(r->store, r->arena, r->org->id, &p)) ||
	    (e = declaration_set_prerequisites(r, ctx, &p, r->org->profile)) ||
	    (e = set_step(r, ctx, 3, level)))
		return e;
	bool ready = level == DECLARATION_LEVEL_ONE || (p.has_assessment && p.has_policy);
	if (!val_set_bool(r->arena, ctx, "can_continue", ready))
		return MM_ERR_NOMEM;
	return declaration_render(r, res, 200, "declaration_prerequisites", ctx,
	                          level == DECLARATION_LEVEL_TWO
	                              ? "declaration.prerequisites.title"
	                              : "declaration.prerequisites.title_one");
}

static enum mm_err page_declaration_prerequisites(struct req *r, struct res *res)
{
	return with_no_active(r, res, prerequisites_show);
}

/* ---- 4 the pledge, and what will be declared ---------------------------------------------- */

/* The pledge page: the details, the level, for ★★ its prerequisites, the
 * five rules and the terms; the declare button only when nothing stops it
 * (the POST checks everything again). */
static enum mm_err pledge_page(struct req *r, struct res *res, struct webform *f, int level,
                               int status)
{
	const struct org_profile *o = r->org->profile;
	struct declaration_prerequisites p;
	unsigned problems;
	enum mm_err e;
	if ((e = set_facts(r, f->ctx, o, &problems)) ||
	    (e = store_declaration_prerequisites(r->store, r->arena, r->org->id, &p)) ||
	    (e = declaration_set_prerequisites(r, f->ctx, &p, o)))
		return e;
	bool ready = !problems && (level == 1 || (p.has_assessment && p.has_policy));
	if (!val_set_bool(r->arena, f->ctx, "can_declare", ready))
		return MM_ERR_NOMEM;
	return step_render(r, res, f->ctx, 4, level, status, "declaration_pledge",
	                   "declaration.pledge.title");
}

static enum mm_err pledge_show(struct req *r, struct res *res)
{
	struct webform f;
	int level = level_requested(r);
	enum mm_err e;
	if (!level)
		return page_redirect(r, res, "/declaration/new/level");
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	for (size_t i = 0; i < PLEDGE_FIELD_COUNT; i++)
		if ((e = webform_set(&f, pledge_fields[i], STR(""))))
			return e;
	return pledge_page(r, res, &f, level, 200);
}

static enum mm_err page_declaration_pledge(struct req *r, struct res *res)
{
	return with_no_active(r, res, pledge_show);
}

/* The error of the pledge box i: a rule's names its number, so that the
 * summary's lines at the top of the page say which box is missing. */
static void pledge_error(struct webform *f, size_t i)
{
	static const char *const number[] = {"number"};
	if (i >= DECLARATION_RULE_COUNT) {
		webform_error(f, pledge_fields[i], "declaration.error.terms");
		return;
	}
	char n[4];
	snprintf(n, sizeof n, "%zu", i + 1);
	webform_error_text(f, pledge_fields[i],
	                   labels_fill(f->r->arena, f->r->lang, "declaration.error.rule", number,
	                               (struct str[]){str_from(n)}, 1));
}

/* Every pledge box ticked; an error on each one that is not. */
static bool pledge_read(struct webform *f)
{
	bool all = true;
	for (size_t i = 0; i < PLEDGE_FIELD_COUNT; i++) {
		struct str v = webform_take(f, pledge_fields[i], 3);
		if (!str_eq_lit(v, "yes")) {
			pledge_error(f, i);
			all = false;
		}
	}
	return all;
}

static int level_from_form(struct webform *f)
{
	struct str v = webform_take(f, "level", 1);
	return str_eq_lit(v, "1") ? 1 : str_eq_lit(v, "2") ? 2 : 0;
}

/* ---- declaring --------------------------------------------------------------------------------
 */

/* The checks that refuse a declaration outright (the page says why);
 * NULL when it may go ahead. */
static const char *blocking_check(struct req *r, struct store *s, const struct declaration *d,
                                  unsigned problems, enum mm_err *e)
{
	int64_t holder;
	struct str revoked;
	*e = MM_OK;
	if (problems)
		return "declaration.refused.details";
	/* A revocation sticks: neither the organisation nor another one with
	 * the same corporate number declares again until an administrator
	 * lifts the block. */
	*e = store_declaration_block_of(s, r->arena, d->organisation_id, d->corporate_number,
	                                &revoked);
	if (*e != MM_ERR_NOT_FOUND)
		return *e ? NULL : "declaration.refused.revoked";
	*e = MM_OK;
	if (!d->corporate_number.n)
		return NULL;
	*e = store_declaration_active_by_corporate_number(s, d->corporate_number, &holder);
	if (*e == MM_ERR_NOT_FOUND) {
		*e = MM_OK;
		return NULL;
	}
	return *e ? NULL : "declaration.refused.corporate_number_declared";
}

static const char *refusal_key(enum declaration_refusal why)
{
	switch (why) {
	case DECLARATION_REFUSED_NO_ASSESSMENT:
		return "declaration.refused.no_assessment";
	case DECLARATION_REFUSED_NO_POLICY:
		return "declaration.refused.no_policy";
	case DECLARATION_REFUSED_NO_PLEDGE:
		return "declaration.refused.no_pledge";
	case DECLARATION_REFUSED_EXISTS:
		return "declaration.refused.exists";
	default:
		return "declaration.refused.level";
	}
}

/* A new declaration, inserted by page_tx with its first event and audit
 * line; refusal set (and nothing written) when a check refuses it. */
struct declaring {
	int level;
	struct declaration d;
	const char *refusal;
};

static enum mm_err declare(struct req *r, struct store *s, void *arg)
{
	struct declaring *n = arg;
	struct declaration *d = &n->d;
	struct declaration_prerequisites p;
	struct declaration_state to;
	unsigned problems, signals;
	char reasons[DECLARATION_FLAG_REASONS_MAX];
	int64_t id;
	enum mm_err e;
	*d = (struct declaration){.organisation_id = r->org->id,
	                          .level = n->level,
	                          .declared_at = r->now,
	                          .declared_ip = r->ip};
	if ((e = declaration_copy_facts(r, r->org->profile, d, &problems)))
		return e;
	if ((n->refusal = blocking_check(r, s, d, problems, &e)) || e)
		return e ? e : MM_ERR_CONFLICT;
	if ((e = store_declaration_prerequisites(s, r->arena, r->org->id, &p)) ||
	    (e = declaration_signals(r, s, d, r->org->id, false, &signals)) ||
	    (e = core_declaration_signal_codes(signals, reasons, sizeof reasons)))
		return e;
	struct declaration_request req = {.level = n->level,
	                                  .pledged = true,
	                                  .has_assessment = p.has_assessment,
	                                  .has_policy = p.has_policy,
	                                  .flagged = signals != 0};
	enum declaration_refusal why = core_declaration_transition((struct declaration_state){0},
	                                                           DECLARATION_DECLARE, &req, &to);
	if (why) {
		n->refusal = refusal_key(why);
		return MM_ERR_CONFLICT;
	}
	d->flagged = to.flagged;
	d->flag_reasons = str_from(reasons);
	d->policy_url = n->level == DECLARATION_LEVEL_TWO ? p.policy_url : STR("");
	e = store_declaration_insert(s, r->arena, d, &id);
	if (e == MM_ERR_CONFLICT) {
		n->refusal = "declaration.refused.exists";
		return e;
	}
	struct declaration_event ev = {.declaration_id = id,
	                               .at = r->now,
	                               .actor_user_id = r->user->id,
	                               .kind = STR("declared"),
	                               .to_value = n->level == 2 ? STR("2") : STR("1")};
	return e ? e : declaration_record(r, s, d, &ev, "declaration.declare");
}

/* Not through with_no_active: declare() refuses an organisation that has
 * an active declaration itself, inside the transaction. */
static enum mm_err page_declaration_new_post(struct req *r, struct res *res)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct declaring n = {.level = level_from_form(&f)};
	if (!n.level)
		return page_redirect(r, res, "/declaration/new/level");
	if (!pledge_read(&f))
		return pledge_page(r, res, &f, n.level, 422);
	e = page_tx(r, declare, &n);
	if (n.refusal) {
		audit_note(r, "declaration.declare", 0, r->org->id, STR(""), AUDIT_DENIED,
		           n.refusal);
		return declaration_refuse(r, res, 409, n.refusal, "/declaration");
	}
	return e ? e : page_redirect(r, res, "/declaration/declared");
}

/* ---- the confirmation ------------------------------------------------------ */

static enum mm_err declared_show(struct req *r, struct res *res, const struct declaration *d)
{
	struct val *ctx = val_obj(r->arena);
	if (!ctx)
		return MM_ERR_NOMEM;
	enum mm_err e = declaration_set_summary(r, ctx, "declaration", d);
	if (e)
		return e;
	return declaration_render(r, res, 200, "declaration_declared", ctx,
	                          "declaration.declared.title");
}

static enum mm_err page_declaration_declared(struct req *r, struct res *res)
{
	return declaration_with_active(r, res, declared_show);
}

/* This file's routes, in dispatch order (see declaration_routes.c). */
const struct route_table declaration_new_routes = ROUTE_TABLE(
    ROUTE_FORM("/declaration/new", page_declaration_new, page_declaration_new_post, RIGHT_OWNER),
    ROUTE_FORM("/declaration/new/level", page_declaration_level, page_declaration_level_post,
               RIGHT_OWNER),
    ROUTE_GET("/declaration/new/prerequisites", page_declaration_prerequisites, RIGHT_OWNER),
    ROUTE_GET("/declaration/new/pledge", page_declaration_pledge, RIGHT_OWNER),
    ROUTE_GET("/declaration/declared", page_declaration_declared, RIGHT_MEMBER));
