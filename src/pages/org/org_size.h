/*
 * org_size.h — the SME size class (core/size_class.h) of a stored
 * organisation, for its profile page and its export. The thresholds live
 * in core; this only maps a profile's industry, trade, capital and staff
 * onto them.
 */
#ifndef MM_PAGES_ORG_SIZE_H
#define MM_PAGES_ORG_SIZE_H

#include "core/size_class.h"
#include "store/org.h"

/* False when the industry (and trade) do not name a group, or the number
 * of employees is not known. */
bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out);

#endif
