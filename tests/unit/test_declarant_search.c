/* Store tests: the declarant search index (store/declarant_index.h) and the
 * search through it (store_verification_search): any length of text in
 * either kana form and either case, the filters, the capped count, cursor
 * pages, the ended declarations, and the index following every change
 * (insert, change of name, withdrawal, organisation deleted, rebuild). */
#include <stdio.h>

#include "store/declarant_index.h"
#include "store/declaration.h"
#include "store/org.h"
#include "store/verification.h"
#include "store_test.h"

static int64_t declare(struct store_test *t, const char *org, const char *name, const char *kana,
                       int prefecture)
{
	struct declaration d = {
	    .organisation_id = store_test_add_org(t, org),
	    .org_name = str_from(name),
	    .org_name_kana = str_from(kana),
	    .prefecture = prefecture,
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
	int64_t id;
	assert_int_equal(store_declaration_insert(t->s, &t->a, &d, &id), MM_OK);
	return id;
}

static struct declarant_page find(struct store_test *t, const char *text, int prefecture,
                                  const char *after, bool with_ended)
{
	struct declarant_query q = {.text = str_from(text),
	                            .katakana = str_from(text),
	                            .hiragana = str_from(text),
	                            .prefecture = prefecture,
	                            .industry = STR(""),
	                            .page = 1,
	                            .after = str_from(after),
	                            .with_ended = with_ended};
	struct declarant_page out;
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &out), MM_OK);
	return out;
}

static void test_any_length_matches_in_either_case_and_kana_form(void **state)
{
	struct store_test *t = *state;
	declare(t, "o1", "ABC Trading", "エービーシートレーディング", 13);
	declare(t, "o2", "さくら電機", "サクラデンキ", 13);
	static const char *const found[] = {"a",      "ab",       "abc",    "AbC tr", "さ",  "サク",
	                                    "さくら", "サクラ電", "でんき", "電",     "電機"};
	for (size_t i = 0; i < sizeof found / sizeof *found; i++)
		assert_int_equal(find(t, found[i], 0, "", false).total, 1);
	/* never across the name and its kana */
	assert_int_equal(find(t, "機サ", 0, "", false).total, 0);
	assert_int_equal(find(t, "電機サクラ", 0, "", false).total, 0);
	assert_int_equal(find(t, "abd", 0, "", false).total, 0);
}

static void test_the_index_follows_a_new_name_a_withdrawal_and_a_deletion(void **state)
{
	struct store_test *t = *state;
	int64_t id = declare(t, "o1", "旧名商事", "キュウメイショウジ", 13);
	int64_t other = declare(t, "o2", "消える工業", "キエルコウギョウ", 13);
	struct declaration d;
	assert_int_equal(store_declaration_by_id(t->s, &t->a, id, &d), MM_OK);
	d.org_name = STR("新名商事");
	d.org_name_kana = STR("シンメイショウジ");
	assert_int_equal(store_declaration_set_details(t->s, &d, 1700000100), MM_OK);
	assert_int_equal(find(t, "旧名", 0, "", false).total, 0);
	assert_int_equal(find(t, "新名", 0, "", false).total, 1);
	assert_int_equal(find(t, "しんめい", 0, "", false).total, 1);
	assert_int_equal(store_declaration_set_status(t->s, id, DECLARATION_WITHDRAWN, 1700000200),
	                 MM_OK);
	assert_int_equal(find(t, "新名", 0, "", false).total, 0);
	/* with the ended ones: there, marked withdrawn */
	struct declarant_page p = find(t, "新名", 0, "", true);
	assert_int_equal(p.total, 1);
	assert_int_equal(p.items[0].status, VERIFICATION_WITHDRAWN);
	/* an organisation deleted: its declaration withdrawn by trigger */
	assert_int_equal(find(t, "消える", 0, "", false).total, 1);
	assert_int_equal(store_org_remove(t->s, store_test_int(t, "SELECT organisation_id FROM "
	                                                          "declaration WHERE id = 2")),
	                 MM_OK);
	(void)other;
	assert_int_equal(find(t, "消える", 0, "", false).total, 0);
	assert_int_equal(find(t, "", 0, "", false).total, 0);
	/* nothing left behind in the index */
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declarant_token"), 0);
}

/* n declarations named 大量NNNN (n written in a scrambled order) with the
 * same kana; every tenth in prefecture 1, the rest in 2. */
static void declare_many(struct store_test *t, int n)
{
	char org[16], name[32];
	assert_int_equal(store_begin(t->s), MM_OK);
	for (int i = 0; i < n; i++) {
		snprintf(org, sizeof org, "m%05d", i);
		snprintf(name, sizeof name, "大量%04d", (i * 37) % n);
		declare(t, org, name, "タイリョウ", i % 10 ? 2 : 1);
	}
	assert_int_equal(store_commit(t->s), MM_OK);
}

static int compare(struct str a, struct str b)
{
	int c = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);
	return c ? c : (a.n > b.n) - (a.n < b.n);
}

/* Follows the cursor from the top: every row once, in name order. */
static void expect_every_row_in_order(struct store_test *t, const char *text, int prefecture,
                                      bool with_ended, int n)
{
	struct declarant_page p = find(t, text, prefecture, "", with_ended);
	struct str last = STR("");
	int seen = 0;
	for (;;) {
		for (size_t i = 0; i < p.n; i++, seen++) {
			assert_true(seen == 0 || compare(last, p.items[i].name) < 0);
			last = p.items[i].name;
		}
		if (!p.next.n)
			break;
		p = find(t, text, prefecture, p.next.p, with_ended);
	}
	assert_int_equal(seen, n);
}

static void test_a_common_word_is_counted_to_the_cap_and_paged_by_cursor(void **state)
{
	struct store_test *t = *state;
	declare_many(t, 2100);
	struct declarant_page p = find(t, "大量", 0, "", false);
	assert_int_equal(p.total, DECLARANTS_COUNT_MAX + 1);
	assert_true(p.total_capped);
	assert_int_equal(p.n, DECLARANTS_PER_PAGE);
	assert_str_equal(p.items[0].name, "大量0000");
	/* a common token and a small filtered listing: the listing drives */
	p = find(t, "大量", 1, "", false);
	assert_int_equal(p.total, 210);
	assert_false(p.total_capped);
	expect_every_row_in_order(t, "大量", 1, false, 210);
	expect_every_row_in_order(t, "量01", 1, false, 10);
	/* a rare token drives, with or without the filter */
	assert_int_equal(find(t, "大量0123", 0, "", false).total, 1);
	expect_every_row_in_order(t, "大量01", 0, false, 100);
	expect_every_row_in_order(t, "大量", 2, false, 1890);
	/* the page number skips rows up to DECLARANTS_MAX_PAGE */
	struct declarant_query q = {.text = STR("りょう"),
	                            .katakana = STR("リョウ"),
	                            .hiragana = STR("りょう"),
	                            .industry = STR(""),
	                            .after = STR(""),
	                            .page = DECLARANTS_MAX_PAGE};
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_OK);
	assert_int_equal(p.n, DECLARANTS_PER_PAGE);
	assert_str_equal(p.items[0].name, "大量0980");
	q.page++;
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_ERR_INVALID);
	q.page = 1;
	q.after = STR("no-such-id");
	assert_int_equal(store_verification_search(t->s, &t->a, &q, &p), MM_ERR_INVALID);
}

static void test_ended_declarations_merge_in_order_when_asked(void **state)
{
	struct store_test *t = *state;
	declare_many(t, 60);
	for (int64_t id = 3; id <= 60; id += 3)
		assert_int_equal(
		    store_declaration_set_status(t->s, id, DECLARATION_REVOKED, 1700000300), MM_OK);
	assert_int_equal(find(t, "大量", 0, "", false).total, 40);
	assert_int_equal(find(t, "大量", 0, "", true).total, 60);
	expect_every_row_in_order(t, "大量", 0, true, 60);
	expect_every_row_in_order(t, "", 0, true, 60);
	expect_every_row_in_order(t, "", 2, true, 54);
}

static void test_a_rebuild_gives_the_same_answers(void **state)
{
	struct store_test *t = *state;
	declare_many(t, 50);
	declare(t, "x1", "あいう", "アイウ", 5);
	declare(t, "x2", "あいう", "アイウ", 5);
	declare(t, "x3", "かきく", "アイウ", 5);
	int64_t tokens = store_test_int(t, "SELECT count(*) FROM declarant_token");
	struct declarant_page before = find(t, "", 0, "", false);
	int64_t n;
	assert_int_equal(store_declarant_index_rebuild(t->s, NULL, NULL, &n), MM_OK);
	assert_int_equal(n, 53);
	assert_int_equal(store_test_int(t, "SELECT count(*) FROM declarant_token"), tokens);
	struct declarant_page after = find(t, "", 0, "", false);
	assert_int_equal(after.n, before.n);
	for (size_t i = 0; i < after.n; i++)
		assert_true(str_eq(after.items[i].public_id, before.items[i].public_id));
	/* kana first, then name, then id */
	assert_str_equal(after.items[0].name, "あいう");
	assert_str_equal(after.items[1].name, "あいう");
	assert_str_equal(after.items[2].name, "かきく");
	assert_true(after.items[0].id < after.items[1].id);
	expect_every_row_in_order(t, "大量", 0, false, 50);
}

static void test_a_deferred_index_is_rebuilt_when_ensured(void **state)
{
	struct store_test *t = *state;
	bool rebuilt;
	assert_int_equal(store_declarant_index_defer(t->s), MM_OK);
	declare(t, "o1", "後で索引", "アトデサクイン", 13);
	assert_int_equal(find(t, "索引", 0, "", false).total, 0);
	assert_int_equal(store_declarant_index_ensure(t->s, &rebuilt), MM_OK);
	assert_true(rebuilt);
	assert_int_equal(find(t, "索引", 0, "", false).total, 1);
	assert_int_equal(store_declarant_index_ensure(t->s, &rebuilt), MM_OK);
	assert_false(rebuilt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    STORE_TEST(test_any_length_matches_in_either_case_and_kana_form),
	    STORE_TEST(test_the_index_follows_a_new_name_a_withdrawal_and_a_deletion),
	    STORE_TEST(test_a_common_word_is_counted_to_the_cap_and_paged_by_cursor),
	    STORE_TEST(test_ended_declarations_merge_in_order_when_asked),
	    STORE_TEST(test_a_rebuild_gives_the_same_answers),
	    STORE_TEST(test_a_deferred_index_is_rebuilt_when_ensured),
	};
	return STORE_TEST_MAIN("declarant_search", tests);
}
