/*
 * policy_write.c — the whole policy on one page,
 * /policy/edit/{org}/write (RIGHT_ORG_EDIT, as the steps of
 * policy_step.c, which stay for editing one section at a time).
 *
 * Every section that the draft leaves empty is shown filled with a text
 * to start from: the content's first suggestion for the section, then the
 * sentences the weak items of the latest self-assessment call for (as
 * many as fit the section's limit). The footer comes from the draft (the
 * organisation's details and today's date on a new one). The language of
 * the policy is chosen at the top; the texts are in that language from
 * the start (the interface's language on a new draft), and a text left
 * exactly as it was offered follows a change of language when saved.
 *
 * Saving writes every section and the footer in one transaction (loading
 * the draft inside it, as the steps do); a form with errors saves nothing
 * and is shown again, 422, with everything typed.
 */
#include <stdio.h>

#include "pages/policy/policy_document.h"
#include "pages/policy/policy_edit.h"
#include "pages/policy/policy_suggestions.h"
#include "pages/shared/notice.h"
#include "view/labels.h"
#include "web/page.h"
#include "web/router.h"
#include "web/webform.h"

static const char *const notices[] = {"saved"};
static const char *const policy_langs[] = {"ja", "en"};
static const char *const section_fields[POLICY_SECTION_COUNT] = {
    "preamble", "commitment_1", "commitment_2", "commitment_3", "commitment_4", "commitment_5"};

/* The organisation's latest answers; *found false without an assessment. */
static enum mm_err load_answers(struct req *r, struct store *s,
                                enum assessment_answer answers[ASSESSMENT_ITEM_COUNT], bool *found)
{
	struct str names[ASSESSMENT_ITEM_COUNT];
	int64_t taken_at;
	enum mm_err e = store_policy_latest_answers(s, r->arena, r->org->id, names, &taken_at);
	*found = e == MM_OK;
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (!e)
		core_assessment_answers_parse(names, answers);
	return e;
}

/* The text offered for an empty section in language l: the first
 * suggestion, then the weak items' sentences that still fit. */
static struct str offered_text(struct req *r, enum lang l, size_t section, bool assessed,
                               const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	const struct policy_suggestions *sg = policy_suggestions();
	size_t weak[POLICY_WEAK_RULES_MAX], n_weak = 0;
	if (!sg)
		return STR("");
	struct str text = sg->text[l][section][0];
	if (assessed)
		n_weak = core_policy_weak_suggestions(sg->rules, sg->rule_count, answers,
		                                      (enum policy_section)section, weak,
		                                      POLICY_WEAK_RULES_MAX);
	for (size_t k = 0; k < n_weak; k++) {
		struct str add = sg->rule_text[l][weak[k]];
		char *joined =
		    arena_printf(r->arena, "%.*s\n\n%.*s", (int)text.n, text.p, (int)add.n, add.p);
		if (!joined)
			return text;
		if (core_policy_check_section((enum policy_section)section, str_from(joined)))
			break;
		text = str_from(joined);
	}
	return text;
}

static enum lang lang_of(struct str code)
{
	return str_eq_lit(code, "en") ? LANG_EN : LANG_JA;
}

static enum mm_err render_write(struct req *r, struct res *res, struct webform *f, bool assessed)
{
	struct arena *a = r->arena;
	struct val *sections = val_set_list(a, f->ctx, "sections");
	const struct val *lang = val_get(val_get(f->fields, STR("lang")), STR("value"));
	enum mm_err e;
	if (!sections)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		char guide[48];
		snprintf(guide, sizeof guide, "policy.guide.%s", core_policy_step_name(i));
		const struct val *field = val_get(f->fields, str_from(section_fields[i]));
		const struct val *value = val_get(field, STR("value"));
		const struct val *error = val_get(field, STR("error"));
		struct val *v = val_list_push_obj(a, sections);
		if (!v || !val_set_cstr(a, v, "name", section_fields[i]) ||
		    !val_set_str(a, v, "label", page_t(r, policy_step_label_key(i))) ||
		    !val_set_str(a, v, "guide", page_t(r, guide)) ||
		    !val_set_str(a, v, "limit",
		                 page_t(r, i == POLICY_PREAMBLE ? "policy.limit.preamble"
		                                                : "policy.limit.commitment")) ||
		    !val_set_str(a, v, "value", value ? value->s : STR("")) ||
		    !val_set_str(a, v, "error", error ? error->s : STR("")))
			return MM_ERR_NOMEM;
	}
	if ((e = labels_options_fixed(a, r->lang, f->ctx, "langs", policy_langs, 2, "policy.lang",
	                              lang ? lang->s : STR(""))) ||
	    (e = policy_set_builder_context(r, f->ctx)) ||
	    (e = notice_set(r, f->ctx, "policy.notice", notices, 1)))
		return e;
	if (!val_set_bool(a, f->ctx, "assessed", assessed))
		return MM_ERR_NOMEM;
	return policy_edit_render(r, res, webform_ok(f) ? 200 : 422, "policy_write", f->ctx,
	                          "policy.write.title");
}

static enum mm_err page_policy_write(struct req *r, struct res *res)
{
	struct policy_draft d;
	struct webform f;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	bool assessed;
	enum mm_err e;
	if ((e = policy_draft_load(r, r->store, &d)) ||
	    (e = load_answers(r, r->store, answers, &assessed)) ||
	    (e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	enum lang l = lang_of(d.text.lang);
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		struct str text = d.text.section[i];
		if (!text.n)
			text = offered_text(r, l, i, assessed, answers);
		if ((e = webform_set(&f, section_fields[i], text)))
			return e;
	}
	if ((e = webform_set(&f, "established_on", d.text.established_on)) ||
	    (e = webform_set(&f, "organisation_name", d.text.organisation_name)) ||
	    (e = webform_set(&f, "representative_title", d.text.representative_title)) ||
	    (e = webform_set(&f, "representative_name", d.text.representative_name)) ||
	    (e = webform_set(&f, "lang", d.text.lang)))
		return e;
	return render_write(r, res, &f, assessed);
}

struct write_tx {
	struct webform *f;
	struct policy_draft d;
	bool assessed;
};

/* Reads every section; a text left as it was offered in the draft's
 * language is replaced by the offer in the newly chosen one. */
static enum mm_err take_sections(struct req *r, struct write_tx *x, enum lang from, enum lang to,
                                 const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		const char *too_long = i == POLICY_PREAMBLE ? "policy.error.preamble_too_long"
		                                            : "policy.error.commitment_too_long";
		struct str text = policy_normalise_newlines(
		    r, webform_take(x->f, section_fields[i], POLICY_TEXT_MAX_BYTES));
		if (from != to && text.n &&
		    str_eq(text, offered_text(r, from, i, x->assessed, answers))) {
			text = offered_text(r, to, i, x->assessed, answers);
			enum mm_err e = webform_set(x->f, section_fields[i], text);
			if (e)
				return e;
		}
		if (core_policy_check_section((enum policy_section)i, text)) {
			webform_error(x->f, section_fields[i], too_long);
			continue;
		}
		x->d.text.section[i] = text;
		if (text.n)
			x->d.done_steps |= 1u << i;
		else
			x->d.done_steps &= ~(1u << i);
	}
	return MM_OK;
}

static enum mm_err write_in_tx(struct req *r, struct store *s, void *arg)
{
	struct write_tx *x = arg;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	enum mm_err e;
	if ((e = policy_draft_load(r, s, &x->d)) || (e = load_answers(r, s, answers, &x->assessed)))
		return e;
	enum lang from = lang_of(x->d.text.lang);
	if ((e = policy_take_footer(x->f, &x->d)) ||
	    (e = take_sections(r, x, from, lang_of(x->d.text.lang), answers)))
		return e;
	if (!webform_ok(x->f))
		return MM_OK;
	return store_policy_draft_save(s, r->org->id, &x->d, r->user->id, r->now);
}

static enum mm_err page_policy_write_post(struct req *r, struct res *res)
{
	struct webform f;
	struct str action;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))))
		return e;
	struct write_tx x = {.f = &f};
	if ((e = page_tx(r, write_in_tx, &x)))
		return e;
	if (!webform_ok(&f))
		return render_write(r, res, &f, x.assessed);
	if (kvlist_get_one(&r->form, "action", &action))
		action = STR("");
	char *base = policy_edit_url(r);
	char *url = !base ? NULL
	            : str_eq_lit(action, "preview")
	                ? arena_printf(r->arena, "%s/preview", base)
	                : arena_printf(r->arena, "%s/write?notice=saved", base);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* This file's routes, in dispatch order (see policy_routes.c). */
const struct route_table policy_write_routes =
    ROUTE_TABLE(ROUTE_FORM("/policy/edit/{org:public_id}/write", page_policy_write,
                           page_policy_write_post, RIGHT_ORG_EDIT));
