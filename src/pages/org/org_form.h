/*
 * org_form.h — the organisation profile form, shared by "create" and
 * "edit": showing stored values, reading and checking what was typed
 * (every rule in core/org_fields.h), and rendering with the selects.
 */
#ifndef MM_PAGES_ORG_FORM_H
#define MM_PAGES_ORG_FORM_H

#include "store/org.h"
#include "web/webform.h"

/* Declares every field with the stored value (an empty profile for a new
 * organisation: capital_yen -1, prefecture 0). */
MM_MUST_USE enum mm_err org_form_show(struct webform *f, const struct org_profile *o);
/* Reads the POST into *o (normalised); problems are recorded in f. The
 * caller checks webform_ok(). Does not touch id or public_id. */
MM_MUST_USE enum mm_err org_form_read(struct webform *f, struct org_profile *o);
/* Renders org_form.html: creating (POST /org/new) or editing (/org/edit). */
MM_MUST_USE enum mm_err org_form_render(struct webform *f, struct res *res, bool create);

#endif
