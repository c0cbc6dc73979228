/* Unit tests: small-cell suppression of the public statistics
 * (core/statistics.h) — primary cells, the second cell a margin would
 * give away, and that no row or column is ever left with one hidden. */
#include "core/statistics.h"
#include "test.h"

/* Every line (row or column, margins included) hides 0 or ≥ 2 values. */
static void assert_no_line_with_one_hidden(size_t rows, size_t cols, const bool *hidden)
{
	size_t w = cols + 1, h = rows + 1;
	for (size_t r = 0; r < h; r++) {
		size_t n = 0;
		for (size_t c = 0; c < w; c++)
			n += hidden[r * w + c];
		assert_true(n != 1);
	}
	for (size_t c = 0; c < w; c++) {
		size_t n = 0;
		for (size_t r = 0; r < h; r++)
			n += hidden[r * w + c];
		assert_true(n != 1);
	}
}

static void test_suppress_hides_cells_under_ten_without_margins(void **state)
{
	(void)state;
	const int64_t v[] = {0, 9, 10, 250};
	bool hidden[4];
	assert_true(core_statistics_suppress(2, 2, false, v, hidden));
	assert_true(hidden[0]);
	assert_true(hidden[1]);
	assert_false(hidden[2]);
	assert_false(hidden[3]);
}

static void test_suppress_hides_a_second_cell_where_the_total_gives_one_away(void **state)
{
	(void)state;
	/* one row: 3 | 40 | 25 | total 68 — 3 = 68 - 40 - 25 unless 25 goes too */
	const int64_t v[] = {3, 40, 25, 68, 3, 40, 25, 68};
	bool hidden[8];
	assert_true(core_statistics_suppress(1, 3, true, v, hidden));
	assert_true(hidden[0]);
	assert_true(hidden[2]); /* the smallest shown cell of the row */
	assert_false(hidden[1]);
	assert_false(hidden[3]);
	assert_no_line_with_one_hidden(1, 3, hidden);
}

static void test_suppress_protects_columns_after_rows(void **state)
{
	(void)state;
	/* 3 × 2 with margins:       ★    ★★   total
	 *                     r0   120    4    124
	 *                     r1    80   30    110
	 *                     r2    60   50    110
	 *                     tot  260   84    344
	 * 4 is hidden; row r0 then hides 120; column ★★ hides 30 (its
	 * smallest), column ★ then has 120 hidden alone and hides 60 … until
	 * every line has 0 or ≥ 2 hidden. */
	const int64_t v[] = {120, 4, 124, 80, 30, 110, 60, 50, 110, 260, 84, 344};
	bool hidden[12];
	assert_true(core_statistics_suppress(3, 2, true, v, hidden));
	assert_true(hidden[1]);
	assert_true(hidden[0]);
	assert_true(hidden[4]);
	assert_false(hidden[11]); /* the grand total stays */
	assert_no_line_with_one_hidden(3, 2, hidden);
	/* no hidden cell is the only hidden one of its column either */
	size_t shown = 0;
	for (size_t i = 0; i < 12; i++)
		shown += !hidden[i];
	assert_true(shown >= 4);
}

static void test_suppress_hides_a_small_total_and_a_cell_beside_it(void **state)
{
	(void)state;
	/* a row whose total is under 10: the row and a cell of each column */
	const int64_t v[] = {5, 3, 8, 200, 100, 300, 205, 103, 308};
	bool hidden[9];
	assert_true(core_statistics_suppress(2, 2, true, v, hidden));
	assert_true(hidden[0] && hidden[1] && hidden[2]);
	assert_no_line_with_one_hidden(2, 2, hidden);
	/* each column lost its small cell, so each hides a second one */
	assert_true(hidden[3] || hidden[6]);
	assert_true(hidden[4] || hidden[7]);
}

static void test_suppress_leaves_large_tables_alone(void **state)
{
	(void)state;
	const int64_t v[] = {10, 20, 30, 40, 50, 90, 50, 70, 120};
	bool hidden[9];
	assert_true(core_statistics_suppress(2, 2, true, v, hidden));
	for (size_t i = 0; i < 9; i++)
		assert_false(hidden[i]);
}

static void test_suppress_refuses_empty_and_oversized_tables(void **state)
{
	(void)state;
	int64_t v[1] = {0};
	bool hidden[1];
	assert_false(core_statistics_suppress(0, 3, true, v, hidden));
	assert_false(core_statistics_suppress(STATISTICS_TABLE_MAX, 2, true, v, hidden));
}

static void test_statistics_size_codes(void **state)
{
	(void)state;
	assert_int_equal(core_statistics_size(SIZE_CLASS_SMALL), STATISTICS_SIZE_SMALL);
	assert_int_equal(core_statistics_size(SIZE_CLASS_SME), STATISTICS_SIZE_MEDIUM);
	assert_int_equal(core_statistics_size(SIZE_CLASS_NOT_SME), STATISTICS_SIZE_LARGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_suppress_hides_cells_under_ten_without_margins),
	    cmocka_unit_test(test_suppress_hides_a_second_cell_where_the_total_gives_one_away),
	    cmocka_unit_test(test_suppress_protects_columns_after_rows),
	    cmocka_unit_test(test_suppress_hides_a_small_total_and_a_cell_beside_it),
	    cmocka_unit_test(test_suppress_leaves_large_tables_alone),
	    cmocka_unit_test(test_suppress_refuses_empty_and_oversized_tables),
	    cmocka_unit_test(test_statistics_size_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
