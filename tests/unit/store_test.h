/*
 * store_test.h — what the store's unit tests share: a fresh, migrated
 * database for every test, with a second, raw connection beside the store
 * (to set up rows and to look at them as another process would), and a
 * main() that runs a file's tests once per store: on SQLite always, and
 * again on PostgreSQL when MAMORI_TEST_PG_URL names a server (`make unit`
 * starts one with scripts/pg-test.sh and sets it).
 *
 * On PostgreSQL each test gets a schema of its own in that database
 * (created before, dropped after), so test programs may run in parallel.
 * Raw SQL given to store_test_exec() must read the same in both dialects.
 */
#ifndef MM_STORE_TEST_H
#define MM_STORE_TEST_H

#include <stdbool.h>

#include "store/store.h"
#include "test.h"

enum store_test_backend { STORE_TEST_SQLITE, STORE_TEST_POSTGRES };

struct store_test {
	enum store_test_backend backend;
	char address[512]; /* what the store opened */
	char dir[64];      /* SQLite: the temporary directory, holding test.db */
	char path[128];
	char schema[64]; /* PostgreSQL: this test's schema */
	struct store *s;
	struct arena a;
	void *raw; /* sqlite3 * or PGconn *: the second connection */
};

/* The store the running group is on. */
extern enum store_test_backend store_test_backend;

/* A fresh database (migrated when migrate), its store connection and a
 * raw one; cmocka setup functions return its result. */
int store_test_open(struct store_test **out, bool migrate);
void store_test_close(struct store_test *t);
/* Closes the store's connection and opens it again. */
void store_test_reopen(struct store_test *t);

/* Runs sql on the raw connection (autocommit); fails the test on error. */
void store_test_exec(struct store_test *t, const char *sql);
/* Runs sql on the raw connection; whether the database accepted it. */
bool store_test_accepts(struct store_test *t, const char *sql);
/* The integer in the first column of the first row of sql. */
int64_t store_test_int(struct store_test *t, const char *sql);
/* A sole proprietor in Tokyo (retail) with the given public id, created
 * at time 100; fails the test when it cannot be inserted. */
int64_t store_test_add_org(struct store_test *t, const char *public_id);

/* Aggregates kept on write equal a rebuild from the rows: fingerprint
 * read, rebuild run in a transaction, fingerprint read again and compared
 * byte for byte (longer than more_than bytes when it is not 0). */
void store_test_assert_rebuild_keeps(struct store_test *t,
                                     enum mm_err (*fingerprint)(struct store *, struct arena *,
                                                                struct str *),
                                     enum mm_err (*rebuild)(struct store *), size_t more_than);

/* cmocka setup/teardown: *state becomes a migrated struct store_test. */
int store_test_setup(void **state);
int store_test_setup_empty(void **state); /* not migrated */
int store_test_teardown(void **state);
#define STORE_TEST(f) cmocka_unit_test_setup_teardown(f, store_test_setup, store_test_teardown)
#define STORE_TEST_EMPTY(f)                                                                        \
	cmocka_unit_test_setup_teardown(f, store_test_setup_empty, store_test_teardown)

/* Runs the tests on SQLite, then on PostgreSQL when MAMORI_TEST_PG_URL
 * is set; the exit status of main(). */
int store_test_main(const char *name, const struct CMUnitTest *tests, size_t n);
#define STORE_TEST_MAIN(name, tests) store_test_main(name, tests, sizeof tests / sizeof tests[0])

#endif
