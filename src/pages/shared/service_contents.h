/*
 * service_contents.h — what a support bundle of the service catalogue
 * holds, as the pages show it: one row for each of the catalogue's
 * contents (help desk, monitoring …), whether the bundle includes it and
 * the provider's detail. The providers' and administrators' pages
 * (catalogue) and the finding pages (services) name the contents each in
 * their own words, so the caller says which labels to use.
 */
#ifndef MM_PAGES_SHARED_SERVICE_CONTENTS_H
#define MM_PAGES_SHARED_SERVICE_CONTENTS_H

#include "store/services.h"
#include "view/value.h"
#include "web/req.h"

/* Sets obj.contents: [{label, included, detail}] for v, in the
 * catalogue's order, each label the catalogue text labels_key.NAME. */
MM_MUST_USE enum mm_err service_contents_set(struct req *r, struct val *obj,
                                             const struct service *v, const char *labels_key);

#endif
