/*
 * org_labels.h — catalogue labels for the organisation area's own values:
 * a member's role, a supporter's access (read / edit) and a supporter's
 * kind (tax accountant, IT coordinator…). Labels shared with other areas
 * (prefectures, industries, counts, select options) are in view/labels.h.
 *
 * Each label is catalogue text chosen by a stored enumeration; nothing
 * here puts what a person typed on a page.
 */
#ifndef MM_PAGES_ORG_LABELS_H
#define MM_PAGES_ORG_LABELS_H

#include "store/org.h"
#include "store/org_support.h"
#include "web/req.h"

struct str org_role_label(struct req *r, enum org_role role);
/* The same in language l (a mail in its recipient's language). */
struct str org_role_label_in(enum lang l, enum org_role role);
struct str org_access_label(struct req *r, enum org_access access);
/* "" for a supporter without a kind. */
struct str org_kind_label(struct req *r, struct str kind);

#endif
