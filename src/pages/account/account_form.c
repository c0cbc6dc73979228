/*
 * account_form.c — see account_form.h.
 */
#include "pages/account/account_form.h"

#include "core/email.h"
#include "web/page.h"

enum mm_err account_form_email(struct req *r, struct webform *f, struct str *email)
{
	struct str in = webform_take(f, "email", EMAIL_MAX_CHARS);
	*email = STR("");
	switch (core_email_normalise(r->arena, in, email)) {
	case EMAIL_OK:
		return MM_OK;
	case EMAIL_EMPTY:
		return webform_error(f, "email", "signup.email_missing");
	case EMAIL_INVALID:
		return webform_error(f, "email", "signup.email_invalid");
	case EMAIL_NOMEM:
		break;
	}
	return MM_ERR_NOMEM;
}

enum mm_err account_render(struct req *r, struct res *res, struct webform *f,
                           const char *template_name, const char *title_key, int status)
{
	struct val *crumbs = page_crumbs(r);
	if (!crumbs || page_crumb(r, crumbs, page_t(r, "account.title"), "/account") ||
	    page_crumb(r, crumbs, page_t(r, title_key), NULL))
		return MM_ERR_NOMEM;
	if (status == 200 && !webform_ok(f))
		status = 422;
	return page_render(r, res, status, template_name, f->ctx, page_t(r, title_key), crumbs);
}

struct str account_lang_label(struct req *r, struct str code)
{
	return page_t(r,
	              str_eq_lit(code, "en") ? "account_extras.lang_en" : "account_extras.lang_ja");
}
