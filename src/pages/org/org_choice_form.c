/*
 * org_choice_form.c — see org_choice_form.h.
 */
#include "pages/org/org_choice_form.h"

#include "pages/shared/titled.h"
#include "view/labels.h"

enum mm_err org_choice_form_show(struct req *r, struct res *res, const struct org_choice_form *c)
{
	struct webform f;
	enum mm_err e;
	if ((e = webform_init(&f, r, res, val_obj(r->arena))) ||
	    (e = webform_blank(&f, c->person_field, NULL)) ||
	    (e = webform_set(&f, c->choice_field, str_from(c->first_choice))))
		return e;
	return org_choice_form_render(&f, res, c);
}

enum mm_err org_choice_form_render(struct webform *f, struct res *res,
                                   const struct org_choice_form *c)
{
	struct req *r = f->r;
	const struct val *chosen =
	    val_get(val_get(f->fields, str_from(c->choice_field)), STR("value"));
	enum mm_err e =
	    labels_options_fixed(r->arena, r->lang, f->ctx, c->options_name, c->values, c->n,
	                         c->label_prefix, chosen ? chosen->s : str_from(c->first_choice));
	if (e)
		return e;
	return titled_render(r, res, webform_ok(f) ? 200 : 422, c->template_name, f->ctx,
	                     c->title_key, "org.title", "/org");
}
