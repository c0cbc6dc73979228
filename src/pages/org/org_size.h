/*
 * org_size.h — the SME size class (core/size_class.h) of a stored
 * organisation, for its profile page and its export. The thresholds live
 * in core; this only maps a profile's industry, trade, capital and staff
 * onto them, and the trades onto the words the form and the store use.
 */
#ifndef MM_PAGES_ORG_SIZE_H
#define MM_PAGES_ORG_SIZE_H

#include "core/size_class.h"
#include "store/org.h"

/* The stored and posted names of the trades, indexed by enum trade
 * ("" for TRADE_NONE). */
extern const char *const org_trade_names[];
#define ORG_TRADE_COUNT ((size_t)TRADE_RUBBER + 1)

/* The trade named s ("" is TRADE_NONE); false for any other text. */
bool org_trade_parse(struct str s, enum trade *out);

/* False when the industry (and trade) do not name a group, or the number
 * of employees is not known. */
bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out);

#endif
