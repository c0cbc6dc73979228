/* Unit tests: the store on SQLite and on PostgreSQL — migrations on an
 * empty and an up-to-date database, refusal of a newer schema, demo data
 * idempotence, `mamori seed`, the same migrations in both dialects, addresses logged
 * without their password, a PostgreSQL build refused while it lacks areas,
 * transactions, and a lost PostgreSQL connection. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "lib/embedded.h"
#include "store/sql.h"
#include "store/store.h"
#include "store_test.h"
#include "app/demo.h"
#include "app/seed.h"
#include "store/benchmark.h"
#include "store/statistics.h"

static void test_migrate_an_empty_database_applies_every_migration(void **state)
{
	struct store_test *t = *state;
	char err[STORE_ERR_MAX];
	int applied, version;
	assert_int_equal(store_schema_version(t->s, &version), MM_OK);
	assert_int_equal(version, 0);
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_true(store_latest_version() >= 1);
	/* every file, once: numbers need not be consecutive */
	int files = 0;
	for (int n = 1; n <= store_latest_version(); n++)
		files += store_migration(t->backend == STORE_TEST_SQLITE ? "sqlite" : "postgres",
		                         n) != NULL;
	assert_int_equal(applied, files);
	assert_int_equal(store_schema_version(t->s, &version), MM_OK);
	assert_int_equal(version, store_latest_version());
}

static void test_migrate_an_up_to_date_database_changes_nothing(void **state)
{
	struct store_test *t = *state;
	char err[STORE_ERR_MAX];
	int applied;
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_int_equal(applied, 0);
}

/* Every start migrates: when nothing is pending it takes no write lock,
 * so an instance starts at once beside another that is writing (before,
 * it waited for the lock and then checked every foreign key under it). */
static void test_an_up_to_date_database_migrates_beside_a_writer(void **state)
{
	struct store_test *t = *state;
	char err[STORE_ERR_MAX];
	int applied;
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	store_test_exec(t, t->backend == STORE_TEST_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
	store_test_exec(t, "INSERT INTO schema_version (version) VALUES (-1)");
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	assert_int_equal(applied, 0);
	store_test_exec(t, "ROLLBACK");
}

/* PostgreSQL: no parallel plans on mamori's connections (starting
 * workers cost 40 ms on searches that take 4). */
static const struct sql SQL_PARALLEL_WORKERS = SQL_EACH(
    "SELECT 0", "SELECT CAST(current_setting('max_parallel_workers_per_gather') AS integer)");

static void test_connections_make_no_parallel_plans(void **state)
{
	struct store_test *t = *state;
	int64_t workers = -1;
	assert_int_equal(
	    sql_int64_of(t->s, &SQL_PARALLEL_WORKERS, NULL, 0, "parallel workers", &workers),
	    MM_OK);
	assert_int_equal(workers, 0);
}

static void test_a_database_newer_than_the_program_is_refused(void **state)
{
	struct store_test *t = *state;
	char err[STORE_ERR_MAX];
	int applied, version;
	assert_int_equal(store_migrate(t->s, &applied, err), MM_OK);
	/* Simulate a database written by a later version of mamori. */
	store_test_exec(t, "INSERT INTO schema_version (version) VALUES (9999)");
	store_test_reopen(t);
	assert_int_equal(store_migrate(t->s, &applied, err), MM_ERR_CONFLICT);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(t->s, &version), MM_OK);
	assert_int_equal(version, 9999); /* and nothing was changed */
}

static void test_demo_data_is_loaded_once(void **state)
{
	struct store_test *t = *state;
	char err[256];
	int inserted;
	int64_t count, again;
	assert_int_equal(demo_seed(t->s, &inserted, err), MM_OK);
	assert_true(inserted > 0);
	assert_int_equal(store_organisation_count(t->s, &count), MM_OK);
	assert_int_equal(count, inserted);
	assert_int_equal(demo_seed(t->s, &inserted, err), MM_OK);
	assert_int_equal(inserted, 0);
	assert_int_equal(store_organisation_count(t->s, &again), MM_OK);
	assert_int_equal(again, count);
	assert_int_equal(store_ping(t->s), MM_OK);
}

/* `mamori seed` fills every table it promises, in the same numbers on
 * either store (the same --orgs and --seed give the same data), and a
 * second run on the same database stops at the first duplicate. */
static void test_seed_fills_organisations_declarations_assessments_and_policies(void **state)
{
	struct store_test *t = *state;
	struct seed_report r;
	char err[256];
	assert_int_equal(seed_run(t->s, 300, 7, 100, &r, err), MM_OK);
	assert_int_equal(r.organisations, 300);
	assert_int_equal(r.level_one + r.level_two, 300);
	assert_true(r.level_two > 0 && r.withdrawn > 0 && r.assessments > r.level_two);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 300);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration"), 300);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration WHERE level = 2"),
	                 r.level_two);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM declaration WHERE status = 'withdrawn'"),
	    r.withdrawn);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration_event"),
	                 300 + r.withdrawn);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"),
	                 r.assessments);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result_answer"),
	                 25 * r.assessments);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_publication"), r.level_two);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_version"), r.level_two);
	/* public ids 1…300 in order; organisations' creation times as text */
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM declaration"
	                      " WHERE public_id = '90000000019' OR public_id = '90000003005'"),
	    2);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"
	                                   " WHERE created_at LIKE '20__-__-__T__:__:__Z'"),
	                 300);
	/* the same data on either store: these sums depend on every row */
	assert_int_equal(store_test_int(t, "SELECT sum(employees) FROM organisation"), 5376);
	assert_int_equal(store_test_int(t, "SELECT sum(total) FROM assessment_result"), 9555);
	assert_int_equal(seed_run(t->s, 1, 7, 100, &r, err), MM_ERR_CONFLICT);
	assert_non_null(strstr(err, "empty database"));
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 300);
}

/* `mamori seed --declared 10`: a tenth of the organisations declare (the
 * same share in every hundred), the others keep their profile and one in
 * three a self-assessment; the counters behind /statistics and the
 * benchmarks kept as the rows went in equal their rebuilds. */
static void test_seed_declares_the_share_asked_and_its_counters_equal_a_rebuild(void **state)
{
	struct store_test *t = *state;
	struct seed_report r;
	char err[256];
	assert_int_equal(seed_run(t->s, 2000, 7, 10, &r, err), MM_OK);
	assert_int_equal(r.organisations, 2000);
	assert_true(r.declarations >= 195 && r.declarations <= 205);
	assert_int_equal(r.level_one + r.level_two, r.declarations);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 2000);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration"), r.declarations);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration_event"),
	                 r.declarations + r.withdrawn);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM policy_publication"), r.level_two);
	/* the undeclared: about one in three assessed, none with a policy */
	int64_t undeclared_assessed = store_test_int(
	    t, "SELECT count(*) FROM assessment_result a WHERE NOT EXISTS"
	       " (SELECT 1 FROM declaration d WHERE d.organisation_id = a.organisation_id)");
	assert_true(undeclared_assessed > 1800 * 28 / 100 && undeclared_assessed < 1800 * 39 / 100);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"),
	                 r.assessments);
	/* every seeded result compared in its cell, as a submission places it */
	assert_int_equal(
	    store_test_int(t,
	                   "SELECT count(*) FROM assessment_result WHERE bench_industry IS NULL"),
	    0);
	assert_int_equal(store_test_int(t, "SELECT sum(results) FROM statistics_score"),
	                 r.assessments);
	assert_int_equal(store_test_int(t, "SELECT sum(organisations) FROM statistics_active"),
	                 r.declarations - r.withdrawn);
	store_test_assert_rebuild_keeps(t, store_statistics_fingerprint, store_statistics_rebuild,
	                                0);
	store_test_assert_rebuild_keeps(t, store_benchmark_fingerprint, store_benchmark_rebuild,
	                                40);
}

static void test_a_rolled_back_transaction_leaves_nothing(void **state)
{
	struct store_test *t = *state;
	struct organisation o = {.public_id = STR("tx-1"),
	                         .name = STR("A"),
	                         .name_kana = STR("エー"),
	                         .name_en = STR(""),
	                         .corporate_number = STR(""),
	                         .prefecture = 13,
	                         .industry = STR("E"),
	                         .employees = 3,
	                         .capital_yen = -1};
	bool inserted;
	uint64_t commits = store_commits();
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_organisation_upsert_demo(t->s, &o, &inserted), MM_OK);
	assert_true(inserted);
	store_rollback(t->s);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 0);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK); /* nested: joins */
	assert_int_equal(store_organisation_upsert_demo(t->s, &o, &inserted), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 0);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 1);
	assert_true(store_commits() > commits);
}

static void test_an_unreachable_path_is_a_clear_error(void **state)
{
	(void)state;
	struct store *s;
	char err[STORE_ERR_MAX];
	assert_int_not_equal(store_open("/nonexistent-dir/x/mamori.db", &s, err), MM_OK);
	assert_non_null(strstr(err, "/nonexistent-dir/x/mamori.db"));
}

static void test_an_unreachable_postgres_is_a_clear_error_without_the_password(void **state)
{
	(void)state;
	struct store *s;
	char err[STORE_ERR_MAX];
	assert_int_equal(
	    store_open("postgresql://mamori:s3cret@/nowhere?host=/nonexistent-dir", &s, err),
	    MM_ERR_IO);
	assert_non_null(strstr(err, "postgresql://mamori:***@/nowhere?host=/nonexistent-dir"));
	assert_null(strstr(err, "s3cret"));
}

static void test_addresses_are_logged_without_passwords(void **state)
{
	(void)state;
	char out[256];
	assert_string_equal(store_address_for_log("data/mamori.db", out, sizeof out),
	                    "data/mamori.db");
	assert_string_equal(store_address_for_log("postgres://u:pw@db:5432/m", out, sizeof out),
	                    "postgres://u:***@db:5432/m");
	assert_string_equal(store_address_for_log("postgresql://u@db/m", out, sizeof out),
	                    "postgresql://u@db/m");
	assert_string_equal(store_address_for_log("postgres://db/m?sslmode=require&password=pw&x=1",
	                                          out, sizeof out),
	                    "postgres://db/m?sslmode=require&password=***&x=1");
	assert_string_equal(store_address_for_log("postgres://u:p@ss@db/m", out, sizeof out),
	                    "postgres://u:***@db/m");
	assert_string_equal(store_address_for_log("postgres://u:pw@db/m", out, 12), "postgres://");
	assert_true(store_address_is_postgres("postgresql://x"));
	assert_false(store_address_is_postgres("postgres.db"));
}

/* Both dialects hold the same migrations: the same numbers and names. */
static void test_each_migration_exists_in_both_dialects(void **state)
{
	(void)state;
	int latest = store_latest_version();
	assert_int_equal(store_migrations_latest("sqlite"), latest);
	assert_int_equal(store_migrations_latest("postgres"), latest);
	for (int n = 1; n <= latest; n++) {
		const struct embedded_file *a = store_migration("sqlite", n);
		const struct embedded_file *b = store_migration("postgres", n);
		assert_true((a == NULL) == (b == NULL));
		if (a)
			assert_string_equal(strrchr(a->name, '/'), strrchr(b->name, '/'));
	}
}

/* The server goes away under an open connection: calls answer
 * MM_ERR_DB (never crash), and the connection comes back by itself. */
static void test_a_lost_postgres_connection_fails_calls_then_reconnects(void **state)
{
	struct store_test *t = *state;
	if (t->backend != STORE_TEST_POSTGRES)
		skip();
	int64_t count;
	char sql[256];
	assert_int_equal(store_ping(t->s), MM_OK);
	/* the server ends the session of this test's store connection */
	snprintf(sql, sizeof sql,
	         "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
	         " WHERE application_name = '%s'",
	         t->schema);
	assert_int_equal(store_test_int(t, sql), 1);
	assert_int_equal(store_ping(t->s), MM_ERR_DB);
	assert_int_equal(store_begin(t->s), MM_OK); /* reconnected on the next call */
	assert_int_equal(store_organisation_count(t->s, &count), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(store_ping(t->s), MM_OK);
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* verb ROLE <this test's schema name> option */
static void role(struct store_test *t, const char *verb, const char *option)
{
	char sql[256];
	snprintf(sql, sizeof sql, "%s ROLE %s %s", verb, t->schema, option);
	store_test_exec(t, sql);
}

/* The server refuses new connections for a while (here: the role may no
 * longer log in): calls answer MM_ERR_DB, do not try to connect again
 * before the back-off has passed, and the connection comes back after. */
static void test_a_refused_reconnection_is_retried_after_a_back_off(void **state)
{
	struct store_test *t = *state;
	if (t->backend != STORE_TEST_POSTGRES)
		skip();
	char address[sizeof t->address + 80], err[STORE_ERR_MAX], sql[256];
	struct store *s;
	role(t, "CREATE", "LOGIN");
	snprintf(address, sizeof address, "%s&user=%s", t->address, t->schema);
	assert_int_equal(store_open(address, &s, err), MM_OK);
	assert_int_equal(store_ping(s), MM_OK);
	role(t, "ALTER", "NOLOGIN");
	snprintf(sql, sizeof sql,
	         "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
	         " WHERE usename = '%s'",
	         t->schema);
	assert_int_equal(store_test_int(t, sql), 1);
	assert_int_equal(store_ping(s), MM_ERR_DB); /* the connection is gone */
	assert_int_equal(store_ping(s), MM_ERR_DB); /* reconnecting is refused */
	int64_t refused_at = now_ms();
	assert_int_equal(store_begin(s), MM_ERR_DB);
	role(t, "ALTER", "LOGIN");
	/* allowed again, but the store waits PG_RETRY_MIN_MS before trying */
	if (now_ms() - refused_at < 200)
		assert_int_equal(store_ping(s), MM_ERR_DB);
	struct timespec wait = {0, 300 * 1000000L};
	nanosleep(&wait, NULL);
	assert_int_equal(store_ping(s), MM_OK);
	store_close(s);
	role(t, "DROP", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST_EMPTY(test_migrate_an_empty_database_applies_every_migration),
	    STORE_TEST_EMPTY(test_migrate_an_up_to_date_database_changes_nothing),
	    STORE_TEST_EMPTY(test_an_up_to_date_database_migrates_beside_a_writer),
	    STORE_TEST_EMPTY(test_connections_make_no_parallel_plans),
	    STORE_TEST_EMPTY(test_a_database_newer_than_the_program_is_refused),
	    STORE_TEST(test_demo_data_is_loaded_once),
	    STORE_TEST(test_seed_fills_organisations_declarations_assessments_and_policies),
	    STORE_TEST(test_seed_declares_the_share_asked_and_its_counters_equal_a_rebuild),
	    STORE_TEST(test_a_rolled_back_transaction_leaves_nothing),
	    STORE_TEST(test_a_lost_postgres_connection_fails_calls_then_reconnects),
	    STORE_TEST(test_a_refused_reconnection_is_retried_after_a_back_off),
	    cmocka_unit_test(test_an_unreachable_path_is_a_clear_error),
	    cmocka_unit_test(test_an_unreachable_postgres_is_a_clear_error_without_the_password),
	    cmocka_unit_test(test_addresses_are_logged_without_passwords),
	    cmocka_unit_test(test_each_migration_exists_in_both_dialects),
	};
	return STORE_TEST_MAIN("store", tests);
}
