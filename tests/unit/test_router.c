/* Unit tests: route matching, 404 and 405. */
#include "web/router.h"

#include <string.h>

#include "test.h"

static enum mm_err handler_a(struct req *r, struct res *res)
{
	(void)r;
	(void)res;
	return MM_OK;
}

static enum mm_err handler_b(struct req *r, struct res *res)
{
	(void)r;
	(void)res;
	return MM_OK;
}

static const struct route table[] = {
    {HTTP_GET, "/", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/rules", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/verify/{id}", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_POST, "/verify/{id}", handler_b, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/org/{org}/members/{member}", handler_b, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/typed/{id:int}", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/typed/{n:1..3}/part", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/typed/{org:public_id}/org", handler_a, RIGHT_PUBLIC, 0},
    {HTTP_GET, "/typed/{t:token}/token", handler_a, RIGHT_PUBLIC, 0},
};
#define N (sizeof table / sizeof table[0])

static void test_router_matches_literal_paths_exactly(void **state)
{
	(void)state;
	const struct route *r;
	struct route_param params[REQ_MAX_PARAMS];
	size_t np;
	unsigned allowed;
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rules"), &r, params, &np, &allowed),
	                 ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	assert_int_equal(
	    router_match(table, N, HTTP_GET, STR("/rules/"), &r, params, &np, &allowed),
	    ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rule"), &r, params, &np, &allowed),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(
	    router_match(table, N, HTTP_GET, STR("/rulesx"), &r, params, &np, &allowed),
	    ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR(""), &r, params, &np, &allowed),
	                 ROUTE_NOT_FOUND);
}

static void test_router_reads_a_parameter_before_its_suffix(void **state)
{
	(void)state;
	static const struct route t[] = {
	    {HTTP_GET, "/e/{id:int}", NULL, RIGHT_PUBLIC, 0},
	    {HTTP_GET, "/e/{id:int}.ics", NULL, RIGHT_PUBLIC, 0},
	};
	const struct route *r;
	struct route_param params[REQ_MAX_PARAMS];
	size_t np;
	unsigned allowed;
	assert_int_equal(router_match(t, 2, HTTP_GET, STR("/e/42.ics"), &r, params, &np, &allowed),
	                 ROUTE_FOUND);
	assert_ptr_equal(r, &t[1]);
	assert_int_equal(params[0].number, 42);
	assert_str_equal(params[0].text, "42");
	assert_int_equal(router_match(t, 2, HTTP_GET, STR("/e/42"), &r, params, &np, &allowed),
	                 ROUTE_FOUND);
	assert_ptr_equal(r, &t[0]);
	assert_int_equal(router_match(t, 2, HTTP_GET, STR("/e/.ics"), &r, params, &np, &allowed),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(router_match(t, 2, HTTP_GET, STR("/e/4x.ics"), &r, params, &np, &allowed),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(
	    router_match(t, 2, HTTP_GET, STR("/e/42.ics/x"), &r, params, &np, &allowed),
	    ROUTE_NOT_FOUND);
}

static void test_router_extracts_parameters(void **state)
{
	(void)state;
	const struct route *r;
	struct route_param params[REQ_MAX_PARAMS];
	size_t np;
	unsigned allowed;
	assert_int_equal(
	    router_match(table, N, HTTP_GET, STR("/org/abc/members/42"), &r, params, &np, &allowed),
	    ROUTE_FOUND);
	assert_int_equal(np, 2);
	assert_str_equal(params[0].name, "org");
	assert_str_equal(params[0].text, "abc");
	assert_str_equal(params[1].text, "42");
	assert_int_equal(
	    router_match(table, N, HTTP_GET, STR("/verify/"), &r, params, &np, &allowed),
	    ROUTE_NOT_FOUND);
	assert_int_equal(
	    router_match(table, N, HTTP_GET, STR("/verify/1/2"), &r, params, &np, &allowed),
	    ROUTE_NOT_FOUND);
}

static void test_router_chooses_by_method_and_answers_head_with_get(void **state)
{
	(void)state;
	const struct route *r;
	struct route_param params[REQ_MAX_PARAMS];
	size_t np;
	unsigned allowed;
	assert_int_equal(
	    router_match(table, N, HTTP_POST, STR("/verify/123"), &r, params, &np, &allowed),
	    ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_int_equal(
	    router_match(table, N, HTTP_HEAD, STR("/verify/123"), &r, params, &np, &allowed),
	    ROUTE_FOUND);
	assert_ptr_equal(r, &table[2]);
}

static void test_router_reports_allowed_methods_for_405(void **state)
{
	const struct route *r;
	struct route_param params[REQ_MAX_PARAMS];
	size_t np;
	unsigned allowed;
	assert_int_equal(
	    router_match(table, N, HTTP_DELETE, STR("/verify/1"), &r, params, &np, &allowed),
	    ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(*state, allowed), "GET, HEAD, POST");
	assert_int_equal(
	    router_match(table, N, HTTP_POST, STR("/rules"), &r, params, &np, &allowed),
	    ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(*state, allowed), "GET, HEAD");
}

static enum route_match match(const char *path, struct route_param params[REQ_MAX_PARAMS])
{
	const struct route *r;
	size_t np;
	unsigned allowed;
	return router_match(table, N, HTTP_GET, str_from(path), &r, params, &np, &allowed);
}

static void test_router_int_parameter_takes_only_a_record_id(void **state)
{
	(void)state;
	struct route_param p[REQ_MAX_PARAMS];
	assert_int_equal(match("/typed/42", p), ROUTE_FOUND);
	assert_int_equal(p[0].number, 42);
	assert_int_equal(match("/typed/999999999999999999", p), ROUTE_FOUND);
	assert_int_equal(match("/typed/1000000000000000000", p), ROUTE_NOT_FOUND); /* 19 digits */
	assert_int_equal(match("/typed/0", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/042", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/-1", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/+1", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/1x", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/１", p), ROUTE_NOT_FOUND); /* full-width digit */
}

static void test_router_range_parameter_keeps_its_bounds(void **state)
{
	(void)state;
	struct route_param p[REQ_MAX_PARAMS];
	assert_int_equal(match("/typed/1/part", p), ROUTE_FOUND);
	assert_int_equal(p[0].number, 1);
	assert_int_equal(match("/typed/3/part", p), ROUTE_FOUND);
	assert_int_equal(match("/typed/0/part", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/4/part", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/01/part", p), ROUTE_NOT_FOUND);
}

static void test_router_public_id_and_token_parameters_refuse_other_characters(void **state)
{
	(void)state;
	struct route_param p[REQ_MAX_PARAMS];
	assert_int_equal(match("/typed/demo-kita-unyu/org", p), ROUTE_FOUND);
	assert_int_equal(match("/typed/Demo/org", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/a b/org", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/a'/org", p), ROUTE_NOT_FOUND);
	char long_id[80] = "/typed/";
	memset(long_id + 7, 'a', 65);
	strcpy(long_id + 72, "/org");
	assert_int_equal(match(long_id, p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/Ab_9-x/token", p), ROUTE_FOUND);
	assert_int_equal(match("/typed/a.b/token", p), ROUTE_NOT_FOUND);
	assert_int_equal(match("/typed/a%2Fb/token", p), ROUTE_NOT_FOUND);
}

static void test_router_refuses_malformed_patterns(void **state)
{
	(void)state;
	assert_true(router_pattern_valid("/a/{id:int}/b/{n:1..3}"));
	assert_true(router_pattern_valid("/a/{file}"));
	assert_false(router_pattern_valid("a/{id}"));
	assert_false(router_pattern_valid("/a/{id:integer}"));
	assert_false(router_pattern_valid("/a/{n:3..1}"));
	assert_false(router_pattern_valid("/a/{id}/{id}"));
	assert_false(router_pattern_valid("/a/{id"));
	assert_false(router_pattern_valid("/a/id}"));
	assert_false(router_pattern_valid("/a/x{id}"));
	assert_false(router_pattern_valid("/a/{id}x"));
	assert_true(router_pattern_valid("/a/{id:int}.ics"));
	assert_false(router_pattern_valid("/a/{id:int}."));
	assert_false(router_pattern_valid("/a/{id:int}.I"));
	assert_false(router_pattern_valid("/a/{}"));
}

static void test_router_cover_finds_routes_an_earlier_route_hides(void **state)
{
	(void)state;
	assert_true(router_pattern_covers("/verify/{id}", "/verify/batch"));
	assert_false(router_pattern_covers("/verify/batch", "/verify/{id}"));
	assert_true(router_pattern_covers("/policy/{org:public_id}", "/policy/edit"));
	assert_false(router_pattern_covers("/policy/{org:public_id}", "/policy/Edit"));
	assert_false(router_pattern_covers("/org/members/{id:int}", "/org/members/new"));
	assert_true(router_pattern_covers("/a/{x}", "/a/{y:int}"));
	assert_false(router_pattern_covers("/a/{x:int}", "/a/{y}"));
	assert_true(router_pattern_covers("/a/{n:1..9}", "/a/{m:2..3}"));
	assert_false(router_pattern_covers("/a/{n:2..3}", "/a/{m:1..9}"));
	assert_false(router_pattern_covers("/verify/{id}", "/verify/{id}/{file}"));
	assert_false(router_pattern_covers("/verify/{id}/{file}", "/verify/{id}"));
	assert_true(router_pattern_covers("/", "/"));
	assert_false(router_pattern_covers("/", "/rules"));
	/* a parameter with a suffix in its segment */
	assert_false(router_pattern_covers("/e/{id:int}", "/e/{id:int}.ics"));
	assert_false(router_pattern_covers("/e/{id:int}.ics", "/e/{id:int}"));
	assert_true(router_pattern_covers("/e/{id:int}.ics", "/e/{n:int}.ics"));
	assert_true(router_pattern_covers("/e/{x}", "/e/{id:int}.ics"));
	assert_true(router_pattern_covers("/e/{id:int}.ics", "/e/7.ics"));
	assert_false(router_pattern_covers("/e/{id:int}.ics", "/e/new"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_router_matches_literal_paths_exactly),
	    TEST(test_router_extracts_parameters),
	    TEST(test_router_reads_a_parameter_before_its_suffix),
	    TEST(test_router_chooses_by_method_and_answers_head_with_get),
	    TEST(test_router_reports_allowed_methods_for_405),
	    TEST(test_router_int_parameter_takes_only_a_record_id),
	    TEST(test_router_range_parameter_keeps_its_bounds),
	    TEST(test_router_public_id_and_token_parameters_refuse_other_characters),
	    TEST(test_router_refuses_malformed_patterns),
	    TEST(test_router_cover_finds_routes_an_earlier_route_hides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
