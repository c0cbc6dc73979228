/* Unit tests: the SME size class (DOMAIN.md §7, table in core/size_class.h)
 * at the edges of every limit of every industry group. */
#include "core/size_class.h"
#include "test.h"

#define M (1000000LL)

static enum size_group group_of(char division, enum trade trade)
{
	enum size_group g;
	assert_true(core_size_group(division, trade, &g));
	return g;
}

static void test_size_group_maps_every_division(void **state)
{
	(void)state;
	const char *others = "ABCDEFGHJKST", *services = "LNOPQR";
	for (const char *d = others; *d; d++)
		assert_int_equal(group_of(*d, TRADE_NONE), SIZE_GROUP_MANUFACTURING_AND_OTHERS);
	for (const char *d = services; *d; d++)
		assert_int_equal(group_of(*d, TRADE_NONE), SIZE_GROUP_SERVICES);
	assert_int_equal(group_of('I', TRADE_WHOLESALE), SIZE_GROUP_WHOLESALE);
	assert_int_equal(group_of('I', TRADE_RETAIL), SIZE_GROUP_RETAIL);
}

static void test_size_group_restaurants_are_retail_and_hotels_their_own(void **state)
{
	(void)state;
	assert_int_equal(group_of('M', TRADE_EATING), SIZE_GROUP_RETAIL);
	assert_int_equal(group_of('M', TRADE_ACCOMMODATION), SIZE_GROUP_ACCOMMODATION);
	assert_int_equal(group_of('N', TRADE_ENTERTAINMENT), SIZE_GROUP_ENTERTAINMENT);
	assert_int_equal(group_of('N', TRADE_NONE), SIZE_GROUP_SERVICES);
	assert_int_equal(group_of('E', TRADE_RUBBER), SIZE_GROUP_RUBBER);
	assert_int_equal(group_of('E', TRADE_NONE), SIZE_GROUP_MANUFACTURING_AND_OTHERS);
}

static void test_size_group_refuses_unknown_divisions_and_misplaced_trades(void **state)
{
	(void)state;
	enum size_group g;
	assert_false(core_size_group('U', TRADE_NONE, &g));
	assert_false(core_size_group('a', TRADE_NONE, &g));
	assert_false(core_size_group('@', TRADE_NONE, &g));
	assert_false(core_size_group('I', TRADE_NONE, &g));
	assert_false(core_size_group('E', TRADE_RETAIL, &g));
	assert_false(core_size_group('M', TRADE_NONE, &g));
	assert_false(core_size_group('M', TRADE_RETAIL, &g));
	assert_false(core_size_group('I', TRADE_EATING, &g));
	assert_false(core_size_group('L', TRADE_ACCOMMODATION, &g));
	assert_false(core_size_group('M', TRADE_ENTERTAINMENT, &g));
	assert_false(core_size_group('S', TRADE_RUBBER, &g));
	assert_false(core_size_group('M', (enum trade)99, &g));
	assert_true(core_industry_needs_trade('I'));
	assert_true(core_industry_needs_trade('M'));
	assert_false(core_industry_needs_trade('E'));
	assert_false(core_industry_needs_trade('N'));
}

/* For a group: at the employee limit with large capital → SME, one more →
 * not; at the capital limit with many employees → SME, one yen more → not;
 * the small-enterprise limit and one above it. */
static void check_group(enum size_group g, int64_t capital, int64_t employees, int64_t small)
{
	const int64_t huge_capital = 10000 * M, many = 100000;
	assert_int_equal(core_size_class(g, huge_capital, employees), SIZE_CLASS_SME);
	assert_int_equal(core_size_class(g, huge_capital, employees + 1), SIZE_CLASS_NOT_SME);
	assert_int_equal(core_size_class(g, capital, many), SIZE_CLASS_SME);
	assert_int_equal(core_size_class(g, capital + 1, many), SIZE_CLASS_NOT_SME);
	assert_int_equal(core_size_class(g, huge_capital, small), SIZE_CLASS_SMALL);
	assert_int_equal(core_size_class(g, 0, small), SIZE_CLASS_SMALL);
	assert_int_equal(core_size_class(g, 0, small + 1), SIZE_CLASS_SME);
	assert_int_equal(core_size_class(g, huge_capital, 0), SIZE_CLASS_SMALL);
}

static void test_size_class_manufacturing_and_others_300m_or_300_small_20(void **state)
{
	(void)state;
	check_group(SIZE_GROUP_MANUFACTURING_AND_OTHERS, 300 * M, 300, 20);
}

static void test_size_class_wholesale_100m_or_100_small_5(void **state)
{
	(void)state;
	check_group(SIZE_GROUP_WHOLESALE, 100 * M, 100, 5);
}

static void test_size_class_retail_50m_or_50_small_5(void **state)
{
	(void)state;
	check_group(SIZE_GROUP_RETAIL, 50 * M, 50, 5);
}

static void test_size_class_services_50m_or_100_small_5(void **state)
{
	(void)state;
	check_group(SIZE_GROUP_SERVICES, 50 * M, 100, 5);
}

static void test_size_class_restaurants_50m_or_50_small_5(void **state)
{
	(void)state;
	check_group(group_of('M', TRADE_EATING), 50 * M, 50, 5);
}

static void test_size_class_inns_and_hotels_50m_or_200_small_20(void **state)
{
	(void)state;
	check_group(group_of('M', TRADE_ACCOMMODATION), 50 * M, 200, 20);
}

static void test_size_class_entertainment_50m_or_100_small_20(void **state)
{
	(void)state;
	check_group(group_of('N', TRADE_ENTERTAINMENT), 50 * M, 100, 20);
}

static void test_size_class_rubber_products_300m_or_900_small_20(void **state)
{
	(void)state;
	check_group(group_of('E', TRADE_RUBBER), 300 * M, 900, 20);
}

static void test_size_class_without_capital_is_decided_by_employees(void **state)
{
	(void)state;
	assert_int_equal(core_size_class(SIZE_GROUP_SERVICES, SIZE_CAPITAL_UNKNOWN, 5),
	                 SIZE_CLASS_SMALL);
	assert_int_equal(core_size_class(SIZE_GROUP_SERVICES, SIZE_CAPITAL_UNKNOWN, 100),
	                 SIZE_CLASS_SME);
	assert_int_equal(core_size_class(SIZE_GROUP_SERVICES, SIZE_CAPITAL_UNKNOWN, 101),
	                 SIZE_CLASS_NOT_SME);
	assert_int_equal(
	    core_size_class(SIZE_GROUP_MANUFACTURING_AND_OTHERS, SIZE_CAPITAL_UNKNOWN, 301),
	    SIZE_CLASS_NOT_SME);
}

static void test_size_class_of_a_whole_firm(void **state)
{
	(void)state;
	/* a 48-person precision parts maker with ¥30M capital (demo data) */
	assert_int_equal(core_size_class(group_of('E', TRADE_NONE), 30 * M, 48), SIZE_CLASS_SME);
	/* a 4-person shop */
	assert_int_equal(core_size_class(group_of('I', TRADE_RETAIL), 3 * M, 4), SIZE_CLASS_SMALL);
	/* a 60-person retailer with ¥80M capital: over both retail limits */
	assert_int_equal(core_size_class(group_of('I', TRADE_RETAIL), 80 * M, 60),
	                 SIZE_CLASS_NOT_SME);
	/* the same firm as a wholesaler is within both */
	assert_int_equal(core_size_class(group_of('I', TRADE_WHOLESALE), 80 * M, 60),
	                 SIZE_CLASS_SME);
	/* a 60-person restaurant chain with ¥80M: retail limits, not services */
	assert_int_equal(core_size_class(group_of('M', TRADE_EATING), 80 * M, 60),
	                 SIZE_CLASS_NOT_SME);
	/* a 150-person hotel with ¥80M: within the ordinance's 200 */
	assert_int_equal(core_size_class(group_of('M', TRADE_ACCOMMODATION), 80 * M, 150),
	                 SIZE_CLASS_SME);
	/* an 18-person inn is a small enterprise, an 18-person barber is not */
	assert_int_equal(core_size_class(group_of('M', TRADE_ACCOMMODATION), 10 * M, 18),
	                 SIZE_CLASS_SMALL);
	assert_int_equal(core_size_class(group_of('N', TRADE_NONE), 10 * M, 18), SIZE_CLASS_SME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_size_group_maps_every_division),
	    TEST(test_size_group_restaurants_are_retail_and_hotels_their_own),
	    TEST(test_size_group_refuses_unknown_divisions_and_misplaced_trades),
	    TEST(test_size_class_manufacturing_and_others_300m_or_300_small_20),
	    TEST(test_size_class_wholesale_100m_or_100_small_5),
	    TEST(test_size_class_retail_50m_or_50_small_5),
	    TEST(test_size_class_services_50m_or_100_small_5),
	    TEST(test_size_class_restaurants_50m_or_50_small_5),
	    TEST(test_size_class_inns_and_hotels_50m_or_200_small_20),
	    TEST(test_size_class_entertainment_50m_or_100_small_20),
	    TEST(test_size_class_rubber_products_300m_or_900_small_20),
	    TEST(test_size_class_without_capital_is_decided_by_employees),
	    TEST(test_size_class_of_a_whole_firm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
