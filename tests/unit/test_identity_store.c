/* Unit tests: the identity store on each store — the corporate-number
 * data kept at its latest state (store/corp.h), the claim rule of
 * store_identity_verify (a number moves from an unverified holder, never
 * from a verified one), the level brought back by a change of number,
 * and letters: a new one cancels the open one, wrong codes counted up to
 * the limit, batches of the waiting letters, codes forgotten once posted
 * (store/identity.h). */
#include <stdio.h>

#include "store/corp.h"
#include "store/identity.h"
#include "store_test.h"

#define MINATO "6010401234561"
#define KAMOME "7011001234562"

static struct corp_row row(const char *number, const char *name, const char *update,
                           int64_t sequence, bool latest)
{
	return (struct corp_row){.sequence = sequence,
	                         .number = str_from(number),
	                         .process = STR("01"),
	                         .update_date = str_from(update),
	                         .change_date = STR(""),
	                         .name = str_from(name),
	                         .kind = STR("301"),
	                         .prefecture_name = STR("東京都"),
	                         .city_name = STR("港区"),
	                         .street = STR("芝浦一丁目２－３"),
	                         .city_code = STR("103"),
	                         .prefecture_code = 13,
	                         .postal_code = STR("1050023"),
	                         .address_outside = STR(""),
	                         .close_date = STR(""),
	                         .close_cause = STR(""),
	                         .successor_number = STR(""),
	                         .change_cause = STR(""),
	                         .assignment_date = STR("2015-10-05"),
	                         .latest = latest,
	                         .name_en = STR(""),
	                         .address_en = STR(""),
	                         .furigana = STR("ミナトセイキ")};
}

static bool upsert(struct store_test *t, struct corp_row r)
{
	bool applied;
	assert_int_equal(store_corp_upsert(t->s, &r, &applied), MM_OK);
	return applied;
}

static const char *name_of(struct store_test *t, const char *number)
{
	struct corp_record c;
	assert_int_equal(store_corp_get(t->s, &t->a, str_from(number), &c), MM_OK);
	return str_dup(&t->a, c.name);
}

static void test_the_data_keeps_the_latest_state_of_each_number(void **state)
{
	struct store_test *t = *state;
	bool any;
	struct corp_record c;
	assert_int_equal(store_corp_any(t->s, &any), MM_OK);
	assert_false(any);
	assert_int_equal(store_corp_get(t->s, &t->a, STR(MINATO), &c), MM_ERR_NOT_FOUND);
	assert_true(upsert(t, row(MINATO, "旧名", "2015-11-13", 7, true)));
	assert_false(upsert(t, row(MINATO, "旧名", "2015-11-13", 7, true))); /* the same again */
	assert_true(upsert(t, row(MINATO, "新名", "2024-04-02", 1, true)));
	assert_false(upsert(t, row(MINATO, "旧名", "2015-11-13", 9, true)));  /* older file after */
	assert_false(upsert(t, row(MINATO, "履歴", "2024-04-02", 5, false))); /* a history row */
	assert_string_equal(name_of(t, MINATO), "新名");
	assert_true(upsert(t, row(MINATO, "訂正", "2024-04-02", 2, true)));
	assert_string_equal(name_of(t, MINATO), "訂正");
	assert_int_equal(store_corp_get(t->s, &t->a, STR(MINATO), &c), MM_OK);
	assert_int_equal(c.prefecture_code, 13);
	assert_true(str_eq_lit(c.postal_code, "1050023"));
	assert_true(str_eq_lit(c.furigana, "ミナトセイキ"));
	assert_int_equal(store_corp_any(t->s, &any), MM_OK);
	assert_true(any);
}

static void test_a_batch_keeps_the_latest_of_each_number_it_holds(void **state)
{
	struct store_test *t = *state;
	int64_t applied;
	struct corp_row rows[] = {
	    row(KAMOME, "かもめ商店", "2015-11-13", 2, true),
	    row(MINATO, "みなと精機", "2015-11-13", 1, true),
	    row(KAMOME, "かもめ商事", "2024-04-02", 3, true),
	    row(KAMOME, "かもめ履歴", "2024-04-02", 4, false),
	};
	assert_int_equal(store_corp_upsert_batch(t->s, &t->a, rows, 4, &applied), MM_OK);
	assert_string_equal(name_of(t, KAMOME), "かもめ商事");
	assert_string_equal(name_of(t, MINATO), "みなと精機");
	/* SQLite takes the rows one by one (the older one first, then the
	 * newer: three states kept), PostgreSQL the latest of each number */
	assert_int_equal(applied, store_test_backend == STORE_TEST_SQLITE ? 3 : 2);
	assert_int_equal(store_corp_upsert_batch(t->s, &t->a, rows, 4, &applied), MM_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_corp_upsert_batch(t->s, &t->a, rows, 0, &applied), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM corporate_record"), 2);
}

static int64_t org_with_number(struct store_test *t, const char *public_id, const char *number)
{
	int64_t id = store_test_add_org(t, public_id);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE organisation SET corporate_number = '%s' WHERE id = %lld",
	         number, (long long)id);
	store_test_exec(t, sql);
	return id;
}

static void test_a_verified_firm_takes_a_number_from_an_unverified_holder(void **state)
{
	struct store_test *t = *state;
	struct identity_moved moved;
	struct org_identity_state st;
	assert_true(upsert(t, row(MINATO, "株式会社みなと精機", "2015-11-13", 1, true)));
	int64_t squatter = org_with_number(t, "AAAAAAAAAAAA", MINATO);
	int64_t firm = store_test_add_org(t, "BBBBBBBBBBBB");
	assert_int_equal(store_identity_verify(t->s, &t->a, firm, STR(MINATO), ORG_IDENTITY_LETTER,
	                                       STR("letter:1"), 0, 500, &moved),
	                 MM_OK);
	assert_true(moved.claim_id > 0);
	assert_int_equal(moved.holder_id, squatter);
	assert_true(str_eq_lit(moved.holder_name, "株式会社テスト"));
	assert_int_equal(store_identity_get(t->s, &t->a, firm, &st), MM_OK);
	assert_int_equal(st.level, ORG_IDENTITY_LETTER);
	assert_int_equal(st.at, 500);
	assert_true(str_eq_lit(st.corporate_number, MINATO));
	assert_true(str_eq_lit(st.registered_name, "株式会社みなと精機"));
	assert_true(str_eq_lit(st.source, "letter:1"));
	assert_int_equal(store_identity_get(t->s, &t->a, squatter, &st), MM_OK);
	assert_int_equal(st.corporate_number.n, 0);
	assert_int_equal(st.level, ORG_IDENTITY_UNVERIFIED);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM identity_claim"), 1);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM identity_event WHERE kind = 'number_lost'"), 1);
	/* nobody takes it back, not even by business ID */
	int64_t third = store_test_add_org(t, "CCCCCCCCCCCC");
	assert_int_equal(store_identity_verify(t->s, &t->a, third, STR(MINATO),
	                                       ORG_IDENTITY_BUSINESS_ID, STR("https://idp"), 0, 600,
	                                       &moved),
	                 MM_ERR_CONFLICT);
	assert_int_equal(moved.claim_id, 0);
	assert_int_equal(store_identity_get(t->s, &t->a, firm, &st), MM_OK);
	assert_true(str_eq_lit(st.corporate_number, MINATO));
	/* the firm itself may move up a level */
	assert_int_equal(store_identity_verify(t->s, &t->a, firm, STR(MINATO),
	                                       ORG_IDENTITY_BUSINESS_ID, STR("https://idp"), 0, 700,
	                                       &moved),
	                 MM_OK);
	assert_int_equal(moved.claim_id, 0);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM identity_claim"), 1);
}

static void test_a_free_number_is_simply_taken_and_bad_calls_are_refused(void **state)
{
	struct store_test *t = *state;
	struct identity_moved moved;
	int64_t firm = store_test_add_org(t, "DDDDDDDDDDDD");
	assert_int_equal(store_identity_verify(t->s, &t->a, firm, STR(KAMOME),
	                                       ORG_IDENTITY_UNVERIFIED, STR(""), 0, 1, &moved),
	                 MM_ERR_INVALID);
	assert_int_equal(store_identity_verify(t->s, &t->a, firm, STR("123"), ORG_IDENTITY_LETTER,
	                                       STR(""), 0, 1, &moved),
	                 MM_ERR_INVALID);
	assert_int_equal(store_identity_verify(t->s, &t->a, firm, STR(KAMOME),
	                                       ORG_IDENTITY_BUSINESS_ID, STR("https://idp"), 0, 1,
	                                       &moved),
	                 MM_OK);
	assert_int_equal(moved.claim_id, 0);
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM organisation WHERE identity = 'business_id'"),
	    1);
	assert_int_equal(store_org_identity_set(t->s, firm, ORG_IDENTITY_UNVERIFIED, STR("x"), 9),
	                 MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"
	                                   " WHERE identity = 'unverified' AND identity_source = ''"
	                                   " AND identity_at IS NULL"),
	                 1);
	assert_int_equal(store_org_identity_set(t->s, 999999, ORG_IDENTITY_LETTER, STR("x"), 9),
	                 MM_ERR_NOT_FOUND);
}

static void test_a_new_number_brings_the_level_back_to_unverified(void **state)
{
	struct store_test *t = *state;
	struct identity_moved moved;
	struct org_profile o;
	assert_true(upsert(t, row(KAMOME, "合同会社かもめ商事", "2024-04-02", 2, true)));
	int64_t id = store_test_add_org(t, "EEEEEEEEEEEE");
	assert_int_equal(store_identity_verify(t->s, &t->a, id, STR(MINATO), ORG_IDENTITY_LETTER,
	                                       STR("letter:9"), 0, 5, &moved),
	                 MM_OK);
	assert_int_equal(store_org_by_id(t->s, &t->a, id, &o), MM_OK);
	assert_int_equal(store_org_update(t->s, &o, 6), MM_OK); /* same number: kept */
	assert_int_equal(
	    store_test_int(t, "SELECT count(*) FROM organisation WHERE identity = 'letter'"), 1);
	o.corporate_number = STR(KAMOME);
	o.sole_proprietor = false;
	assert_int_equal(store_org_update(t->s, &o, 7), MM_OK);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM organisation"
	                                   " WHERE identity = 'unverified' AND identity_at IS NULL"
	                                   " AND registered_name = '合同会社かもめ商事'"),
	                 1);
}

static struct identity_letter letter(int64_t org, const char *code, int64_t now)
{
	struct identity_letter l = {.organisation_id = org,
	                            .corporate_number = STR(MINATO),
	                            .recipient = STR("株式会社みなと精機"),
	                            .postal_code = STR("105-0023"),
	                            .address = STR("東京都港区芝浦一丁目２－３"),
	                            .code = str_from(code),
	                            .created_at = now,
	                            .expires_at = now + 60 * 86400};
	memset(l.code_hash, code[0], sizeof l.code_hash);
	return l;
}

static void test_letters_open_refused_batched_used_and_forgotten(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "FFFFFFFFFFFF"), first, second, batch, n;
	struct identity_letter l = letter(org, "111111111111", 100), got, *list;
	size_t count;
	int attempts;
	bool cancelled;
	assert_int_equal(store_identity_letter_insert(t->s, &l, 0, &first), MM_OK);
	l = letter(org, "222222222222", 200);
	assert_int_equal(store_identity_letter_insert(t->s, &l, 0, &second), MM_OK);
	assert_int_equal(store_identity_letter_count_since(t->s, org, 100, &n), MM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_identity_letter_latest(t->s, &t->a, org, &got), MM_OK);
	assert_int_equal(got.id, second);
	assert_int_equal(got.code_hash[0], '2');
	assert_int_equal(
	    store_test_int(t,
	                   "SELECT count(*) FROM identity_letter WHERE cancelled_at IS NOT NULL"),
	    1);
	/* not printed yet: it cannot be used */
	assert_int_equal(store_identity_letter_use(t->s, second, 300), MM_ERR_NOT_FOUND);
	assert_int_equal(
	    store_identity_letters_to_print(t->s, &t->a, 300, 0, 10, &list, &count, &n), MM_OK);
	assert_int_equal(count, 1);
	assert_int_equal(n, 1);
	assert_int_equal(store_identity_batch_create(t->s, 0, 400, &batch), MM_OK);
	assert_int_equal(store_identity_batch_create(t->s, 0, 401, &n), MM_ERR_NOT_FOUND);
	assert_int_equal(store_identity_batch_letters(t->s, &t->a, batch, &list, &count), MM_OK);
	assert_int_equal(count, 1);
	assert_true(str_eq_lit(list[0].code, "222222222222"));
	for (int i = 1; i <= 2; i++) {
		assert_int_equal(
		    store_identity_letter_refuse(t->s, second, 500, 3, &attempts, &cancelled),
		    MM_OK);
		assert_int_equal(attempts, i);
		assert_false(cancelled);
	}
	assert_int_equal(store_identity_letter_use(t->s, second, 600), MM_OK);
	assert_int_equal(store_identity_letter_refuse(t->s, second, 700, 3, &attempts, &cancelled),
	                 MM_ERR_NOT_FOUND);
	assert_int_equal(store_identity_batch_posted(t->s, batch, 800), MM_OK);
	assert_int_equal(store_identity_batch_posted(t->s, batch, 801), MM_ERR_NOT_FOUND);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM identity_letter WHERE code <> ''"),
	                 0);
}

static void test_the_last_wrong_code_cancels_and_expired_letters_wait_for_nobody(void **state)
{
	struct store_test *t = *state;
	int64_t org = store_test_add_org(t, "GGGGGGGGGGGG"), id, batch, n;
	struct identity_letter l = letter(org, "333333333333", 100), *list;
	size_t count;
	int attempts;
	bool cancelled;
	assert_int_equal(store_identity_letter_insert(t->s, &l, 0, &id), MM_OK);
	assert_int_equal(store_identity_batch_create(t->s, 0, 150, &batch), MM_OK);
	for (int i = 1; i <= 3; i++)
		assert_int_equal(
		    store_identity_letter_refuse(t->s, id, 200, 3, &attempts, &cancelled), MM_OK);
	assert_true(cancelled);
	assert_int_equal(store_identity_letter_use(t->s, id, 300), MM_ERR_NOT_FOUND);
	l = letter(org, "444444444444", 1000);
	assert_int_equal(store_identity_letter_insert(t->s, &l, 0, &id), MM_OK);
	int64_t later = 1000 + 60 * 86400;
	assert_int_equal(
	    store_identity_letters_to_print(t->s, &t->a, later, 0, 10, &list, &count, &n), MM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_identity_batch_create(t->s, 0, later, &batch), MM_ERR_NOT_FOUND);
}

#define FIXTURE(t) STORE_TEST(t)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FIXTURE(test_the_data_keeps_the_latest_state_of_each_number),
	    FIXTURE(test_a_batch_keeps_the_latest_of_each_number_it_holds),
	    FIXTURE(test_a_verified_firm_takes_a_number_from_an_unverified_holder),
	    FIXTURE(test_a_free_number_is_simply_taken_and_bad_calls_are_refused),
	    FIXTURE(test_a_new_number_brings_the_level_back_to_unverified),
	    FIXTURE(test_letters_open_refused_batched_used_and_forgotten),
	    FIXTURE(test_the_last_wrong_code_cancels_and_expired_letters_wait_for_nobody),
	};
	return STORE_TEST_MAIN("identity store", tests);
}
