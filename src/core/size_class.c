/*
 * size_class.c — see size_class.h for the table and the reasons behind it.
 */
#include "core/size_class.h"

#include <assert.h>

static const struct size_limits limits[] = {
    [SIZE_GROUP_MANUFACTURING_AND_OTHERS] = {300000000, 300, 20},
    [SIZE_GROUP_WHOLESALE] = {100000000, 100, 5},
    [SIZE_GROUP_RETAIL] = {50000000, 50, 5},
    [SIZE_GROUP_SERVICES] = {50000000, 100, 5},
    [SIZE_GROUP_ENTERTAINMENT] = {50000000, 100, 20},
    [SIZE_GROUP_ACCOMMODATION] = {50000000, 200, 20},
    [SIZE_GROUP_RUBBER] = {300000000, 900, 20},
};

/* The divisions a trade belongs to, and the group it puts a firm in. */
static const struct {
	char division;
	enum size_group group;
} trades[] = {
    [TRADE_WHOLESALE] = {'I', SIZE_GROUP_WHOLESALE},
    [TRADE_RETAIL] = {'I', SIZE_GROUP_RETAIL},
    [TRADE_ACCOMMODATION] = {'M', SIZE_GROUP_ACCOMMODATION},
    [TRADE_EATING] = {'M', SIZE_GROUP_RETAIL},
    [TRADE_ENTERTAINMENT] = {'N', SIZE_GROUP_ENTERTAINMENT},
    [TRADE_RUBBER] = {'E', SIZE_GROUP_RUBBER},
};

bool core_industry_valid(char division)
{
	return division >= 'A' && division <= 'T';
}

bool core_industry_needs_trade(char division)
{
	return division == 'I' || division == 'M';
}

bool core_industry_trade_fits(char division, enum trade trade)
{
	if (!core_industry_valid(division))
		return false;
	if (trade == TRADE_NONE)
		return !core_industry_needs_trade(division);
	return (unsigned)trade < sizeof trades / sizeof trades[0] &&
	       trades[trade].division == division;
}

static bool is_services(char division)
{
	return division >= 'L' && division <= 'R';
}

bool core_size_group(char division, enum trade trade, enum size_group *out)
{
	if (!core_industry_trade_fits(division, trade))
		return false;
	if (trade != TRADE_NONE)
		*out = trades[trade].group;
	else
		*out = is_services(division) ? SIZE_GROUP_SERVICES
		                             : SIZE_GROUP_MANUFACTURING_AND_OTHERS;
	return true;
}

const struct size_limits *core_size_limits(enum size_group group)
{
	assert((unsigned)group < sizeof limits / sizeof limits[0]);
	return &limits[group];
}

enum size_class core_size_class(enum size_group group, int64_t capital_yen, int64_t employees)
{
	const struct size_limits *l = core_size_limits(group);
	assert(employees >= 0);
	if (employees <= l->small_employees)
		return SIZE_CLASS_SMALL;
	bool capital_within = capital_yen != SIZE_CAPITAL_UNKNOWN && capital_yen <= l->capital_yen;
	return capital_within || employees <= l->employees ? SIZE_CLASS_SME : SIZE_CLASS_NOT_SME;
}
