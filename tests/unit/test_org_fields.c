/* Unit tests: what organisations and supporters type in (core/org_fields.h):
 * corporate numbers, postal codes, phones, e-mail, websites, counts, kana,
 * selects and supporter codes — good input, full-width input, bad input. */
#include "core/org_fields.h"
#include "test.h"

static const char *const documented[] = {"7123456789012", "4011001098993", "2120901007402"};

static enum org_check corp(struct arena *a, const char *in, struct str *out)
{
	return org_corporate_number_normalise(a, str_from(in), out);
}

static void test_corporate_number_accepts_the_documented_examples(void **state)
{
	struct str out;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(corp(*state, documented[i], &out), ORG_CHECK_OK);
		assert_str_equal(out, documented[i]);
	}
}

/* The check digit is 9 − (Σ mod 9), so a 0 typed as 9 (or 9 as 0) in the
 * twelve-digit body changes the sum by a multiple of 9 and cannot be seen;
 * every other single-digit typo is caught. */
static void test_corporate_number_rejects_every_single_digit_typo(void **state)
{
	struct str out;
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < 13; i++) {
			for (char d = '0'; d <= '9'; d++) {
				char typo[14];
				memcpy(typo, documented[k], 14);
				if (typo[i] == d)
					continue;
				bool invisible = i > 0 && ((typo[i] == '0' && d == '9') ||
				                           (typo[i] == '9' && d == '0'));
				typo[i] = d;
				enum org_check c = corp(*state, typo, &out);
				if (invisible)
					assert_int_equal(c, ORG_CHECK_OK);
				else if (c != ORG_CHECK_MISTYPED)
					fail_msg("%s (typo of %s) was not refused", typo,
					         documented[k]);
			}
		}
	}
}

static void test_corporate_number_accepts_full_width_digits_hyphens_and_spaces(void **state)
{
	struct str out;
	assert_int_equal(corp(*state, "７１２３４５６７８９０１２", &out), ORG_CHECK_OK);
	assert_str_equal(out, "7123456789012");
	assert_int_equal(corp(*state, "4-0110-0109-8993", &out), ORG_CHECK_OK);
	assert_str_equal(out, "4011001098993");
	/* full-width hyphen and ideographic space */
	assert_int_equal(corp(*state, "2120－901007402　", &out), ORG_CHECK_OK);
	assert_str_equal(out, "2120901007402");
}

static void test_corporate_number_refuses_wrong_shapes(void **state)
{
	struct str out;
	assert_int_equal(corp(*state, "", &out), ORG_CHECK_EMPTY);
	assert_int_equal(corp(*state, " - ", &out), ORG_CHECK_EMPTY);
	assert_int_equal(corp(*state, "712345678901", &out), ORG_CHECK_INVALID);
	assert_int_equal(corp(*state, "71234567890123", &out), ORG_CHECK_INVALID);
	assert_int_equal(corp(*state, "712345678901a", &out), ORG_CHECK_INVALID);
	assert_int_equal(corp(*state, "一123456789012", &out), ORG_CHECK_INVALID); /* a kanji one */
	assert_int_equal(corp(*state, "\xff", &out), ORG_CHECK_INVALID);
}

static void test_postal_code_takes_seven_digits_with_or_without_hyphen(void **state)
{
	struct str out;
	assert_int_equal(org_postal_code_normalise(*state, STR("1000001"), &out), ORG_CHECK_OK);
	assert_str_equal(out, "100-0001");
	assert_int_equal(org_postal_code_normalise(*state, STR("100-0001"), &out), ORG_CHECK_OK);
	assert_str_equal(out, "100-0001");
	assert_int_equal(org_postal_code_normalise(*state, STR("〒１００ー０００１"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "100-0001");
	assert_int_equal(org_postal_code_normalise(*state, STR(""), &out), ORG_CHECK_EMPTY);
	assert_int_equal(org_postal_code_normalise(*state, STR("100-001"), &out),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_postal_code_normalise(*state, STR("100-00011"), &out),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_postal_code_normalise(*state, STR("1OO-OOO1"), &out),
	                 ORG_CHECK_INVALID);
}

static void test_phone_accepts_japanese_and_international_forms(void **state)
{
	struct str out;
	assert_int_equal(org_phone_normalise(*state, STR("03-1234-5678"), &out), ORG_CHECK_OK);
	assert_str_equal(out, "03-1234-5678");
	assert_int_equal(org_phone_normalise(*state, STR("０９０ー１２３４ー５６７８"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "090-1234-5678");
	assert_int_equal(org_phone_normalise(*state, STR("+81 3 1234 5678"), &out), ORG_CHECK_OK);
	assert_int_equal(org_phone_normalise(*state, STR("(03) 1234-5678"), &out), ORG_CHECK_OK);
	assert_int_equal(org_phone_normalise(*state, STR(""), &out), ORG_CHECK_EMPTY);
	assert_int_equal(org_phone_normalise(*state, STR("03-1234-567"), &out), ORG_CHECK_INVALID);
	assert_int_equal(org_phone_normalise(*state, STR("03-1234-5678 ext 9"), &out),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_phone_normalise(*state, STR("03+1234-5678"), &out), ORG_CHECK_INVALID);
	assert_int_equal(org_phone_normalise(*state, STR("1234567890123456"), &out),
	                 ORG_CHECK_INVALID);
}

static void test_phone_tel_link_keeps_plus_and_digits(void **state)
{
	assert_string_equal(org_phone_tel(*state, STR("03-1234-5678")), "tel:0312345678");
	assert_string_equal(org_phone_tel(*state, STR("+81 (3) 1234-5678")), "tel:+81312345678");
	assert_string_equal(org_phone_tel(*state, STR("0120-000-000")), "tel:0120000000");
	assert_string_equal(org_phone_tel(*state, STR("")), "tel:");
}

static void test_email_is_lower_cased_and_checked(void **state)
{
	struct str out;
	assert_int_equal(org_email_normalise(*state, STR("ＯＷＮＥＲ＠Ｅｘａｍｐｌｅ．ＪＰ"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "owner@example.jp");
	const char *bad[] = {"owner",
	                     "@example.jp",
	                     "owner@",
	                     "owner@example",
	                     "a@b@example.jp",
	                     "own er@example.jp",
	                     "owner@example.jp.",
	                     "owner@.jp",
	                     "<a>@example.jp"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (org_email_normalise(*state, str_from(bad[i]), &out) != ORG_CHECK_INVALID)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(org_email_normalise(*state, STR(""), &out), ORG_CHECK_EMPTY);
}

static void test_url_must_be_http_or_https_and_well_formed(void **state)
{
	(void)state;
	const char *good[] = {"https://example.jp",
	                      "http://www.example.co.jp/",
	                      "https://example.jp:8443/a?b=c#d",
	                      "https://xn--r8jz45g.jp/",
	                      "https://例え.jp/会社",
	                      "HTTPS://EXAMPLE.JP"};
	const char *bad[] = {"example.jp",
	                     "ftp://example.jp",
	                     "javascript:alert(1)",
	                     "https://",
	                     "https://example",
	                     "https://exa mple.jp",
	                     "https://example.jp/a b",
	                     "https://user@example.jp",
	                     "https://-example.jp",
	                     "https://example-.jp",
	                     "https://example..jp",
	                     "https://example.jp:0",
	                     "https://example.jp:99999",
	                     "https://example.jp/\"onmouseover",
	                     "https://example.jp:80x",
	                     "//example.jp",
	                     "https://example.jp/<script>",
	                     "https:example.jp"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!org_url_valid(str_from(good[i])))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (org_url_valid(str_from(bad[i])))
			fail_msg("accepted %s", bad[i]);
}

static void test_count_takes_commas_and_full_width_digits_up_to_a_maximum(void **state)
{
	int64_t v = -1;
	assert_int_equal(org_count_parse(*state, STR("300,000,000"), ORG_CAPITAL_MAX, &v),
	                 ORG_CHECK_OK);
	assert_int_equal(v, 300000000);
	assert_int_equal(org_count_parse(*state, STR("４８"), ORG_EMPLOYEES_MAX, &v), ORG_CHECK_OK);
	assert_int_equal(v, 48);
	assert_int_equal(org_count_parse(*state, STR("0"), ORG_EMPLOYEES_MAX, &v), ORG_CHECK_OK);
	assert_int_equal(v, 0);
	assert_int_equal(org_count_parse(*state, STR("10000000"), ORG_EMPLOYEES_MAX, &v),
	                 ORG_CHECK_OK);
	assert_int_equal(org_count_parse(*state, STR("10000001"), ORG_EMPLOYEES_MAX, &v),
	                 ORG_CHECK_TOO_LARGE);
	assert_int_equal(
	    org_count_parse(*state, STR("99999999999999999999999"), ORG_CAPITAL_MAX, &v),
	    ORG_CHECK_TOO_LARGE);
	assert_int_equal(org_count_parse(*state, STR(""), ORG_EMPLOYEES_MAX, &v), ORG_CHECK_EMPTY);
	assert_int_equal(org_count_parse(*state, STR("-1"), ORG_EMPLOYEES_MAX, &v),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_count_parse(*state, STR("1.5"), ORG_EMPLOYEES_MAX, &v),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_count_parse(*state, STR(",5"), ORG_EMPLOYEES_MAX, &v),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_count_parse(*state, STR("3000万"), ORG_CAPITAL_MAX, &v),
	                 ORG_CHECK_INVALID);
}

static void test_kana_accepts_katakana_hiragana_and_company_punctuation(void **state)
{
	assert_true(org_kana_valid(*state, STR("サクラセイミツコウギョウ")));
	assert_true(org_kana_valid(*state, STR("さくら せいみつ")));
	assert_true(org_kana_valid(*state, STR("エー・ビー・シー&パートナーズ")));
	assert_true(org_kana_valid(*state, STR("ｻｸﾗ"))); /* half-width katakana */
	assert_true(org_kana_valid(*state, STR("ABC(カブ)")));
	assert_false(org_kana_valid(*state, STR("桜精密")));
	assert_false(org_kana_valid(*state, STR("サクラ<script>")));
	assert_false(org_kana_valid(*state, STR("\xff")));
}

static void test_single_line_refuses_control_characters(void **state)
{
	(void)state;
	assert_true(org_single_line(STR("株式会社 さくら")));
	assert_true(org_single_line(STR("")));
	assert_false(org_single_line(STR("name\r\nBcc: x@example.jp")));
	assert_false(org_single_line(STR("tab\there")));
	assert_false(org_single_line(STR("del\x7f")));
}

static void test_prefecture_and_industry_take_only_their_codes(void **state)
{
	(void)state;
	int p = 0;
	char d = 0;
	assert_true(org_prefecture_parse(STR("1"), &p));
	assert_int_equal(p, 1);
	assert_true(org_prefecture_parse(STR("47"), &p));
	assert_int_equal(p, 47);
	const char *bad_pref[] = {"", "0", "48", "01", "-1", "1a", "100"};
	for (size_t i = 0; i < sizeof bad_pref / sizeof bad_pref[0]; i++)
		assert_false(org_prefecture_parse(str_from(bad_pref[i]), &p));
	assert_true(org_industry_parse(STR("A"), &d));
	assert_int_equal(d, 'A');
	assert_true(org_industry_parse(STR("T"), &d));
	const char *bad_ind[] = {"", "U", "a", "AB", "@"};
	for (size_t i = 0; i < sizeof bad_ind / sizeof bad_ind[0]; i++)
		assert_false(org_industry_parse(str_from(bad_ind[i]), &d));
}

static void test_supporter_code_is_read_forgivingly(void **state)
{
	struct str out;
	assert_int_equal(org_supporter_code_normalise(*state, STR("ABCDE-FGHJK"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "ABCDEFGHJK");
	assert_int_equal(org_supporter_code_normalise(*state, STR("abcde fghjk"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "ABCDEFGHJK");
	assert_int_equal(org_supporter_code_normalise(*state, STR("0O1IL-23456"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "0011123456");
	assert_int_equal(org_supporter_code_normalise(*state, STR("ＡＢＣＤＥ－ＦＧＨＪＫ"), &out),
	                 ORG_CHECK_OK);
	assert_str_equal(out, "ABCDEFGHJK");
	assert_int_equal(org_supporter_code_normalise(*state, STR(""), &out), ORG_CHECK_EMPTY);
	assert_int_equal(org_supporter_code_normalise(*state, STR("ABCDE-FGHJ"), &out),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_supporter_code_normalise(*state, STR("ABCDE-FGHJU"), &out),
	                 ORG_CHECK_INVALID);
	assert_int_equal(org_supporter_code_normalise(*state, STR("ABCDE-FGHJ!"), &out),
	                 ORG_CHECK_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_corporate_number_accepts_the_documented_examples),
	    TEST(test_corporate_number_rejects_every_single_digit_typo),
	    TEST(test_corporate_number_accepts_full_width_digits_hyphens_and_spaces),
	    TEST(test_corporate_number_refuses_wrong_shapes),
	    TEST(test_postal_code_takes_seven_digits_with_or_without_hyphen),
	    TEST(test_phone_accepts_japanese_and_international_forms),
	    TEST(test_phone_tel_link_keeps_plus_and_digits),
	    TEST(test_email_is_lower_cased_and_checked),
	    TEST(test_url_must_be_http_or_https_and_well_formed),
	    TEST(test_count_takes_commas_and_full_width_digits_up_to_a_maximum),
	    TEST(test_kana_accepts_katakana_hiragana_and_company_punctuation),
	    TEST(test_single_line_refuses_control_characters),
	    TEST(test_prefecture_and_industry_take_only_their_codes),
	    TEST(test_supporter_code_is_read_forgivingly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
