/*
 * test.h — what every unit test includes: cmocka and a per-test arena.
 */
#ifndef MM_TEST_H
#define MM_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/arena.h"
#include "lib/str.h"

static inline int arena_setup(void **state)
{
	struct arena *a = test_malloc(sizeof *a);
	arena_init(a, ARENA_REQUEST_MAX);
	*state = a;
	return 0;
}

static inline int arena_teardown(void **state)
{
	arena_free(*state);
	test_free(*state);
	return 0;
}

#define assert_str_equal(s, lit)                                                                   \
	do {                                                                                       \
		struct str s_ = (s);                                                               \
		assert_int_equal(s_.n, strlen(lit));                                               \
		assert_memory_equal(s_.p, (lit), s_.n);                                            \
	} while (0)

#define TEST(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

/* Removes a temporary SQLite database (with its -wal and -shm files) and
 * the directory made for it. */
static inline void remove_temp_db(const char *path, const char *dir)
{
	char side[512];
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		unlink(side);
	}
	rmdir(dir);
}

#endif
