/* Unit tests: the service catalogue's search (core/service_filter.h) —
 * the filter read from a query string with every limit, the address it is
 * written back into, the tags of items, rules and directives, the ids of a
 * comparison, and the order of results (relevance, then name). */
#include "core/service_filter.h"
#include "test.h"

/* The fields of a query string "a=1&b=2" (no decoding needed here). */
static struct kvlist fields(struct arena *a, const char *query)
{
	struct kvlist l = {0};
	assert_int_equal(form_parse_urlencoded(a, str_from(query), &l), MM_OK);
	return l;
}

static struct service_search read_ok(struct arena *a, const char *query)
{
	struct service_search f;
	struct kvlist l = fields(a, query);
	assert_int_equal(service_search_read(a, &l, &f), MM_OK);
	return f;
}

static void read_bad(struct arena *a, const char *query)
{
	struct service_search f;
	struct kvlist l = fields(a, query);
	if (service_search_read(a, &l, &f) != MM_ERR_INVALID)
		fail_msg("accepted: %s", query);
}

static void test_filter_empty_query_is_every_listing(void **state)
{
	struct service_search f = read_ok(*state, "");
	assert_int_equal(f.text.n, 0);
	assert_int_equal(f.kind, -1);
	assert_int_equal(f.category, -1);
	assert_int_equal(f.prefecture, 0);
	assert_false(f.prefecture_given);
	assert_false(f.onsite);
	assert_int_equal(f.price_max, 0);
	assert_int_equal(f.contents, 0);
	assert_int_equal(service_search_tag_count(&f), 0);
	assert_int_equal(f.page, 1);
	assert_false(service_search_narrows(&f));
}

static void test_filter_reads_every_field(void **state)
{
	struct service_search f =
	    read_ok(*state, "q=%E7%9B%A3%E8%A6%96&kind=support_bundle&category=digital_forensics"
	                    "&prefecture=13&onsite=1&price=10000&contents=help_desk"
	                    "&contents=cyber_insurance"
	                    "&tag=item-12&tag=directive-10&page=3&other=ignored");
	assert_str_equal(f.text, "監視");
	assert_int_equal(f.kind, 0);
	assert_int_equal(f.category, 2);
	assert_int_equal(f.prefecture, 13);
	assert_true(f.prefecture_given);
	assert_true(f.onsite);
	assert_int_equal(f.price_max, 10000);
	assert_int_equal(f.contents, 1u | 16u);
	assert_int_equal(f.tags.items, (int64_t)1 << 11);
	assert_int_equal(f.tags.rules, 0);
	assert_int_equal(f.tags.directives, (int64_t)1 << 9);
	assert_int_equal(service_search_tag_count(&f), 2);
	assert_int_equal(f.page, 3);
	assert_true(service_search_narrows(&f));
}

static void test_filter_text_is_nfkc_and_trimmed(void **state)
{
	/* half-width katakana and full-width letters, with spaces around */
	struct service_search f = read_ok(*state, "q=+%EF%BD%B6%EF%BE%9E%EF%BC%A1+");
	assert_str_equal(f.text, "ガA");
	f = read_ok(*state, "q=+++");
	assert_int_equal(f.text.n, 0);
}

static void test_filter_empty_prefecture_clears_the_default(void **state)
{
	struct service_search f = read_ok(*state, "prefecture=");
	assert_int_equal(f.prefecture, 0);
	assert_true(f.prefecture_given);
	assert_false(service_search_narrows(&f));
	struct str url;
	assert_int_equal(service_search_url(*state, &f, "/services", &url), MM_OK);
	assert_str_equal(url, "/services?prefecture=&");
}

static void test_filter_refuses_what_it_cannot_read(void **state)
{
	static const char *const bad[] = {
	    "kind=Bundle",
	    "kind=x",
	    "kind=bundle&kind=product",
	    "category=audit2",
	    "prefecture=0",
	    "prefecture=48",
	    "prefecture=013",
	    "prefecture=1x",
	    "prefecture=13&prefecture=14",
	    "onsite=yes",
	    "onsite=2",
	    "price=0",
	    "price=-1",
	    "price=1e5",
	    "price=100000001",
	    "price=010",
	    "price=99999999999999999999",
	    "contents=wifi",
	    "contents=help_desk&contents=help_desk",
	    "tag=item-0",
	    "tag=item-26",
	    "tag=rule-6",
	    "tag=directive-11",
	    "tag=item-012",
	    "tag=item-",
	    "tag=items-1",
	    "tag=item-1&tag=item-1",
	    "page=0",
	    "page=501",
	    "page=1&page=2",
	    "page=abc",
	    "q=a&q=b",
	    "q=%01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		read_bad(*state, bad[i]);
	/* six tags: one more than a search may hold */
	read_bad(*state, "tag=item-1&tag=item-2&tag=item-3&tag=item-4&tag=item-5&tag=item-6");
	read_ok(*state, "tag=item-1&tag=item-2&tag=item-3&tag=item-4&tag=item-5");
}

static void test_filter_text_limit_is_100_characters(void **state)
{
	char q[1024] = "q=";
	for (int i = 0; i < 100; i++)
		strcat(q, "%E3%81%82"); /* あ */
	struct service_search f = read_ok(*state, q);
	assert_int_equal(f.text.n, 300);
	strcat(q, "a");
	read_bad(*state, q);
}

static void test_filter_url_keeps_every_filter_for_paging(void **state)
{
	struct service_search f =
	    read_ok(*state, "q=a+b%26c&kind=standard_service&category=security_audit&prefecture=1"
	                    "&onsite=1&price=500&contents=cyber_insurance&contents=help_desk"
	                    "&tag=rule-5"
	                    "&tag=item-1&page=2");
	struct str url;
	assert_int_equal(service_search_url(*state, &f, "/services", &url), MM_OK);
	assert_str_equal(url, "/services?q=a%20b%26c&kind=standard_service&category=security_audit&"
	                      "prefecture=1&onsite=1&price=500&contents=help_desk&"
	                      "contents=cyber_insurance&tag=item-1&tag=rule-5&");
	/* read back, it is the same search */
	struct service_search g = read_ok(*state, url.p + strlen("/services?"));
	assert_str_equal(g.text, "a b&c");
	assert_int_equal(g.tags.items, f.tags.items);
	assert_int_equal(g.tags.rules, f.tags.rules);
	assert_int_equal(g.contents, f.contents);
	assert_int_equal(g.price_max, 500);
}

static void test_filter_tags_map_items_rules_and_directives(void **state)
{
	struct service_search f =
	    read_ok(*state, "tag=item-1&tag=item-25&tag=rule-5&tag=directive-1");
	assert_int_equal(f.tags.items, 1 | ((int64_t)1 << 24));
	assert_int_equal(f.tags.rules, (int64_t)1 << 4);
	assert_int_equal(f.tags.directives, 1);
	assert_int_equal(service_search_tag_count(&f), 4);
	struct str url;
	assert_int_equal(service_search_url(*state, &f, "/services", &url), MM_OK);
	assert_str_equal(url, "/services?tag=item-1&tag=item-25&tag=rule-5&tag=directive-1&");
}

static void test_compare_ids_one_to_three_distinct(void **state)
{
	int64_t ids[SERVICE_COMPARE_MAX];
	size_t n;
	struct kvlist l = fields(*state, "ids=3,1,2");
	assert_int_equal(service_compare_ids(&l, ids, &n), MM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[2], 2);
	l = fields(*state, "ids=7&ids=9");
	assert_int_equal(service_compare_ids(&l, ids, &n), MM_OK);
	assert_int_equal(n, 2);
	static const char *const bad[] = {"",        "ids=",        "ids=1,2,3,4",
	                                  "ids=1,1", "ids=0",       "ids=01",
	                                  "ids=a",   "ids=1&ids=1", "ids=1,2&ids=3,4",
	                                  "ids=-1",  "ids=1;2",     "ids=1000000000000000001",
	                                  "ids=1,,2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		l = fields(*state, bad[i]);
		if (service_compare_ids(&l, ids, &n) != MM_ERR_INVALID)
			fail_msg("accepted: %s", bad[i]);
	}
}

static void test_relevance_name_before_provider_before_text(void **state)
{
	(void)state;
	assert_int_equal(service_relevance(STR("監視"), STR("監視"), STR("x")), 0);
	assert_int_equal(service_relevance(STR("監視"), STR("監視サービス"), STR("x")), 1);
	assert_int_equal(service_relevance(STR("監視"), STR("端末監視"), STR("x")), 2);
	assert_int_equal(service_relevance(STR("監視"), STR("保険"), STR("監視会社")), 3);
	assert_int_equal(service_relevance(STR("監視"), STR("保険"), STR("x")), 4);
	assert_int_equal(service_relevance(STR(""), STR("保険"), STR("x")), 0);
}

static void test_results_sort_by_relevance_then_name_then_id(void **state)
{
	(void)state;
	struct service_rank r[] = {
	    {4, STR("ア"), 1}, {2, STR("ウ"), 2}, {2, STR("イ"), 3},
	    {0, STR("ン"), 4}, {2, STR("イ"), 0}, {2, STR("イイ"), 5},
	};
	service_rank_sort(r, 6);
	int64_t want[] = {4, 0, 3, 5, 2, 1};
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(r[i].id, want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_filter_empty_query_is_every_listing, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_reads_every_field, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_text_is_nfkc_and_trimmed, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_empty_prefecture_clears_the_default,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_refuses_what_it_cannot_read, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_text_limit_is_100_characters, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_url_keeps_every_filter_for_paging,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_filter_tags_map_items_rules_and_directives,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_compare_ids_one_to_three_distinct, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test(test_relevance_name_before_provider_before_text),
	    cmocka_unit_test(test_results_sort_by_relevance_then_name_then_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
