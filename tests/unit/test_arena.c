/* Unit tests: the request arena. */
#include "test.h"

static void test_arena_allocations_are_aligned_and_zeroed(void **state)
{
	struct arena *a = *state;
	for (int i = 1; i < 100; i++) {
		unsigned char *p = arena_zalloc(a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
	}
}

static void test_arena_refuses_beyond_its_maximum(void **state)
{
	(void)state;
	struct arena small;
	arena_init(&small, 64 * 1024);
	assert_non_null(arena_alloc(&small, 1000));
	assert_null(arena_alloc(&small, 128 * 1024));
	size_t total = 0;
	while (arena_alloc(&small, 1024))
		total += 1024;
	assert_true(total < 64 * 1024);
	arena_free(&small);
}

static void test_arena_realloc_keeps_the_content(void **state)
{
	struct arena *a = *state;
	char *p = arena_alloc(a, 10);
	memcpy(p, "0123456789", 10);
	arena_alloc(a, 5); /* p is no longer the latest allocation */
	char *q = arena_realloc(a, p, 10, 100000);
	assert_non_null(q);
	assert_memory_equal(q, "0123456789", 10);
}

static void test_arena_printf_and_strdup(void **state)
{
	struct arena *a = *state;
	assert_string_equal(arena_printf(a, "%s-%d", "rule", 3), "rule-3");
	char *wide = arena_printf(a, "%s%400d", "x", 5); /* past the first attempt */
	assert_non_null(wide);
	assert_int_equal(strlen(wide), 401);
	assert_int_equal(wide[400], '5');
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strdup(a, "守り"), "守り");
}

static void test_arena_reset_allows_reuse(void **state)
{
	(void)state;
	struct arena small;
	arena_init(&small, 64 * 1024);
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 40; i++)
			assert_non_null(arena_alloc(&small, 1024));
		arena_reset(&small);
	}
	arena_free(&small);
}

static int calls[4], order;

static void note(void *arg)
{
	calls[order++ % 4] = *(int *)arg;
}

static void test_arena_calls_what_was_registered_at_reset_and_free_newest_first(void **state)
{
	(void)state;
	struct arena a;
	int one = 1, two = 2, three = 3;
	arena_init(&a, 64 * 1024);
	order = 0;
	assert_true(arena_on_reset(&a, note, &one));
	assert_true(arena_on_reset(&a, note, &two));
	assert_int_equal(order, 0);
	arena_reset(&a);
	assert_int_equal(order, 2);
	assert_int_equal(calls[0], 2);
	assert_int_equal(calls[1], 1);
	arena_reset(&a); /* once only */
	assert_int_equal(order, 2);
	assert_true(arena_on_reset(&a, note, &three));
	arena_free(&a);
	assert_int_equal(order, 3);
	assert_int_equal(calls[2], 3);
	/* a full arena refuses, and does not call */
	struct arena tiny;
	arena_init(&tiny, 16);
	assert_non_null(arena_alloc(&tiny, 16));
	assert_false(arena_on_reset(&tiny, note, &one));
	arena_free(&tiny);
	assert_int_equal(order, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_arena_allocations_are_aligned_and_zeroed),
	    TEST(test_arena_refuses_beyond_its_maximum),
	    TEST(test_arena_realloc_keeps_the_content),
	    TEST(test_arena_printf_and_strdup),
	    TEST(test_arena_reset_allows_reuse),
	    TEST(test_arena_calls_what_was_registered_at_reset_and_free_newest_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
