/*
 * support_bundle.h — a firm's support bundle contract (store/org.h,
 * struct org_support) as a template value, for the organisation page and
 * the contacts of "/help": {name, phone, tel, url}, each "" when not
 * given, tel the phone's tel: link.
 */
#ifndef MM_PAGES_SHARED_SUPPORT_BUNDLE_H
#define MM_PAGES_SHARED_SUPPORT_BUNDLE_H

#include "store/org.h"
#include "view/value.h"

/* Sets obj.key to the contract's value. */
MM_MUST_USE enum mm_err support_bundle_set(struct arena *a, struct val *obj, const char *key,
                                           const struct org_support *sup);

#endif
