/* Unit tests: a file's type is read from its content (core/file_type.h):
 * the accepted kinds by their signatures, text and e-mail told apart, and
 * programs, archives, markup and broken text refused. */
#include "core/file_type.h"
#include "test.h"

#define BYTES(lit) ((struct str){(lit), sizeof(lit) - 1})

static void test_binary_kinds_are_known_by_their_signature(void **state)
{
	(void)state;
	assert_int_equal(file_type_of(BYTES("%PDF-1.7\n...")), FILE_PDF);
	assert_int_equal(file_type_of(BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR")), FILE_PNG);
	assert_int_equal(file_type_of(BYTES("\xFF\xD8\xFF\xE0\0\x10JFIF")), FILE_JPEG);
}

static void test_text_and_email_are_told_apart(void **state)
{
	(void)state;
	assert_int_equal(file_type_of(BYTES("画面に身代金の要求が出ました。\r\n")), FILE_TEXT);
	assert_int_equal(file_type_of(BYTES("From: a@example.jp\r\nSubject: invoice\r\n"
	                                    "Received: by x\r\n\tfolded\r\n\r\nbody")),
	                 FILE_EML);
	assert_int_equal(file_type_of(BYTES("Subject: no sender\r\n\r\nbody")), FILE_TEXT);
}

static void test_programs_archives_markup_and_bad_text_are_refused(void **state)
{
	(void)state;
	assert_int_equal(file_type_of(BYTES("MZ\x90\0\x03\0\0\0")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("PK\x03\x04zip")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("  <html><script>alert(1)</script>")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("<svg onload=x>")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("bad \xff utf-8")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("nul\0inside")), FILE_TYPE_NONE);
	assert_int_equal(file_type_of(BYTES("")), FILE_TYPE_NONE);
}

static void test_mime_types_and_extensions_round_trip(void **state)
{
	(void)state;
	for (int t = FILE_PDF; t <= FILE_EML; t++)
		assert_int_equal(file_type_from_mime(str_from(file_type_mime((enum file_type)t))),
		                 t);
	assert_int_equal(file_type_from_mime(STR("text/html")), FILE_TYPE_NONE);
	assert_string_equal(file_type_extension(FILE_JPEG), "jpg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_binary_kinds_are_known_by_their_signature),
	    cmocka_unit_test(test_text_and_email_are_told_apart),
	    cmocka_unit_test(test_programs_archives_markup_and_bad_text_are_refused),
	    cmocka_unit_test(test_mime_types_and_extensions_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
