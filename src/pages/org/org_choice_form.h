/*
 * org_choice_form.h — the owner's two small forms that name a person and
 * pick one of a fixed set: inviting someone (e-mail + role, /org/invite)
 * and letting a supporter in (e-mail or code + access,
 * /org/supporters/grant). Both show under Home › Organisation, offer the
 * set as a select labelled from the catalogue, and answer 422 while the
 * form has errors.
 *
 * Showing and rendering only: reading and checking what was posted stays
 * with each page, which knows what its fields mean.
 */
#ifndef MM_PAGES_ORG_CHOICE_FORM_H
#define MM_PAGES_ORG_CHOICE_FORM_H

#include "web/webform.h"

struct org_choice_form {
	const char *template_name, *title_key;
	const char *person_field; /* empty when the form is first shown */
	const char *choice_field;
	const char *options_name;  /* the select's options go to ctx.OPTIONS_NAME */
	const char *const *values; /* labelled by catalogue keys LABEL_PREFIX.VALUE */
	size_t n;
	const char *label_prefix;
	const char *first_choice; /* selected when the form is first shown */
};

/* The empty form (GET). */
MM_MUST_USE enum mm_err org_choice_form_show(struct req *r, struct res *res,
                                             const struct org_choice_form *c);
/* The form as it stands (after a POST with errors). */
MM_MUST_USE enum mm_err org_choice_form_render(struct webform *f, struct res *res,
                                               const struct org_choice_form *c);

#endif
