/*
 * size_class.h — the SME size class of the SME Basic Act (中小企業基本法)
 * from industry, capital and employees. Pure: no I/O, no allocation.
 *
 * A firm is an SME when its capital OR its number of regular employees is
 * within the limit of its industry group; a small enterprise (小規模企業者)
 * when its employees are within the small-enterprise limit. Capital that is
 * not known (sole proprietors, -1) leaves the employees to decide.
 *
 * Industry groups from the JSIC divisions (日本標準産業分類, A–T):
 *
 *   group                       divisions              capital     employees  small
 *   manufacturing and others    A–H, J, K, S, T        ≤ ¥300M     ≤ 300      ≤ 20
 *   wholesale                   I, trade = wholesale   ≤ ¥100M     ≤ 100      ≤ 5
 *   retail                      I, trade = retail;     ≤ ¥50M      ≤ 50       ≤ 5
 *                               M, trade = eating
 *   services                    L, M, N, O, P, Q, R    ≤ ¥50M      ≤ 100      ≤ 5
 *   entertainment               N, trade = entert.     ≤ ¥50M      ≤ 100      ≤ 20
 *   inns and hotels             M, trade = accomm.     ≤ ¥50M      ≤ 200      ≤ 20
 *   rubber products             E, trade = rubber      ≤ ¥300M     ≤ 900      ≤ 20
 *
 * Two divisions cover more than one group, so a firm in them also says
 * which trade (line of business) it is in: I (wholesale or retail) and M
 * (accommodation, 75, or eating and drinking places and take-out, 76–77,
 * which the SME Basic Act counts as retail). Two more may name a trade
 * that changes a limit: N (entertainment, 80: the small-enterprise limit
 * stays 20) and E (rubber products, 19). The last three rows are the
 * government ordinance's wider groups (inns and hotels, rubber products)
 * and the small-enterprise rule for accommodation and entertainment
 * (DOMAIN.md §7). The ordinance's third group, software and information
 * processing (G 39), has the limits of its division's group already, so it
 * needs no trade of its own.
 */
#ifndef MM_SIZE_CLASS_H
#define MM_SIZE_CLASS_H

#include <stdbool.h>
#include <stdint.h>

enum size_group {
	SIZE_GROUP_MANUFACTURING_AND_OTHERS,
	SIZE_GROUP_WHOLESALE,
	SIZE_GROUP_RETAIL,
	SIZE_GROUP_SERVICES,
	SIZE_GROUP_ENTERTAINMENT,
	SIZE_GROUP_ACCOMMODATION,
	SIZE_GROUP_RUBBER,
};

#define SIZE_GROUP_COUNT (SIZE_GROUP_RUBBER + 1)

enum trade {
	TRADE_NONE,
	TRADE_WHOLESALE,     /* I */
	TRADE_RETAIL,        /* I */
	TRADE_ACCOMMODATION, /* M 75 */
	TRADE_EATING,        /* M 76–77 */
	TRADE_ENTERTAINMENT, /* N 80 */
	TRADE_RUBBER,        /* E 19 */
};

enum size_class {
	SIZE_CLASS_NOT_SME, /* over both limits of its group */
	SIZE_CLASS_SME,     /* an SME, not a small enterprise */
	SIZE_CLASS_SMALL,   /* a small enterprise (always an SME too) */
};

struct size_limits {
	int64_t capital_yen;     /* at most this capital */
	int64_t employees;       /* or at most this many employees */
	int64_t small_employees; /* small enterprise: at most this many */
};

#define SIZE_CAPITAL_UNKNOWN (-1)

/* 'A'…'T'. */
bool core_industry_valid(char division);
/* Divisions I and M need a trade; the others may go without one. */
bool core_industry_needs_trade(char division);
/* Whether trade may be given with division (TRADE_NONE: whether the
 * division may go without one). */
bool core_industry_trade_fits(char division, enum trade trade);
/* The group of a division and its trade. False when the division is not
 * A–T or the trade does not fit it (core_industry_trade_fits). */
bool core_size_group(char division, enum trade trade, enum size_group *out);
const struct size_limits *core_size_limits(enum size_group group);
/* capital_yen: SIZE_CAPITAL_UNKNOWN when not given; employees >= 0. */
enum size_class core_size_class(enum size_group group, int64_t capital_yen, int64_t employees);

#endif
