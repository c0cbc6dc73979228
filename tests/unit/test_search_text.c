/* Unit tests: the text the declarant search compares (core/search_text.h),
 * the same split for the index a declaration writes and the query that
 * reads it. */
#include "core/search_text.h"
#include "test.h"

/* The tokens joined by '|', for comparison. */
static const char *joined(struct arena *a, const struct search_tokens *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->items[i].n + 1;
	char *p = arena_alloc(a, n + 1), *q = p;
	assert_non_null(p);
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			*q++ = '|';
		memcpy(q, t->items[i].p, t->items[i].n);
		q += t->items[i].n;
	}
	*q = '\0';
	return p;
}

static void test_fold_makes_hiragana_katakana_and_latin_lower_case(void **state)
{
	struct str out;
	assert_int_equal(core_search_fold(*state, STR("さくらABCサクラ精密ゔ"), &out), MM_OK);
	assert_str_equal(out, "サクラabcサクラ精密ヴ");
	/* what is neither stays: kanji, the long-vowel mark, digits, marks */
	assert_int_equal(core_search_fold(*state, STR("ー09&.山"), &out), MM_OK);
	assert_str_equal(out, "ー09&.山");
}

static void test_fold_variants_makes_old_kanji_forms_everyday_ones(void **state)
{
	struct str out;
	assert_int_equal(
	    core_search_fold_variants(*state, STR("サイバー保險・髙﨑の澤田さんABC"), &out), MM_OK);
	assert_str_equal(out, "サイバー保険・高崎ノ沢田サンabc");
	/* everyday forms, and text without kanji, stay as core_search_fold makes them */
	assert_int_equal(core_search_fold_variants(*state, STR("保険 高崎 é 😀 x"), &out), MM_OK);
	assert_str_equal(out, "保険 高崎 é 😀 x");
	assert_int_equal(core_search_fold_variants(*state, STR(""), &out), MM_OK);
	assert_int_equal(out.n, 0);
	/* the plain fold leaves the variants alone (the declarant index relies on it) */
	assert_int_equal(core_search_fold(*state, STR("保險"), &out), MM_OK);
	assert_str_equal(out, "保險");
}

static void test_fold_turns_control_characters_into_spaces(void **state)
{
	struct str out;
	assert_int_equal(core_search_fold(*state,
	                                  STR("a\x1f"
	                                      "b\nc\x7f"),
	                                  &out),
	                 MM_OK);
	assert_str_equal(out, "a b c ");
}

static void test_fold_refuses_text_over_the_limit(void **state)
{
	static char big[SEARCH_TEXT_MAX_BYTES + 1];
	struct str out;
	memset(big, 'a', sizeof big);
	assert_int_equal(core_search_fold(*state, (struct str){big, sizeof big}, &out),
	                 MM_ERR_INVALID);
	assert_int_equal(core_search_fold(*state, (struct str){big, sizeof big - 1}, &out), MM_OK);
}

static void test_search_text_joins_name_and_kana_with_the_separator(void **state)
{
	struct str out;
	assert_int_equal(core_search_text(*state, STR("さくら精密"), STR("さくらセイミツ"), &out),
	                 MM_OK);
	assert_str_equal(out, "サクラ精密\x1f"
	                      "サクラセイミツ");
}

static void test_tokens_are_unigrams_and_bigrams_distinct_and_sorted(void **state)
{
	struct str text;
	struct search_tokens t;
	assert_int_equal(core_search_text(*state, STR("AbA"), STR("ab"), &text), MM_OK);
	assert_int_equal(core_search_tokens(*state, text, &t), MM_OK);
	assert_string_equal(joined(*state, &t), "a|ab|b|ba");
}

static void test_tokens_never_span_the_separator(void **state)
{
	struct str text;
	struct search_tokens t;
	assert_int_equal(core_search_text(*state, STR("山田"), STR("ヤマ"), &text), MM_OK);
	assert_int_equal(core_search_tokens(*state, text, &t), MM_OK);
	/* no "田ヤ", no token holding the separator */
	assert_string_equal(joined(*state, &t), "マ|ヤ|ヤマ|山|山田|田");
}

static void test_tokens_of_an_empty_part_are_the_other_part(void **state)
{
	struct str text;
	struct search_tokens t;
	assert_int_equal(core_search_text(*state, STR("x"), STR(""), &text), MM_OK);
	assert_int_equal(core_search_tokens(*state, text, &t), MM_OK);
	assert_string_equal(joined(*state, &t), "x");
	assert_int_equal(core_search_tokens(*state, STR(""), &t), MM_OK);
	assert_int_equal(t.n, 0);
}

static void test_short_query_is_its_own_token(void **state)
{
	struct search_tokens t;
	bool whole = false;
	assert_int_equal(core_search_query_tokens(*state, STR("山"), &t, &whole), MM_OK);
	assert_true(whole);
	assert_string_equal(joined(*state, &t), "山");
	assert_int_equal(core_search_query_tokens(*state, STR("山田"), &t, &whole), MM_OK);
	assert_true(whole);
	assert_string_equal(joined(*state, &t), "山田");
	assert_int_equal(core_search_query_tokens(*state, STR(""), &t, &whole), MM_OK);
	assert_int_equal(t.n, 0);
}

static void test_long_query_needs_each_bigram_once(void **state)
{
	struct search_tokens t;
	bool whole = true;
	assert_int_equal(core_search_query_tokens(*state, STR("ヤマヤマダ"), &t, &whole), MM_OK);
	assert_false(whole);
	assert_string_equal(joined(*state, &t), "ヤマ|マヤ|マダ");
}

/* Every token a query needs is a token of a text that contains it: what
 * the index is built from and what the search asks of it agree. */
static void test_a_matching_name_has_every_token_its_query_needs(void **state)
{
	static const char *const names[] = {"株式会社さくら精密", "ABC", "ab", "ヤマダ"};
	static const char *const queries[] = {"サクラ", "さく", "ら",     "精密", "株式会社",
	                                      "abc",    "b",    "ヤマダ", "マダ"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct str text, q;
		struct search_tokens have, need;
		bool whole;
		assert_int_equal(core_search_text(*state, str_from(names[i]), STR(""), &text),
		                 MM_OK);
		assert_int_equal(core_search_tokens(*state, text, &have), MM_OK);
		for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
			assert_int_equal(core_search_fold(*state, str_from(queries[k]), &q), MM_OK);
			if (!memmem(text.p, text.n, q.p, q.n))
				continue;
			assert_int_equal(core_search_query_tokens(*state, q, &need, &whole), MM_OK);
			for (size_t j = 0; j < need.n; j++) {
				bool found = false;
				for (size_t h = 0; h < have.n && !found; h++)
					found = have.items[h].n == need.items[j].n &&
					        !memcmp(have.items[h].p, need.items[j].p,
					                need.items[j].n);
				assert_true(found);
			}
		}
	}
}

static void test_query_over_the_limit_is_refused(void **state)
{
	static char big[SEARCH_QUERY_MAX_BYTES + 1];
	struct search_tokens t;
	bool whole;
	memset(big, 'a', sizeof big);
	assert_int_equal(
	    core_search_query_tokens(*state, (struct str){big, sizeof big}, &t, &whole),
	    MM_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_fold_makes_hiragana_katakana_and_latin_lower_case),
	    TEST(test_fold_turns_control_characters_into_spaces),
	    TEST(test_fold_variants_makes_old_kanji_forms_everyday_ones),
	    TEST(test_fold_refuses_text_over_the_limit),
	    TEST(test_search_text_joins_name_and_kana_with_the_separator),
	    TEST(test_tokens_are_unigrams_and_bigrams_distinct_and_sorted),
	    TEST(test_tokens_never_span_the_separator),
	    TEST(test_tokens_of_an_empty_part_are_the_other_part),
	    TEST(test_short_query_is_its_own_token),
	    TEST(test_long_query_needs_each_bigram_once),
	    TEST(test_a_matching_name_has_every_token_its_query_needs),
	    TEST(test_query_over_the_limit_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
