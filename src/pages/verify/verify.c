/*
 * verify.c — the public verification pages: "/verify" (a form: ID and,
 * optionally, a corporate number) and "/verify/{id}" (the permanent page a
 * QR code or a badge opens). Both show the same answer: status (in force,
 * withdrawn on …, revoked on …), level, organisation, prefecture,
 * corporate number, dates, the public history, the policy link for ★★, and
 * whether a given corporate number matches.
 *
 * The answer comes first, above the form, in its own colour, icon and
 * heading (verify_view_answer): valid, withdrawn (when and by whom),
 * revoked (when), an ID and corporate number that do not match, a mistyped
 * ID (wrong check digit or not the form of one), an unknown ID, and an
 * empty submission, which says what to type.
 *
 * No login, no session needed, no database write.
 */
#include <stdio.h>

#include "view/i18n.h"
#include "web/mail.h"
#include "web/page.h"
#include "core/corporate_number.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "pages/verify/verify_view.h"
#include "web/router.h"

/* What the form says when the ID could not be looked up. */
static const char *outcome_error_key(enum verify_outcome o, bool empty)
{
	if (empty)
		return "verify.error.id_missing";
	return o == VERIFY_MISTYPED ? "verify.error.id_mistyped" : "verify.error.id_malformed";
}

/* fields.NAME.{value,error} and the summary's errors list, as webform.h
 * lays them out (without a CSRF token: this form is a GET). */
struct form_vals {
	struct val *fields, *errors;
};

static enum mm_err form_init(struct req *r, struct val *ctx, struct form_vals *fv)
{
	fv->fields = val_set_obj(r->arena, ctx, "fields");
	fv->errors = val_set_list(r->arena, ctx, "errors");
	if (!fv->fields || !fv->errors || !val_set_bool(r->arena, ctx, "has_errors", false))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err form_field(struct req *r, struct val *ctx, struct form_vals *fv,
                              const char *name, struct str value, const char *error_key)
{
	struct arena *a = r->arena;
	struct val *f = val_set_obj(a, fv->fields, name);
	if (!f || !val_set_str(a, f, "value", value) ||
	    !val_set_str(a, f, "error", error_key ? page_t(r, error_key) : STR("")))
		return MM_ERR_NOMEM;
	if (!error_key)
		return MM_OK;
	struct val *item = val_list_push_obj(a, fv->errors);
	if (!item || !val_set_cstr(a, item, "field", name) ||
	    !val_set_str(a, item, "message", page_t(r, error_key)) ||
	    !val_set_bool(a, ctx, "has_errors", true))
		return MM_ERR_NOMEM;
	return MM_OK;
}

/* The trimmed value of a query field ("" when absent); *present tells
 * whether it was sent at all (an empty form submitted sends "id="). */
static const char *query_value(struct req *r, const char *name, bool *repeated, bool *present)
{
	struct str v;
	enum mm_err e = kvlist_get_one(&r->query_fields, name, &v);
	if (e == MM_ERR_DUPLICATE)
		*repeated = true;
	if (present)
		*present = e == MM_OK;
	return e == MM_OK ? str_dup(r->arena, str_trim(v)) : "";
}

/* Renders the page: the form (when show_form), the "not found" notice,
 * or the declaration. */
static enum mm_err render(struct req *r, struct res *res, int status, struct val *ctx,
                          bool show_form, const char *id_for_title)
{
	struct val *crumbs = page_crumbs(r);
	struct str title = page_t(r, "verify.title");
	if (!crumbs || !val_set_bool(r->arena, ctx, "show_form", show_form))
		return MM_ERR_NOMEM;
	if (id_for_title) {
		if (page_crumb(r, crumbs, title, "/verify") ||
		    page_crumb(r, crumbs, str_from(id_for_title), NULL))
			return MM_ERR_NOMEM;
	} else if (page_crumb(r, crumbs, title, NULL)) {
		return MM_ERR_NOMEM;
	}
	static const char *const flags[] = {"has_result", "has_answer", "form_again"};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (!val_get(ctx, str_from(flags[i])) &&
		    !val_set_bool(r->arena, ctx, flags[i], false))
			return MM_ERR_NOMEM;
	return page_render(r, res, status, "verify_page", ctx, title, crumbs);
}

/* Looks raw_id up and fills ctx; the status to answer with. */
static enum mm_err answer(struct req *r, struct val *ctx, struct str raw_id, struct str raw_number,
                          bool show_form, int *status)
{
	struct str id, number = STR("");
	enum verify_outcome outcome;
	struct verification v;
	struct form_vals fv;
	bool number_given = raw_number.n > 0;
	const char *number_error = NULL;
	if (number_given && !core_corporate_number_read(r->arena, raw_number, &number))
		number_error = "verify.error.corporate_number";
	enum mm_err e = form_init(r, ctx, &fv);
	if (e || (e = verify_lookup(r, raw_id, true, &id, &outcome, &v)))
		return e;
	const char *id_error = outcome == VERIFY_MALFORMED || outcome == VERIFY_MISTYPED
	                           ? outcome_error_key(outcome, raw_id.n == 0)
	                           : NULL;
	if ((e = form_field(r, ctx, &fv, "id", raw_id, id_error)) ||
	    (e = form_field(r, ctx, &fv, "corporate_number", raw_number, number_error)))
		return e;
	if (id_error || number_error) {
		/* The form's own messages (linked to their fields) are the text. */
		bool empty = raw_id.n == 0;
		const char *heading = empty                        ? NULL
		                      : outcome == VERIFY_MISTYPED ? "verify.answer.mistyped"
		                                                   : "verify.answer.malformed";
		char *text =
		    empty ? str_dup(r->arena, page_t(r, "verify.answer.empty_text")) : NULL;
		if (empty && !text)
			return MM_ERR_NOMEM;
		if ((e = verify_view_answer(r, ctx, empty ? "empty" : "mistyped", heading, text,
		                            NULL)))
			return e;
		*status = show_form ? 422 : 404;
		return MM_OK;
	}
	if (outcome == VERIFY_NOT_FOUND) {
		const char *names[] = {"id"};
		struct str values[] = {id};
		char *text =
		    i18n_fill(r->arena, r->lang, "verify.not_found.text", names, values, 1);
		if (!text)
			return MM_ERR_NOMEM;
		if ((e = verify_view_answer(r, ctx, "unknown", NULL, text, NULL)) ||
		    !val_set_bool(r->arena, ctx, "form_again", true))
			return e ? e : MM_ERR_NOMEM;
		*status = 404;
		return MM_OK;
	}
	*status = 200;
	if (!val_set_bool(r->arena, ctx, "form_again", true))
		return MM_ERR_NOMEM;
	return verify_view_result(r, ctx, &v, number_given ? &number : NULL);
}

static enum mm_err page_verify(struct req *r, struct res *res)
{
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	bool repeated = false, submitted = false;
	const char *raw_id = query_value(r, "id", &repeated, &submitted);
	const char *raw_number = query_value(r, "corporate_number", &repeated, NULL);
	struct val *ctx = val_obj(r->arena);
	int status = 200;
	enum mm_err e;
	if (!ctx || !raw_id || !raw_number)
		return MM_ERR_NOMEM;
	if (repeated) {
		page_error(r, res, 400);
		return MM_OK;
	}
	if (submitted || raw_id[0] || raw_number[0]) {
		if ((e = answer(r, ctx, str_from(raw_id), str_from(raw_number), true, &status)))
			return e;
	} else {
		struct form_vals fv;
		if ((e = form_init(r, ctx, &fv)) ||
		    (e = form_field(r, ctx, &fv, "id", STR(""), NULL)) ||
		    (e = form_field(r, ctx, &fv, "corporate_number", STR(""), NULL)))
			return e;
	}
	return render(r, res, status, ctx, true, NULL);
}

static enum mm_err page_verify_declaration(struct req *r, struct res *res)
{
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	bool repeated = false;
	const char *raw_number = query_value(r, "corporate_number", &repeated, NULL);
	struct val *ctx = val_obj(r->arena);
	int status;
	if (!ctx || !raw_number)
		return MM_ERR_NOMEM;
	if (repeated) {
		page_error(r, res, 400);
		return MM_OK;
	}
	enum mm_err e = answer(r, ctx, req_param(r, "id"), str_from(raw_number), false, &status);
	if (e)
		return e;
	/* Anything but a declaration shows the form again, filled in. */
	return render(r, res, status, ctx, status != 200,
	              status == 200 ? str_dup(r->arena, req_param(r, "id")) : NULL);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table verify_routes =
    ROUTE_TABLE(ROUTE_GET("/verify", page_verify, RIGHT_PUBLIC),
                ROUTE_GET("/verify/{id}", page_verify_declaration, RIGHT_PUBLIC));
