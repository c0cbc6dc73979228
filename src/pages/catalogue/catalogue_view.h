/*
 * catalogue_view.h — how a listing's version is put into a page's context
 * (the provider's pages, the administrators' review) and the listing form
 * (its check boxes and choices, and reading it back through
 * catalogue_fields.h). Rendering and reading only: it never decides who
 * may see or change a listing.
 */
#ifndef MM_PAGES_CATALOGUE_VIEW_H
#define MM_PAGES_CATALOGUE_VIEW_H

#include "store/services.h"
#include "view/value.h"
#include "web/req.h"
#include "web/webform.h"

/* obj.{id, version_id, number, name, kind, provider, regions, on_site,
 * price, bundle, bundle_class, bundle_monthly, bundle_device, bundle_term,
 * contents[{label, included, detail}], categories, product_function,
 * tags[{label}], url, contact, registration_number, validity, languages,
 * reviewed, submitted, status, pending, rejected, reject_reason, live,
 * other_live} for v (other_live: another version of the listing is the
 * live one): everything but the description, whose Markdown the lists of
 * listings need not render. */
MM_MUST_USE enum mm_err catalogue_view_set(struct req *r, struct val *obj, const struct service *v);
/* obj.description_html: v's description rendered (safe CommonMark, its
 * headings under the h2 the listing partial is shown under), for the pages
 * that show it. */
MM_MUST_USE enum mm_err catalogue_view_set_description(struct req *r, struct val *obj,
                                                       const struct service *v);

/* "¥10,000〜¥20,000（税抜）…": v's price with its tax shown. */
struct str catalogue_view_price(struct req *r, const struct service *v);

/* Declares every field of the listing form with v's values and sets the
 * form's choices and check boxes in f->ctx. */
MM_MUST_USE enum mm_err catalogue_form_fill(struct webform *f, const struct service *v);
/* Reads the submitted listing form into *v (errors in f). */
void catalogue_form_read(struct webform *f, struct service *v);

#endif
