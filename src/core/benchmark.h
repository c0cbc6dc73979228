/*
 * benchmark.h — the rules of "firms like yours": where a result stands
 * among the latest results of similar organisations (the benchmark
 * aggregates of migration 0026, store/benchmark.h). Pure: no I/O, no
 * allocation beyond what the caller hands in.
 *
 * A group is the organisations of one check and content version in one
 * cell (JSIC division × SME size class), one division (all sizes) or all
 * of them. Its figures — count, sums and sums of squares of the total and
 * of each part or directive, a histogram of totals — only ever add up, so
 * a wider group is the sum of its cells.
 *
 * Privacy (k-anonymity, BENCHMARK_MIN_ORGS = 10): a group is shown only
 * when at least 10 organisations contribute to it. Nested groups add a
 * second way to learn about few firms: a division shown beside its shown
 * cells gives away, by subtraction, the cells that are not shown. So the
 * rule is: a group may be shown only when what is left of it after taking
 * away the shown groups nested in it (its shown cells; for all firms, the
 * shown divisions and the shown cells of the divisions not shown) is empty
 * or counts at least 10 organisations. Every figure anyone can work out
 * from shown groups, one page or many, is then a sum over pieces of 0 or
 * at least 10 organisations. A firm sees the narrowest group of its chain
 * that may be shown (its cell, then its division, then all firms), or
 * none; the page says which one and why.
 */
#ifndef MM_CORE_BENCHMARK_H
#define MM_CORE_BENCHMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCHMARK_MIN_ORGS 10     /* organisations a shown group must count */
#define BENCHMARK_INDUSTRIES 20   /* JSIC divisions A–T */
#define BENCHMARK_SIZES 4         /* the size codes of core/statistics.h, 0–3 */
#define BENCHMARK_REGIONS 9       /* METI's regional bureau areas (DOMAIN.md §7) */
#define BENCHMARK_MEASURES_MAX 10 /* parts (3) or directives (10) */
#define BENCHMARK_BINS_MAX 32

enum benchmark_kind {
	BENCHMARK_ASSESSMENT, /* the 25-item self-assessment: points */
	BENCHMARK_MANAGEMENT, /* the management self-check: hundredths of a level */
};
#define BENCHMARK_KINDS 2

/* How a kind's totals are binned: bin = (total - low) / width, the last
 * bin holding the maximum alone. */
struct benchmark_scale {
	int low, high, width; /* totals low…high */
	int measures;         /* parts or directives */
};
const struct benchmark_scale *core_benchmark_scale(enum benchmark_kind k);
const char *core_benchmark_kind_name(enum benchmark_kind k); /* "assessment", "management" */
int core_benchmark_bins(enum benchmark_kind k);
/* The bin of a total; clamped into range. */
int core_benchmark_bin(enum benchmark_kind k, int total);
/* The lowest total of bin b. */
int core_benchmark_bin_low(enum benchmark_kind k, int b);

/* The regional bureau area (1 Hokkaido … 9 Okinawa) of a prefecture code
 * 1–47; 0 for anything else. */
int core_benchmark_region(int prefecture);
/* 'A'…'T' → 0…19; -1 otherwise. */
int core_benchmark_industry_index(char industry);

/* The figures of one group. */
struct benchmark_group {
	int64_t orgs;
	int64_t total_sum, total_squares;
	int64_t sum[BENCHMARK_MEASURES_MAX], squares[BENCHMARK_MEASURES_MAX];
	int64_t bins[BENCHMARK_BINS_MAX];
};

/* sum / n; 0 for an empty group. */
double core_benchmark_mean(int64_t sum, int64_t n);
/* The population standard deviation from the sums; 0 for fewer than 2. */
double core_benchmark_sd(int64_t sum, int64_t squares, int64_t n);
/* Where a total in bin `bin` stands: the share of the group below its
 * bin plus half of its own bin (mid-rank), as a whole percent 0–100,
 * rounded; -1 when the histogram is empty. */
int core_benchmark_percentile(const int64_t *bins, int nbins, int bin);

/* The figures of every cell (division × size class) of one kind and
 * version: what every group is summed from. */
struct benchmark_cells {
	struct benchmark_group cell[BENCHMARK_INDUSTRIES][BENCHMARK_SIZES];
};

/* The group of division `industry` (index; -1: every division) and size
 * `size` (-1: every size), summed from its cells into out. */
void core_benchmark_sum(const struct benchmark_cells *c, int industry, int size,
                        struct benchmark_group *out);

/* The organisations per cell of one kind and version. */
struct benchmark_counts {
	int64_t cell[BENCHMARK_INDUSTRIES][BENCHMARK_SIZES];
};
void core_benchmark_counts_of(const struct benchmark_cells *c, struct benchmark_counts *out);

enum benchmark_level {
	BENCHMARK_CELL,     /* same division and size class */
	BENCHMARK_INDUSTRY, /* same division, every size */
	BENCHMARK_ALL,      /* every organisation */
	BENCHMARK_NONE,     /* nothing may be shown */
};

bool core_benchmark_cell_shown(const struct benchmark_counts *c, int industry, int size);
bool core_benchmark_industry_shown(const struct benchmark_counts *c, int industry);
bool core_benchmark_all_shown(const struct benchmark_counts *c);
/* The narrowest group of the chain that may be shown for an organisation
 * of division `industry` (index, -1 unknown) and size `size` (-1 unknown:
 * the division's level is the narrowest then). */
enum benchmark_level core_benchmark_choose(const struct benchmark_counts *c, int industry,
                                           int size);

#endif
