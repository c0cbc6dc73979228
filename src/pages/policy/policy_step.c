/*
 * policy_step.c — one step of the policy builder,
 * /policy/edit/{org}/step/{step} (RIGHT_ORG_EDIT: members, owners and
 * supporters with edit access; a read-only supporter gets 403 from
 * dispatch): one section (preamble, five commitments) or the footer.
 *
 * Every step saves the draft. A suggestion is added to what is in the box
 * (never replacing it), then saved, so that the user edits it in place.
 * Over-long text is refused with 422 and everything typed shown again.
 * Load and save of the draft happen in one write transaction, so two
 * people saving different steps at the same moment both keep their text.
 */
#include <stdio.h>

#include "view/labels.h"
#include "pages/shared/notice.h"
#include "pages/policy/policy_document.h"
#include "pages/policy/policy_edit.h"
#include "pages/policy/policy_suggestions.h"
#include "web/page.h"
#include "web/webform.h"
#include "web/router.h"

static const char *const notices[] = {"saved"};
static const char *const answer_keys[] = {"policy.answer.none", "policy.answer.done",
                                          "policy.answer.partly", "policy.answer.not_done",
                                          "policy.answer.dont_know"};
static const char *const policy_langs[] = {"ja", "en"};

/* One step request: which step, the draft, and the form. */
struct step_page {
	struct policy_draft d;
	size_t step;
	struct webform f;
};

/* The organisation's latest answers parsed; *found false when it has no
 * assessment yet. */
static enum mm_err load_answers(struct req *r, struct store *s, int64_t org_id,
                                enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                int64_t *taken_at, bool *found)
{
	struct str names[ASSESSMENT_ITEM_COUNT];
	enum mm_err e = store_policy_latest_answers(s, r->arena, org_id, names, taken_at);
	*found = e == MM_OK;
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e)
		return e;
	core_assessment_answers_parse(names, answers);
	return MM_OK;
}

static enum mm_err set_suggestions(struct req *r, struct store *s, struct step_page *p)
{
	struct arena *a = r->arena;
	const struct policy_suggestions *sg = policy_suggestions();
	enum lang l = policy_lang(&p->d.text);
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT] = {0};
	size_t weak[POLICY_WEAK_RULES_MAX], n_weak = 0;
	int64_t taken_at = 0;
	bool assessed;
	struct val *list = val_set_list(a, p->f.ctx, "suggestions");
	struct val *wl = val_set_list(a, p->f.ctx, "weak");
	if (!sg)
		return MM_ERR_INVALID;
	if (!list || !wl)
		return MM_ERR_NOMEM;
	for (size_t k = 0; k < sg->count[p->step]; k++) {
		struct val *v = val_list_push_obj(a, list);
		char *value = arena_printf(a, "s%zu", k);
		if (!v || !value || !val_set_cstr(a, v, "value", value) ||
		    !val_set_str(a, v, "text", sg->text[l][p->step][k]) ||
		    !val_set_long(a, v, "number", (long)k + 1))
			return MM_ERR_NOMEM;
	}
	enum mm_err e = load_answers(r, s, r->org->id, answers, &taken_at, &assessed);
	if (e)
		return e;
	if (assessed)
		n_weak = core_policy_weak_suggestions(sg->rules, sg->rule_count, answers, p->step,
		                                      weak, POLICY_WEAK_RULES_MAX);
	for (size_t k = 0; k < n_weak; k++) {
		const struct policy_weak_rule *rule = &sg->rules[weak[k]];
		struct val *v = val_list_push_obj(a, wl);
		char *value = arena_printf(a, "w%zu", weak[k]);
		char *item = arena_printf(a, "%d", rule->item);
		const char *const names[] = {"item", "answer"};
		const struct str values[] = {str_from(item),
		                             page_t(r, answer_keys[answers[rule->item - 1]])};
		if (!v || !value || !item || !val_set_cstr(a, v, "value", value) ||
		    !val_set_str(a, v, "text", sg->rule_text[l][weak[k]]) ||
		    !val_set_str(a, v, "why", sg->rule_why[r->lang][weak[k]]) ||
		    !val_set_str(
		        a, v, "answer",
		        labels_fill(r->arena, r->lang, "policy.weak.answer", names, values, 2)))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, p->f.ctx, "assessed", assessed) ||
	    !val_set_bool(a, p->f.ctx, "has_weak", n_weak > 0) ||
	    !val_set_cstr(a, p->f.ctx, "assessed_on",
	                  assessed ? page_format_date(r, taken_at) : ""))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The examples are in the policy's language: when that is not the
 * page's, say so and where to change it, rather than show another
 * language's texts unexplained. */
static enum mm_err set_lang_note(struct req *r, struct step_page *p)
{
	enum lang l = policy_lang(&p->d.text);
	char key[24];
	snprintf(key, sizeof key, "policy.lang.%s", lang_code(l));
	const char *const names[] = {"lang"};
	const struct str values[] = {page_t(r, key)};
	char *footer = policy_step_url(r, POLICY_STEP_FOOTER);
	if (!footer || !val_set_bool(r->arena, p->f.ctx, "lang_differs", l != r->lang) ||
	    !val_set_str(
	        r->arena, p->f.ctx, "lang_note",
	        labels_fill(r->arena, r->lang, "policy.suggestion.lang", names, values, 1)) ||
	    !val_set_cstr(r->arena, p->f.ctx, "footer_url", footer))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_fields(struct step_page *p)
{
	const struct policy_text *t = &p->d.text;
	enum mm_err e;
	if (p->step < POLICY_SECTION_COUNT)
		return webform_set(&p->f, "text", t->section[p->step]);
	if ((e = webform_set(&p->f, "established_on", t->established_on)) ||
	    (e = webform_set(&p->f, "organisation_name", t->organisation_name)) ||
	    (e = webform_set(&p->f, "representative_title", t->representative_title)) ||
	    (e = webform_set(&p->f, "representative_name", t->representative_name)) ||
	    (e = webform_set(&p->f, "lang", t->lang)))
		return e;
	return MM_OK;
}

static enum mm_err render_step(struct req *r, struct res *res, struct store *s, struct step_page *p)
{
	struct arena *a = r->arena;
	struct val *ctx = p->f.ctx;
	bool footer = p->step == POLICY_STEP_FOOTER;
	char *action = policy_step_url(r, p->step);
	char *prev = p->step ? policy_step_url(r, p->step - 1) : policy_edit_url(r);
	char *counter = arena_printf(a, "%zu / %d", p->step + 1, POLICY_STEP_COUNT);
	enum mm_err e;
	if (!action || !prev || !counter || !val_set_cstr(a, ctx, "action", action) ||
	    !val_set_cstr(a, ctx, "prev_url", prev) || !val_set_cstr(a, ctx, "counter", counter) ||
	    !val_set_str(a, ctx, "step_label", page_t(r, policy_step_label_key(p->step))) ||
	    !val_set_bool(a, ctx, "is_footer", footer) ||
	    !val_set_bool(a, ctx, "is_preamble", p->step == POLICY_PREAMBLE) ||
	    !val_set_bool(a, ctx, "is_last", footer))
		return MM_ERR_NOMEM;
	if (!footer) {
		char key[48];
		snprintf(key, sizeof key, "policy.guide.%s", core_policy_step_name(p->step));
		if (!val_set_str(a, ctx, "guide", page_t(r, key)) ||
		    !val_set_str(a, ctx, "limit",
		                 page_t(r, p->step == POLICY_PREAMBLE ? "policy.limit.preamble"
		                                                      : "policy.limit.commitment")))
			return MM_ERR_NOMEM;
		if ((e = set_suggestions(r, s, p)) || (e = set_lang_note(r, p)))
			return e;
	} else if ((e = labels_options_fixed(r->arena, r->lang, ctx, "langs", policy_langs, 2,
	                                     "policy.lang", webform_value(&p->f, "lang")))) {
		return e;
	}
	if ((e = policy_set_builder_context(r, ctx)) ||
	    (e = policy_set_tasks(r, ctx, &p->d, p->step)) ||
	    (e = notice_set(r, ctx, "policy.notice", notices, 1)))
		return e;
	return policy_edit_render(r, res, webform_ok(&p->f) ? 200 : 422, "policy_step", ctx,
	                          policy_step_label_key(p->step));
}

static enum mm_err show_step(struct req *r, struct res *res, struct step_page *p)
{
	enum mm_err e;
	if ((e = policy_draft_load(r, r->store, &p->d)) || (e = set_fields(p)))
		return e;
	return render_step(r, res, r->store, p);
}

/* The suggestion named by the "use" button ("s0"…, "w3"…), or STR_NULL. */
static struct str chosen_suggestion(struct req *r, enum lang l, size_t section)
{
	const struct policy_suggestions *sg = policy_suggestions();
	struct str use;
	long k;
	if (!sg || kvlist_get_one(&r->form, "use", &use) || use.n < 2 ||
	    str_to_long((struct str){use.p + 1, use.n - 1}, 0, POLICY_WEAK_RULES_MAX - 1, &k))
		return STR_NULL;
	if (use.p[0] == 's' && (size_t)k < sg->count[section])
		return sg->text[l][section][k];
	if (use.p[0] == 'w' && (size_t)k < sg->rule_count && sg->rules[k].section == section)
		return sg->rule_text[l][k];
	return STR_NULL;
}

/* Reads the section's text (and an added suggestion) into the draft. */
static enum mm_err take_section(struct req *r, struct step_page *p, bool *used)
{
	struct webform *f = &p->f;
	const char *too_long = p->step == POLICY_PREAMBLE ? "policy.error.preamble_too_long"
	                                                  : "policy.error.commitment_too_long";
	struct str text =
	    policy_normalise_newlines(r, webform_take(f, "text", POLICY_TEXT_MAX_BYTES));
	struct str add = chosen_suggestion(r, policy_lang(&p->d.text), p->step);
	enum mm_err e = webform_set(f, "text", text);
	*used = add.p != NULL;
	if (e)
		return e;
	if (core_policy_check_section(p->step, text))
		return webform_error(f, "text", too_long);
	if (*used) {
		char *joined = arena_printf(r->arena, "%.*s%s%.*s", (int)text.n, text.p,
		                            text.n ? "\n\n" : "", (int)add.n, add.p);
		if (!joined)
			return MM_ERR_NOMEM;
		if (core_policy_check_section(p->step, str_from(joined)))
			return webform_error(f, "text", "policy.error.suggestion_too_long");
		text = str_from(joined);
	}
	p->d.text.section[p->step] = text;
	if (text.n)
		p->d.done_steps |= 1u << p->step;
	else
		p->d.done_steps &= ~(1u << p->step);
	return MM_OK;
}

struct save_tx {
	struct step_page *p;
	bool used; /* a suggestion was added */
};

/* Loads the draft, applies the form and saves it: one transaction, so
 * that a step saved by someone else a moment ago is kept. A form with
 * errors saves nothing. */
static enum mm_err save_in_tx(struct req *r, struct store *s, void *arg)
{
	struct save_tx *x = arg;
	struct step_page *p = x->p;
	enum mm_err e = policy_draft_load(r, s, &p->d);
	if (!e)
		e = p->step == POLICY_STEP_FOOTER ? policy_take_footer(&p->f, &p->d)
		                                  : take_section(r, p, &x->used);
	if (e || !webform_ok(&p->f))
		return e;
	return store_policy_draft_save(s, r->org->id, &p->d, r->user->id, r->now);
}

static enum mm_err save_step(struct req *r, struct res *res, struct step_page *p)
{
	struct save_tx x = {.p = p};
	struct str action = STR("");
	enum mm_err e;
	if ((e = page_tx(r, save_in_tx, &x)))
		return e;
	if (!webform_ok(&p->f))
		return render_step(r, res, r->store, p);
	if (kvlist_get_one(&r->form, "action", &action))
		action = STR("");
	char *url;
	if (x.used)
		url = arena_printf(r->arena, "%s#text", policy_step_url(r, p->step));
	else if (str_eq_lit(action, "next"))
		url = p->step + 1 < POLICY_STEP_COUNT
		          ? policy_step_url(r, p->step + 1)
		          : arena_printf(r->arena, "%s/preview", policy_edit_url(r));
	else
		url = arena_printf(r->arena, "%s?notice=saved", policy_step_url(r, p->step));
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* Both methods: the step named by the URL ({step}: no route type can say
 * which names exist, so an unknown one is answered 404 here), its form,
 * then show or save. */
static enum mm_err step_request(struct req *r, struct res *res, bool save)
{
	struct step_page p;
	enum mm_err e;
	if (!core_policy_step_parse(req_param(r, "step"), &p.step)) {
		page_error(r, res, 404);
		return MM_OK;
	}
	if ((e = webform_init(&p.f, r, res, val_obj(r->arena))))
		return e;
	return save ? save_step(r, res, &p) : show_step(r, res, &p);
}

static enum mm_err page_policy_step(struct req *r, struct res *res)
{
	return step_request(r, res, false);
}

static enum mm_err page_policy_step_post(struct req *r, struct res *res)
{
	return step_request(r, res, true);
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_step_routes =
    ROUTE_TABLE(ROUTE_FORM("/policy/edit/{org:public_id}/step/{step}", page_policy_step,
                           page_policy_step_post, RIGHT_ORG_EDIT));
