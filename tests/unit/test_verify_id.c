/* Unit tests: reading declaration IDs, corporate numbers and search text
 * as a verifier types them (core/declaration_id.h, core/corporate_number.h,
 * core/kana.h). */
#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "core/digits.h"
#include "core/kana.h"
#include "test.h"

static enum declaration_id_check norm(struct arena *a, const char *in, struct str *out)
{
	return core_declaration_id_read(a, str_from(in), out);
}

static void test_id_with_full_width_digits_spaces_and_hyphens_is_read(void **state)
{
	struct str id;
	assert_int_equal(norm(*state, "９００００００００１９", &id), DECLARATION_ID_VALID);
	assert_str_equal(id, "90000000019");
	assert_int_equal(norm(*state, " 9000-0000-019 ", &id), DECLARATION_ID_VALID);
	assert_str_equal(id, "90000000019");
	assert_int_equal(norm(*state, "９０００　００００－０１９", &id), DECLARATION_ID_VALID);
	assert_str_equal(id, "90000000019");
	/* the long-vowel mark an IME gives for "-", and the minus sign */
	assert_int_equal(norm(*state, "9000ー0000−019", &id), DECLARATION_ID_VALID);
	assert_str_equal(id, "90000000019");
}

static void test_id_with_a_wrong_check_digit_is_mistyped(void **state)
{
	struct str id;
	assert_int_equal(norm(*state, "90000000018", &id), DECLARATION_ID_MISTYPED);
	assert_int_equal(norm(*state, "９００００００００１８", &id), DECLARATION_ID_MISTYPED);
}

static void test_foreign_id_is_looked_up_as_given(void **state)
{
	struct str id;
	assert_int_equal(norm(*state, "1234-5678-901", &id), DECLARATION_ID_FOREIGN);
	assert_str_equal(id, "12345678901");
}

static void test_bad_ids_are_malformed(void **state)
{
	struct str id;
	assert_int_equal(norm(*state, "", &id), DECLARATION_ID_MALFORMED);
	assert_int_equal(norm(*state, "9000000001", &id), DECLARATION_ID_MALFORMED);
	assert_int_equal(norm(*state, "900000000198", &id), DECLARATION_ID_MALFORMED);
	assert_int_equal(norm(*state, "9000000001a", &id), DECLARATION_ID_MALFORMED);
	assert_int_equal(norm(*state, "\xff\xfe", &id), DECLARATION_ID_MALFORMED);
	assert_int_equal(norm(*state, "9000.0000.018", &id), DECLARATION_ID_MALFORMED);
	char long_input[DIGITS_INPUT_MAX + 2];
	memset(long_input, ' ', sizeof long_input - 1);
	memcpy(long_input, "90000000019", 11);
	long_input[sizeof long_input - 1] = '\0';
	assert_int_equal(norm(*state, long_input, &id), DECLARATION_ID_MALFORMED);
}

static void test_corporate_number_is_normalised_and_checked(void **state)
{
	struct str n;
	assert_true(core_corporate_number_read(*state, STR("７１２３４５６７８９０１２"), &n));
	assert_str_equal(n, "7123456789012");
	assert_true(core_corporate_number_read(*state, STR("7-1234-5678-9012"), &n));
	assert_false(
	    core_corporate_number_read(*state, STR("8123456789012"), &n)); /* check digit */
	assert_false(core_corporate_number_read(*state, STR("712345678901"), &n));
	assert_false(core_corporate_number_read(*state, STR(""), &n));
}

static void test_kana_forms_of_search_text(void **state)
{
	struct str k, h;
	assert_int_equal(core_kana_forms(*state, STR("さくら精密"), &k, &h), MM_OK);
	assert_str_equal(k, "サクラ精密");
	assert_str_equal(h, "さくら精密");
	assert_int_equal(core_kana_forms(*state, STR("サクラ"), &k, &h), MM_OK);
	assert_str_equal(h, "さくら");
	/* the long-vowel mark and text without kana stay as they are */
	assert_int_equal(core_kana_forms(*state, STR("コーヒーABC"), &k, &h), MM_OK);
	assert_str_equal(h, "こーひーABC");
	assert_int_equal(core_kana_forms(*state, STR("A"), &k, &h), MM_OK);
	assert_str_equal(k, "A");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_id_with_full_width_digits_spaces_and_hyphens_is_read),
	    TEST(test_id_with_a_wrong_check_digit_is_mistyped),
	    TEST(test_foreign_id_is_looked_up_as_given),
	    TEST(test_bad_ids_are_malformed),
	    TEST(test_corporate_number_is_normalised_and_checked),
	    TEST(test_kana_forms_of_search_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
