/*
 * org_size.c — see org_size.h.
 */
#include "pages/org/org_size.h"

/* The values migration 0014 lets organisation.trade hold. */
const char *const org_trade_names[] = {
    [TRADE_NONE] = "",         [TRADE_WHOLESALE] = "wholesale",
    [TRADE_RETAIL] = "retail", [TRADE_ACCOMMODATION] = "accommodation",
    [TRADE_EATING] = "eating", [TRADE_ENTERTAINMENT] = "entertainment",
    [TRADE_RUBBER] = "rubber",
};

bool org_trade_parse(struct str s, enum trade *out)
{
	for (size_t i = 0; i < ORG_TRADE_COUNT; i++)
		if (str_eq(s, str_from(org_trade_names[i]))) {
			*out = (enum trade)i;
			return true;
		}
	return false;
}

bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out)
{
	enum trade trade;
	if (o->industry.n != 1 || o->employees < 0 || !org_trade_parse(o->trade, &trade) ||
	    !core_size_group(o->industry.p[0], trade, group))
		return false;
	*out = core_size_class(*group, o->capital_yen, o->employees);
	return true;
}
