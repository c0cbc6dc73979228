/* Unit tests: the verification cache (web/verify_cache.h) against a real
 * database — kept values, dropped on a change made by this process at once
 * and by another connection after the poll interval, old values refused, a
 * gap in the change log emptying everything, and the generation that
 * the declarant search's cached answers are kept under. The fixture's raw connection
 * (store_test.h) plays "another process": its commits do not pass through
 * the store, exactly like another instance's. On each store that has the
 * verification and declarations areas. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/declaration.h"
#include "store/store.h"
#include "store/verification.h"
#include "web/verify_cache.h"
#include "store_test.h"

#define ID_A "90000000019"
#define ID_B "90000000027"

static int setup(void **state)
{
	if (store_test_setup(state))
		return -1;
	store_test_exec(
	    *state,
	    "INSERT INTO declaration (public_id, org_name, org_name_kana, prefecture, industry,"
	    " level, status, declared_at, changed_at) VALUES"
	    " ('" ID_A
	    "', 'Aの会社', 'エーノカイシャ', 13, 'E', 1, 'active', 1700000000, 1700000000),"
	    " ('" ID_B
	    "', 'Bの会社', 'ビーノカイシャ', 27, 'G', 2, 'active', 1700000000, 1700000000)");
	verify_cache_clear();
	return 0;
}

static int teardown(void **state)
{
	verify_cache_clear();
	return store_test_teardown(state);
}

/* The change number a value read now would carry. */
static int64_t read_seq(struct store_test *f, const char *id)
{
	struct verification v;
	assert_int_equal(store_verification_by_public_id(f->s, &f->a, str_from(id), false, &v),
	                 MM_OK);
	return v.change_seq;
}

static void put(struct store_test *f, const char *id, const char *value)
{
	verify_cache_sync(f->s, &f->a);
	verify_cache_put(VERIFY_CACHE_RECORD, str_from(id), read_seq(f, id), str_from(value));
}

static bool has(struct store_test *f, const char *id, const char *value)
{
	struct str got;
	verify_cache_sync(f->s, &f->a);
	if (!verify_cache_get(&f->a, VERIFY_CACHE_RECORD, str_from(id), &got))
		return false;
	assert_str_equal(got, value);
	return true;
}

static void wait_poll(void)
{
	struct timespec ts = {0, (VERIFY_CACHE_POLL_MS + 50) * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_a_kept_value_is_found_and_only_under_its_id_and_kind(void **state)
{
	struct store_test *f = *state;
	put(f, ID_A, "record A");
	assert_true(has(f, ID_A, "record A"));
	assert_false(has(f, ID_B, "record A"));
	struct str got;
	assert_false(verify_cache_get(&f->a, VERIFY_CACHE_API, str_from(ID_A), &got));
	struct verify_cache_stats st;
	verify_cache_stats(&st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.bytes, strlen("record A"));
}

static void test_ids_of_another_shape_are_never_kept(void **state)
{
	struct store_test *f = *state;
	verify_cache_sync(f->s, &f->a);
	verify_cache_put(VERIFY_CACHE_RECORD, STR("1234"), 0, STR("x"));
	verify_cache_put(VERIFY_CACHE_RECORD, STR("9000000001a"), 0, STR("x"));
	struct str got;
	assert_false(verify_cache_get(&f->a, VERIFY_CACHE_RECORD, STR("1234"), &got));
	assert_false(verify_cache_get(&f->a, VERIFY_CACHE_RECORD, STR("9000000001a"), &got));
}

static void test_a_change_through_the_store_is_seen_at_once(void **state)
{
	struct store_test *f = *state;
	put(f, ID_A, "active");
	put(f, ID_B, "other");
	struct declaration d;
	assert_int_equal(store_declaration_by_public_id(f->s, &f->a, STR(ID_A), &d), MM_OK);
	assert_int_equal(
	    store_declaration_set_status(f->s, d.id, DECLARATION_WITHDRAWN, 1700000100), MM_OK);
	/* no waiting: this process committed, so the next sync reads the log */
	assert_false(has(f, ID_A, "active"));
	assert_true(has(f, ID_B, "other"));
}

static void test_a_change_by_another_connection_is_seen_after_the_poll_interval(void **state)
{
	struct store_test *f = *state;
	put(f, ID_A, "level 1");
	store_test_exec(f, "UPDATE declaration SET level = 2 WHERE public_id = '" ID_A "'");
	wait_poll();
	assert_false(has(f, ID_A, "level 1"));
}

static void test_a_new_event_drops_the_value(void **state)
{
	struct store_test *f = *state;
	put(f, ID_B, "history of B");
	store_test_exec(
	    f, "INSERT INTO declaration_event (declaration_id, at, kind, from_value, to_value)"
	       " SELECT id, 1700000200, 'level', '2', '1' FROM declaration WHERE public_id = '" ID_B
	       "'");
	wait_poll();
	assert_false(has(f, ID_B, "history of B"));
}

static void test_a_value_read_before_a_seen_change_is_refused(void **state)
{
	struct store_test *f = *state;
	verify_cache_sync(f->s, &f->a);
	int64_t before = read_seq(f, ID_A);
	store_test_exec(f,
	                "UPDATE declaration SET status = 'revoked' WHERE public_id = '" ID_A "'");
	wait_poll();
	verify_cache_sync(f->s, &f->a); /* handles the change */
	verify_cache_put(VERIFY_CACHE_RECORD, STR(ID_A), before, STR("still active"));
	assert_false(has(f, ID_A, "still active"));
	/* read after the change: kept */
	verify_cache_put(VERIFY_CACHE_RECORD, STR(ID_A), read_seq(f, ID_A), STR("revoked"));
	assert_true(has(f, ID_A, "revoked"));
}

static void test_an_emptied_change_log_empties_the_cache(void **state)
{
	struct store_test *f = *state;
	store_test_exec(f, "UPDATE declaration SET level = 1 WHERE public_id = '" ID_B "'");
	wait_poll();
	put(f, ID_A, "A");
	put(f, ID_B, "B");
	assert_true(has(f, ID_A, "A"));
	/* a database restored from an older copy: the log ends before us */
	store_test_exec(f, "DELETE FROM verification_change");
	wait_poll();
	assert_false(has(f, ID_A, "A"));
	assert_false(has(f, ID_B, "B"));
}

static void test_a_process_too_far_behind_starts_again(void **state)
{
	struct store_test *f = *state;
	put(f, ID_A, "A");
	/* more changes than the log keeps: the entries after ours are gone */
	store_test_exec(
	    f, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100010)"
	       " INSERT INTO verification_change (public_id) SELECT '90000000035' FROM n");
	wait_poll();
	assert_false(has(f, ID_A, "A"));
	/* trimmed by its trigger */
	assert_int_equal(store_test_int(f, "SELECT count(*) FROM verification_change"), 100000);
	/* and keeps values again afterwards */
	put(f, ID_A, "A again");
	assert_true(has(f, ID_A, "A again"));
}

static void test_the_generation_moves_on_with_every_change_handled_and_only_then(void **state)
{
	struct store_test *f = *state;
	verify_cache_sync(f->s, &f->a);
	int64_t g0 = verify_cache_generation();
	assert_true(g0 >= 0);
	verify_cache_sync(f->s, &f->a);
	assert_int_equal(verify_cache_generation(), g0); /* nothing changed */
	/* a change by this process: at once */
	struct declaration d;
	assert_int_equal(store_declaration_by_public_id(f->s, &f->a, STR(ID_A), &d), MM_OK);
	assert_int_equal(
	    store_declaration_set_status(f->s, d.id, DECLARATION_WITHDRAWN, 1700000100), MM_OK);
	verify_cache_sync(f->s, &f->a);
	int64_t g1 = verify_cache_generation();
	assert_true(g1 > g0);
	/* by another connection: after the poll */
	store_test_exec(f, "UPDATE declaration SET level = 1 WHERE public_id = '" ID_B "'");
	wait_poll();
	verify_cache_sync(f->s, &f->a);
	int64_t g2 = verify_cache_generation();
	assert_true(g2 > g1);
	/* emptied: another number still, never an earlier one again */
	store_test_exec(f, "DELETE FROM verification_change");
	wait_poll();
	verify_cache_sync(f->s, &f->a);
	assert_true(verify_cache_generation() > g2);
}

static bool has_api(struct store_test *f, const char *id, const char *value)
{
	struct str got;
	verify_cache_sync(f->s, &f->a);
	if (!verify_cache_get(&f->a, VERIFY_CACHE_API, str_from(id), &got))
		return false;
	assert_str_equal(got, value);
	return true;
}

static uint64_t record_serial(struct store_test *f, const char *id)
{
	struct str got;
	uint64_t serial = 0;
	verify_cache_sync(f->s, &f->a);
	assert_true(
	    verify_cache_get_serial(&f->a, VERIFY_CACHE_RECORD, str_from(id), &got, &serial));
	assert_true(serial > 0);
	return serial;
}

/* An API answer made from a record the cache holds is kept however far
 * the log has moved on for other IDs (verify_cache_put would refuse it:
 * the record was read before their changes), and only while that record,
 * that very put of it, is kept. */
static void test_a_value_made_from_a_kept_one_is_kept_while_its_source_is(void **state)
{
	struct store_test *f = *state;
	put(f, ID_A, "record A");
	uint64_t serial = record_serial(f, ID_A);
	/* another declaration changes: the log moves on */
	struct declaration d;
	assert_int_equal(store_declaration_by_public_id(f->s, &f->a, STR(ID_B), &d), MM_OK);
	assert_int_equal(
	    store_declaration_set_status(f->s, d.id, DECLARATION_WITHDRAWN, 1700000100), MM_OK);
	verify_cache_sync(f->s, &f->a);
	assert_true(has(f, ID_A, "record A"));
	verify_cache_put(VERIFY_CACHE_API, STR(ID_A), 0, STR("refused: read before"));
	assert_false(has_api(f, ID_A, "refused: read before"));
	verify_cache_put_derived(VERIFY_CACHE_API, STR(ID_A), VERIFY_CACHE_RECORD, serial,
	                         STR("api of A"));
	assert_true(has_api(f, ID_A, "api of A"));
	/* its own declaration changes: both go, and the old serial makes nothing */
	assert_int_equal(store_declaration_by_public_id(f->s, &f->a, STR(ID_A), &d), MM_OK);
	assert_int_equal(
	    store_declaration_set_status(f->s, d.id, DECLARATION_WITHDRAWN, 1700000200), MM_OK);
	verify_cache_sync(f->s, &f->a);
	assert_false(has(f, ID_A, "record A"));
	assert_false(has_api(f, ID_A, "api of A"));
	verify_cache_put_derived(VERIFY_CACHE_API, STR(ID_A), VERIFY_CACHE_RECORD, serial,
	                         STR("stale"));
	assert_false(has_api(f, ID_A, "stale"));
	/* kept again: a new serial; the old one still makes nothing */
	put(f, ID_A, "record A, withdrawn");
	uint64_t again = record_serial(f, ID_A);
	assert_true(again != serial);
	verify_cache_put_derived(VERIFY_CACHE_API, STR(ID_A), VERIFY_CACHE_RECORD, serial,
	                         STR("stale"));
	assert_false(has_api(f, ID_A, "stale"));
	/* emptied: nothing made from what was kept before */
	verify_cache_clear();
	verify_cache_put_derived(VERIFY_CACHE_API, STR(ID_A), VERIFY_CACHE_RECORD, again,
	                         STR("after clear"));
	assert_false(has_api(f, ID_A, "after clear"));
}

static void test_the_size_setting_bounds_the_bytes_kept_and_refuses_nonsense(void **state)
{
	struct store_test *f = *state;
	char err[256];
	struct verify_cache_stats st;
	const char *bad[] = {"-1", "abc", "1.5", "12MB", "65537", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		assert_false(verify_cache_configure(bad[i], err));
		assert_non_null(strstr(err, "MAMORI_VERIFY_CACHE_MB"));
	}
	/* 0: nothing is kept, and nothing breaks */
	assert_true(verify_cache_configure("0", err));
	put(f, ID_A, "record A");
	assert_false(has(f, ID_A, "record A"));
	verify_cache_stats(&st);
	assert_int_equal(st.max_bytes, 0);
	assert_int_equal(st.entries, 0);
	/* 1 MB: a value of 600 KB is kept, a second one no longer fits */
	assert_true(verify_cache_configure("1", err));
	char *big = malloc(600 * 1024 + 1);
	assert_non_null(big);
	memset(big, 'x', 600 * 1024);
	big[600 * 1024] = '\0';
	put(f, ID_A, big);
	put(f, ID_B, big);
	assert_true(has(f, ID_A, big));
	assert_false(has(f, ID_B, big));
	verify_cache_stats(&st);
	assert_int_equal(st.max_bytes, 1u << 20);
	assert_true(st.bytes <= st.max_bytes);
	free(big);
	/* back to the default (unset or empty) */
	assert_true(verify_cache_configure(NULL, err));
	verify_cache_stats(&st);
	assert_int_equal(st.max_bytes, (uint64_t)VERIFY_CACHE_MB_DEFAULT << 20);
	assert_true(verify_cache_configure("", err));
	put(f, ID_A, "record A");
	assert_true(has(f, ID_A, "record A"));
}

#define CACHE_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    CACHE_TEST(test_a_kept_value_is_found_and_only_under_its_id_and_kind),
	    CACHE_TEST(test_ids_of_another_shape_are_never_kept),
	    CACHE_TEST(test_a_change_through_the_store_is_seen_at_once),
	    CACHE_TEST(test_a_change_by_another_connection_is_seen_after_the_poll_interval),
	    CACHE_TEST(test_a_new_event_drops_the_value),
	    CACHE_TEST(test_a_value_read_before_a_seen_change_is_refused),
	    CACHE_TEST(test_an_emptied_change_log_empties_the_cache),
	    CACHE_TEST(test_a_process_too_far_behind_starts_again),
	    CACHE_TEST(test_the_generation_moves_on_with_every_change_handled_and_only_then),
	    CACHE_TEST(test_the_size_setting_bounds_the_bytes_kept_and_refuses_nonsense),
	    CACHE_TEST(test_a_value_made_from_a_kept_one_is_kept_while_its_source_is),
	};
	return STORE_TEST_MAIN("verification cache", tests);
}
