/*
 * store_test.c — the fixture of the store's unit tests (store_test.h): a
 * fresh database per test on SQLite or PostgreSQL, a raw connection
 * beside the store, and the runner that plays a file's tests on both.
 */
#include "store_test.h"

#include "store/org.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

enum store_test_backend store_test_backend = STORE_TEST_SQLITE;

#define PG_URL_ENV "MAMORI_TEST_PG_URL"

static PGconn *raw_pg(struct store_test *t)
{
	return t->raw;
}

static sqlite3 *raw_sqlite(struct store_test *t)
{
	return t->raw;
}

/* Runs sql on a raw PostgreSQL connection; false (after printing why) on
 * failure. */
static bool pg_run(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int open_postgres(struct store_test *t, char err[STORE_ERR_MAX])
{
	static unsigned counter;
	const char *url = getenv(PG_URL_ENV);
	char sql[256];
	snprintf(t->schema, sizeof t->schema, "test_%ld_%u", (long)getpid(), counter++);
	t->raw = PQconnectdb(url);
	if (PQstatus(raw_pg(t)) != CONNECTION_OK) {
		fprintf(stderr, "%s: %s", url, PQerrorMessage(raw_pg(t)));
		return -1;
	}
	PQsetNoticeProcessor(raw_pg(t), ignore_notice, NULL);
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path = %s, public", t->schema,
	         t->schema);
	if (!pg_run(raw_pg(t), sql))
		return -1;
	/* The store's connections see this schema first, then the
	 * extensions scripts/pg-test.sh created in public; they carry the
	 * schema's name as their application name, so that a test can find
	 * them in pg_stat_activity. */
	snprintf(t->address, sizeof t->address,
	         "%s%coptions=-csearch_path%%3D%s%%2Cpublic&application_name=%s", url,
	         strchr(url, '?') ? '&' : '?', t->schema, t->schema);
	return store_open(t->address, &t->s, err) ? -1 : 0;
}

static int open_sqlite(struct store_test *t, char err[STORE_ERR_MAX])
{
	snprintf(t->dir, sizeof t->dir, "/tmp/mamori-unit-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	snprintf(t->address, sizeof t->address, "%s", t->path);
	if (store_open(t->address, &t->s, err))
		return -1;
	sqlite3 *db;
	if (sqlite3_open(t->path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	t->raw = db;
	return 0;
}

int store_test_open(struct store_test **out, bool migrate)
{
	struct store_test *t = test_calloc(1, sizeof *t);
	char err[STORE_ERR_MAX] = "";
	int applied;
	*out = t;
	t->backend = store_test_backend;
	arena_init(&t->a, ARENA_REQUEST_MAX);
	int rc = t->backend == STORE_TEST_POSTGRES ? open_postgres(t, err) : open_sqlite(t, err);
	if (!rc && migrate && store_migrate(t->s, &applied, err))
		rc = -1;
	if (rc)
		fprintf(stderr, "store test: cannot open %s: %s\n", t->address, err);
	return rc;
}

void store_test_reopen(struct store_test *t)
{
	char err[STORE_ERR_MAX];
	store_close(t->s);
	t->s = NULL;
	if (store_open(t->address, &t->s, err))
		fail_msg("reopen %s: %s", t->address, err);
}

void store_test_close(struct store_test *t)
{
	if (!t)
		return;
	store_close(t->s);
	if (t->backend == STORE_TEST_POSTGRES) {
		char sql[256];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", t->schema);
		if (t->raw && PQstatus(raw_pg(t)) == CONNECTION_OK)
			(void)pg_run(raw_pg(t), sql);
		PQfinish(raw_pg(t));
	} else {
		sqlite3_close(raw_sqlite(t));
		if (t->dir[0])
			remove_temp_db(t->path, t->dir);
	}
	arena_free(&t->a);
	test_free(t);
}

void store_test_exec(struct store_test *t, const char *sql)
{
	if (t->backend == STORE_TEST_POSTGRES) {
		if (!pg_run(raw_pg(t), sql))
			fail_msg("%s", sql);
		return;
	}
	char *msg = NULL;
	if (sqlite3_exec(raw_sqlite(t), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "");
}

bool store_test_accepts(struct store_test *t, const char *sql)
{
	if (t->backend == STORE_TEST_POSTGRES) {
		PGresult *r = PQexec(raw_pg(t), sql);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		return ok;
	}
	return sqlite3_exec(raw_sqlite(t), sql, NULL, NULL, NULL) == SQLITE_OK;
}

int64_t store_test_int(struct store_test *t, const char *sql)
{
	int64_t n = 0;
	if (t->backend == STORE_TEST_POSTGRES) {
		PGresult *r = PQexec(raw_pg(t), sql);
		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
			fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
			PQclear(r);
			fail_msg("%s", sql);
		}
		n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		return n;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(raw_sqlite(t), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(raw_sqlite(t)));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		fail_msg("%s: no row", sql);
	sqlite3_finalize(st);
	return n;
}

int64_t store_test_add_org(struct store_test *t, const char *public_id)
{
	struct org_profile o = {.public_id = str_from(public_id),
	                        .name = STR("株式会社テスト"),
	                        .name_kana = STR("テスト"),
	                        .corporate_number = STR(""),
	                        .sole_proprietor = true,
	                        .prefecture = 13,
	                        .industry = STR("I"),
	                        .capital_yen = -1};
	int64_t id;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	return id;
}

int store_test_setup(void **state)
{
	return store_test_open((struct store_test **)state, true);
}

int store_test_setup_empty(void **state)
{
	return store_test_open((struct store_test **)state, false);
}

int store_test_teardown(void **state)
{
	store_test_close(*state);
	return 0;
}

int store_test_main(const char *name, const struct CMUnitTest *tests, size_t n)
{
	char group[160];
	int failed;
	const char *url = getenv(PG_URL_ENV);
	store_test_backend = STORE_TEST_SQLITE;
	snprintf(group, sizeof group, "%s on SQLite", name);
	failed = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	if (!url || !*url) {
		fprintf(stderr,
		        "%s: " PG_URL_ENV " is not set: not run on PostgreSQL"
		        " (`make unit` starts a server and sets it)\n",
		        name);
		return failed ? 1 : 0;
	}
	store_test_backend = STORE_TEST_POSTGRES;
	snprintf(group, sizeof group, "%s on PostgreSQL", name);
	failed += _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	return failed ? 1 : 0;
}

void store_test_assert_rebuild_keeps(struct store_test *t,
                                     enum mm_err (*fingerprint)(struct store *, struct arena *,
                                                                struct str *),
                                     enum mm_err (*rebuild)(struct store *), size_t more_than)
{
	struct str live, rebuilt;
	assert_int_equal(fingerprint(t->s, &t->a, &live), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(rebuild(t->s), MM_OK);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(fingerprint(t->s, &t->a, &rebuilt), MM_OK);
	if (more_than)
		assert_true(live.n > more_than);
	assert_int_equal(live.n, rebuilt.n);
	assert_memory_equal(live.p, rebuilt.p, live.n);
}
