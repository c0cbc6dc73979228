/* Unit tests: the rules of "firms like yours" (core/benchmark.h) — bins,
 * means, percentiles from a histogram, regions, the k ≥ 10 fallback chain
 * and the difference attack between nested groups. */
#include "core/benchmark.h"
#include "test.h"

static void test_bins_are_five_points_and_half_a_level(void **state)
{
	(void)state;
	assert_int_equal(core_benchmark_bins(BENCHMARK_ASSESSMENT), 26);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, -25), 0);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, -21), 0);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 0), 5);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 4), 5);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 5), 6);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 99), 24);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 100), 25);
	assert_int_equal(core_benchmark_bin(BENCHMARK_ASSESSMENT, 130), 25); /* clamped */
	assert_int_equal(core_benchmark_bin_low(BENCHMARK_ASSESSMENT, 6), 5);
	assert_int_equal(core_benchmark_bins(BENCHMARK_MANAGEMENT), 11);
	assert_int_equal(core_benchmark_bin(BENCHMARK_MANAGEMENT, 0), 0);
	assert_int_equal(core_benchmark_bin(BENCHMARK_MANAGEMENT, 49), 0);
	assert_int_equal(core_benchmark_bin(BENCHMARK_MANAGEMENT, 250), 5);
	assert_int_equal(core_benchmark_bin(BENCHMARK_MANAGEMENT, 500), 10);
	assert_int_equal(core_benchmark_bin(BENCHMARK_MANAGEMENT, -3), 0);
	assert_int_equal(core_benchmark_bin_low(BENCHMARK_MANAGEMENT, 3), 150);
	assert_true(core_benchmark_bins(BENCHMARK_ASSESSMENT) <= BENCHMARK_BINS_MAX);
}

static void test_mean_and_spread_come_from_the_sums(void **state)
{
	(void)state;
	/* 60 and 80 */
	assert_true(core_benchmark_mean(140, 2) == 70.0);
	assert_true(core_benchmark_mean(5, 0) == 0.0);
	double sd = core_benchmark_sd(140, 60 * 60 + 80 * 80, 2);
	assert_true(sd > 9.9999 && sd < 10.0001);
	assert_true(core_benchmark_sd(60, 3600, 1) == 0.0);
	assert_true(core_benchmark_sd(30, 300, 3) == 0.0); /* all ten */
}

static void test_percentile_is_the_mid_rank_of_the_bin(void **state)
{
	(void)state;
	int64_t bins[4] = {2, 4, 4, 0};
	assert_int_equal(core_benchmark_percentile(bins, 4, 0), 10); /* (0 + 1) / 10 */
	assert_int_equal(core_benchmark_percentile(bins, 4, 1), 40); /* (2 + 2) / 10 */
	assert_int_equal(core_benchmark_percentile(bins, 4, 2), 80);
	assert_int_equal(core_benchmark_percentile(bins, 4, 3), 100);
	int64_t one[3] = {0, 1, 0};
	assert_int_equal(core_benchmark_percentile(one, 3, 1), 50);
	int64_t none[3] = {0};
	assert_int_equal(core_benchmark_percentile(none, 3, 1), -1);
	assert_int_equal(core_benchmark_percentile(bins, 4, 4), -1);
	assert_int_equal(core_benchmark_percentile(bins, 4, -1), -1);
	int64_t third[3] = {1, 1, 1}; /* 1.5 / 3 = 50 %, 0.5 / 3 = 16.7 % */
	assert_int_equal(core_benchmark_percentile(third, 3, 0), 17);
}

static void test_prefectures_fall_in_the_bureau_regions(void **state)
{
	(void)state;
	assert_int_equal(core_benchmark_region(1), 1);
	assert_int_equal(core_benchmark_region(4), 2);  /* Miyagi */
	assert_int_equal(core_benchmark_region(13), 3); /* Tokyo */
	assert_int_equal(core_benchmark_region(15), 3); /* Niigata: Kanto bureau */
	assert_int_equal(core_benchmark_region(22), 3); /* Shizuoka */
	assert_int_equal(core_benchmark_region(17), 4); /* Ishikawa */
	assert_int_equal(core_benchmark_region(23), 4); /* Aichi */
	assert_int_equal(core_benchmark_region(18), 5); /* Fukui: Kinki bureau */
	assert_int_equal(core_benchmark_region(27), 5); /* Osaka */
	assert_int_equal(core_benchmark_region(34), 6); /* Hiroshima */
	assert_int_equal(core_benchmark_region(37), 7); /* Kagawa */
	assert_int_equal(core_benchmark_region(40), 8); /* Fukuoka */
	assert_int_equal(core_benchmark_region(47), 9);
	assert_int_equal(core_benchmark_region(0), 0);
	assert_int_equal(core_benchmark_region(48), 0);
	int per_region[BENCHMARK_REGIONS + 1] = {0};
	for (int p = 1; p <= 47; p++)
		per_region[core_benchmark_region(p)]++;
	assert_int_equal(per_region[0], 0);
	assert_int_equal(per_region[3], 11);
	assert_int_equal(core_benchmark_industry_index('A'), 0);
	assert_int_equal(core_benchmark_industry_index('T'), 19);
	assert_int_equal(core_benchmark_industry_index('U'), -1);
	assert_int_equal(core_benchmark_industry_index('e'), -1);
}

static void test_a_group_is_the_sum_of_its_cells(void **state)
{
	(void)state;
	static struct benchmark_cells c; /* large: not on the stack */
	c.cell[4][1] =
	    (struct benchmark_group){.orgs = 2, .total_sum = 140, .total_squares = 10000};
	c.cell[4][1].sum[0] = 30;
	c.cell[4][1].bins[17] = 2;
	c.cell[4][2] = (struct benchmark_group){.orgs = 1, .total_sum = 40, .total_squares = 1600};
	c.cell[4][2].bins[13] = 1;
	c.cell[6][1] =
	    (struct benchmark_group){.orgs = 3, .total_sum = 300, .total_squares = 30000};
	struct benchmark_group g;
	core_benchmark_sum(&c, 4, 1, &g);
	assert_int_equal(g.orgs, 2);
	assert_int_equal(g.sum[0], 30);
	core_benchmark_sum(&c, 4, -1, &g);
	assert_int_equal(g.orgs, 3);
	assert_int_equal(g.total_sum, 180);
	assert_int_equal(g.total_squares, 11600);
	assert_int_equal(g.bins[17] + g.bins[13], 3);
	core_benchmark_sum(&c, -1, -1, &g);
	assert_int_equal(g.orgs, 6);
	core_benchmark_sum(&c, -1, 1, &g);
	assert_int_equal(g.orgs, 5);
	struct benchmark_counts n;
	core_benchmark_counts_of(&c, &n);
	assert_int_equal(n.cell[4][1], 2);
	assert_int_equal(n.cell[6][1], 3);
	assert_int_equal(n.cell[0][0], 0);
}

#define E ('E' - 'A')
#define G ('G' - 'A')

static void test_the_chain_falls_back_from_the_cell_to_the_division_to_all(void **state)
{
	(void)state;
	struct benchmark_counts c = {0};
	c.cell[E][1] = 10;
	c.cell[E][2] = 10;
	c.cell[G][1] = 30;
	assert_int_equal(core_benchmark_choose(&c, E, 1), BENCHMARK_CELL);
	/* nine firms: never a figure of their own */
	c.cell[E][1] = 9;
	c.cell[E][3] = 1;
	/* E: 9 + 10 + 1 = 20, but the division minus its shown cell (E2) is
	 * 10 firms: fine */
	assert_int_equal(core_benchmark_choose(&c, E, 1), BENCHMARK_INDUSTRY);
	assert_int_equal(core_benchmark_choose(&c, E, 2), BENCHMARK_CELL);
	/* an unknown size starts at the division */
	assert_int_equal(core_benchmark_choose(&c, E, -1), BENCHMARK_INDUSTRY);
	/* a division of fewer than 10: all firms, once what all firms
	 * hide besides the shown division G is 10 or more */
	c.cell[E][1] = 3;
	c.cell[E][2] = 4;
	c.cell[E][3] = 0;
	assert_int_equal(core_benchmark_choose(&c, E, 1), BENCHMARK_NONE);
	c.cell[G][2] = 3; /* G (33) is then hidden too: 7 + 3 left */
	assert_int_equal(core_benchmark_choose(&c, E, 1), BENCHMARK_ALL);
	assert_int_equal(core_benchmark_choose(&c, G, 1), BENCHMARK_CELL);
	/* an unknown division: all firms */
	assert_int_equal(core_benchmark_choose(&c, -1, 1), BENCHMARK_ALL);
	/* fewer than 10 in all: nothing */
	struct benchmark_counts few = {0};
	few.cell[E][1] = 9;
	assert_int_equal(core_benchmark_choose(&few, E, 1), BENCHMARK_NONE);
	assert_false(core_benchmark_all_shown(&few));
	struct benchmark_counts empty = {0};
	assert_int_equal(core_benchmark_choose(&empty, E, 1), BENCHMARK_NONE);
}

static void test_no_division_is_shown_whose_hidden_rest_is_one_to_nine(void **state)
{
	(void)state;
	/* E1 = 12 shown; E2 = 5 hidden. Showing E (17) beside E1 would give
	 * away E2 = 17 - 12: E is not shown, so E2's firms see all firms. */
	struct benchmark_counts c = {0};
	c.cell[E][1] = 12;
	c.cell[E][2] = 5;
	c.cell[G][1] = 40;
	assert_true(core_benchmark_cell_shown(&c, E, 1));
	assert_false(core_benchmark_cell_shown(&c, E, 2));
	assert_false(core_benchmark_industry_shown(&c, E));
	/* all (57) minus what is shown inside it (G 40 as a division, E1 12)
	 * is the same 5 firms: all firms may not be shown either */
	assert_false(core_benchmark_all_shown(&c));
	assert_int_equal(core_benchmark_choose(&c, E, 2), BENCHMARK_NONE);
	assert_int_equal(core_benchmark_choose(&c, E, 1), BENCHMARK_CELL);
	/* five more hidden firms elsewhere make the rest of all 10 */
	c.cell[G][3] = 5;
	assert_true(core_benchmark_all_shown(&c));
	assert_int_equal(core_benchmark_choose(&c, E, 2), BENCHMARK_ALL);
	/* G: 40 shown + 5 hidden: G as a division would give the 5 away */
	assert_false(core_benchmark_industry_shown(&c, G));
	/* a hidden rest of 10 is fine */
	c.cell[E][2] = 10;
	c.cell[E][3] = 0;
	assert_true(core_benchmark_cell_shown(&c, E, 2));
	assert_true(core_benchmark_industry_shown(&c, E)); /* nothing hidden in it */
	c.cell[E][2] = 6;
	c.cell[E][0] = 4;
	assert_true(core_benchmark_industry_shown(&c, E)); /* 6 + 4 hidden together */
}

/* Every pair of nested groups that may be shown differs by 0 or ≥ 10
 * organisations, over many random tables. */
static void test_shown_nested_groups_never_differ_by_one_to_nine(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252ull;
	for (int round = 0; round < 3000; round++) {
		struct benchmark_counts c = {0};
		for (int i = 0; i < 4; i++)
			for (int s = 0; s < BENCHMARK_SIZES; s++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				c.cell[i][s] = (int64_t)(x % 25);
			}
		int64_t all = 0, inside_all = 0;
		for (int i = 0; i < 4; i++) {
			int64_t ind = 0, inside = 0;
			for (int s = 0; s < BENCHMARK_SIZES; s++) {
				ind += c.cell[i][s];
				if (core_benchmark_cell_shown(&c, i, s)) {
					assert_true(c.cell[i][s] >= BENCHMARK_MIN_ORGS);
					inside += c.cell[i][s];
				}
			}
			all += ind;
			if (core_benchmark_industry_shown(&c, i)) {
				int64_t d = ind - inside;
				assert_true(ind >= BENCHMARK_MIN_ORGS);
				assert_true(d == 0 || d >= BENCHMARK_MIN_ORGS);
				inside_all += ind;
			} else {
				inside_all += inside;
			}
		}
		if (core_benchmark_all_shown(&c)) {
			int64_t d = all - inside_all;
			assert_true(d == 0 || d >= BENCHMARK_MIN_ORGS);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bins_are_five_points_and_half_a_level),
	    cmocka_unit_test(test_mean_and_spread_come_from_the_sums),
	    cmocka_unit_test(test_percentile_is_the_mid_rank_of_the_bin),
	    cmocka_unit_test(test_prefectures_fall_in_the_bureau_regions),
	    cmocka_unit_test(test_a_group_is_the_sum_of_its_cells),
	    cmocka_unit_test(test_the_chain_falls_back_from_the_cell_to_the_division_to_all),
	    cmocka_unit_test(test_no_division_is_shown_whose_hidden_rest_is_one_to_nine),
	    cmocka_unit_test(test_shown_nested_groups_never_differ_by_one_to_nine),
	};
	return cmocka_run_group_tests_name("benchmark", tests, NULL, NULL);
}
