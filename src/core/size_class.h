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
 *   retail                      I, trade = retail      ≤ ¥50M      ≤ 50       ≤ 5
 *   services                    L, M, N, O, P, Q, R    ≤ ¥50M      ≤ 100      ≤ 5
 *
 * Division I (wholesale and retail trade) covers two groups, so a firm in I
 * also says which trade it is in. Manufacturing, construction and transport
 * (E, D, H) share the first group with every division not named elsewhere.
 * The cabinet-order exceptions (software, hotels, rubber products) are not
 * distinguished: the divisions are too coarse to tell them apart.
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
};

enum trade { TRADE_NONE, TRADE_WHOLESALE, TRADE_RETAIL };

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
/* Division I needs a trade (wholesale or retail); the others take none. */
bool core_industry_needs_trade(char division);
/* The group of a division (and its trade for I). False when the division
 * is not A–T, or I comes without a trade, or another division with one. */
bool core_size_group(char division, enum trade trade, enum size_group *out);
const struct size_limits *core_size_limits(enum size_group group);
/* capital_yen: SIZE_CAPITAL_UNKNOWN when not given; employees >= 0. */
enum size_class core_size_class(enum size_group group, int64_t capital_yen, int64_t employees);

#endif
