/*
 * services_view.h — a live listing as the pages of /services show it: the
 * three facts that decide (price, region, contents) for a result row, and
 * every field for the listing page and the comparison; labels from the
 * catalogue (content/i18n/services.*.json), prices with tax, dates as
 * people in Japan read them. Every public read is filtered by "today"
 * in Japan as the catalogue's dates are written (page_today, web/page.h).
 *
 * Never reads the store: the caller hands the listing in.
 */
#ifndef MM_PAGES_SERVICES_VIEW_H
#define MM_PAGES_SERVICES_VIEW_H

#include "store/services.h"
#include "view/value.h"
#include "web/req.h"

/* obj.{id, url, name, provider, kind, price, region, contents, onsite}:
 * what a result row shows. */
MM_MUST_USE enum mm_err services_view_facts(struct req *r, struct val *obj,
                                            const struct service *v);
/* The facts and every other field: description (HTML from CommonMark,
 * safe mode), bundle, categories, function, tags (grouped), url,
 * contact, registration, validity, languages, reviewed. */
MM_MUST_USE enum mm_err services_view_full(struct req *r, struct val *obj, const struct service *v);

/* The label of a tag ("item-12" → "12．バックアップ"). */
struct str services_tag_label(struct req *r, const char *tag);

#endif
