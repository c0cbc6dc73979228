/*
 * statistics.h — the rules of the scheme's public statistics: which cells
 * of a table may be shown (small-cell suppression), and the codes the
 * statistics keep for an SME size class. Pure: no I/O, no allocation.
 *
 * A table has rows × cols counts of organisations and, when it has
 * margins, a total per row, a total per column and a grand total. A cell
 * counting fewer than STATISTICS_MIN_COUNT organisations is never shown
 * (primary suppression). Neither may it be worked out from what is shown:
 * in any row or column where exactly one of its cells and its total is
 * hidden, the hidden one would be the total minus the others, so a second
 * cell of that line is hidden too (complementary suppression: the
 * smallest shown cell, which gives away least), until no line has exactly
 * one hidden. This is the usual greedy rule; it protects against
 * subtraction within a row or a column, which is what a reader of a
 * margin table can do.
 */
#ifndef MM_CORE_STATISTICS_H
#define MM_CORE_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/size_class.h"

#define STATISTICS_MIN_COUNT 10   /* organisations a shown cell must count */
#define STATISTICS_TABLE_MAX 4096 /* cells of a table, margins included */

/* The size-class codes of migration 0022 (declaration.size_class). */
enum statistics_size {
	STATISTICS_SIZE_UNKNOWN = 0,
	STATISTICS_SIZE_SMALL = 1,  /* small enterprise */
	STATISTICS_SIZE_MEDIUM = 2, /* an SME, not a small enterprise */
	STATISTICS_SIZE_LARGE = 3,  /* not an SME */
};
#define STATISTICS_SIZE_COUNT 4

enum statistics_size core_statistics_size(enum size_class c);

/* v and hidden hold (rows + 1) × (cols + 1) values, row by row, when
 * margins is true (the last column the row totals, the last row the
 * column totals, the last value the grand total, all filled by the
 * caller), or rows × cols without margins. Sets hidden for every value
 * that must not be shown. False when the table is empty or larger than
 * STATISTICS_TABLE_MAX. */
bool core_statistics_suppress(size_t rows, size_t cols, bool margins, const int64_t *v,
                              bool *hidden);

#endif
