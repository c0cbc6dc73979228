/* Unit tests: the SVG charts of view/chart.h — bar and trend geometry at
 * the edges, escaping of every text, the accessible name and description,
 * and refusing bad specifications and full buffers. */
#include "view/chart.h"
#include "view/chart_benchmark.h"
#include "test.h"

static bool contains(struct str s, const char *needle)
{
	return s.p && memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

static void test_bar_length_is_zero_for_negative_and_zero_scores(void **state)
{
	(void)state;
	assert_int_equal(chart_bar_length(-5, 20, 500), 0);
	assert_int_equal(chart_bar_length(0, 20, 500), 0);
}

static void test_bar_length_is_full_at_and_above_the_maximum(void **state)
{
	(void)state;
	assert_int_equal(chart_bar_length(20, 20, 500), 500);
	assert_int_equal(chart_bar_length(21, 20, 500), 500);
}

static void test_bar_length_rounds_to_the_nearest_unit(void **state)
{
	(void)state;
	assert_int_equal(chart_bar_length(10, 20, 500), 250);
	assert_int_equal(chart_bar_length(1, 52, 500), 10);   /* 9.6 */
	assert_int_equal(chart_bar_length(51, 52, 500), 490); /* 490.4 */
	assert_int_equal(chart_bar_length(1, 3, 10), 3);      /* 3.33 */
	assert_int_equal(chart_bar_length(2, 3, 10), 7);      /* 6.67 */
}

static void test_bar_length_of_a_zero_maximum_is_zero(void **state)
{
	(void)state;
	assert_int_equal(chart_bar_length(5, 0, 500), 0);
	assert_int_equal(chart_bar_length(5, -1, 500), 0);
}

static void test_trend_y_puts_max_at_top_and_min_at_bottom(void **state)
{
	(void)state;
	assert_int_equal(chart_trend_y(100, -25, 100, 28, 200), 28);
	assert_int_equal(chart_trend_y(-25, -25, 100, 28, 200), 228);
	assert_int_equal(chart_trend_y(0, -25, 100, 28, 200),
	                 188); /* 100/125 of 200 below the top */
}

static void test_trend_y_clamps_values_outside_the_axis(void **state)
{
	(void)state;
	assert_int_equal(chart_trend_y(500, -25, 100, 28, 200), 28);
	assert_int_equal(chart_trend_y(-500, -25, 100, 28, 200), 228);
}

static void test_trend_x_spreads_points_and_centres_a_single_one(void **state)
{
	(void)state;
	assert_int_equal(chart_trend_x(0, 1, 40, 500), 290);
	assert_int_equal(chart_trend_x(0, 3, 40, 500), 40);
	assert_int_equal(chart_trend_x(1, 3, 40, 500), 290);
	assert_int_equal(chart_trend_x(2, 3, 40, 500), 540);
	assert_int_equal(chart_trend_x(9, 3, 40, 500), 540);
}

static struct chart_bar bars[] = {{STR("Part 1 <b>"), STR("18 / 20"), 18, 20},
                                  {STR("Part 2"), STR("-3 / 52"), -3, 52}};
static struct chart_cell cells[] = {{STR("1"), 1}, {STR("2"), 2}, {STR("3"), 3}, {STR("4"), 4}};
static struct chart_cell_group groups[] = {{STR("Items & more"), 0, 4}};

static struct chart_result_spec result_spec(void)
{
	struct chart_result_spec s = {.id = "result-chart",
	                              .title = STR("Title <script>alert(1)</script>"),
	                              .desc = STR("Desc \"quoted\" & 'single'"),
	                              .bars = bars,
	                              .bar_count = 2,
	                              .cells = cells,
	                              .cell_count = 4,
	                              .groups = groups,
	                              .group_count = 1};
	s.legend[1] = STR("Done");
	s.legend[3] = STR("Not <done>");
	return s;
}

static void test_result_svg_escapes_every_text(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	struct chart_result_spec s = result_spec();
	assert_int_equal(chart_result_svg(&b, &s), MM_OK);
	struct str out = buf_str(&b);
	assert_false(contains(out, "<script"));
	assert_false(contains(out, "<b>"));
	assert_false(contains(out, "<done>"));
	assert_true(contains(out, "&lt;script&gt;"));
	assert_true(contains(out, "&quot;quoted&quot; &amp; &#39;single&#39;") ||
	            contains(out, "&quot;quoted&quot; &amp; &#x27;single&#x27;"));
	assert_true(contains(out, "Items &amp; more"));
}

static void test_result_svg_is_an_image_with_title_and_description(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	struct chart_result_spec s = result_spec();
	assert_int_equal(chart_result_svg(&b, &s), MM_OK);
	struct str out = buf_str(&b);
	assert_true(str_starts_with(out, "<svg "));
	assert_true(str_ends_with(out, "</svg>"));
	assert_true(contains(out, "role=\"img\""));
	assert_true(contains(out, "aria-labelledby=\"result-chart-title result-chart-desc\""));
	assert_true(contains(out, "<title id=\"result-chart-title\">"));
	assert_true(contains(out, "<desc id=\"result-chart-desc\">"));
	assert_false(contains(out, "style="));
	assert_false(contains(out, "href"));
}

static void test_result_svg_draws_bars_against_their_maximum(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	struct chart_result_spec s = result_spec();
	assert_int_equal(chart_result_svg(&b, &s), MM_OK);
	struct str out = buf_str(&b);
	assert_true(
	    contains(out, "width=\"270\" height=\"24\" fill=\"#0f4c81\"")); /* 18/20 of 300 */
	/* The negative part gets its track but no bar. */
	assert_true(contains(out, "-3 / 52"));
	assert_false(contains(out, "width=\"0\""));
}

static void test_result_svg_refuses_bad_specifications(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	struct chart_result_spec s = result_spec();
	s.id = "bad\"id";
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_INVALID);
	s = result_spec();
	s.id = "";
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_INVALID);
	struct chart_cell wrong[] = {{STR("1"), CHART_KINDS}};
	s = result_spec();
	s.cells = wrong;
	s.cell_count = 1;
	s.group_count = 0;
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_INVALID);
	struct chart_cell_group outside[] = {{STR("x"), 2, 5}};
	s = result_spec();
	s.groups = outside;
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_INVALID);
	s = result_spec();
	s.bar_count = CHART_BARS_MAX + 1;
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_INVALID);
	assert_int_equal(b.n, 0);
}

static void test_result_svg_fails_when_the_buffer_is_full(void **state)
{
	struct buf b;
	buf_init(&b, *state, 200);
	struct chart_result_spec s = result_spec();
	assert_int_equal(chart_result_svg(&b, &s), MM_ERR_TOO_LONG);
}

static void test_trend_svg_draws_a_line_through_every_point(void **state)
{
	struct buf b;
	static const int ticks[] = {-25, 0, 50, 70, 100};
	struct chart_point points[] = {{STR("1 Apr 2025"), 40}, {STR("1 Apr <2026>"), 75}};
	struct chart_trend_spec s = {.id = "trend",
	                             .title = STR("Trend"),
	                             .desc = STR("Two results"),
	                             .min = -25,
	                             .max = 100,
	                             .ticks = ticks,
	                             .tick_count = 5,
	                             .points = points,
	                             .count = 2};
	buf_init(&b, *state, 1 << 20);
	assert_int_equal(chart_trend_svg(&b, &s), MM_OK);
	struct str out = buf_str(&b);
	assert_true(contains(out, "role=\"img\""));
	assert_true(contains(out, "<polyline"));
	assert_true(contains(out, "1 Apr &lt;2026&gt;"));
	assert_false(contains(out, "<2026>"));
	assert_true(contains(out, ">75</text>"));
}

static void test_trend_svg_with_one_point_has_no_line(void **state)
{
	struct buf b;
	struct chart_point points[] = {{STR("today"), -25}};
	struct chart_trend_spec s = {
	    .id = "trend", .min = -25, .max = 100, .points = points, .count = 1};
	buf_init(&b, *state, 1 << 20);
	assert_int_equal(chart_trend_svg(&b, &s), MM_OK);
	assert_false(contains(buf_str(&b), "<polyline"));
	assert_true(contains(buf_str(&b), "<circle"));
}

static void test_trend_svg_refuses_an_empty_axis(void **state)
{
	struct buf b;
	struct chart_trend_spec s = {.id = "trend", .min = 10, .max = 10};
	buf_init(&b, *state, 1 << 20);
	assert_int_equal(chart_trend_svg(&b, &s), MM_ERR_INVALID);
	s.max = 100;
	s.count = CHART_POINTS_MAX + 1;
	assert_int_equal(chart_trend_svg(&b, &s), MM_ERR_INVALID);
}

/* ---- the benchmark histogram ---------------------------------------------- */

static void test_histogram_height_is_zero_only_for_an_empty_bin(void **state)
{
	(void)state;
	assert_int_equal(chart_histogram_height(0, 10, 120), 0);
	assert_int_equal(chart_histogram_height(10, 10, 120), 120);
	assert_int_equal(chart_histogram_height(5, 10, 120), 60);
	assert_int_equal(chart_histogram_height(1, 1000, 120), 2); /* still seen */
	assert_int_equal(chart_histogram_height(3, 0, 120), 0);
}

static void test_histogram_svg_marks_the_firms_bin_and_escapes_its_texts(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	const int64_t bins[4] = {1, 3, 0, 2};
	struct chart_histogram_spec s = {.id = "bench-chart",
	                                 .title = STR("Spread <b>"),
	                                 .desc = STR("4 & more"),
	                                 .bins = bins,
	                                 .count = 4,
	                                 .low_label = STR("0"),
	                                 .high_label = STR("100"),
	                                 .marked = 3,
	                                 .marker = STR("<You>")};
	assert_int_equal(chart_histogram_svg(&b, &s), MM_OK);
	struct str out = buf_str(&b);
	assert_true(str_starts_with(out, "<svg "));
	assert_true(str_ends_with(out, "</svg>"));
	assert_true(contains(out, "role=\"img\""));
	assert_true(contains(out, "aria-labelledby=\"bench-chart-title bench-chart-desc\""));
	assert_true(contains(out, "Spread &lt;b&gt;"));
	assert_true(contains(out, "4 &amp; more"));
	assert_true(contains(out, "&lt;You&gt;"));
	assert_false(contains(out, "<You>"));
	/* three bars (an empty bin draws none), the firm's in the dark colour */
	size_t rects = 0;
	for (const char *p = out.p; (p = strstr(p, "<rect")); p++)
		rects++;
	assert_int_equal(rects, 3);
	assert_true(contains(out, "height=\"80\" fill=\"#0f4c81\""));
}

static void test_histogram_svg_refuses_bad_specifications(void **state)
{
	struct buf b;
	buf_init(&b, *state, 1 << 20);
	const int64_t bins[2] = {1, -1};
	struct chart_histogram_spec s = {.id = "ok", .bins = bins, .count = 1, .marked = -1};
	assert_int_equal(chart_histogram_svg(&b, &s), MM_OK);
	s.count = 2; /* a negative count */
	assert_int_equal(chart_histogram_svg(&b, &s), MM_ERR_INVALID);
	s.count = 0;
	assert_int_equal(chart_histogram_svg(&b, &s), MM_ERR_INVALID);
	s.count = CHART_HISTOGRAM_BINS_MAX + 1;
	assert_int_equal(chart_histogram_svg(&b, &s), MM_ERR_INVALID);
	s.count = 1;
	s.id = "Bad id";
	assert_int_equal(chart_histogram_svg(&b, &s), MM_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_bar_length_is_zero_for_negative_and_zero_scores),
	    TEST(test_bar_length_is_full_at_and_above_the_maximum),
	    TEST(test_bar_length_rounds_to_the_nearest_unit),
	    TEST(test_bar_length_of_a_zero_maximum_is_zero),
	    TEST(test_trend_y_puts_max_at_top_and_min_at_bottom),
	    TEST(test_trend_y_clamps_values_outside_the_axis),
	    TEST(test_trend_x_spreads_points_and_centres_a_single_one),
	    TEST(test_result_svg_escapes_every_text),
	    TEST(test_result_svg_is_an_image_with_title_and_description),
	    TEST(test_result_svg_draws_bars_against_their_maximum),
	    TEST(test_result_svg_refuses_bad_specifications),
	    TEST(test_result_svg_fails_when_the_buffer_is_full),
	    TEST(test_trend_svg_draws_a_line_through_every_point),
	    TEST(test_trend_svg_with_one_point_has_no_line),
	    TEST(test_trend_svg_refuses_an_empty_axis),
	    TEST(test_histogram_height_is_zero_only_for_an_empty_bin),
	    TEST(test_histogram_svg_marks_the_firms_bin_and_escapes_its_texts),
	    TEST(test_histogram_svg_refuses_bad_specifications),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
