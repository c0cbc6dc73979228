/* Unit tests: the rules of HTTP/1.1 on a request's head (src/http/message.c). */
#include "http/message.h"
#include "test.h"

/* The refusal for a head of "Name: value" pairs, NULL-terminated. */
static int refusal(void **state, bool http11, const char *const *fields)
{
	struct req r = {.arena = *state};
	for (size_t i = 0; fields[i]; i += 2)
		assert_int_equal(
		    kvlist_push(*state, &r.headers, str_from(fields[i]), str_from(fields[i + 1])),
		    MM_OK);
	return message_head_refusal(&r, http11);
}

#define HEAD(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_message_host_once_and_well_formed_is_served(void **state)
{
	assert_int_equal(refusal(state, true, HEAD("Host", "mamori.example")), 0);
	assert_int_equal(refusal(state, true, HEAD("host", "127.0.0.1:8141")), 0);
	assert_int_equal(refusal(state, true, HEAD("Host", "[2001:db8::1]:443")), 0);
	assert_int_equal(refusal(state, true, HEAD("Host", "xn--u9j.example:")), 0);
	assert_int_equal(refusal(state, false, HEAD("Accept", "*/*")), 0); /* HTTP/1.0 */
}

static void test_message_host_missing_twice_empty_or_malformed_is_400(void **state)
{
	assert_int_equal(refusal(state, true, HEAD("Accept", "*/*")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "a", "Host", "a")), 400);
	assert_int_equal(refusal(state, false, HEAD("Host", "a", "HOST", "b")), 400);
	const char *const bad[] = {"",     "a b",  "a/b", "a?b",    "a@b",         ":80",
	                           "a:8x", "[::1", "[]",  "[::1]x", "\xe3\x81\x82"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(refusal(state, true, HEAD("Host", bad[i])), 400);
}

static void test_message_field_name_not_a_token_is_400(void **state)
{
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "X-A ", "1")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "X A", "1")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "X:A", "1")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "", "1")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "!#$%&'*+-.^_`|~09azAZ", "1")), 0);
}

static void test_message_content_length_twice_must_agree(void **state)
{
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "Content-Length", "8")), 0);
	assert_int_equal(
	    refusal(state, true, HEAD("Host", "x", "Content-Length", "8", "content-length", "8")),
	    0);
	assert_int_equal(
	    refusal(state, true, HEAD("Host", "x", "Content-Length", "8", "Content-Length", "3")),
	    400);
}

static void test_message_transfer_coding_must_end_in_chunked_alone(void **state)
{
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "chunked")),
	                 0);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "Chunked")),
	                 0);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "gzip")), 400);
	assert_int_equal(
	    refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "chunked, gzip")), 400);
	assert_int_equal(refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "")), 400);
	assert_int_equal(
	    refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", "gzip, chunked")), 501);
	/* one field only, as libmicrohttpd reads one */
	assert_int_equal(
	    refusal(state, true,
	            HEAD("Host", "x", "Transfer-Encoding", "gzip", "Transfer-Encoding", "chunked")),
	    400);
	assert_int_equal(
	    refusal(state, true,
	            HEAD("Host", "x", "Transfer-Encoding", "", "Transfer-Encoding", "chunked")),
	    400);
	/* what libmicrohttpd would not decode as chunks */
	static const char *const not_plain[] = {"chunked;x=1", ", chunked", "chunked,", "chunked ",
	                                        "chunked, chunked"};
	for (size_t i = 0; i < sizeof not_plain / sizeof not_plain[0]; i++)
		assert_int_equal(
		    refusal(state, true, HEAD("Host", "x", "Transfer-Encoding", not_plain[i])),
		    400);
	/* HTTP/1.0 has no transfer codings (RFC 9112 §6.1) */
	assert_int_equal(refusal(state, false, HEAD("Transfer-Encoding", "chunked")), 400);
	assert_int_equal(
	    refusal(state, true,
	            HEAD("Host", "x", "Transfer-Encoding", "chunked", "Content-Length", "3")),
	    400);
}

static void test_message_origin_form_of_an_absolute_target(void **state)
{
	assert_str_equal(message_origin_form(*state, STR("/rules?lang=en")), "/rules?lang=en");
	assert_str_equal(message_origin_form(*state, STR("http://a.example/rules?x=1")),
	                 "/rules?x=1");
	assert_str_equal(message_origin_form(*state, STR("HTTPS://a.example:8443")), "/");
	assert_str_equal(message_origin_form(*state, STR("http://a.example?lang=en")), "/?lang=en");
	/* No host, or no scheme this server knows: left for the web layer to refuse. */
	assert_str_equal(message_origin_form(*state, STR("http:///rules")), "http:///rules");
	assert_str_equal(message_origin_form(*state, STR("ftp://a/rules")), "ftp://a/rules");
	assert_str_equal(message_origin_form(*state, STR("*")), "*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_message_host_once_and_well_formed_is_served),
	    TEST(test_message_host_missing_twice_empty_or_malformed_is_400),
	    TEST(test_message_field_name_not_a_token_is_400),
	    TEST(test_message_content_length_twice_must_agree),
	    TEST(test_message_transfer_coding_must_end_in_chunked_alone),
	    TEST(test_message_origin_form_of_an_absolute_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
