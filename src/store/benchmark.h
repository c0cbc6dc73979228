/*
 * benchmark.h — the benchmark aggregates of migration 0026: the latest
 * result of each organisation and check (benchmark_member), and per cell
 * (JSIC division × size class) and per region the count, sums, sums of
 * squares and histogram of their totals, all kept by triggers in the
 * transaction of the change. Written once for every database.
 *
 * A page that submits a result, or attaches anonymous ones to an
 * organisation, places the organisation's results that have no cell yet
 * in its cell (store_benchmark_place) in the same transaction; the
 * triggers do the rest, whoever writes. Every read here is bounded by
 * the number of cells (20 × 4) and bins, never by the number of results.
 */
#ifndef MM_STORE_BENCHMARK_H
#define MM_STORE_BENCHMARK_H

#include "core/benchmark.h"
#include "store/store.h"

struct benchmark_cell {
	char industry;  /* 'A'…'T' */
	int size_class; /* 0–3, core/statistics.h */
	int region;     /* 1–9, core_benchmark_region */
};

/* An organisation's result that counts: its latest with a cell. */
struct benchmark_member {
	int64_t result_id;
	struct str version;
	struct benchmark_cell cell;
	int total;
	int measure[BENCHMARK_MEASURES_MAX];
};

/* The organisation's results of check k that have no cell get c. */
MM_MUST_USE enum mm_err store_benchmark_place(struct store *s, enum benchmark_kind k,
                                              int64_t org_id, const struct benchmark_cell *c);
/* The cell result_id of check k was placed in; NOT_FOUND when it has
 * none (anonymous, or no such result). */
MM_MUST_USE enum mm_err store_benchmark_cell_of_result(struct store *s, enum benchmark_kind k,
                                                       int64_t result_id,
                                                       struct benchmark_cell *out);
/* The organisation's result that counts for check k; NOT_FOUND when none. */
MM_MUST_USE enum mm_err store_benchmark_member(struct store *s, struct arena *a,
                                               enum benchmark_kind k, int64_t org_id,
                                               struct benchmark_member *out);
/* The figures of every cell of check k's version (counts, sums, sums of
 * squares, bins): two reads of at most 80 rows and 80 × 26 bins. */
MM_MUST_USE enum mm_err store_benchmark_cells(struct store *s, enum benchmark_kind k,
                                              struct str version, struct benchmark_cells *out);
/* The figures of one region (METI bureau area) for one check and
 * version. */
struct benchmark_region_row {
	enum benchmark_kind kind;
	struct str version;
	int region;
	int64_t orgs, total_sum;
};
#define BENCHMARK_REGION_ROWS_MAX 900 /* kinds × versions × regions read at once */
/* Every region of every check and version, by check, version, region. */
MM_MUST_USE enum mm_err store_benchmark_regions(struct store *s, struct arena *a,
                                                struct benchmark_region_row **out, size_t *n);
/* A text that changes whenever any aggregate does: what the rebuild test
 * compares. */
MM_MUST_USE enum mm_err store_benchmark_fingerprint(struct store *s, struct arena *a,
                                                    struct str *out);
/* Recomputes the members and aggregates from the results, in the
 * caller's transaction; a result of an organisation without a cell gets
 * the migration's (its organisation's division and region, the size class
 * of its latest declaration). */
MM_MUST_USE enum mm_err store_benchmark_rebuild(struct store *s);

#endif
