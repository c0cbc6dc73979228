/* Unit tests: the declarations and verification areas of the store, on
 * SQLite and on PostgreSQL (store_test.h) — what the declaration pages
 * rely on: one active declaration per organisation, public IDs issued
 * once (also to two declarers on two connections at the same moment), a
 * refused declaration using up no number, the ★★ → ★ trigger when the
 * policy is unpublished (also when it races with the declaration that
 * relies on it), the change log filled by trigger, the review signals and
 * queue, the organisations `mamori seed` inserts; and the declarant
 * search (short and trigram text, kana forms, filters, paging, escaping). */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "core/declaration_id.h"
#include "store/declaration.h"
#include "store/org.h"
#include "store/verification.h"
#include "store_test.h"

static int64_t add_org(struct store_test *t, const char *public_id, const char *number)
{
	struct org_profile o = {
	    .public_id = str_from(public_id),
	    .name = STR("株式会社テスト"),
	    .name_kana = STR("テスト"),
	    .corporate_number = str_from(number),
	    .sole_proprietor = number[0] == '\0',
	    .postal_code = STR("100-0001"),
	    .prefecture = 13,
	    .address = STR("千代田区千代田1-1"),
	    .industry = STR("E"),
	    .employees = 5,
	    .capital_yen = -1,
	};
	int64_t id;
	assert_int_equal(store_org_insert(t->s, &o, 100, &id), MM_OK);
	return id;
}

static struct declaration declaration_of(int64_t org_id, const char *name, const char *kana)
{
	return (struct declaration){
	    .organisation_id = org_id,
	    .org_name = str_from(name),
	    .org_name_kana = str_from(kana),
	    .prefecture = 13,
	    .industry = STR("E"),
	    .corporate_number = STR(""),
	    .level = 1,
	    .declared_at = 1700000000,
	    .policy_url = STR(""),
	    .flag_reasons = STR(""),
	    .declared_ip = STR(""),
	    .address = STR(""),
	    .contact_email = STR(""),
	    .name_key = STR(""),
	    .address_key = STR(""),
	};
}

/* Declares for org_id; the new row's id. */
static int64_t declare(struct store_test *t, struct declaration *d)
{
	int64_t id;
	assert_int_equal(store_declaration_insert(t->s, &t->a, d, &id), MM_OK);
	return id;
}

static void expect_id(struct str got, uint64_t seq)
{
	char want[DECLARATION_ID_DIGITS + 1];
	assert_true(core_declaration_id_make(seq, want));
	assert_str_equal(got, want);
	assert_int_equal(core_declaration_id_check(got), DECLARATION_ID_VALID);
}

static void test_an_organisation_has_one_active_declaration_at_a_time(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "pub-1", "");
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト"), again = d, got;
	int64_t first = declare(t, &d), id;
	expect_id(d.public_id, 1);
	assert_int_equal(d.status, DECLARATION_ACTIVE);
	/* refused, and uses up no number */
	assert_int_equal(store_declaration_insert(t->s, &t->a, &again, &id), MM_ERR_CONFLICT);
	assert_int_equal(
	    store_declaration_set_status(t->s, first, DECLARATION_WITHDRAWN, 1700000100), MM_OK);
	/* a withdrawn declaration changes no more */
	assert_int_equal(store_declaration_set_status(t->s, first, DECLARATION_REVOKED, 1700000200),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_declaration_set_level(t->s, first, 2, STR("/x"), 1700000200),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_declaration_set_status(t->s, first, DECLARATION_ACTIVE, 1700000200),
	                 MM_ERR_INVALID);
	again.declared_at = 1700000300;
	int64_t second = declare(t, &again);
	expect_id(again.public_id, 2);
	assert_int_equal(store_declaration_active_of(t->s, &t->a, org, &got), MM_OK);
	assert_int_equal(got.id, second);
	struct declaration *list;
	size_t n;
	assert_int_equal(store_declaration_list_of(t->s, &t->a, org, &list, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, second); /* newest first */
	assert_int_equal(list[1].id, first);
	assert_int_equal(list[1].status, DECLARATION_WITHDRAWN);
	assert_int_equal(list[1].changed_at, 1700000100);
	assert_int_equal(store_declaration_by_public_id(t->s, &t->a, d.public_id, &got), MM_OK);
	assert_int_equal(got.id, first);
	assert_int_equal(store_declaration_active_of(t->s, &t->a, org + 100, &got),
	                 MM_ERR_NOT_FOUND);
}

/* IDs put in by hand (an import) are skipped, and the numbers skipped
 * are used up; when every attempt finds its id taken, the insert gives
 * up rather than loop. */
static void test_a_taken_id_is_skipped_and_its_number_used_up(void **state)
{
	struct store_test *t = *state;
	store_test_exec(t,
	                "INSERT INTO declaration (public_id, org_name, org_name_kana, prefecture,"
	                " industry, level, status, declared_at, changed_at) VALUES"
	                " ('90000000019', 'A', 'エー', 13, 'E', 1, 'withdrawn', 1, 1)");
	struct declaration d = declaration_of(add_org(t, "pub-1", ""), "B", "ビー");
	declare(t, &d);
	expect_id(d.public_id, 2);
	char sql[256], id[DECLARATION_ID_DIGITS + 1];
	for (uint64_t seq = 3; seq < 3 + DECLARATION_ID_ATTEMPTS; seq++) {
		assert_true(core_declaration_id_make(seq, id));
		snprintf(sql, sizeof sql,
		         "INSERT INTO declaration (public_id, org_name, org_name_kana, prefecture,"
		         " industry, level, status, declared_at, changed_at) VALUES"
		         " ('%s', 'A', 'エー', 13, 'E', 1, 'withdrawn', 1, 1)",
		         id);
		store_test_exec(t, sql);
	}
	struct declaration e = declaration_of(add_org(t, "pub-2", ""), "C", "シー");
	int64_t row;
	assert_int_equal(store_declaration_insert(t->s, &t->a, &e, &row), MM_ERR_CONFLICT);
	declare(t, &e);
	expect_id(e.public_id, 3 + DECLARATION_ID_ATTEMPTS);
}

static void test_a_declaration_is_kept_field_by_field(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "pub-1", "4011001098993");
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト"), got;
	d.corporate_number = STR("4011001098993");
	d.level = 2;
	d.policy_url = STR("/policy/pub-1");
	d.flagged = true;
	d.flag_reasons = STR("same_ip");
	d.declared_ip = STR("192.0.2.1");
	d.address = STR("東京都千代田区");
	d.contact_email = STR("a@example.jp");
	d.name_key = STR("てすと");
	d.address_key = STR("13:千代田区");
	int64_t id = declare(t, &d);
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.organisation_id, org);
	assert_str_equal(got.public_id, "90000000019");
	assert_str_equal(got.org_name, "株式会社テスト");
	assert_str_equal(got.corporate_number, "4011001098993");
	assert_int_equal(got.level, 2);
	assert_int_equal(got.status, DECLARATION_ACTIVE);
	assert_int_equal(got.declared_at, 1700000000);
	assert_int_equal(got.changed_at, 1700000000);
	assert_str_equal(got.policy_url, "/policy/pub-1");
	assert_true(got.flagged);
	assert_str_equal(got.flag_reasons, "same_ip");
	assert_str_equal(got.declared_ip, "192.0.2.1");
	assert_str_equal(got.address, "東京都千代田区");
	assert_str_equal(got.contact_email, "a@example.jp");
	assert_str_equal(got.name_key, "てすと");
	assert_str_equal(got.address_key, "13:千代田区");
	/* details change; cleared flags keep their reasons; revoking unflags */
	got.org_name = STR("株式会社新名");
	got.address = STR("大阪市");
	assert_int_equal(store_declaration_set_details(t->s, &got, 1700000050), MM_OK);
	assert_int_equal(store_declaration_set_flag(t->s, id, false, STR("")), MM_OK);
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.org_name, "株式会社新名");
	assert_str_equal(got.address, "大阪市");
	assert_int_equal(got.changed_at, 1700000050);
	assert_false(got.flagged);
	assert_str_equal(got.flag_reasons, "same_ip");
	assert_int_equal(store_declaration_set_flag(t->s, id, true, STR("again")), MM_OK);
	assert_int_equal(store_declaration_set_status(t->s, id, DECLARATION_REVOKED, 1700000060),
	                 MM_OK);
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.status, DECLARATION_REVOKED);
	assert_false(got.flagged);
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id + 1, &got), MM_ERR_NOT_FOUND);
}

/* ---- two declarers at once -------------------------------------------------- */

#define RACE_ORGS 25

struct declarer {
	struct store *s;
	struct arena a;
	int64_t orgs[RACE_ORGS];
	char ids[RACE_ORGS][DECLARATION_ID_DIGITS + 1];
	enum mm_err result;
};

static void *declare_all(void *arg)
{
	struct declarer *w = arg;
	w->result = MM_OK;
	for (int i = 0; i < RACE_ORGS && !w->result; i++) {
		struct declaration d = declaration_of(w->orgs[i], "同時株式会社", "ドウジ");
		int64_t id;
		if ((w->result = store_begin(w->s)))
			break;
		w->result = store_declaration_insert(w->s, &w->a, &d, &id);
		if (!w->result) {
			struct declaration_event ev = {.declaration_id = id,
			                               .at = d.declared_at,
			                               .kind = STR("declared"),
			                               .to_value = STR("1")};
			w->result = store_declaration_event_insert(w->s, &ev);
		}
		if (w->result) {
			store_rollback(w->s);
			break;
		}
		w->result = store_commit(w->s);
		snprintf(w->ids[i], sizeof w->ids[i], "%.*s", (int)d.public_id.n, d.public_id.p);
	}
	return NULL;
}

/* Two connections declare for different organisations at the same time:
 * every public ID is issued once, and each is well formed. */
static void test_two_declarers_at_once_never_get_the_same_id(void **state)
{
	struct store_test *t = *state;
	struct declarer w[2];
	char err[STORE_ERR_MAX], name[32];
	for (int k = 0; k < 2; k++) {
		w[k] = (struct declarer){.result = MM_ERR_DB};
		arena_init(&w[k].a, ARENA_REQUEST_MAX);
		assert_int_equal(store_open(t->address, &w[k].s, err), MM_OK);
		for (int i = 0; i < RACE_ORGS; i++) {
			snprintf(name, sizeof name, "race-%d-%d", k, i);
			w[k].orgs[i] = add_org(t, name, "");
		}
	}
	pthread_t threads[2];
	for (int k = 0; k < 2; k++)
		assert_int_equal(pthread_create(&threads[k], NULL, declare_all, &w[k]), 0);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(pthread_join(threads[k], NULL), 0);
		store_close(w[k].s);
		arena_free(&w[k].a);
		assert_int_equal(w[k].result, MM_OK);
	}
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < RACE_ORGS; i++) {
			assert_int_equal(core_declaration_id_check(str_from(w[k].ids[i])),
			                 DECLARATION_ID_VALID);
			for (int j = 0; j < RACE_ORGS; j++)
				if (k == 0 || j != i)
					assert_string_not_equal(w[k].ids[i], w[1].ids[j]);
		}
	assert_int_equal(store_test_int(t, "SELECT count(DISTINCT public_id) FROM declaration"),
	                 2 * RACE_ORGS);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM declaration_event WHERE kind = 'declared'"),
	    2 * RACE_ORGS);
}

struct same_org {
	struct store *s;
	struct arena a;
	int64_t org;
	enum mm_err result;
};

static void *declare_same(void *arg)
{
	struct same_org *w = arg;
	struct declaration d = declaration_of(w->org, "株式会社テスト", "テスト");
	int64_t id;
	if ((w->result = store_begin(w->s)))
		return NULL;
	w->result = store_declaration_insert(w->s, &w->a, &d, &id);
	if (w->result)
		store_rollback(w->s);
	else
		w->result = store_commit(w->s);
	return NULL;
}

/* Two members of one organisation declare at the same moment: the second
 * one waits for the first, then is refused. */
static void test_two_declarations_of_one_organisation_at_once_leave_one(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "pub-1", "");
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト");
	struct same_org other = {.org = org, .result = MM_ERR_DB};
	char err[STORE_ERR_MAX];
	int64_t id;
	arena_init(&other.a, ARENA_REQUEST_MAX);
	assert_int_equal(store_open(t->address, &other.s, err), MM_OK);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_declaration_insert(t->s, &t->a, &d, &id), MM_OK);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, declare_same, &other), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	store_close(other.s);
	arena_free(&other.a);
	assert_int_equal(other.result, MM_ERR_CONFLICT);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration"), 1);
}

/* ---- the policy -------------------------------------------------------------- */

static void publish_policy(struct store_test *t, int64_t org)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO policy_version (organisation_id, number, published_at, lang,"
	         " preamble, commitment_1, commitment_2, commitment_3, commitment_4, commitment_5,"
	         " established_on, organisation_name, representative_title, representative_name)"
	         " VALUES (%lld, 1, 1690000000, 'ja', 'p', 'a', 'b', 'c', 'd', 'e',"
	         " '2024-04-01', 'n', 't', 'r');"
	         " INSERT INTO policy_publication (organisation_id, kind, version_id, url,"
	         " published_at) SELECT %lld, 'hosted', id, '', 1690000000 FROM policy_version"
	         " WHERE organisation_id = %lld",
	         (long long)org, (long long)org, (long long)org);
	store_test_exec(t, sql);
}

static void expect_dropped_to_one_star(struct store_test *t, int64_t id)
{
	struct declaration got;
	struct declaration_event *ev;
	size_t n;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_int_equal(got.level, 1);
	assert_str_equal(got.policy_url, "");
	assert_int_equal(store_declaration_events(t->s, &t->a, id, &ev, &n), MM_OK);
	assert_true(n >= 1);
	assert_str_equal(ev[n - 1].kind, "level");
	assert_str_equal(ev[n - 1].from_value, "2");
	assert_str_equal(ev[n - 1].to_value, "1");
	assert_str_equal(ev[n - 1].reason, "policy_unpublished");
	assert_int_equal(ev[n - 1].actor_user_id, 0);
}

static void test_unpublishing_the_policy_drops_two_stars_to_one(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "pub-1", "");
	struct declaration_prerequisites p;
	publish_policy(t, org);
	assert_int_equal(store_declaration_prerequisites(t->s, &t->a, org, &p), MM_OK);
	assert_true(p.has_policy);
	assert_false(p.has_assessment);
	assert_str_equal(p.policy_url, "/policy/pub-1");
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト");
	d.level = 2;
	d.policy_url = p.policy_url;
	int64_t id = declare(t, &d);
	/* published elsewhere: the declaration follows */
	store_test_exec(t, "UPDATE policy_publication SET kind = 'external', version_id = NULL,"
	                   " url = 'https://example.jp/policy'");
	struct declaration got;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.policy_url, "https://example.jp/policy");
	store_test_exec(t, "DELETE FROM policy_publication");
	expect_dropped_to_one_star(t, id);
	assert_int_equal(store_declaration_prerequisites(t->s, &t->a, org, &p), MM_OK);
	assert_false(p.has_policy);
	assert_str_equal(p.policy_url, "");
}

static void *unpublish(void *arg)
{
	store_test_exec(arg, "DELETE FROM policy_publication");
	return NULL;
}

/* The policy is unpublished (by another connection) while a ★★
 * declaration that read it is being made: whichever store, the
 * unpublishing waits for the declaration, then drops it to ★. */
static void test_unpublishing_during_a_two_star_declaration_drops_it(void **state)
{
	struct store_test *t = *state;
	int64_t org = add_org(t, "pub-1", "");
	struct declaration_prerequisites p;
	publish_policy(t, org);
	assert_int_equal(store_begin(t->s), MM_OK);
	assert_int_equal(store_declaration_prerequisites(t->s, &t->a, org, &p), MM_OK);
	assert_true(p.has_policy);
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, unpublish, t), 0);
	struct timespec wait = {0, 300 * 1000000L}; /* the other one is waiting by now */
	nanosleep(&wait, NULL);
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト");
	d.level = 2;
	d.policy_url = p.policy_url;
	int64_t id = declare(t, &d);
	assert_int_equal(store_commit(t->s), MM_OK);
	assert_int_equal(pthread_join(thread, NULL), 0);
	expect_dropped_to_one_star(t, id);
}

/* ---- the change log ------------------------------------------------------------ */

static void test_every_change_of_a_declaration_is_logged_by_trigger(void **state)
{
	struct store_test *t = *state;
	struct verification_changes ch;
	struct verification v;
	assert_int_equal(store_verification_changes(t->s, &t->a, 0, &ch), MM_OK);
	assert_int_equal(ch.n, 0);
	assert_int_equal(ch.oldest, 0);
	assert_int_equal(ch.newest, 0);
	int64_t org = add_org(t, "pub-1", "");
	struct declaration d = declaration_of(org, "株式会社テスト", "テスト");
	int64_t id = declare(t, &d);
	struct declaration_event ev = {
	    .declaration_id = id, .at = 1700000000, .kind = STR("declared"), .to_value = STR("1")};
	assert_int_equal(store_declaration_event_insert(t->s, &ev), MM_OK);
	assert_int_equal(store_declaration_set_status(t->s, id, DECLARATION_WITHDRAWN, 1700000100),
	                 MM_OK);
	assert_int_equal(store_verification_changes(t->s, &t->a, 0, &ch), MM_OK);
	assert_int_equal(ch.n, 2); /* the event, the update */
	assert_str_equal(ch.public_ids[0], "90000000019");
	assert_str_equal(ch.public_ids[1], "90000000019");
	assert_int_equal(ch.last, ch.newest);
	assert_true(ch.oldest >= 1 && ch.oldest < ch.newest);
	assert_int_equal(store_verification_by_public_id(t->s, &t->a, d.public_id, true, &v),
	                 MM_OK);
	assert_int_equal(v.change_seq, ch.newest);
	assert_int_equal(v.status, VERIFICATION_WITHDRAWN);
	assert_int_equal(v.ended_at, 1700000100); /* no withdrawal event: the change */
	assert_int_equal(v.history_n, 1);
	assert_str_equal(v.history[0].kind, "declared");
	/* nothing after the newest */
	int64_t newest = ch.newest;
	assert_int_equal(store_verification_changes(t->s, &t->a, newest, &ch), MM_OK);
	assert_int_equal(ch.n, 0);
	assert_int_equal(ch.last, newest);
	/* another connection's change is there too */
	store_test_exec(t, "UPDATE declaration SET level = 2");
	assert_int_equal(store_verification_changes(t->s, &t->a, newest, &ch), MM_OK);
	assert_int_equal(ch.n, 1);
	assert_int_equal(ch.last, newest + 1);
}

/* ---- review signals and queue ------------------------------------------------- */

static void test_review_signals_count_other_organisations(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_org(t, "pub-a", ""), b = add_org(t, "pub-b", ""), id, count;
	struct declaration d = declaration_of(a, "A", "エー");
	d.corporate_number = STR("4011001098993");
	d.declared_ip = STR("192.0.2.1");
	d.address_key = STR("13:千代田");
	d.name_key = STR("えー");
	int64_t first = declare(t, &d);
	assert_int_equal(
	    store_declaration_set_status(t->s, first, DECLARATION_WITHDRAWN, 1700000001), MM_OK);
	d = declaration_of(b, "B", "ビー");
	d.corporate_number = STR("4011001098993");
	d.declared_ip = STR("192.0.2.1");
	d.declared_at = 1700000500;
	d.address_key = STR("13:千代田");
	d.name_key = STR("びー");
	int64_t second = declare(t, &d);
	assert_int_equal(
	    store_declaration_active_by_corporate_number(t->s, STR("4011001098993"), &id), MM_OK);
	assert_int_equal(id, second);
	assert_int_equal(
	    store_declaration_active_by_corporate_number(t->s, STR("1234567890123"), &id),
	    MM_ERR_NOT_FOUND);
	assert_int_equal(store_declaration_active_by_corporate_number(t->s, STR(""), &id),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_declaration_count_corporate_number(t->s, STR("4011001098993"), b, &count), MM_OK);
	assert_int_equal(count, 1); /* a's, withdrawn */
	assert_int_equal(store_declaration_count_corporate_number(t->s, STR(""), 0, &count), MM_OK);
	assert_int_equal(count, 0);
	assert_int_equal(
	    store_declaration_count_from_ip(t->s, STR("192.0.2.1"), 1700000000, &count), MM_OK);
	assert_int_equal(count, 2);
	assert_int_equal(
	    store_declaration_count_from_ip(t->s, STR("192.0.2.1"), 1700000001, &count), MM_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_declaration_count_from_ip(t->s, STR(""), 0, &count), MM_OK);
	assert_int_equal(count, 0);
	struct str *keys;
	size_t n;
	assert_int_equal(
	    store_declaration_names_at_address(t->s, &t->a, STR("13:千代田"), b, &keys, &n), MM_OK);
	assert_int_equal(n, 1);
	assert_str_equal(keys[0], "えー");
	assert_int_equal(store_declaration_names_at_address(t->s, &t->a, STR(""), 0, &keys, &n),
	                 MM_OK);
	assert_int_equal(n, 0);
}

static void test_a_revocation_blocks_its_organisation_and_number_until_lifted(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_org(t, "pub-a", "4011001098993"), b = add_org(t, "pub-b", ""), revoked,
	        withdrawn;
	struct str blocking;
	struct declaration d = declaration_of(a, "A", "エー");
	d.corporate_number = STR("4011001098993");
	int64_t first = declare(t, &d);
	assert_int_equal(
	    store_declaration_block_of(t->s, &t->a, a, STR("4011001098993"), &blocking),
	    MM_ERR_NOT_FOUND);
	assert_int_equal(store_declaration_set_status(t->s, first, DECLARATION_REVOKED, 1700000001),
	                 MM_OK);
	/* by organisation, by number, and not for anyone else */
	assert_int_equal(store_declaration_block_of(t->s, &t->a, a, STR(""), &blocking), MM_OK);
	assert_str_equal(blocking, (const char *)d.public_id.p);
	assert_int_equal(
	    store_declaration_block_of(t->s, &t->a, b, STR("4011001098993"), &blocking), MM_OK);
	assert_int_equal(store_declaration_block_of(t->s, &t->a, b, STR(""), &blocking),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_declaration_count_ended_of(t->s, a, &revoked, &withdrawn), MM_OK);
	assert_int_equal(revoked, 1);
	assert_int_equal(withdrawn, 0);
	assert_int_equal(store_declaration_count_ended_of(t->s, b, &revoked, &withdrawn), MM_OK);
	assert_int_equal(revoked + withdrawn, 0);
	/* lifted once, with its reason; an active declaration has no block to lift */
	assert_int_equal(store_declaration_lift_block(t->s, first, STR("checked"), 1700000100),
	                 MM_OK);
	assert_int_equal(store_declaration_lift_block(t->s, first, STR("again"), 1700000200),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_declaration_block_of(t->s, &t->a, b, STR("4011001098993"), &blocking),
	    MM_ERR_NOT_FOUND);
	struct declaration got;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, first, &got), MM_OK);
	assert_int_equal(got.block_lifted_at, 1700000100);
	assert_str_equal(got.block_lift_reason, "checked");

	/* the next declaration's verification lists the revoked one */
	d = declaration_of(a, "A", "エー");
	d.corporate_number = STR("4011001098993");
	d.declared_at = 1700000300;
	int64_t second = declare(t, &d);
	assert_int_equal(store_declaration_lift_block(t->s, second, STR("x"), 1700000400),
	                 MM_ERR_NOT_FOUND);
	struct verification v;
	assert_int_equal(store_verification_by_public_id(t->s, &t->a, d.public_id, true, &v),
	                 MM_OK);
	assert_int_equal(v.revoked_n, 1);
	assert_int_equal(v.revoked[0].declared_at, 1700000000);
	assert_int_equal(store_verification_by_public_id(t->s, &t->a, d.public_id, false, &v),
	                 MM_OK);
	assert_int_equal(v.revoked_n, 0);
}

static void test_a_new_corporate_number_waits_for_an_administrator(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_org(t, "pub-a", "");
	struct declaration d = declaration_of(a, "A", "エー");
	d.corporate_number = STR("4011001098993");
	int64_t id = declare(t, &d);
	assert_int_equal(store_declaration_apply_pending_number(t->s, id, 1700000001),
	                 MM_ERR_NOT_FOUND);
	d.id = id;
	d.org_name = STR("B");
	d.pending_corporate_number = STR("7123456789012");
	assert_int_equal(store_declaration_set_details(t->s, &d, 1700000002), MM_OK);
	struct declaration_event ev = {.declaration_id = id,
	                               .at = 1700000002,
	                               .kind = STR("details"),
	                               .old_name = STR("A"),
	                               .old_corporate_number = STR("4011001098993")};
	assert_int_equal(store_declaration_event_insert(t->s, &ev), MM_OK);
	struct declaration got;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.corporate_number, "4011001098993");
	assert_str_equal(got.pending_corporate_number, "7123456789012");
	/* public: the old name and number, never the event's from/to */
	struct verification v;
	assert_int_equal(store_verification_by_public_id(t->s, &t->a, d.public_id, true, &v),
	                 MM_OK);
	assert_str_equal(v.corporate_number, "4011001098993");
	assert_int_equal(v.history_n, 1);
	assert_str_equal(v.history[0].kind, "details");
	assert_str_equal(v.history[0].old_name, "A");
	assert_str_equal(v.history[0].old_corporate_number, "4011001098993");
	assert_int_equal(store_declaration_apply_pending_number(t->s, id, 1700000003), MM_OK);
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &got), MM_OK);
	assert_str_equal(got.corporate_number, "7123456789012");
	assert_int_equal(got.pending_corporate_number.n, 0);
	assert_int_equal(store_declaration_drop_pending_number(t->s, id), MM_ERR_NOT_FOUND);
}

static void test_the_review_queue_lists_flagged_declarations_oldest_first(void **state)
{
	struct store_test *t = *state;
	char name[16];
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "pub-%d", i);
		struct declaration d = declaration_of(add_org(t, name, ""), "X", "エックス");
		d.flagged = i != 2;
		d.flag_reasons = STR("same_ip");
		d.declared_at = 1700000000 - i;
		ids[i] = declare(t, &d);
	}
	struct declaration *list;
	size_t n;
	int64_t total;
	assert_int_equal(store_declaration_flagged_list(t->s, &t->a, 0, 3, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(total, 4);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, ids[4]);
	assert_int_equal(list[1].id, ids[3]);
	assert_int_equal(list[2].id, ids[1]);
	assert_int_equal(store_declaration_flagged_list(t->s, &t->a, 3, 3, &list, &n, &total),
	                 MM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, ids[0]);
}

/* ---- `mamori seed` ---------------------------------------------------------------- */

/* got holds every field of the profile want (but its id and time). */
static void expect_profile(const struct org_profile *got, const struct org_profile *want)
{
	const struct str texts[][2] = {
	    {got->public_id, want->public_id},
	    {got->name, want->name},
	    {got->name_kana, want->name_kana},
	    {got->corporate_number, want->corporate_number},
	    {got->postal_code, want->postal_code},
	    {got->address, want->address},
	    {got->industry, want->industry},
	    {got->trade, want->trade},
	    {got->representative_title, want->representative_title},
	    {got->representative_name, want->representative_name},
	    {got->contact_name, want->contact_name},
	    {got->contact_email, want->contact_email},
	    {got->contact_phone, want->contact_phone},
	    {got->website, want->website},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		assert_int_equal(texts[i][0].n, texts[i][1].n);
		if (texts[i][0].n)
			assert_memory_equal(texts[i][0].p, texts[i][1].p, texts[i][0].n);
	}
	assert_int_equal(got->sole_proprietor, want->sole_proprietor);
	assert_int_equal(got->prefecture, want->prefecture);
	assert_int_equal(got->employees, want->employees);
	assert_int_equal(got->capital_yen, want->capital_yen);
}

/* `mamori seed`'s organisation (store/seed.c: a row each on SQLite, one
 * statement on PostgreSQL) reads back as the profile it was made from,
 * with its submitted self-assessment, its answers and its published
 * policy; its public id taken, the next one is CONFLICT. */
static void test_a_seeded_organisation_reads_back_as_its_profile(void **state)
{
	struct store_test *t = *state;
	struct declaration_seed seed = {
	    .org = {.public_id = STR("S00000000001"),
	            .name = STR("株式会社種"),
	            .name_kana = STR("タネ"),
	            .corporate_number = STR("1234567890123"),
	            .postal_code = STR("100-0001"),
	            .prefecture = 13,
	            .address = STR("千代田区千代田1-1"),
	            .industry = STR("E"),
	            .employees = 12,
	            .capital_yen = 3000000,
	            .representative_title = STR("代表取締役"),
	            .representative_name = STR("種 太郎"),
	            .contact_name = STR("種 花子"),
	            .contact_email = STR("info@seed.example.jp"),
	            .website = STR("https://seed.example.jp/")},
	    .created_at = 1700000000,
	    .has_assessment = true,
	    .assessment_version = STR("2024"),
	    .submit_token = STR("seed-token-1"),
	    .total = 40,
	    .part = {10, 20, 10},
	    .taken_at = 1700000100,
	    .bench_size = 2,
	    .publish_policy = true,
	    .policy_preamble = STR("前文"),
	    .policy_commitments = {STR("一"), STR("二"), STR("三"), STR("四"), STR("五")},
	    .policy_established_on = STR("2023-11-15"),
	    .published_at = 1700000200,
	};
	for (int i = 0; i < DECLARATION_SEED_ITEMS; i++)
		seed.answers[i] = "done";
	int64_t id, again;
	assert_int_equal(store_declaration_seed_insert(t->s, &seed, &id), MM_OK);

	struct org_profile got;
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	expect_profile(&got, &seed.org);
	assert_int_equal(got.updated_at, 1700000000);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"
	                                   " WHERE created_at = '2023-11-14T22:13:20Z'"),
	                 1);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"
	                                   " WHERE version = '2024' AND taken_at = 1700000100"
	                                   " AND total = 40 AND part1 = 10 AND part2 = 20"
	                                   " AND part3 = 10 AND submit_token = 'seed-token-1'"
	                                   " AND bench_industry = 'E' AND bench_size = 2"),
	                 1);
	assert_int_equal(
	    store_test_int(t,
	                   "SELECT count(*) FROM assessment_result_answer WHERE answer = 'done'"),
	    DECLARATION_SEED_ITEMS);
	assert_int_equal(store_test_int(t,
	                                "SELECT count(*) FROM policy_publication p"
	                                " JOIN policy_version v ON v.id = p.version_id"
	                                " WHERE p.kind = 'hosted' AND p.published_at = 1700000200"
	                                " AND v.organisation_name = '株式会社種'"
	                                " AND v.commitment_5 = '五'"),
	                 1);

	seed.org.corporate_number = STR("");
	assert_int_equal(store_declaration_seed_insert(t->s, &seed, &again), MM_ERR_CONFLICT);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"), 1);
}

/* Many at once (one JSON document on PostgreSQL), a sole proprietor's
 * profile reads back as it was given too. */
static void test_a_seeded_batch_keeps_each_profile(void **state)
{
	struct store_test *t = *state;
	struct declaration_seed seeds[1] = {{
	    .org = {.public_id = STR("S00000000002"),
	            .name = STR("種屋"),
	            .name_kana = STR("タネヤ"),
	            .corporate_number = STR(""),
	            .sole_proprietor = true,
	            .postal_code = STR("530-0001"),
	            .prefecture = 27,
	            .address = STR("北区梅田1-1"),
	            .industry = STR("I"),
	            .trade = STR("retail"),
	            .employees = 3,
	            .capital_yen = -1,
	            .representative_title = STR("代表"),
	            .representative_name = STR("種 次郎"),
	            .contact_name = STR("種 次郎"),
	            .contact_email = STR("info@taneya.example.jp"),
	            .contact_phone = STR("06-0000-0000"),
	            .website = STR("")},
	    .created_at = 1700000000,
	}};
	assert_int_equal(store_declaration_seed_batch(t->s, &t->a, seeds, 1), MM_OK);

	struct org_profile got;
	int64_t id =
	    store_test_int(t, "SELECT id FROM organisation WHERE public_id = 'S00000000002'");
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &got), MM_OK);
	expect_profile(&got, &seeds[0].org);
	assert_int_equal(got.updated_at, 1700000000);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM assessment_result"), 0);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declaration"), 0);
}

/* ---- the declarant search --------------------------------------------------------- */

static void add_declarant(struct store_test *t, const char *public_id, const char *name,
                          const char *kana, int prefecture, int level)
{
	struct declaration d = declaration_of(add_org(t, public_id, ""), name, kana);
	d.prefecture = prefecture;
	d.level = level;
	declare(t, &d);
}

static struct declarant_page search(struct store_test *t, const char *text, const char *katakana,
                                    const char *hiragana, int prefecture, int64_t page)
{
	struct declarant_query q = {.text = str_from(text),
	                            .katakana = str_from(katakana),
	                            .hiragana = str_from(hiragana),
	                            .prefecture = prefecture,
	                            .industry = STR(""),
	                            .page = page};
	struct declarant_page out;
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &out), MM_OK);
	return out;
}

static int setup_declarants(void **state)
{
	if (store_test_setup(state))
		return -1;
	struct store_test *t = *state;
	add_declarant(t, "p1", "山田精密株式会社", "ヤマダセイミツ", 13, 1);
	add_declarant(t, "p2", "株式会社山田商店", "ヤマダショウテン", 27, 2);
	add_declarant(t, "p3", "さくら電機", "サクラデンキ", 13, 1);
	add_declarant(t, "p4", "ABC Trading", "エービーシートレーディング", 13, 1);
	add_declarant(t, "p5", "百%食品", "ヒャクパーセントショクヒン", 13, 1);
	add_declarant(t, "p6", "百分食品", "ヒャクブンショクヒン", 13, 1);
	/* withdrawn: never listed */
	struct declaration d =
	    declaration_of(add_org(t, "p7", ""), "山田精密工業", "ヤマダセイミツコウギョウ");
	int64_t id = declare(t, &d);
	assert_int_equal(store_declaration_set_status(t->s, id, DECLARATION_WITHDRAWN, 1700000001),
	                 MM_OK);
	return 0;
}

static void test_search_finds_names_and_kana_by_any_part(void **state)
{
	struct store_test *t = *state;
	/* two characters: a token; three or more: a bigram, confirmed */
	struct declarant_page p = search(t, "山田", "山田", "山田", 0, 1);
	assert_int_equal(p.total, 2);
	assert_int_equal(p.n, 2);
	assert_str_equal(p.items[0].name, "株式会社山田商店"); /* ヤマダシ… < ヤマダセ… */
	assert_int_equal(p.items[0].level, 2);
	assert_int_equal(p.items[0].prefecture, 27);
	assert_str_equal(p.items[1].name, "山田精密株式会社");
	p = search(t, "山田精密", "山田精密", "山田精密", 0, 1);
	assert_int_equal(p.total, 1);
	assert_str_equal(p.items[0].public_id, "90000000019");
	/* the kana forms of the text */
	p = search(t, "やまだ", "ヤマダ", "やまだ", 0, 1);
	assert_int_equal(p.total, 2);
	p = search(t, "さく", "サク", "さく", 0, 1);
	assert_int_equal(p.total, 1);
	assert_str_equal(p.items[0].name, "さくら電機");
	/* case is ignored, whatever the length */
	p = search(t, "abc", "abc", "abc", 0, 1);
	assert_int_equal(p.total, 1);
	p = search(t, "ab", "ab", "ab", 0, 1);
	assert_int_equal(p.total, 1);
	p = search(t, "AB", "AB", "AB", 0, 1);
	assert_int_equal(p.total, 1);
	/* a percent sign is a character, not a wildcard */
	p = search(t, "百%食", "百%食", "百%食", 0, 1);
	assert_int_equal(p.total, 1);
	assert_str_equal(p.items[0].name, "百%食品");
	p = search(t, "存在しない", "存在しない", "存在しない", 0, 1);
	assert_int_equal(p.total, 0);
	assert_int_equal(p.n, 0);
}

static void test_search_filters_and_pages_in_kana_order(void **state)
{
	struct store_test *t = *state;
	struct declarant_page p = search(t, "", "", "", 0, 1);
	assert_int_equal(p.total, 6);
	assert_str_equal(p.items[0].name, "ABC Trading");      /* エー… */
	assert_str_equal(p.items[1].name, "さくら電機");       /* サ… */
	assert_str_equal(p.items[2].name, "百%食品");          /* ヒャクパ… */
	assert_str_equal(p.items[5].name, "山田精密株式会社"); /* ヤマダセ… */
	p = search(t, "", "", "", 27, 1);
	assert_int_equal(p.total, 1);
	p = search(t, "山田", "山田", "山田", 13, 1);
	assert_int_equal(p.total, 1);
	struct declarant_query q = {.text = STR(""),
	                            .katakana = STR(""),
	                            .hiragana = STR(""),
	                            .industry = STR("E"),
	                            .level = 2,
	                            .page = 1};
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_OK);
	assert_int_equal(p.total, 1);
	q.industry = STR("A");
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_OK);
	assert_int_equal(p.total, 0);
	/* pages of DECLARANTS_PER_PAGE */
	char id[16];
	for (int i = 0; i < DECLARANTS_PER_PAGE; i++) {
		snprintf(id, sizeof id, "q%02d", i);
		add_declarant(t, id, "ワ行商事", "ワギョウショウジ", 1, 1);
	}
	p = search(t, "商事", "商事", "商事", 0, 2);
	assert_int_equal(p.total, DECLARANTS_PER_PAGE);
	assert_int_equal(p.n, 0);
	p = search(t, "", "", "", 0, 2);
	assert_int_equal(p.total, 6 + DECLARANTS_PER_PAGE);
	assert_int_equal(p.n, 6);
	q = (struct declarant_query){.text = STR(""),
	                             .katakana = STR(""),
	                             .hiragana = STR(""),
	                             .industry = STR(""),
	                             .page = DECLARANTS_MAX_PAGE + 1};
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_ERR_INVALID);
}

static void test_verification_by_corporate_number_lists_active_first(void **state)
{
	struct store_test *t = *state;
	int64_t a = add_org(t, "pub-a", ""), b = add_org(t, "pub-b", "");
	struct declaration d = declaration_of(a, "A", "エー");
	d.corporate_number = STR("4011001098993");
	d.declared_at = 1700000900; /* the newest, but withdrawn */
	int64_t old = declare(t, &d);
	assert_int_equal(store_declaration_set_status(t->s, old, DECLARATION_REVOKED, 1700000950),
	                 MM_OK);
	d = declaration_of(b, "B", "ビー");
	d.corporate_number = STR("4011001098993");
	declare(t, &d);
	struct verification *v;
	size_t n;
	assert_int_equal(
	    store_verification_by_corporate_number(t->s, &t->a, STR("4011001098993"), &v, &n),
	    MM_OK);
	assert_int_equal(n, 2);
	assert_str_equal(v[0].name, "B");
	assert_int_equal(v[0].status, VERIFICATION_ACTIVE);
	assert_int_equal(v[0].ended_at, 0);
	assert_str_equal(v[1].name, "A");
	assert_int_equal(v[1].status, VERIFICATION_REVOKED);
	assert_int_equal(v[1].ended_at, 1700000950);
	assert_int_equal(store_verification_by_corporate_number(t->s, &t->a, STR(""), &v, &n),
	                 MM_OK);
	assert_int_equal(n, 0);
	struct verification one;
	assert_int_equal(
	    store_verification_by_public_id(t->s, &t->a, STR("90000000000"), false, &one),
	    MM_ERR_NOT_FOUND);
}

#define SEARCH_TEST(f) cmocka_unit_test_setup_teardown(f, setup_declarants, store_test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_an_organisation_has_one_active_declaration_at_a_time),
	    STORE_TEST(test_a_taken_id_is_skipped_and_its_number_used_up),
	    STORE_TEST(test_a_declaration_is_kept_field_by_field),
	    STORE_TEST(test_two_declarers_at_once_never_get_the_same_id),
	    STORE_TEST(test_two_declarations_of_one_organisation_at_once_leave_one),
	    STORE_TEST(test_unpublishing_the_policy_drops_two_stars_to_one),
	    STORE_TEST(test_unpublishing_during_a_two_star_declaration_drops_it),
	    STORE_TEST(test_every_change_of_a_declaration_is_logged_by_trigger),
	    STORE_TEST(test_review_signals_count_other_organisations),
	    STORE_TEST(test_the_review_queue_lists_flagged_declarations_oldest_first),
	    STORE_TEST(test_a_revocation_blocks_its_organisation_and_number_until_lifted),
	    STORE_TEST(test_a_new_corporate_number_waits_for_an_administrator),
	    STORE_TEST(test_a_seeded_organisation_reads_back_as_its_profile),
	    STORE_TEST(test_a_seeded_batch_keeps_each_profile),
	    SEARCH_TEST(test_search_finds_names_and_kana_by_any_part),
	    SEARCH_TEST(test_search_filters_and_pages_in_kana_order),
	    STORE_TEST(test_verification_by_corporate_number_lists_active_first),
	};
	return STORE_TEST_MAIN("declaration store", tests);
}
