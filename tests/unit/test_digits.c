/* Unit tests: the one reading of numbers typed with separators
 * (core/digits.h), and that every number field takes the same separators
 * through it: declaration ID, corporate number, postal code, phone. */
#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "core/digits.h"
#include "core/org_fields.h"
#include "test.h"

static enum mm_err bare(struct arena *a, const char *in, struct str *out)
{
	return core_digits_normalise(a, str_from(in), DIGITS_BARE, out);
}

static void test_documented_separators_are_dropped(void **state)
{
	struct str out;
	/* ASCII hyphen, space, tab */
	assert_int_equal(bare(*state, "12-34 56\t78", &out), MM_OK);
	assert_str_equal(out, "12345678");
	/* full-width hyphen －, ideographic space, no-break space (NFKC) */
	assert_int_equal(bare(*state,
	                      "12－34　56\xc2\xa0"
	                      "78",
	                      &out),
	                 MM_OK);
	assert_str_equal(out, "12345678");
	/* long-vowel mark ー, its half-width ｰ, horizontal bar ―, hyphen ‐ */
	assert_int_equal(bare(*state, "1ー2ｰ3―4‐5", &out), MM_OK);
	assert_str_equal(out, "12345");
	/* non-breaking hyphen, figure dash, en and em dash, minus sign,
	 * hyphen bullet, small em dash */
	assert_int_equal(bare(*state, "1‑2‒3–4—5−6⁃7﹘8", &out), MM_OK);
	assert_str_equal(out, "12345678");
}

static void test_full_width_digits_are_read(void **state)
{
	struct str out;
	assert_int_equal(bare(*state, "０１２３４５６７８９", &out), MM_OK);
	assert_str_equal(out, "0123456789");
}

static void test_hyphenated_form_keeps_the_grouping(void **state)
{
	struct str out;
	assert_int_equal(
	    core_digits_normalise(*state, STR("03ー1234　5678"), DIGITS_HYPHENATED, &out), MM_OK);
	assert_str_equal(out, "03-1234 5678");
	assert_int_equal(
	    core_digits_normalise(*state, STR("(03)\t1234―5678"), DIGITS_HYPHENATED, &out), MM_OK);
	assert_str_equal(out, "(03) 1234-5678");
}

static void test_other_characters_are_kept_or_refused(void **state)
{
	struct str out;
	/* ASCII that is no separator is left for the field's own rule */
	assert_int_equal(bare(*state, "9000.0000.018", &out), MM_OK);
	assert_str_equal(out, "9000.0000.018");
	/* anything else that is not ASCII after NFKC */
	assert_int_equal(bare(*state, "9000〜0000", &out), MM_ERR_INVALID);
	assert_str_equal(out, "");
	assert_int_equal(bare(*state, "９あ", &out), MM_ERR_INVALID);
	assert_int_equal(bare(*state, "\xff\xfe", &out), MM_ERR_INVALID);
	assert_int_equal(bare(*state, "", &out), MM_OK);
	assert_str_equal(out, "");
}

static void test_over_long_input_is_refused_before_normalising(void **state)
{
	char in[DIGITS_INPUT_MAX + 2];
	struct str out;
	memset(in, '1', sizeof in - 1);
	in[DIGITS_INPUT_MAX] = '\0';
	assert_int_equal(bare(*state, in, &out), MM_OK);
	in[DIGITS_INPUT_MAX] = '1';
	in[DIGITS_INPUT_MAX + 1] = '\0';
	assert_int_equal(bare(*state, in, &out), MM_ERR_TOO_LONG);
	assert_str_equal(out, "");
}

/* The same typing of dashes is accepted by every number field. */
static void test_every_number_field_takes_the_same_separators(void **state)
{
	static const char *const dashes[] = {"-", "－", "ー", "ｰ", "―", "‐", "−", " ", "　"};
	struct str out;
	char in[64];
	for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++) {
		const char *d = dashes[i];
		snprintf(in, sizeof in, "9000%s0000%s019", d, d);
		assert_int_equal(core_declaration_id_read(*state, str_from(in), &out),
		                 DECLARATION_ID_VALID);
		assert_str_equal(out, "90000000019");
		snprintf(in, sizeof in, "7%s1234%s5678%s9012", d, d, d);
		assert_true(core_corporate_number_read(*state, str_from(in), &out));
		assert_str_equal(out, "7123456789012");
		assert_int_equal(org_corporate_number_normalise(*state, str_from(in), &out),
		                 ORG_CHECK_OK);
		assert_str_equal(out, "7123456789012");
		snprintf(in, sizeof in, "100%s0001", d);
		assert_int_equal(org_postal_code_normalise(*state, str_from(in), &out),
		                 ORG_CHECK_OK);
		assert_str_equal(out, "100-0001");
		snprintf(in, sizeof in, "03%s1234%s5678", d, d);
		assert_int_equal(org_phone_normalise(*state, str_from(in), &out), ORG_CHECK_OK);
		assert_int_equal(out.n, 12);
	}
}

static void test_corporate_number_read_keeps_what_was_read_when_invalid(void **state)
{
	struct str out;
	assert_false(core_corporate_number_read(*state, STR("8-1234-5678-9012"), &out));
	assert_str_equal(out, "8123456789012"); /* check digit wrong */
	assert_false(core_corporate_number_read(*state, STR("7123ほ"), &out));
	assert_str_equal(out, "");
	assert_false(core_corporate_number_read(*state, STR(""), &out));
	assert_str_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_documented_separators_are_dropped),
	    TEST(test_full_width_digits_are_read),
	    TEST(test_hyphenated_form_keeps_the_grouping),
	    TEST(test_other_characters_are_kept_or_refused),
	    TEST(test_over_long_input_is_refused_before_normalising),
	    TEST(test_every_number_field_takes_the_same_separators),
	    TEST(test_corporate_number_read_keeps_what_was_read_when_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
