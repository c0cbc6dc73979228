/*
 * org_corp.c — see org_corp.h. The lookup is a GET (a small form of its
 * own above the profile form, so that Enter in the profile form always
 * saves): /org/new?corporate_number=N and /org/edit?corporate_number=N
 * show the form with the data's values in place of the stored ones; a
 * number that cannot be looked up is an error on the lookup's own box.
 */
#include "pages/org/org_corp.h"

#include <stdio.h>

#include "core/corp_csv.h"
#include "core/org_fields.h"
#include "store/corp.h"
#include "view/i18n.h"
#include "web/page.h"
#include "web/static.h"

/* The lookup's box: its errors are shown beside it and the error summary
 * links to it, not to the profile's corporate-number field below. */
#define LOOKUP_FIELD "lookup_number"

/* "2024年3月31日" / "31 Mar 2024" for the data's "2024-03-31". */
static struct str data_date(struct req *r, struct str iso)
{
	if (!corp_date_valid(iso))
		return iso;
	int y = 0, m = 0, d = 0;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (iso.p[i] - '0');
	m = (iso.p[5] - '0') * 10 + (iso.p[6] - '0');
	d = (iso.p[8] - '0') * 10 + (iso.p[9] - '0');
	return str_from(i18n_format_date(r->arena, r->lang, y, m, d));
}

/* The error of a closed number, on the form's field (the lookup box, or
 * the profile's corporate number). */
static enum mm_err closed_error(struct req *r, struct webform *f, const char *field,
                                const struct corp_record *c)
{
	char key[48];
	snprintf(key, sizeof key, "org.corp.close_cause.%.2s",
	         c->close_cause.n == 2 ? c->close_cause.p : "99");
	const char *const names[] = {"date", "cause", "successor"};
	const struct str values[] = {data_date(r, c->close_date), page_t(r, key),
	                             c->successor_number};
	const char *text =
	    i18n_fill(r->arena, r->lang,
	              c->successor_number.n ? "org.error.corporate_number.closed_successor"
	                                    : "org.error.corporate_number.closed",
	              names, values, 3);
	if (!text)
		return MM_ERR_NOMEM;
	webform_error_text(f, field, str_from(text));
	return MM_OK;
}

static bool is_closed(const struct corp_record *c)
{
	return c->close_date.n > 0;
}

/* "1050023" → "105-0023". */
static struct str postal_text(struct req *r, struct str p)
{
	if (p.n != 7)
		return STR("");
	char *s = arena_printf(r->arena, "%.3s-%.4s", p.p, p.p + 3);
	return str_from(s);
}

static enum mm_err fill(struct req *r, struct webform *f, const struct corp_record *c)
{
	enum mm_err e;
	/* values live in the arena: the form is rendered after this returns */
	const char *pref = arena_printf(r->arena, "%d", c->prefecture_code);
	const char *address = arena_printf(r->arena, "%.*s%.*s", (int)c->city_name.n,
	                                   c->city_name.p, (int)c->street.n, c->street.p);
	if (!address || !pref)
		return MM_ERR_NOMEM;
	if ((e = webform_set(f, "name", c->name)))
		return e;
	if (c->furigana.n && (e = webform_set(f, "name_kana", c->furigana)))
		return e;
	if (c->prefecture_code) {
		if ((e = webform_set(f, "postal_code", postal_text(r, c->postal_code))) ||
		    (e = webform_set(f, "prefecture", str_from(pref))) ||
		    (e = webform_set(f, "address", str_from(address))))
			return e;
	}
	if ((e = webform_set(f, "sole_proprietor", STR(""))))
		return e;
	const char *const names[] = {"date"};
	const struct str values[] = {data_date(r, c->update_date)};
	const char *note = i18n_fill(r->arena, r->lang, "org.corp.note", names, values, 1);
	return note && val_set_cstr(r->arena, f->ctx, "prefill_note", note) ? MM_OK : MM_ERR_NOMEM;
}

enum mm_err org_corp_prefill(struct req *r, struct webform *f)
{
	bool any;
	struct str typed, number = STR("");
	enum mm_err e = store_corp_any(r->store, &any);
	if (e || !any)
		return e;
	if (!val_set_bool(r->arena, f->ctx, "corp_lookup", true) ||
	    !val_set_cstr(r->arena, f->ctx, "corp_script", static_url("corp-lookup.js")))
		return MM_ERR_NOMEM;
	if (kvlist_get_one(&r->query_fields, "corporate_number", &typed))
		return webform_set(f, LOOKUP_FIELD, STR("")); /* absent or repeated: as stored */
	typed = str_trim(typed);
	enum org_check c = org_corporate_number_normalise(r->arena, typed, &number);
	if ((e = webform_set(f, LOOKUP_FIELD, typed)) ||
	    (e = webform_set(f, "corporate_number", typed)))
		return e;
	if (c != ORG_CHECK_OK) {
		webform_error(f, LOOKUP_FIELD,
		              c == ORG_CHECK_MISTYPED ? "org.error.corporate_number.mistyped"
		                                      : "org.error.corporate_number.invalid");
		return MM_OK;
	}
	if ((e = webform_set(f, "corporate_number", number)))
		return e;
	struct corp_record rec;
	e = store_corp_get(r->store, r->arena, number, &rec);
	if (e == MM_ERR_NOT_FOUND) {
		webform_error(f, LOOKUP_FIELD, "org.corp.not_found");
		return MM_OK;
	}
	if (e)
		return e;
	if (is_closed(&rec))
		return closed_error(r, f, LOOKUP_FIELD, &rec);
	return fill(r, f, &rec);
}

enum mm_err org_corp_refuse_closed(struct req *r, struct store *s, struct webform *f,
                                   struct str number, struct str previous)
{
	struct corp_record rec;
	if (!number.n || str_eq(number, previous))
		return MM_OK;
	enum mm_err e = store_corp_get(s, r->arena, number, &rec);
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if (e || !is_closed(&rec))
		return e;
	return closed_error(r, f, "corporate_number", &rec);
}
