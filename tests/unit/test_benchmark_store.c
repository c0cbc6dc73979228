/* Unit tests: the benchmark aggregates of migration 0026 (store/benchmark.h)
 * on SQLite and on PostgreSQL — only an organisation's latest result with
 * a cell counts, a newer result moves its contribution and an older one
 * does not, an anonymous result counts once attached and placed, deleting
 * a result or an organisation takes it out, and after all that the
 * aggregates the triggers kept equal what the rebuild counts. */
#include <stdio.h>
#include <stdlib.h>

#include "store/benchmark.h"
#include "store/org.h"
#include "store_test.h"

#define T0 1767193200 /* 2026-01-01 00:00 in Japan */
#define DAY 86400

static void add_assessment(struct store_test *t, int64_t org, int64_t at, int total, int p1,
                           const char *token, const char *industry, int size, int region)
{
	char sql[640];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
	         " part2, part3, submit_token, bench_industry, bench_size, bench_region)"
	         " VALUES (%lld, 'v1', %lld, %d, %d, 0, %d, '%s', '%s', %d, %d)",
	         (long long)org, (long long)at, total, p1, total - p1, token, industry, size,
	         region);
	store_test_exec(t, sql);
}

static void add_management(struct store_test *t, int64_t org, int64_t at, int overall,
                           const char *token)
{
	char sql[640];
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO management_result (organisation_id, version, taken_at, overall,"
	    " dont_know, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, submit_token, bench_industry,"
	    " bench_size, bench_region) VALUES (%lld, 'v1', %lld, %d, 0, %d, %d, %d, %d, %d, %d,"
	    " %d, %d, %d, %d, '%s', 'E', 1, 3)",
	    (long long)org, (long long)at, overall, overall, overall, overall, overall, overall,
	    overall, overall, overall, overall, overall, token);
	store_test_exec(t, sql);
}

static struct benchmark_group group(struct store_test *t, enum benchmark_kind k, char industry,
                                    int size)
{
	struct benchmark_cells *c = arena_alloc(&t->a, sizeof *c);
	struct benchmark_group g;
	assert_non_null(c);
	assert_int_equal(store_benchmark_cells(t->s, k, STR("v1"), c), MM_OK);
	core_benchmark_sum(c, industry ? core_benchmark_industry_index(industry) : -1, size, &g);
	return g;
}

static struct benchmark_counts counts(struct store_test *t, enum benchmark_kind k)
{
	struct benchmark_cells *c = arena_alloc(&t->a, sizeof *c);
	struct benchmark_counts n;
	assert_non_null(c);
	assert_int_equal(store_benchmark_cells(t->s, k, STR("v1"), c), MM_OK);
	core_benchmark_counts_of(c, &n);
	return n;
}

static void assert_live_equals_rebuild(struct store_test *t)
{
	store_test_assert_rebuild_keeps(t, store_benchmark_fingerprint, store_benchmark_rebuild,
	                                40);
}

static void test_only_the_latest_result_counts_and_a_rebuild_gives_the_same(void **state)
{
	struct store_test *t = *state;
	int64_t org[6];
	char name[32];
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "bench-%d", i);
		org[i] = store_test_add_org(t, name);
	}
	add_assessment(t, org[0], T0, 60, 10, "a0", "E", 1, 3);
	add_assessment(t, org[1], T0, 80, 20, "a1", "E", 1, 3);
	add_assessment(t, org[2], T0, 40, 4, "a2", "E", 2, 5);
	struct benchmark_group g = group(t, BENCHMARK_ASSESSMENT, 'E', 1);
	assert_int_equal(g.orgs, 2);
	assert_int_equal(g.total_sum, 140);
	assert_int_equal(g.total_squares, 60 * 60 + 80 * 80);
	assert_int_equal(g.sum[0], 30);
	assert_int_equal(g.bins[core_benchmark_bin(BENCHMARK_ASSESSMENT, 60)], 1);

	/* a newer result replaces org 0's: still two organisations */
	add_assessment(t, org[0], T0 + 10 * DAY, 90, 18, "a0b", "E", 1, 3);
	g = group(t, BENCHMARK_ASSESSMENT, 'E', 1);
	assert_int_equal(g.orgs, 2);
	assert_int_equal(g.total_sum, 170);
	assert_int_equal(g.bins[core_benchmark_bin(BENCHMARK_ASSESSMENT, 60)], 0);
	/* an older one, put in later, does not */
	add_assessment(t, org[0], T0 - 10 * DAY, 10, 2, "a0c", "E", 1, 3);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', 1).total_sum, 170);
	/* a newer result in another cell moves the organisation there */
	add_assessment(t, org[1], T0 + 20 * DAY, 50, 5, "a1b", "E", 2, 5);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', 1).orgs, 1);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', 2).orgs, 2);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', -1).orgs, 3);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, '\0', -1).total_sum, 90 + 50 + 40);

	/* an anonymous result counts once attached and placed */
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessment_result (token_hash, expires_at, version, taken_at, total,"
	         " part1, part2, part3, submit_token) VALUES (%s, 99999999999, 'v1', 1767193200,"
	         " 100, 20, 52, 28, 'anon')",
	         store_test_backend == STORE_TEST_SQLITE ? "X'0102'" : "'\\x0102'::bytea");
	store_test_exec(t, sql);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, '\0', -1).orgs, 3);
	snprintf(sql, sizeof sql,
	         "UPDATE assessment_result SET organisation_id = %lld, token_hash = NULL,"
	         " expires_at = NULL WHERE submit_token = 'anon'",
	         (long long)org[3]);
	store_test_exec(t, sql);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, '\0', -1).orgs, 3);
	struct benchmark_cell cell = {'G', 3, 9};
	assert_int_equal(store_benchmark_place(t->s, BENCHMARK_ASSESSMENT, org[3], &cell), MM_OK);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'G', 3).orgs, 1);
	struct benchmark_member m;
	assert_int_equal(store_benchmark_member(t->s, &t->a, BENCHMARK_ASSESSMENT, org[3], &m),
	                 MM_OK);
	assert_int_equal(m.total, 100);
	assert_int_equal(m.cell.region, 9);
	assert_int_equal(m.measure[0], 20);
	assert_int_equal(store_benchmark_member(t->s, &t->a, BENCHMARK_MANAGEMENT, org[3], &m),
	                 MM_ERR_NOT_FOUND);
	cell.industry = 'x';
	assert_int_equal(store_benchmark_place(t->s, BENCHMARK_ASSESSMENT, org[3], &cell),
	                 MM_ERR_INVALID);

	/* deleting the latest result brings back the one before */
	store_test_exec(t, "DELETE FROM assessment_result WHERE submit_token = 'a1b'");
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', 1).orgs, 2);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, 'E', 1).total_sum, 170);
	/* an organisation that leaves takes its result out */
	assert_int_equal(store_org_remove(t->s, org[0]), MM_OK);
	g = group(t, BENCHMARK_ASSESSMENT, 'E', 1);
	assert_int_equal(g.orgs, 1);
	assert_int_equal(g.total_sum, 80);
	assert_int_equal(g.total_squares, 80 * 80);

	/* the management check, apart */
	add_management(t, org[4], T0, 250, "m4");
	add_management(t, org[5], T0, 300, "m5");
	add_management(t, org[5], T0 + DAY, 500, "m5b");
	g = group(t, BENCHMARK_MANAGEMENT, 'E', 1);
	assert_int_equal(g.orgs, 2);
	assert_int_equal(g.total_sum, 750);
	assert_int_equal(g.sum[9], 750);
	assert_int_equal(g.bins[10], 1); /* 5.0 */
	assert_int_equal(g.bins[5], 1);  /* 2.5 */
	struct benchmark_counts c = counts(t, BENCHMARK_MANAGEMENT);
	assert_int_equal(c.cell['E' - 'A'][1], 2);
	c = counts(t, BENCHMARK_ASSESSMENT);
	assert_int_equal(c.cell['E' - 'A'][1], 1);
	assert_int_equal(c.cell['E' - 'A'][2], 1);
	assert_int_equal(c.cell['G' - 'A'][3], 1);

	assert_live_equals_rebuild(t);
}

static void test_the_rebuild_gives_a_result_without_a_cell_its_organisations(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "bench-nocell"); /* Tokyo, retail */
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
	         " part2, part3, submit_token) VALUES (%lld, 'v1', %d, 72, 20, 30, 22, 'nc')",
	         (long long)org, T0);
	store_test_exec(t, sql);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, '\0', -1).orgs, 0);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_benchmark_rebuild(t->s), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	struct benchmark_member m;
	assert_int_equal(store_benchmark_member(t->s, &t->a, BENCHMARK_ASSESSMENT, org, &m), MM_OK);
	assert_int_equal(m.cell.region, 3); /* Tokyo: Kanto */
	assert_int_equal(m.cell.size_class, 0);
	assert_int_equal(group(t, BENCHMARK_ASSESSMENT, '\0', -1).total_sum, 72);
	assert_live_equals_rebuild(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_only_the_latest_result_counts_and_a_rebuild_gives_the_same),
	    STORE_TEST(test_the_rebuild_gives_a_result_without_a_cell_its_organisations),
	};
	return STORE_TEST_MAIN("benchmark store", tests);
}
