/*
 * statistics_tables.h — the tables of the statistics pages, the CSV
 * downloads and the open data, made once from the counters of
 * store/statistics.h in a language: declarations in force by level, the
 * events of each of the last 24 months, declarations in force by
 * prefecture, by JSIC division and by SME size class (each × level), and
 * self-assessment results by year and band with the mean. Public tables
 * are suppressed (core/statistics.h): a hidden value is never given out,
 * not even in the CSV; the administrators' are not.
 */
#ifndef MM_PAGES_STATISTICS_TABLES_H
#define MM_PAGES_STATISTICS_TABLES_H

#include <stdbool.h>

#include "lib/str.h"
#include "store/store.h"
#include "view/i18n.h"

#define STAT_MONTHS 24

enum stat_table_id {
	STAT_LEVELS,
	STAT_MONTHLY,
	STAT_PREFECTURES,
	STAT_INDUSTRIES,
	STAT_SIZES,
	STAT_SCORES,
	STAT_TABLE_COUNT
};

struct stat_table {
	const char *name; /* /statistics/NAME.csv */
	struct str title, desc;
	size_t rows, cols; /* without the margins */
	bool margins;      /* a total per row, per column and in all */
	/* per row, margin included: a code for machines ("13", "E",
	 * "2026-01", "total") and a label for people */
	struct str *row_codes, *row_labels;
	/* per column, margin included */
	const char *const *col_codes;
	struct str *col_labels;
	int64_t *v;   /* (rows + margins) × (cols + margins), row by row */
	bool *hidden; /* the same shape: values never to be shown */
	/* one more column of text beside the counts (the mean score), or
	 * extra_code NULL */
	const char *extra_code;
	struct str extra_label, *extra;
};

struct stat_tables {
	struct stat_table t[STAT_TABLE_COUNT];
};

/* Reads the counters and makes every table in language l, suppressed
 * unless for administrators (suppress false). */
MM_MUST_USE enum mm_err stat_tables_load(struct store *s, struct arena *a, enum lang l, int64_t now,
                                         bool suppress, struct stat_tables *out);
/* The table named name ("prefectures"), or NULL. */
const struct stat_table *stat_tables_find(const struct stat_tables *t, struct str name);
/* Value i of a table as people read it: "1,234", or "< 10" when hidden. */
struct str stat_cell_text(struct arena *a, enum lang l, const struct stat_table *t, size_t i);
size_t stat_table_width(const struct stat_table *t);
size_t stat_table_height(const struct stat_table *t);
/* The table as CSV (header of codes and labels, then a row per row,
 * hidden values as "< 10"), appended to b. */
MM_MUST_USE enum mm_err stat_table_csv(struct buf *b, struct arena *a, enum lang l,
                                       const struct stat_table *t);

#endif
