/*
 * benchmark_view.h — "firms like yours" for the pages of both checks: the
 * section of a result page (the group the rules of core/benchmark.h let
 * it show, its average, the firm's percentile, the distribution as a
 * histogram with the firm's bin marked and as a table, the group average
 * beside each part or directive) and the short figure of the supporters'
 * table; and placing an organisation's results in its benchmark cell when
 * they are submitted or attached.
 *
 * Reads only the benchmark aggregates (store/benchmark.h): the figures of
 * the version's cells, two bounded reads whatever the number of results,
 * kept in memory for a moment (see benchmark_view.c). Never shows a group
 * the rules refuse: every figure goes through core_benchmark_choose first.
 */
#ifndef MM_PAGES_SHARED_BENCHMARK_VIEW_H
#define MM_PAGES_SHARED_BENCHMARK_VIEW_H

#include "store/benchmark.h"
#include "web/req.h"

/* In the transaction that submits a result of check k for organisation
 * org_id, or attaches anonymous ones to it: its results without a cell
 * get the organisation's as it is now (division, size class, region). */
MM_MUST_USE enum mm_err benchmark_place(struct req *r, struct store *s, enum benchmark_kind k,
                                        int64_t org_id);

/* A result to compare. */
struct benchmark_subject {
	enum benchmark_kind kind;
	int64_t result_id; /* its cell: none while anonymous */
	struct str version;
	int total;               /* points, or hundredths of a level */
	const int *measures;     /* per part or directive, in the same unit */
	const struct str *names; /* their headings */
	int measure_count;       /* ≤ BENCHMARK_MEASURES_MAX */
	const char *id;          /* prefix of the section's ids, [a-z0-9-] */
};

/* The section's HTML (template benchmark_section). */
MM_MUST_USE enum mm_err benchmark_section(struct req *r, struct store *s,
                                          const struct benchmark_subject *b, struct str *html);

/* The group b's result may be compared with (the same rules as
 * benchmark_section): each measure's group average, rounded to the
 * measures' unit, into means[b->measure_count], and the group's short
 * name ("same industry and size"); *shown false (means untouched) when
 * no group may be shown. */
MM_MUST_USE enum mm_err benchmark_group_means(struct req *r, struct store *s,
                                              const struct benchmark_subject *b, int means[],
                                              struct str *group, bool *shown);

/* The group figure beside a total in a list: the group's average as text
 * and a short name of the group, or shown false. */
struct benchmark_brief {
	bool shown;
	struct str mean, group;
	int percentile; /* -1 when unknown */
};
/* For a result of check k on version in cell (NULL: none). */
MM_MUST_USE enum mm_err benchmark_brief(struct req *r, struct store *s, enum benchmark_kind k,
                                        struct str version, const struct benchmark_cell *cell,
                                        int total, struct benchmark_brief *out);

/* For the administrators (no group is hidden from them): the list
 * "benchmark_regions" in ctx, a row per check, version and region with
 * its organisations and average. */
MM_MUST_USE enum mm_err benchmark_regions_ctx(struct req *r, struct val *ctx);

/* A score of check k as people read it: "72" points, "2.75" levels. */
struct str benchmark_score_text(struct req *r, enum benchmark_kind k, int score);

#endif
