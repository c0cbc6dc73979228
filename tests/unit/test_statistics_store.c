/* Unit tests: the statistics area of the store, on SQLite and on
 * PostgreSQL (store_test.h) — the counters the triggers of migration 0022
 * keep through a mixed sequence of declarations, upgrades, a downgrade by
 * trigger, a change of prefecture, withdrawals (one by deleting the
 * organisation), a revocation and self-assessments, equal to what the
 * rebuild counts from the rows; and the lease that lets one instance run
 * a daily job (app/job_lease.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/job_lease.h"
#include "app/open_data.h"
#include "view/i18n.h"

#include "core/statistics.h"
#include "store/declaration.h"
#include "store/org.h"
#include "store/statistics.h"
#include "store_test.h"

#define T0 1767193200 /* 2026-01-01 00:00 in Japan */
#define DAY 86400

static int64_t add_org(struct store_test *t, const char *public_id, int prefecture)
{
	struct org_profile o = {
	    .public_id = str_from(public_id),
	    .name = STR("株式会社統計"),
	    .name_kana = STR("トウケイ"),
	    .corporate_number = STR(""),
	    .sole_proprietor = true,
	    .postal_code = STR("100-0001"),
	    .prefecture = prefecture,
	    .address = STR("千代田区千代田1-1"),
	    .industry = STR("E"),
	    .employees = 5,
	    .capital_yen = -1,
	};
	int64_t id;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	return id;
}

static void event(struct store_test *t, int64_t decl, int64_t at, const char *kind,
                  const char *from, const char *to)
{
	struct declaration_event ev = {.declaration_id = decl,
	                               .at = at,
	                               .kind = str_from(kind),
	                               .from_value = str_from(from),
	                               .to_value = str_from(to),
	                               .reason = STR(""),
	                               .note = STR(""),
	                               .old_name = STR(""),
	                               .old_corporate_number = STR("")};
	assert_int_equal(store_declaration_event_insert(t->s, &ev), MM_OK);
}

static int64_t declare(struct store_test *t, int64_t org, int prefecture, int level, int size,
                       int64_t at)
{
	struct declaration d = {
	    .organisation_id = org,
	    .org_name = STR("株式会社統計"),
	    .org_name_kana = STR("トウケイ"),
	    .prefecture = prefecture,
	    .industry = STR("E"),
	    .corporate_number = STR(""),
	    .level = level,
	    .declared_at = at,
	    .policy_url = STR(""),
	    .flag_reasons = STR(""),
	    .declared_ip = STR(""),
	    .address = STR(""),
	    .contact_email = STR(""),
	    .name_key = STR(""),
	    .address_key = STR(""),
	    .size_class = size,
	};
	int64_t id;
	assert_int_equal(store_declaration_insert(t->s, &t->a, &d, &id), MM_OK);
	event(t, id, at, "declared", "", level == 2 ? "2" : "1");
	return id;
}

static void add_result(struct store_test *t, int64_t org, int64_t at, int total, int n)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1,"
	         " part2, part3, submit_token) VALUES (%lld, 'v1', %lld, %d, 0, 0, 0, 'tok-%d')",
	         (long long)org, (long long)at, total, n);
	store_test_exec(t, sql);
}

static int64_t active(struct store_test *t, int prefecture, int level)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(sum(organisations), 0) FROM statistics_active"
	         " WHERE prefecture = %d AND level = %d",
	         prefecture, level);
	return store_test_int(t, sql);
}

static void test_counters_kept_on_write_equal_a_rebuild(void **state)
{
	struct store_test *t = *state;
	int64_t org[6];
	char name[16];
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "stat-%d", i);
		org[i] = add_org(t, name, 13);
	}
	int64_t d0 = declare(t, org[0], 13, 1, STATISTICS_SIZE_SMALL, T0);
	int64_t d1 = declare(t, org[1], 13, 1, STATISTICS_SIZE_SMALL, T0 + DAY);
	int64_t d2 = declare(t, org[2], 27, 2, STATISTICS_SIZE_MEDIUM, T0 + 40 * DAY);
	int64_t d3 = declare(t, org[3], 1, 1, STATISTICS_SIZE_UNKNOWN, T0 + 41 * DAY);
	(void)declare(t, org[4], 13, 1, STATISTICS_SIZE_SMALL, T0 + 70 * DAY);
	/* ★ → ★★ */
	assert_int_equal(store_declaration_set_level(t->s, d1, 2, STR("/policy/x"), T0 + 2 * DAY),
	                 MM_OK);
	event(t, d1, T0 + 2 * DAY, "level", "1", "2");
	/* ★★ → ★ when the policy goes: the trigger of 0007 */
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO policy_publication (organisation_id, kind, url, published_at)"
	         " VALUES (%lld, 'external', 'https://example.jp/p', 1)",
	         (long long)org[2]);
	store_test_exec(t, sql);
	snprintf(sql, sizeof sql, "DELETE FROM policy_publication WHERE organisation_id = %lld",
	         (long long)org[2]);
	store_test_exec(t, sql);
	assert_int_equal(active(t, 27, 2), 0);
	assert_int_equal(active(t, 27, 1), 1);
	/* a move to another prefecture moves the declaration, not its past */
	struct declaration d;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, d0, &d), MM_OK);
	d.prefecture = 14;
	assert_int_equal(store_declaration_set_details(t->s, &d, T0 + 80 * DAY), MM_OK);
	/* withdrawn, revoked, and withdrawn by deleting the organisation */
	assert_int_equal(
	    store_declaration_set_status(t->s, d3, DECLARATION_WITHDRAWN, T0 + 90 * DAY), MM_OK);
	event(t, d3, T0 + 90 * DAY, "withdrawn", "active", "withdrawn");
	assert_int_equal(store_declaration_set_status(t->s, d2, DECLARATION_REVOKED, T0 + 91 * DAY),
	                 MM_OK);
	event(t, d2, T0 + 91 * DAY, "revoked", "active", "revoked");
	snprintf(sql, sizeof sql, "DELETE FROM organisation WHERE id = %lld", (long long)org[4]);
	store_test_exec(t, sql);
	/* results: one anonymous (not counted), then claimed; one deleted */
	add_result(t, org[0], T0 + 5 * DAY, 100, 1);
	add_result(t, org[1], T0 + 6 * DAY, 72, 2);
	add_result(t, org[5], T0 + 400 * DAY, 40, 3);
	snprintf(sql, sizeof sql, "DELETE FROM assessment_result WHERE submit_token = 'tok-3'");
	store_test_exec(t, sql);

	assert_int_equal(active(t, 13, 1), 0);
	assert_int_equal(active(t, 13, 2), 1);
	assert_int_equal(active(t, 14, 1), 1);
	assert_int_equal(active(t, 1, 1), 0);
	struct statistics_flow jan, feb;
	assert_int_equal(
	    store_statistics_days(t->s, (T0 + 32400) / DAY, (T0 + 32400) / DAY + 30, &jan), MM_OK);
	assert_int_equal(jan.declared, 2);
	assert_int_equal(jan.upgraded, 1);
	struct statistics_flow *months;
	size_t n;
	assert_int_equal(store_statistics_monthly(t->s, &t->a, 2026 * 12, &months, &n), MM_OK);
	/* Jan … Apr 2026, then the month of today (the triggers of 0007
	 * write their events at the database's clock) */
	assert_true(n >= 4);
	assert_int_equal(months[0].period, 2026 * 12);
	assert_int_equal(months[0].declared, 2);
	feb = months[1];
	assert_int_equal(feb.period, 2026 * 12 + 1);
	assert_int_equal(feb.declared, 2);
	struct statistics_score *scores;
	assert_int_equal(store_statistics_scores(t->s, &t->a, &scores, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(scores[0].year, 2026);
	assert_int_equal(scores[0].results + scores[1].results, 2);

	store_test_assert_rebuild_keeps(t, store_statistics_fingerprint, store_statistics_rebuild,
	                                40);
}

static void test_the_open_data_list_pages_by_id_and_hides_sole_proprietors_names(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "list-1", 13);
	int64_t id = declare(t, org, 13, 1, STATISTICS_SIZE_SMALL, T0);
	struct statistics_declarant *list;
	size_t n;
	assert_int_equal(store_statistics_declarants(t->s, &t->a, 0, &list, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_int_equal(list[0].name.n, 0); /* no corporate number: a person's name */
	assert_int_equal(list[0].level, 1);
	assert_int_equal(store_statistics_declarants(t->s, &t->a, id, &list, &n), MM_OK);
	assert_int_equal(n, 0);
}

static void test_one_instance_holds_a_daily_job_at_a_time(void **state)
{
	struct store_test *t = *state;
	const int day = 20454;
	assert_int_equal(store_job_lease_take(t->s, "open_data", STR("a"), day, 1000, 1600), MM_OK);
	assert_int_equal(store_job_lease_take(t->s, "open_data", STR("b"), day, 1001, 1601),
	                 MM_ERR_CONFLICT);
	/* a lease that ran out is anyone's */
	assert_int_equal(store_job_lease_take(t->s, "open_data", STR("b"), day, 1600, 2200), MM_OK);
	assert_int_equal(store_job_lease_done(t->s, "open_data", STR("a"), day), MM_ERR_NOT_FOUND);
	assert_int_equal(store_job_lease_done(t->s, "open_data", STR("b"), day), MM_OK);
	/* done for the day: nobody runs it again until the next */
	assert_int_equal(store_job_lease_take(t->s, "open_data", STR("a"), day, 3000, 3600),
	                 MM_ERR_CONFLICT);
	assert_int_equal(store_job_lease_take(t->s, "open_data", STR("a"), day + 1, 3000, 3600),
	                 MM_OK);
	assert_int_equal(store_job_lease_take(t->s, "no_such_job", STR("a"), day, 3000, 3600),
	                 MM_ERR_CONFLICT);
}

struct counted_work {
	int runs;
	enum mm_err result;
};

static enum mm_err counted(struct store *s, int64_t now, void *arg)
{
	struct counted_work *w = arg;
	(void)s;
	(void)now;
	w->runs++;
	return w->result;
}

/* The work of a period runs once; a failed run leaves the period to be
 * run again, by any instance, once its lease has run out. */
static void test_a_job_runs_once_a_period_and_again_after_a_failure(void **state)
{
	struct store_test *t = *state;
	const int day = 20454;
	struct counted_work w = {0, MM_ERR_DB};
	assert_int_equal(job_lease_run(t->s, "nudges", "a", day, 1000, 600, counted, &w),
	                 MM_ERR_DB);
	assert_int_equal(w.runs, 1);
	/* the failed run's lease still holds: another instance leaves it */
	w.result = MM_OK;
	assert_int_equal(job_lease_run(t->s, "nudges", "b", day, 1300, 600, counted, &w), MM_OK);
	assert_int_equal(w.runs, 1);
	/* once it has run out, the period is run again, and then it is done */
	assert_int_equal(job_lease_run(t->s, "nudges", "b", day, 1600, 600, counted, &w), MM_OK);
	assert_int_equal(w.runs, 2);
	assert_int_equal(job_lease_run(t->s, "nudges", "a", day, 3000, 600, counted, &w), MM_OK);
	assert_int_equal(w.runs, 2);
	assert_int_equal(job_lease_run(t->s, "nudges", "a", day + 1, 3000, 600, counted, &w),
	                 MM_OK);
	assert_int_equal(w.runs, 3);
}

static void test_a_daily_job_s_period_is_the_day_in_japan(void **state)
{
	(void)state;
	assert_int_equal(job_day_in_japan(T0), (T0 + 9 * 3600) / DAY);
	assert_int_equal(job_day_in_japan(T0 - 1), job_day_in_japan(T0) - 1);
	assert_int_equal(job_day_in_japan(T0 + DAY - 1), job_day_in_japan(T0));
}

static bool file_exists(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* The daily job with a clock of its own: one of two instances writes the
 * files of a day, the other finds the day done; the next day is written
 * again and the files of the day before go. */
static void test_the_daily_open_data_is_written_once_a_day_by_one_instance(void **state)
{
	struct store_test *t = *state;
	struct arena catalogues;
	char dir[] = "/tmp/mamori-open-data-XXXXXX", err[TPL_ERR_MAX];
	bool ran;
	arena_init(&catalogues, ARENA_REQUEST_MAX);
	assert_int_equal(i18n_load(&catalogues, err), MM_OK);
	assert_non_null(mkdtemp(dir));
	int64_t org = add_org(t, "job-1", 13);
	(void)declare(t, org, 13, 1, STATISTICS_SIZE_SMALL, T0);
	int64_t day1 = T0 + 10 * DAY + 3600, day2 = day1 + DAY;
	assert_int_equal(open_data_job_run(t->s, dir, "a", day1, &ran), MM_OK);
	assert_true(ran);
	assert_true(file_exists(dir, "mamori-declarants-2026-01-11.csv"));
	assert_true(file_exists(dir, "SHA256SUMS"));
	assert_int_equal(open_data_job_run(t->s, dir, "b", day1 + 60, &ran), MM_OK);
	assert_false(ran);
	assert_int_equal(open_data_job_run(t->s, dir, "a", day1 + 120, &ran), MM_OK);
	assert_false(ran);
	assert_int_equal(open_data_job_run(t->s, dir, "b", day2, &ran), MM_OK);
	assert_true(ran);
	assert_true(file_exists(dir, "mamori-declarants-2026-01-12.jsonl"));
	assert_false(file_exists(dir, "mamori-declarants-2026-01-11.csv"));
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	arena_free(&catalogues);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_counters_kept_on_write_equal_a_rebuild),
	    STORE_TEST(test_the_open_data_list_pages_by_id_and_hides_sole_proprietors_names),
	    STORE_TEST(test_one_instance_holds_a_daily_job_at_a_time),
	    STORE_TEST(test_a_job_runs_once_a_period_and_again_after_a_failure),
	    STORE_TEST(test_a_daily_job_s_period_is_the_day_in_japan),
	    STORE_TEST(test_the_daily_open_data_is_written_once_a_day_by_one_instance),
	};
	return STORE_TEST_MAIN("statistics store", tests);
}
