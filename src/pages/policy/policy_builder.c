/*
 * policy_builder.c — "/policy/edit/{organisation}": the guided form that
 * writes a basic security policy, one step per section (preamble, five
 * commitments) and one for the footer, with a task list; suggested texts
 * from the content and from the weak items of the organisation's latest
 * assessment; and the preview, which is the public page's own partial.
 *
 * Every step saves the draft (members, owners and supporters with edit
 * access). A suggestion is added to what is in the box (never replacing
 * it), then saved, so that the user edits it in place. Over-long text is
 * refused with 422 and everything typed shown again. Load and save of the
 * draft happen in one write transaction, so two people saving different
 * steps at the same moment both keep their text.
 */
#include <stdio.h>

#include "web/page.h"
#include "pages/policy/policy_routes.h"
#include "pages/policy/policy_common.h"
#include "web/webform.h"

#define POLICY_TEXT_MAX_BYTES                                                                      \
	(POLICY_PREAMBLE_MAX_CHARS * 8) /* read at most this before checking */
#define JST_OFFSET (9 * 60 * 60)        /* the footer's date is Japan's */
#define SECONDS_PER_DAY 86400

static const char *const notices[] = {"saved"};
static const char *const step_keys[POLICY_STEP_COUNT] = {
    "policy.step.preamble",     "policy.step.commitment_1", "policy.step.commitment_2",
    "policy.step.commitment_3", "policy.step.commitment_4", "policy.step.commitment_5",
    "policy.step.footer"};
static const char *const answer_keys[] = {"policy.answer.none", "policy.answer.done",
                                          "policy.answer.partly", "policy.answer.not_done",
                                          "policy.answer.dont_know"};
static const char *const policy_langs[] = {"ja", "en"};

/* ---- the draft ------------------------------------------------------------ */

/* YYYY-MM-DD of t in Japan (civil-from-days, proleptic Gregorian). */
static struct str today(struct req *r)
{
	long long z = (r->now + JST_OFFSET) / SECONDS_PER_DAY + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;
	long long y = yoe + era * 400 + (m <= 2);
	char *s = arena_printf(r->arena, "%04lld-%02lld-%02lld", y, m, d);
	return s ? str_from(s) : STR("");
}

/* The draft, or a new one with the footer filled from the organisation. */
static enum mm_err draft_load(struct req *r, struct store *s, const struct policy_here *h,
                              struct policy_draft *out)
{
	struct org_profile o;
	enum mm_err e = store_policy_draft_get(s, r->arena, h->org_id, out);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	if ((e = store_org_by_id(s, r->arena, h->org_id, &o)))
		return e;
	*out = (struct policy_draft){0};
	out->text.lang = str_from(lang_code(r->lang));
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++)
		out->text.section[i] = STR("");
	out->text.established_on = today(r);
	out->text.organisation_name = o.name;
	out->text.representative_title = o.representative_title;
	out->text.representative_name = o.representative_name;
	return MM_OK;
}

static char *step_url(struct req *r, const struct policy_here *h, size_t step)
{
	return arena_printf(r->arena, "%s/step/%s", h->base_url, core_policy_step_name(step));
}

/* ctx.tasks: the task list, with the step shown now marked current. */
static enum mm_err set_tasks(struct req *r, struct val *ctx, const struct policy_here *h,
                             const struct policy_draft *d, size_t current)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "tasks");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++) {
		struct val *v = val_list_push_obj(a, list);
		char *url = step_url(r, h, i);
		if (!v || !url || !val_set_str(a, v, "label", page_t(r, step_keys[i])) ||
		    !val_set_cstr(a, v, "url", url) ||
		    !val_set_bool(a, v, "done", (d->done_steps >> i) & 1u) ||
		    !val_set_bool(a, v, "current", i == current) ||
		    !val_set_bool(a, v, "may_edit", policy_may_edit(h)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err set_common(struct req *r, struct val *ctx, const struct policy_here *h)
{
	struct arena *a = r->arena;
	char *public_url = arena_printf(a, "/policy/%.*s", (int)h->public_id.n, h->public_id.p);
	if (!public_url || !val_set_cstr(a, ctx, "base_url", h->base_url) ||
	    !val_set_cstr(a, ctx, "public_url", public_url) ||
	    !val_set_str(a, ctx, "org_name", h->org_name) ||
	    !val_set_bool(a, ctx, "may_edit", policy_may_edit(h)) ||
	    !val_set_bool(a, ctx, "is_owner", h->role == POLICY_ROLE_OWNER))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* ---- GET /policy/edit ------------------------------------------------------ */

enum mm_err page_policy_mine(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct org_here h;
	if (!s)
		return MM_ERR_DB;
	enum mm_err e = org_here_load(r, s, &h);
	if (e == MM_ERR_NOT_FOUND)
		return page_redirect(r, res, "/org");
	if (e)
		return e;
	char *url =
	    arena_printf(r->arena, "/policy/edit/%.*s", (int)h.org.public_id.n, h.org.public_id.p);
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* ---- GET /policy/edit/{org}: the overview -------------------------------- */

static const char *const overview_notices[] = {"published", "republished", "external",
                                               "unpublished"};

static enum mm_err set_publication(struct req *r, struct store *s, struct val *ctx,
                                   const struct policy_here *h)
{
	struct arena *a = r->arena;
	struct policy_publication p;
	enum mm_err e = store_policy_publication_get(s, a, h->org_id, &p);
	bool published = e == MM_OK;
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	char *number = arena_printf(a, "%lld", published ? (long long)p.version_number : 0LL);
	const char *const names[] = {"number"};
	const struct str values[] = {str_from(number)};
	if (!number || !val_set_bool(a, ctx, "published", published) ||
	    !val_set_bool(a, ctx, "hosted", published && p.kind == POLICY_HOSTED) ||
	    !val_set_bool(a, ctx, "external", published && p.kind == POLICY_EXTERNAL) ||
	    !val_set_str(a, ctx, "external_url", published ? p.url : STR("")) ||
	    !val_set_str(a, ctx, "published_number",
	                 org_fill(r, "policy.versions.label", names, values, 1)) ||
	    !val_set_cstr(a, ctx, "published_date",
	                  published ? page_format_date(r, p.published_at) : ""))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err set_versions(struct req *r, struct store *s, struct val *ctx,
                                const struct policy_here *h)
{
	struct arena *a = r->arena;
	struct policy_version *v;
	size_t n;
	enum mm_err e = store_policy_version_list(s, a, h->org_id, &v, &n);
	struct val *list = val_set_list(a, ctx, "versions");
	if (e || !list)
		return e ? e : MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *o = val_list_push_obj(a, list);
		struct str who =
		    v[i].published_by_name.n ? v[i].published_by_name : v[i].published_by_email;
		char *number = arena_printf(a, "%lld", (long long)v[i].number);
		const char *const names[] = {"number"};
		const struct str values[] = {str_from(number)};
		if (!o || !number || !val_set_long(a, o, "number", (long)v[i].number) ||
		    !val_set_str(a, o, "label",
		                 org_fill(r, "policy.versions.label", names, values, 1)) ||
		    !val_set_cstr(a, o, "date", page_format_time(r, v[i].published_at)) ||
		    !val_set_str(a, o, "who", who.n ? who : page_t(r, "policy.versions.nobody")))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "has_versions", n > 0) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err page_policy_edit(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct policy_here h;
	struct policy_draft d;
	struct webform f;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = policy_here_require(r, res, s, POLICY_NEED_VIEW, &h, &answered)) || answered)
		return e;
	if ((e = draft_load(r, s, &h, &d)) || (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = set_common(r, f.ctx, &h)) ||
	    (e = set_tasks(r, f.ctx, &h, &d, POLICY_STEP_COUNT)) ||
	    (e = set_publication(r, s, f.ctx, &h)) || (e = set_versions(r, s, f.ctx, &h)) ||
	    (e = org_set_notice(r, f.ctx, "policy.notice", overview_notices, 4)))
		return e;
	char *first = step_url(r, &h, 0);
	if (!first || !val_set_cstr(r->arena, f.ctx, "first_step_url", first) ||
	    !val_set_bool(r->arena, f.ctx, "started", d.done_steps != 0))
		return MM_ERR_NOMEM;
	return policy_render(r, res, 200, "policy_edit", f.ctx, "policy.builder.title", &h);
}

/* ---- a step -------------------------------------------------------------- */

struct step_page {
	struct policy_here h;
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
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		if (!core_assessment_answer_parse(names[i], &answers[i]))
			answers[i] = ANSWER_NONE;
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
	enum mm_err e = load_answers(r, s, p->h.org_id, answers, &taken_at, &assessed);
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
		    !val_set_str(a, v, "answer",
		                 org_fill(r, "policy.weak.answer", names, values, 2)))
			return MM_ERR_NOMEM;
	}
	if (!val_set_bool(a, p->f.ctx, "assessed", assessed) ||
	    !val_set_bool(a, p->f.ctx, "has_weak", n_weak > 0) ||
	    !val_set_cstr(a, p->f.ctx, "assessed_on",
	                  assessed ? page_format_date(r, taken_at) : ""))
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

static struct str field_value(struct webform *f, const char *name)
{
	const struct val *v = val_get(val_get(f->fields, str_from(name)), STR("value"));
	return v ? v->s : STR("");
}

static enum mm_err render_step(struct req *r, struct res *res, struct store *s, struct step_page *p)
{
	struct arena *a = r->arena;
	struct val *ctx = p->f.ctx;
	bool footer = p->step == POLICY_STEP_FOOTER;
	char *action = step_url(r, &p->h, p->step);
	char *prev = p->step ? step_url(r, &p->h, p->step - 1) : p->h.base_url;
	char *counter = arena_printf(a, "%zu / %d", p->step + 1, POLICY_STEP_COUNT);
	enum mm_err e;
	if (!action || !prev || !counter || !val_set_cstr(a, ctx, "action", action) ||
	    !val_set_cstr(a, ctx, "prev_url", prev) || !val_set_cstr(a, ctx, "counter", counter) ||
	    !val_set_str(a, ctx, "step_label", page_t(r, step_keys[p->step])) ||
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
		if ((e = set_suggestions(r, s, p)))
			return e;
	} else if ((e = org_options_fixed(r, ctx, "langs", policy_langs, 2, "policy.lang",
	                                  field_value(&p->f, "lang")))) {
		return e;
	}
	if ((e = set_common(r, ctx, &p->h)) || (e = set_tasks(r, ctx, &p->h, &p->d, p->step)) ||
	    (e = org_set_notice(r, ctx, "policy.notice", notices, 1)))
		return e;
	return policy_render(r, res, webform_ok(&p->f) ? 200 : 422, "policy_step", ctx,
	                     step_keys[p->step], &p->h);
}

/* Loads what every step request needs; *answered when refused. */
static enum mm_err step_open(struct req *r, struct res *res, struct store *s, struct step_page *p,
                             bool *answered)
{
	enum mm_err e = policy_here_require(r, res, s, POLICY_NEED_EDIT, &p->h, answered);
	if (e || *answered)
		return e;
	if (!core_policy_step_parse(req_param(r, "step"), &p->step)) {
		page_error(r, res, 404);
		*answered = true;
		return MM_OK;
	}
	return webform_init(&p->f, r, res, val_obj(r->arena));
}

enum mm_err page_policy_step(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct step_page p;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = step_open(r, res, s, &p, &answered)) || answered)
		return e;
	if ((e = draft_load(r, s, &p.h, &p.d)) || (e = set_fields(&p)))
		return e;
	return render_step(r, res, s, &p);
}

/* Text as typed, with CR LF and lone CR read as LF. */
static struct str normalise_newlines(struct req *r, struct str s)
{
	char *out = arena_alloc(r->arena, s.n + 1);
	size_t n = 0;
	if (!out)
		return STR("");
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < s.n && s.p[i + 1] == '\n')
				i++;
		} else {
			out[n++] = s.p[i];
		}
	}
	out[n] = '\0';
	return (struct str){out, n};
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
	struct str text = normalise_newlines(r, webform_take(f, "text", POLICY_TEXT_MAX_BYTES));
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

static enum mm_err take_footer(struct req *r, struct step_page *p)
{
	struct webform *f = &p->f;
	struct policy_text *t = &p->d.text;
	struct str date = webform_take(f, "established_on", POLICY_DATE_CHARS * 2);
	struct str name = webform_take(f, "organisation_name", POLICY_ORGANISATION_MAX_CHARS);
	struct str title = webform_take(f, "representative_title", POLICY_TITLE_MAX_CHARS);
	struct str person = webform_take(f, "representative_name", POLICY_PERSON_MAX_CHARS);
	struct str lang = webform_take(f, "lang", 2);
	enum mm_err e = MM_OK;
	(void)r;
	if (date.n && !core_policy_date_valid(date))
		e = webform_error(f, "established_on", "policy.error.date");
	if (!e && !str_eq_lit(lang, "ja") && !str_eq_lit(lang, "en"))
		e = webform_error(f, "lang", "policy.error.lang");
	if (e || !webform_ok(f))
		return e;
	t->established_on = date;
	t->organisation_name = name;
	t->representative_title = title;
	t->representative_name = person;
	t->lang = lang;
	if (date.n && name.n && title.n && person.n)
		p->d.done_steps |= 1u << POLICY_STEP_FOOTER;
	else
		p->d.done_steps &= ~(1u << POLICY_STEP_FOOTER);
	return MM_OK;
}

/* Loads the draft, applies the form and saves, in one transaction. */
static enum mm_err save_step(struct req *r, struct store *s, struct step_page *p, bool *used)
{
	enum mm_err e = store_begin(s);
	*used = false;
	if (e)
		return e;
	if (!(e = draft_load(r, s, &p->h, &p->d)))
		e = p->step == POLICY_STEP_FOOTER ? take_footer(r, p) : take_section(r, p, used);
	if (!e && webform_ok(&p->f))
		e = store_policy_draft_save(s, p->h.org_id, &p->d, r->user->id, r->now);
	if (e || !webform_ok(&p->f)) {
		store_rollback(s);
		return e;
	}
	return store_commit(s);
}

enum mm_err page_policy_step_post(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct step_page p;
	struct str action = STR("");
	bool answered, used;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = step_open(r, res, s, &p, &answered)) || answered)
		return e;
	if ((e = save_step(r, s, &p, &used)))
		return e;
	if (!webform_ok(&p.f))
		return render_step(r, res, s, &p);
	if (kvlist_get_one(&r->form, "action", &action))
		action = STR("");
	char *url;
	if (used)
		url = arena_printf(r->arena, "%s#text", step_url(r, &p.h, p.step));
	else if (str_eq_lit(action, "next"))
		url = p.step + 1 < POLICY_STEP_COUNT
		          ? step_url(r, &p.h, p.step + 1)
		          : arena_printf(r->arena, "%s/preview", p.h.base_url);
	else
		url = arena_printf(r->arena, "%s?notice=saved", step_url(r, &p.h, p.step));
	return url ? page_redirect(r, res, url) : MM_ERR_NOMEM;
}

/* ---- GET /policy/edit/{org}/preview --------------------------------------- */

/* ctx.missing: the steps publishing still needs, linked. */
static enum mm_err set_missing(struct req *r, struct val *ctx, const struct policy_here *h,
                               const struct policy_draft *d, bool *complete)
{
	struct arena *a = r->arena;
	size_t where;
	struct val *list = val_set_list(a, ctx, "missing");
	*complete = core_policy_check_complete(&d->text, &where) == POLICY_OK;
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++) {
		bool bad = i < POLICY_SECTION_COUNT ? d->text.section[i].n == 0
		                                    : (!*complete && where == POLICY_STEP_FOOTER);
		if (!bad)
			continue;
		struct val *v = val_list_push_obj(a, list);
		char *url = step_url(r, h, i);
		if (!v || !url || !val_set_str(a, v, "label", page_t(r, step_keys[i])) ||
		    !val_set_cstr(a, v, "url", url))
			return MM_ERR_NOMEM;
	}
	return val_set_bool(a, ctx, "complete", *complete) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err policy_preview_render(struct req *r, struct res *res, struct store *s,
                                  const struct policy_here *h, int status)
{
	struct policy_draft d;
	struct webform f;
	bool complete;
	enum mm_err e;
	if ((e = draft_load(r, s, h, &d)) || (e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = set_common(r, f.ctx, h)) || (e = set_tasks(r, f.ctx, h, &d, POLICY_STEP_COUNT)) ||
	    (e = set_missing(r, f.ctx, h, &d, &complete)) ||
	    (e = policy_set_document(r, f.ctx, &d.text)))
		return e;
	if (!val_set_bool(r->arena, f.ctx, "can_publish",
	                  complete && h->role == POLICY_ROLE_OWNER) ||
	    !val_set_bool(r->arena, f.ctx, "refused", status != 200))
		return MM_ERR_NOMEM;
	return policy_render(r, res, status, "policy_preview", f.ctx, "policy.preview.title", h);
}

enum mm_err page_policy_preview(struct req *r, struct res *res)
{
	struct store *s = store_thread();
	struct policy_here h;
	bool answered;
	enum mm_err e;
	if (!s)
		return MM_ERR_DB;
	if ((e = policy_here_require(r, res, s, POLICY_NEED_VIEW, &h, &answered)) || answered)
		return e;
	return policy_preview_render(r, res, s, &h, 200);
}
