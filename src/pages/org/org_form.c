/*
 * org_form.c — see org_form.h. Error messages are catalogue keys named
 * after the field and the problem: org.error.FIELD.missing, .invalid,
 * .mistyped, .too_large.
 */
#include "pages/org/org_form.h"

#include <stdio.h>

#include "core/org_fields.h"
#include "core/size_class.h"
#include "pages/org/org_size.h"
#include "pages/shared/titled.h"
#include "view/labels.h"
#include "web/page.h"

/* Records the error for a check result (nothing for OK, or for EMPTY when
 * the field may be left out). */
static void check_error(struct webform *f, const char *name, enum org_check c, bool required)
{
	static const char *const problems[] = {
	    [ORG_CHECK_EMPTY] = "missing",     [ORG_CHECK_INVALID] = "invalid",
	    [ORG_CHECK_MISTYPED] = "mistyped", [ORG_CHECK_TOO_LARGE] = "too_large",
	    [ORG_CHECK_NOMEM] = "invalid",
	};
	if (c == ORG_CHECK_OK || (c == ORG_CHECK_EMPTY && !required))
		return;
	char key[96];
	snprintf(key, sizeof key, "org.error.%s.%s", name, problems[c]);
	webform_error(f, name, key);
}

static struct str take_text(struct webform *f, const char *name, size_t max_chars, bool required)
{
	struct str v = webform_take_checked(f, name, max_chars, org_single_line);
	check_error(f, name, v.n ? ORG_CHECK_OK : ORG_CHECK_EMPTY, required);
	return v;
}

static int64_t take_count(struct webform *f, const char *name, int64_t max, bool required)
{
	int64_t v = -1;
	struct str in = webform_take(f, name, ORG_NUMBER_MAX_CHARS);
	check_error(f, name, org_count_parse(f->r->arena, in, max, &v), required);
	return v;
}

/* A normalised code: fn turns what was typed into the stored form. */
static struct str take_code(struct webform *f, const char *name, size_t max_chars, bool required,
                            enum org_check (*fn)(struct arena *, struct str, struct str *))
{
	struct str out = STR("");
	struct str in = webform_take(f, name, max_chars);
	enum org_check c = fn(f->r->arena, in, &out);
	check_error(f, name, c, required);
	return c == ORG_CHECK_OK ? out : STR("");
}

static void read_names(struct webform *f, struct org_profile *o)
{
	o->name = take_text(f, "name", ORG_NAME_MAX_CHARS, true);
	o->name_kana = take_text(f, "name_kana", ORG_KANA_MAX_CHARS, true);
	if (o->name_kana.n && !org_kana_valid(f->r->arena, o->name_kana))
		check_error(f, "name_kana", ORG_CHECK_INVALID, true);
	o->sole_proprietor = str_eq_lit(webform_take(f, "sole_proprietor", 1), "1");
	o->corporate_number = take_code(f, "corporate_number", ORG_NUMBER_MAX_CHARS,
	                                !o->sole_proprietor, org_corporate_number_normalise);
}

static void read_address(struct webform *f, struct org_profile *o)
{
	o->postal_code =
	    take_code(f, "postal_code", ORG_NUMBER_MAX_CHARS, true, org_postal_code_normalise);
	if (!org_prefecture_parse(webform_take(f, "prefecture", 2), &o->prefecture))
		check_error(f, "prefecture", ORG_CHECK_EMPTY, true);
	o->address = take_text(f, "address", ORG_ADDRESS_MAX_CHARS, true);
}

/* Capital is asked only when the size class needs it: a company whose
 * employees are over its group's limit may still be an SME by its capital.
 * Within the limit the employees decide alone, and sole proprietors have
 * no capital. */
static bool capital_needed(const struct org_profile *o, char division)
{
	enum size_group group;
	enum trade trade = str_eq_lit(o->trade, "wholesale") ? TRADE_WHOLESALE
	                   : str_eq_lit(o->trade, "retail")  ? TRADE_RETAIL
	                                                     : TRADE_NONE;
	if (o->sole_proprietor || o->employees < 0 || !core_size_group(division, trade, &group))
		return false;
	return o->employees > core_size_limits(group)->employees;
}

static void read_business(struct webform *f, struct org_profile *o)
{
	char division = 0;
	enum trade trade;
	struct str industry = webform_take(f, "industry", 1);
	struct str trade_name = webform_take(f, "trade", 16);
	o->industry = industry;
	o->trade = STR("");
	if (!org_industry_parse(industry, &division))
		check_error(f, "industry", ORG_CHECK_EMPTY, true);
	else if (!org_trade_parse(trade_name, &trade))
		check_error(f, "trade", ORG_CHECK_INVALID, true);
	else if (trade == TRADE_NONE && core_industry_needs_trade(division))
		check_error(f, "trade", ORG_CHECK_EMPTY, true);
	else if (!core_industry_trade_fits(division, trade))
		check_error(f, "trade", ORG_CHECK_INVALID, true);
	else
		o->trade = trade_name;
	o->employees = take_count(f, "employees", ORG_EMPLOYEES_MAX, true);
	o->capital_yen = take_count(f, "capital", ORG_CAPITAL_MAX, capital_needed(o, division));
}

static void read_contacts(struct webform *f, struct org_profile *o)
{
	o->representative_title = take_text(f, "representative_title", ORG_TITLE_MAX_CHARS, true);
	o->representative_name = take_text(f, "representative_name", ORG_PERSON_MAX_CHARS, true);
	o->contact_name = take_text(f, "contact_name", ORG_PERSON_MAX_CHARS, true);
	o->contact_email =
	    take_code(f, "contact_email", ORG_EMAIL_MAX_CHARS, true, org_email_normalise);
	o->contact_phone =
	    take_code(f, "contact_phone", ORG_PHONE_MAX_CHARS, false, org_phone_normalise);
	o->website = webform_take(f, "website", ORG_URL_MAX_CHARS);
	if (o->website.n && !org_url_valid(o->website))
		check_error(f, "website", ORG_CHECK_INVALID, false);
}

/* The support bundle contract, all optional; a phone number or an address
 * needs the provider's name. */
static void read_support(struct webform *f, struct org_profile *o)
{
	struct org_support *sup = &o->support;
	sup->name = take_text(f, "support_name", ORG_SUPPORT_NAME_MAX_CHARS, false);
	sup->phone = take_code(f, "support_phone", ORG_PHONE_MAX_CHARS, false, org_phone_normalise);
	sup->url = webform_take(f, "support_url", ORG_URL_MAX_CHARS);
	if (sup->url.n && !org_url_valid(sup->url))
		check_error(f, "support_url", ORG_CHECK_INVALID, false);
	if (!sup->name.n && (webform_value(f, "support_phone").n || sup->url.n))
		check_error(f, "support_name", ORG_CHECK_EMPTY, true);
}

enum mm_err org_form_read(struct webform *f, struct org_profile *o)
{
	read_names(f, o);
	read_address(f, o);
	read_business(f, o);
	read_contacts(f, o);
	read_support(f, o);
	return MM_OK;
}

static struct str count_text(struct arena *a, int64_t v)
{
	const char *s = v < 0 ? "" : arena_printf(a, "%lld", (long long)v);
	return str_from(s);
}

enum mm_err org_form_show(struct webform *f, const struct org_profile *o)
{
	struct arena *a = f->r->arena;
	const char *pref = o->prefecture ? arena_printf(a, "%d", o->prefecture) : "";
	enum mm_err e;
	if (!pref)
		return MM_ERR_NOMEM;
	if ((e = webform_set(f, "name", o->name)) ||
	    (e = webform_set(f, "name_kana", o->name_kana)) ||
	    (e = webform_set(f, "sole_proprietor", o->sole_proprietor ? STR("1") : STR(""))) ||
	    (e = webform_set(f, "corporate_number", o->corporate_number)) ||
	    (e = webform_set(f, "postal_code", o->postal_code)) ||
	    (e = webform_set(f, "prefecture", str_from(pref))) ||
	    (e = webform_set(f, "address", o->address)) ||
	    (e = webform_set(f, "industry", o->industry)) ||
	    (e = webform_set(f, "trade", o->trade)) ||
	    (e = webform_set(f, "employees", count_text(a, o->employees))) ||
	    (e = webform_set(f, "capital", count_text(a, o->capital_yen))) ||
	    (e = webform_set(f, "representative_title", o->representative_title)) ||
	    (e = webform_set(f, "representative_name", o->representative_name)) ||
	    (e = webform_set(f, "contact_name", o->contact_name)) ||
	    (e = webform_set(f, "contact_email", o->contact_email)) ||
	    (e = webform_set(f, "contact_phone", o->contact_phone)) ||
	    (e = webform_set(f, "website", o->website)) ||
	    (e = webform_set(f, "support_name", o->support.name)) ||
	    (e = webform_set(f, "support_phone", o->support.phone)) ||
	    (e = webform_set(f, "support_url", o->support.url)))
		return e;
	return MM_OK;
}

/* The support bundle's section is unfolded when it holds a value or an
 * error. */
static bool support_open(struct webform *f)
{
	static const char *const names[] = {"support_name", "support_phone", "support_url"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct val *field = val_get(f->fields, str_from(names[i]));
		if (webform_value(f, names[i]).n ||
		    (field && val_truthy(val_get(field, STR("error")))))
			return true;
	}
	return false;
}

enum mm_err org_form_render(struct webform *f, struct res *res, bool create)
{
	struct req *r = f->r;
	struct arena *a = r->arena;
	enum mm_err e;
	if ((e = labels_options_prefecture(a, r->lang, f->ctx, "prefectures",
	                                   webform_value(f, "prefecture"))) ||
	    (e = labels_options_industry(a, r->lang, f->ctx, "industries",
	                                 webform_value(f, "industry"))) ||
	    (e = labels_options_fixed(a, r->lang, f->ctx, "trades", org_trade_names + 1,
	                              ORG_TRADE_COUNT - 1, "org.trade", webform_value(f, "trade"))))
		return e;
	/* The corporate-number lookup's (pages/org/org_corp.h), unless it set them. */
	static const char *const lookup[] = {"corp_lookup", "prefill_note", "corp_script"};
	for (size_t i = 0; i < sizeof lookup / sizeof lookup[0]; i++)
		if (!val_get(f->ctx, str_from(lookup[i])) &&
		    !val_set_str(a, f->ctx, lookup[i], STR("")))
			return MM_ERR_NOMEM;
	if (!val_set_bool(a, f->ctx, "sole_checked",
	                  str_eq_lit(webform_value(f, "sole_proprietor"), "1")) ||
	    !val_set_cstr(a, f->ctx, "form_action", create ? "/org/new" : "/org/edit") ||
	    !val_set_str(a, f->ctx, "heading",
	                 page_t(r, create ? "org.new.heading" : "org.edit.heading")) ||
	    !val_set_str(a, f->ctx, "submit",
	                 page_t(r, create ? "org.new.submit" : "org.edit.submit")) ||
	    !val_set_bool(a, f->ctx, "editing", !create) ||
	    !val_set_bool(a, f->ctx, "support_open", support_open(f)))
		return MM_ERR_NOMEM;
	int status = webform_ok(f) ? 200 : 422;
	return titled_render(r, res, status, "org_form", f->ctx,
	                     create ? "org.new.title" : "org.edit.title", "org.title", "/org");
}
