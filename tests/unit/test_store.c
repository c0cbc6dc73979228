/* Unit tests: the SQLite store — migrations on an empty and an up-to-date
 * database, refusal of a newer schema, demo data idempotence. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"
#include "app/demo.h"
#include "test.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
};

static int open_temp(void **state)
{
	struct fixture *f = test_calloc(1, sizeof *f);
	char err[STORE_ERR_MAX];
	snprintf(f->dir, sizeof f->dir, "/tmp/mamori-unit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (store_open(f->path, &f->s, err))
		return -1;
	*state = f;
	return 0;
}

static int close_temp(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	remove_temp_db(f->path, f->dir);
	test_free(f);
	return 0;
}

static void test_migrate_an_empty_database_applies_every_migration(void **state)
{
	struct fixture *f = *state;
	char err[STORE_ERR_MAX];
	int applied, version;
	assert_int_equal(store_schema_version(f->s, &version), MM_OK);
	assert_int_equal(version, 0);
	assert_int_equal(store_migrate(f->s, &applied, err), MM_OK);
	assert_true(store_latest_version() >= 1);
	assert_int_equal(applied, store_latest_version());
	assert_int_equal(store_schema_version(f->s, &version), MM_OK);
	assert_int_equal(version, store_latest_version());
}

static void test_migrate_an_up_to_date_database_changes_nothing(void **state)
{
	struct fixture *f = *state;
	char err[STORE_ERR_MAX];
	int applied;
	assert_int_equal(store_migrate(f->s, &applied, err), MM_OK);
	assert_int_equal(store_migrate(f->s, &applied, err), MM_OK);
	assert_int_equal(applied, 0);
}

static void test_a_database_newer_than_the_program_is_refused(void **state)
{
	struct fixture *f = *state;
	char err[STORE_ERR_MAX];
	int applied;
	assert_int_equal(store_migrate(f->s, &applied, err), MM_OK);
	store_close(f->s);
	/* Simulate a database written by a later version of mamori. */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "sqlite3 %s 'INSERT INTO schema_version (version) VALUES (9999)'",
	         f->path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(f->path, &f->s, err), MM_OK);
	assert_int_equal(store_migrate(f->s, &applied, err), MM_ERR_CONFLICT);
	assert_non_null(strstr(err, "newer"));
}

static void test_demo_data_is_loaded_once(void **state)
{
	struct fixture *f = *state;
	char err[256];
	int applied, inserted;
	int64_t count, again;
	assert_int_equal(store_migrate(f->s, &applied, err), MM_OK);
	assert_int_equal(demo_seed(f->s, &inserted, err), MM_OK);
	assert_true(inserted > 0);
	assert_int_equal(store_organisation_count(f->s, &count), MM_OK);
	assert_int_equal(count, inserted);
	assert_int_equal(demo_seed(f->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 0);
	assert_int_equal(store_organisation_count(f->s, &again), MM_OK);
	assert_int_equal(again, count);
	assert_int_equal(store_ping(f->s), MM_OK);
}

static void test_an_unreachable_path_is_a_clear_error(void **state)
{
	(void)state;
	struct store *s;
	char err[STORE_ERR_MAX];
	assert_int_not_equal(store_open("/nonexistent-dir/x/mamori.db", &s, err), MM_OK);
	assert_non_null(strstr(err, "/nonexistent-dir/x/mamori.db"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrate_an_empty_database_applies_every_migration,
	                                    open_temp, close_temp),
	    cmocka_unit_test_setup_teardown(test_migrate_an_up_to_date_database_changes_nothing,
	                                    open_temp, close_temp),
	    cmocka_unit_test_setup_teardown(test_a_database_newer_than_the_program_is_refused,
	                                    open_temp, close_temp),
	    cmocka_unit_test_setup_teardown(test_demo_data_is_loaded_once, open_temp, close_temp),
	    cmocka_unit_test(test_an_unreachable_path_is_a_clear_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
