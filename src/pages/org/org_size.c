/*
 * org_size.c — see org_size.h.
 */
#include "pages/org/org_size.h"

bool org_size_class(const struct org_profile *o, enum size_group *group, enum size_class *out)
{
	enum trade trade = str_eq_lit(o->trade, "wholesale") ? TRADE_WHOLESALE
	                   : str_eq_lit(o->trade, "retail")  ? TRADE_RETAIL
	                                                     : TRADE_NONE;
	if (o->industry.n != 1 || o->employees < 0 ||
	    !core_size_group(o->industry.p[0], trade, group))
		return false;
	*out = core_size_class(*group, o->capital_yen, o->employees);
	return true;
}
