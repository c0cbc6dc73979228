/* Unit tests: multipart/form-data. */
#include "lib/multipart.h"
#include "test.h"

#define CRLF "\r\n"

static void test_multipart_boundary_is_read_from_the_content_type(void **state)
{
	(void)state;
	struct str b;
	assert_int_equal(multipart_boundary(STR("multipart/form-data; boundary=XyZ"), &b), MM_OK);
	assert_str_equal(b, "XyZ");
	assert_int_equal(multipart_boundary(STR("multipart/form-data; boundary=\"q u\""), &b),
	                 MM_OK);
	assert_str_equal(b, "q u");
	assert_int_not_equal(multipart_boundary(STR("multipart/form-data"), &b), MM_OK);
}

static void test_multipart_parses_fields_and_files(void **state)
{
	struct str body = STR(
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"name\"" CRLF CRLF "さくら精密" CRLF
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"empty\"" CRLF CRLF CRLF
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"logo\"; filename=\"a.png\"" CRLF
	    "Content-Type: image/png" CRLF CRLF "\x89PNG\xff" CRLF "--XyZ--" CRLF);
	struct multipart m;
	struct kvlist fields = {0};
	struct str v;
	assert_int_equal(multipart_parse(*state, STR("XyZ"), body, &m), MM_OK);
	assert_int_equal(m.n, 3);
	assert_str_equal(m.parts[2].filename, "a.png");
	assert_str_equal(m.parts[2].content_type, "image/png");
	assert_str_equal(m.parts[2].data, "\x89PNG\xff");
	assert_int_equal(multipart_fields(*state, &m, &fields), MM_OK);
	assert_int_equal(fields.n, 2);
	assert_int_equal(kvlist_get_one(&fields, "name", &v), MM_OK);
	assert_str_equal(v, "さくら精密");
	assert_int_equal(kvlist_get_one(&fields, "empty", &v), MM_OK);
	assert_str_equal(v, "");
}

static void test_multipart_form_file_is_the_named_non_empty_file(void **state)
{
	struct str type = STR("multipart/form-data; boundary=XyZ");
	struct str body =
	    STR("--XyZ" CRLF "Content-Disposition: form-data; name=\"file\"" CRLF CRLF
	        "a field" CRLF "--XyZ" CRLF
	        "Content-Disposition: form-data; name=\"file\"; filename=\"e.csv\"" CRLF CRLF CRLF
	        "--XyZ" CRLF
	        "Content-Disposition: form-data; name=\"other\"; filename=\"o.csv\"" CRLF CRLF
	        "other" CRLF "--XyZ" CRLF
	        "Content-Disposition: form-data; name=\"file\"; filename=\"f.csv\"" CRLF CRLF
	        "a,b" CRLF "--XyZ--" CRLF);
	assert_str_equal(multipart_form_file(*state, type, body, "file"), "a,b");
	assert_str_equal(multipart_form_file(*state, type, body, "other"), "other");
	assert_null(multipart_form_file(*state, type, body, "none").p);
	assert_null(multipart_form_file(*state, STR("text/csv"), body, "file").p);
	assert_null(multipart_form_file(*state, type, STR("--XyZ" CRLF), "file").p);
}

static void test_multipart_rejects_truncated_and_malformed_bodies(void **state)
{
	struct multipart m;
	const char *bad[] = {
	    "",
	    "--XyZ",
	    "--Other" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF
	    "--Other--",
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "no closing delimiter",
	    "--XyZ" CRLF "X-Nothing: here" CRLF CRLF "1" CRLF "--XyZ--",
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "\xff" CRLF
	    "--XyZ--",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_not_equal(multipart_parse(*state, STR("XyZ"), str_from(bad[i]), &m),
		                     MM_OK);
}

static void test_multipart_parameters_inside_quotes_are_not_parameters(void **state)
{
	struct multipart m;
	struct str body = STR(
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"note; filename=x.txt\"" CRLF CRLF
	    "text" CRLF "--XyZ--" CRLF);
	assert_int_equal(multipart_parse(*state, STR("XyZ"), body, &m), MM_OK);
	assert_int_equal(m.n, 1);
	assert_str_equal(m.parts[0].name, "note; filename=x.txt");
	assert_null(m.parts[0].filename.p);

	struct str no_name =
	    STR("--XyZ" CRLF "Content-Disposition: form-data; filename=\"x; name=evil\"" CRLF CRLF
	        "text" CRLF "--XyZ--" CRLF);
	assert_int_not_equal(multipart_parse(*state, STR("XyZ"), no_name, &m), MM_OK);

	struct str escaped =
	    STR("--XyZ" CRLF
	        "Content-Disposition: form-data; name=\"f\"; filename=\"a\\\"b.txt\"" CRLF CRLF
	        "x" CRLF "--XyZ--" CRLF);
	assert_int_equal(multipart_parse(*state, STR("XyZ"), escaped, &m), MM_OK);
	assert_str_equal(m.parts[0].filename, "a\\\"b.txt");
}

static void test_multipart_type_must_be_exactly_form_data(void **state)
{
	(void)state;
	struct str b;
	assert_int_not_equal(multipart_boundary(STR("multipart/form-data-bogus; boundary=X"), &b),
	                     MM_OK);
	assert_int_equal(multipart_boundary(STR("MULTIPART/FORM-DATA; boundary=X"), &b), MM_OK);
	assert_int_not_equal(multipart_boundary(STR("multipart/mixed; boundary=X"), &b), MM_OK);
}

static void test_multipart_refuses_too_many_parts(void **state)
{
	struct buf b;
	struct multipart m;
	buf_init(&b, *state, 1 << 20);
	for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
		assert_int_equal(buf_printf(&b,
		                            "--XyZ" CRLF
		                            "Content-Disposition: form-data; name=\"f%d\"" CRLF CRLF
		                            "1" CRLF,
		                            i),
		                 MM_OK);
	assert_int_equal(buf_append_cstr(&b, "--XyZ--" CRLF), MM_OK);
	assert_int_equal(multipart_parse(*state, STR("XyZ"), buf_str(&b), &m), MM_ERR_TOO_LONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_multipart_boundary_is_read_from_the_content_type),
	    TEST(test_multipart_parses_fields_and_files),
	    TEST(test_multipart_form_file_is_the_named_non_empty_file),
	    TEST(test_multipart_rejects_truncated_and_malformed_bodies),
	    TEST(test_multipart_parameters_inside_quotes_are_not_parameters),
	    TEST(test_multipart_type_must_be_exactly_form_data),
	    TEST(test_multipart_refuses_too_many_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
