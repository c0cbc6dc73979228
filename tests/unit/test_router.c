/* Unit tests: route matching, 404 and 405. */
#include "web/router.h"
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
};
#define N (sizeof table / sizeof table[0])

static void test_router_matches_literal_paths_exactly(void **state)
{
	(void)state;
	const struct route *r;
	struct str params[REQ_MAX_PARAMS];
	unsigned allowed;
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rules"), &r, params, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[1]);
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rules/"), &r, params, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rule"), &r, params, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/rulesx"), &r, params, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR(""), &r, params, &allowed), ROUTE_NOT_FOUND);
}

static void test_router_extracts_parameters(void **state)
{
	(void)state;
	const struct route *r;
	struct str params[REQ_MAX_PARAMS];
	unsigned allowed;
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/org/abc/members/42"), &r, params, &allowed),
			 ROUTE_FOUND);
	assert_str_equal(params[0], "abc");
	assert_str_equal(params[1], "42");
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/verify/"), &r, params, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(router_match(table, N, HTTP_GET, STR("/verify/1/2"), &r, params, &allowed),
			 ROUTE_NOT_FOUND);
}

static void test_router_chooses_by_method_and_answers_head_with_get(void **state)
{
	(void)state;
	const struct route *r;
	struct str params[REQ_MAX_PARAMS];
	unsigned allowed;
	assert_int_equal(router_match(table, N, HTTP_POST, STR("/verify/123"), &r, params, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[3]);
	assert_int_equal(router_match(table, N, HTTP_HEAD, STR("/verify/123"), &r, params, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r, &table[2]);
}

static void test_router_reports_allowed_methods_for_405(void **state)
{
	const struct route *r;
	struct str params[REQ_MAX_PARAMS];
	unsigned allowed;
	assert_int_equal(router_match(table, N, HTTP_DELETE, STR("/verify/1"), &r, params, &allowed),
			 ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(*state, allowed), "GET, HEAD, POST");
	assert_int_equal(router_match(table, N, HTTP_POST, STR("/rules"), &r, params, &allowed),
			 ROUTE_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(*state, allowed), "GET, HEAD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_router_matches_literal_paths_exactly),
	    TEST(test_router_extracts_parameters),
	    TEST(test_router_chooses_by_method_and_answers_head_with_get),
	    TEST(test_router_reports_allowed_methods_for_405),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
