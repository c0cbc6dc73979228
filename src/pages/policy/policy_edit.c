/*
 * policy_edit.c — see policy_edit.h.
 */
#include "pages/policy/policy_edit.h"

#include <assert.h>

#include "web/audit.h"
#include "web/mail.h"
#include "web/page.h"

static const char *const step_keys[POLICY_STEP_COUNT] = {
    "policy.step.preamble",     "policy.step.commitment_1", "policy.step.commitment_2",
    "policy.step.commitment_3", "policy.step.commitment_4", "policy.step.commitment_5",
    "policy.step.footer"};

char *policy_edit_url(struct req *r)
{
	return arena_printf(r->arena, "/policy/edit/%.*s", (int)r->org->public_id.n,
	                    r->org->public_id.p);
}

char *policy_step_url(struct req *r, size_t step)
{
	return arena_printf(r->arena, "/policy/edit/%.*s/step/%s", (int)r->org->public_id.n,
	                    r->org->public_id.p, core_policy_step_name(step));
}

const char *policy_step_label_key(size_t step)
{
	assert(step < POLICY_STEP_COUNT);
	return step_keys[step];
}

bool policy_may_edit(const struct req *r)
{
	return r->org->role != SCOPE_SUPPORTER_READ;
}

enum mm_err policy_draft_load(struct req *r, struct store *s, struct policy_draft *out)
{
	const struct org_profile *o = r->org->profile;
	enum mm_err e = store_policy_draft_get(s, r->arena, r->org->id, out);
	if (e != MM_ERR_NOT_FOUND)
		return e;
	*out = (struct policy_draft){0};
	out->text.lang = str_from(lang_code(r->lang));
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++)
		out->text.section[i] = STR("");
	out->text.established_on = page_today(r); /* the footer's date is Japan's */
	out->text.organisation_name = o->name;
	out->text.representative_title = o->representative_title;
	out->text.representative_name = o->representative_name;
	return MM_OK;
}

enum mm_err policy_set_builder_context(struct req *r, struct val *ctx)
{
	struct arena *a = r->arena;
	char *base_url = policy_edit_url(r);
	char *public_url =
	    arena_printf(a, "/policy/%.*s", (int)r->org->public_id.n, r->org->public_id.p);
	if (!base_url || !public_url || !val_set_cstr(a, ctx, "base_url", base_url) ||
	    !val_set_cstr(a, ctx, "public_url", public_url) ||
	    !val_set_cstr(a, ctx, "public_address", mail_link(a, public_url)) ||
	    !val_set_str(a, ctx, "org_name", r->org->profile->name) ||
	    !val_set_bool(a, ctx, "may_edit", policy_may_edit(r)) ||
	    !val_set_bool(a, ctx, "is_owner", r->org->role == SCOPE_OWNER))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err policy_set_tasks(struct req *r, struct val *ctx, const struct policy_draft *d,
                             size_t current)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "tasks");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++) {
		struct val *v = val_list_push_obj(a, list);
		char *url = policy_step_url(r, i);
		if (!v || !url || !val_set_str(a, v, "label", page_t(r, step_keys[i])) ||
		    !val_set_cstr(a, v, "url", url) ||
		    !val_set_bool(a, v, "done", (d->done_steps >> i) & 1u) ||
		    !val_set_bool(a, v, "current", i == current) ||
		    !val_set_bool(a, v, "may_edit", policy_may_edit(r)))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

enum mm_err policy_edit_render(struct req *r, struct res *res, int status,
                               const char *template_name, struct val *ctx, const char *title_key)
{
	struct val *crumbs = page_crumbs(r);
	bool member = r->org->role == SCOPE_OWNER || r->org->role == SCOPE_MEMBER;
	bool builder_page = str_eq_lit(str_from(title_key), "policy.builder.title");
	char *base_url = policy_edit_url(r);
	if (!crumbs || !base_url ||
	    (member ? page_crumb(r, crumbs, page_t(r, "org.title"), "/org")
	            : page_crumb(r, crumbs, page_t(r, "supporter.title"), "/supporter")) ||
	    (!builder_page && page_crumb(r, crumbs, page_t(r, "policy.builder.title"), base_url)) ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, template_name, ctx, page_t(r, title_key), crumbs);
}

enum mm_err policy_audit(struct req *r, const char *action, const char *detail)
{
	return audit_log(r, action, 0, r->org->id, r->org->public_id, AUDIT_OK, detail);
}

struct str policy_normalise_newlines(struct req *r, struct str s)
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

enum mm_err policy_take_footer(struct webform *f, struct policy_draft *d)
{
	struct policy_text *t = &d->text;
	struct str date = webform_take(f, "established_on", POLICY_DATE_CHARS * 2);
	struct str name = webform_take(f, "organisation_name", POLICY_ORGANISATION_MAX_CHARS);
	struct str title = webform_take(f, "representative_title", POLICY_TITLE_MAX_CHARS);
	struct str person = webform_take(f, "representative_name", POLICY_PERSON_MAX_CHARS);
	struct str lang = webform_take(f, "lang", 2);
	enum mm_err e = MM_OK;
	struct str iso = STR("");
	if (date.n && !core_policy_date_read(f->r->arena, date, &iso))
		e = webform_error(f, "established_on", "policy.error.date");
	if (!e && !str_eq_lit(lang, "ja") && !str_eq_lit(lang, "en"))
		e = webform_error(f, "lang", "policy.error.lang");
	if (e || !webform_ok(f))
		return e;
	t->established_on = iso;
	t->organisation_name = name;
	t->representative_title = title;
	t->representative_name = person;
	t->lang = lang;
	if (date.n && name.n && title.n && person.n)
		d->done_steps |= 1u << POLICY_STEP_FOOTER;
	else
		d->done_steps &= ~(1u << POLICY_STEP_FOOTER);
	return MM_OK;
}
