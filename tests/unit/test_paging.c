/* Unit tests: pages of a long list (pages/shared/paging.h). */
#include "pages/shared/paging.h"
#include "test.h"

static void test_window_starts_after_the_earlier_pages(void **state)
{
	(void)state;
	struct paging p = {.page = 3, .size = 20};
	struct org_page w = paging_window(&p);
	assert_int_equal(w.offset, 40);
	assert_int_equal(w.limit, 20);
}

static void test_an_empty_list_has_one_page(void **state)
{
	(void)state;
	struct paging p = {.page = 1, .size = 20, .total = 0};
	assert_false(paging_clamp(&p));
	assert_int_equal(p.pages, 1);
	assert_int_equal(p.page, 1);
}

static void test_pages_round_up(void **state)
{
	(void)state;
	struct paging p = {.page = 1, .size = 20, .total = 41};
	assert_false(paging_clamp(&p));
	assert_int_equal(p.pages, 3);
	p.total = 40;
	assert_false(paging_clamp(&p));
	assert_int_equal(p.pages, 2);
}

static void test_a_page_past_the_end_becomes_the_last(void **state)
{
	(void)state;
	struct paging p = {.page = 1000000, .size = 50, .total = 120};
	assert_true(paging_clamp(&p));
	assert_int_equal(p.page, 3);
	assert_false(paging_clamp(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_window_starts_after_the_earlier_pages),
	    TEST(test_an_empty_list_has_one_page),
	    TEST(test_pages_round_up),
	    TEST(test_a_page_past_the_end_becomes_the_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
