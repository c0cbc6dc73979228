/* Unit tests: the basic security policy — assembling a policy from its
 * sections (paragraphs and lines, what publishing needs, limits, dates),
 * suggestions from the weak items of an assessment, the suggested texts
 * in content/policy/ (the shipped files, and broken ones refused), and a
 * PDF drawn from a policy. */
#include "core/policy.h"
#include "test.h"
#include "view/pdf.h"
#include "pages/policy/policy_suggestions.h"

static struct policy_text complete_text(void)
{
	struct policy_text t = {
	    .lang = STR("ja"),
	    .established_on = STR("2026-04-01"),
	    .organisation_name = STR("さくら精密工業株式会社"),
	    .representative_title = STR("代表取締役"),
	    .representative_name = STR("桜 太郎"),
	};
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++)
		t.section[i] = STR("情報を守ります。");
	return t;
}

/* ---- paragraphs and lines -------------------------------------------------- */

static void test_paragraphs_split_at_blank_lines_and_keep_line_breaks(void **state)
{
	(void)state;
	struct str p[POLICY_PARAGRAPHS_MAX], l[POLICY_LINES_MAX];
	size_t n = core_policy_paragraphs(STR("\n  first line\nsecond line\n\n\n third \n"), p,
	                                  POLICY_PARAGRAPHS_MAX);
	assert_int_equal(n, 2);
	assert_str_equal(p[0], "first line\nsecond line");
	assert_str_equal(p[1], "third");
	assert_int_equal(core_policy_lines(p[0], l, POLICY_LINES_MAX), 2);
	assert_str_equal(l[0], "first line");
	assert_str_equal(l[1], "second line");
}

static void test_paragraphs_read_crlf_and_blank_lines_of_spaces(void **state)
{
	(void)state;
	struct str p[4];
	size_t n =
	    core_policy_paragraphs(STR("一つ目\r\n \t\r\n二つ目\r\n\xe3\x80\x80\r\n三つ目"), p, 4);
	assert_int_equal(n, 3);
	assert_str_equal(p[0], "一つ目");
	assert_str_equal(p[1], "二つ目");
	assert_str_equal(p[2], "三つ目");
}

static void test_paragraphs_of_empty_or_blank_text_are_none(void **state)
{
	(void)state;
	struct str p[4];
	assert_int_equal(core_policy_paragraphs(STR(""), p, 4), 0);
	assert_int_equal(core_policy_paragraphs(STR("\n \n\r\n"), p, 4), 0);
	assert_int_equal(core_policy_paragraphs(STR("a"), p, 0), 0);
}

static void test_paragraphs_beyond_the_maximum_are_joined_into_the_last(void **state)
{
	(void)state;
	struct str p[2], l[8];
	size_t n = core_policy_paragraphs(STR("a\n\nb\n\nc\n\nd"), p, 2);
	assert_int_equal(n, 2);
	assert_str_equal(p[0], "a");
	assert_str_equal(p[1], "b\n\nc\n\nd");
	/* the joined paragraph's lines skip the blank ones: nothing is lost */
	assert_int_equal(core_policy_lines(p[1], l, 8), 3);
	assert_str_equal(l[2], "d");
}

static void test_lines_beyond_the_maximum_are_joined_into_the_last(void **state)
{
	(void)state;
	struct str l[2];
	assert_int_equal(core_policy_lines(STR("x\ny\nz"), l, 2), 2);
	assert_str_equal(l[0], "x");
	assert_str_equal(l[1], "y\nz");
}

/* ---- what publishing needs ------------------------------------------------ */

static void test_complete_policy_passes(void **state)
{
	(void)state;
	struct policy_text t = complete_text();
	size_t where;
	assert_int_equal(core_policy_check_complete(&t, &where), POLICY_OK);
}

static void test_an_empty_section_names_its_step(void **state)
{
	(void)state;
	struct policy_text t = complete_text();
	size_t where;
	t.section[POLICY_COMMITMENT_4] = STR("");
	assert_int_equal(core_policy_check_complete(&t, &where), POLICY_EMPTY);
	assert_int_equal(where, POLICY_COMMITMENT_4);
}

static void test_an_empty_or_bad_footer_names_the_footer(void **state)
{
	(void)state;
	size_t where;
	struct policy_text t = complete_text();
	t.representative_name = STR("");
	assert_int_equal(core_policy_check_complete(&t, &where), POLICY_EMPTY);
	assert_int_equal(where, POLICY_STEP_FOOTER);
	t = complete_text();
	t.established_on = STR("2026-02-30");
	assert_int_equal(core_policy_check_complete(&t, &where), POLICY_BAD_DATE);
	t = complete_text();
	t.lang = STR("fr");
	assert_int_equal(core_policy_check_complete(&t, &where), POLICY_BAD_LANG);
}

static void test_section_limits_count_characters_not_bytes(void **state)
{
	struct arena *a = *state;
	/* 600 three-byte characters fit the preamble; 601 do not */
	char *text = arena_alloc(a, 3 * 601 + 1);
	for (size_t i = 0; i < 601; i++)
		memcpy(text + 3 * i, "守", 3);
	struct str at_limit = {text, 3 * 600}, over = {text, 3 * 601};
	assert_int_equal(core_policy_check_section(POLICY_PREAMBLE, at_limit), POLICY_OK);
	assert_int_equal(core_policy_check_section(POLICY_PREAMBLE, over), POLICY_TOO_LONG);
	assert_int_equal(
	    core_policy_check_section(POLICY_COMMITMENT_1, (struct str){text, 3 * 401}),
	    POLICY_TOO_LONG);
	assert_int_equal(core_policy_check_section(POLICY_COMMITMENT_1, STR("")), POLICY_OK);
	/* invalid UTF-8 never passes */
	assert_int_equal(core_policy_check_section(POLICY_COMMITMENT_1, STR("\xff")),
	                 POLICY_TOO_LONG);
}

static void test_dates_are_read_as_people_type_them(void **state)
{
	(void)state;
	struct arena a;
	struct str iso;
	arena_init(&a, 4096);
	assert_true(core_policy_date_read(&a, STR("2026-04-01"), &iso));
	assert_true(str_eq_lit(iso, "2026-04-01"));
	assert_true(core_policy_date_read(&a, STR("2026/4/1"), &iso));
	assert_true(str_eq_lit(iso, "2026-04-01"));
	assert_true(core_policy_date_read(&a, STR("2026年4月1日"), &iso));
	assert_true(str_eq_lit(iso, "2026-04-01"));
	assert_true(core_policy_date_read(&a, STR("２０２６年１２月３１日"), &iso));
	assert_true(str_eq_lit(iso, "2026-12-31"));
	assert_true(core_policy_date_read(&a, STR(" 2024/02/29 "), &iso));
	assert_true(str_eq_lit(iso, "2024-02-29"));
	assert_false(core_policy_date_read(&a, STR("2023年2月29日"), &iso));
	assert_true(str_eq_lit(iso, ""));
	assert_false(core_policy_date_read(&a, STR("2026年4月1"), &iso));
	assert_false(core_policy_date_read(&a, STR("2026-4/1"), &iso));
	assert_false(core_policy_date_read(&a, STR("2026年4/1"), &iso));
	assert_false(core_policy_date_read(&a, STR("26年4月1日"), &iso));
	assert_false(core_policy_date_read(&a, STR("2026-004-01"), &iso));
	assert_false(core_policy_date_read(&a, STR("令和8年4月1日"), &iso));
	assert_false(core_policy_date_read(&a, STR(""), &iso));
	assert_false(core_policy_date_read(&a, STR("2026-04-01x"), &iso));
	arena_free(&a);
}

static void test_dates_must_be_real(void **state)
{
	(void)state;
	assert_true(core_policy_date_valid(STR("2024-02-29")));
	assert_true(core_policy_date_valid(STR("2000-02-29")));
	assert_false(core_policy_date_valid(STR("1900-02-29")));
	assert_false(core_policy_date_valid(STR("2023-02-29")));
	assert_false(core_policy_date_valid(STR("2026-04-31")));
	assert_false(core_policy_date_valid(STR("2026-13-01")));
	assert_false(core_policy_date_valid(STR("2026-1-01")));
	assert_false(core_policy_date_valid(STR("2026/04/01")));
	assert_false(core_policy_date_valid(STR("")));
	assert_false(core_policy_date_valid(STR("1899-12-31")));
}

static void test_step_names_round_trip_and_refuse_others(void **state)
{
	(void)state;
	size_t step;
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++) {
		assert_true(core_policy_step_parse(str_from(core_policy_step_name(i)), &step));
		assert_int_equal(step, i);
	}
	assert_false(core_policy_step_parse(STR("commitment-6"), &step));
	assert_false(core_policy_step_parse(STR("Preamble"), &step));
	assert_false(core_policy_step_parse(STR(""), &step));
	assert_null(core_policy_step_name(POLICY_STEP_COUNT));
}

static void test_texts_differing_in_any_part_are_not_equal(void **state)
{
	(void)state;
	struct policy_text a = complete_text(), b = complete_text();
	assert_true(core_policy_text_equal(&a, &b));
	b.section[POLICY_COMMITMENT_5] = STR("別の文");
	assert_false(core_policy_text_equal(&a, &b));
	b = complete_text();
	b.lang = STR("en");
	assert_false(core_policy_text_equal(&a, &b));
	b = complete_text();
	b.representative_title = STR("代表");
	assert_false(core_policy_text_equal(&a, &b));
}

/* ---- suggestions from weak items ------------------------------------------ */

static const struct policy_weak_rule rules[] = {
    {24, POLICY_COMMITMENT_5}, {11, POLICY_COMMITMENT_5}, {20, POLICY_COMMITMENT_3},
    {0, POLICY_COMMITMENT_5},  {26, POLICY_COMMITMENT_5},
};

static void all_done(enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		answers[i] = ANSWER_DONE;
}

static void test_weak_items_suggest_their_sentences_for_that_section_only(void **state)
{
	(void)state;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	size_t out[8];
	all_done(answers);
	answers[24 - 1] = ANSWER_NOT_DONE;
	answers[20 - 1] = ANSWER_PARTLY;
	assert_int_equal(
	    core_policy_weak_suggestions(rules, 5, answers, POLICY_COMMITMENT_5, out, 8), 1);
	assert_int_equal(out[0], 0);
	assert_int_equal(
	    core_policy_weak_suggestions(rules, 5, answers, POLICY_COMMITMENT_3, out, 8), 1);
	assert_int_equal(out[0], 2);
	assert_int_equal(core_policy_weak_suggestions(rules, 5, answers, POLICY_PREAMBLE, out, 8),
	                 0);
}

static void test_every_answer_but_done_is_weak(void **state)
{
	(void)state;
	assert_false(core_policy_item_weak(ANSWER_DONE));
	assert_true(core_policy_item_weak(ANSWER_PARTLY));
	assert_true(core_policy_item_weak(ANSWER_NOT_DONE));
	assert_true(core_policy_item_weak(ANSWER_DONT_KNOW));
	assert_true(core_policy_item_weak(ANSWER_NONE));
}

static void test_all_done_suggests_nothing_and_bad_items_are_ignored(void **state)
{
	(void)state;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	size_t out[8];
	all_done(answers);
	assert_int_equal(
	    core_policy_weak_suggestions(rules, 5, answers, POLICY_COMMITMENT_5, out, 8), 0);
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		answers[i] = ANSWER_DONT_KNOW;
	/* items 0 and 26 do not exist; the order of the rules is kept; max holds */
	assert_int_equal(
	    core_policy_weak_suggestions(rules, 5, answers, POLICY_COMMITMENT_5, out, 8), 2);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(
	    core_policy_weak_suggestions(rules, 5, answers, POLICY_COMMITMENT_5, out, 1), 1);
}

/* ---- the content --------------------------------------------------------- */

static void test_shipped_suggestions_load_with_two_or_three_per_section(void **state)
{
	(void)state;
	const struct policy_suggestions *s = policy_suggestions();
	assert_non_null(s);
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		assert_in_range(s->count[i], POLICY_SUGGESTIONS_MIN, POLICY_SUGGESTIONS_MAX);
		for (size_t k = 0; k < s->count[i]; k++)
			for (size_t l = 0; l < LANG_COUNT; l++)
				assert_true(s->text[l][i][k].n > 0);
	}
	assert_true(s->rule_count >= 5);
}

/* The example of the issue: no incident plan (item 24) → a commitment to
 * decide who does what in an incident, under "violations and incidents". */
static void test_shipped_content_suggests_an_incident_plan_when_item_24_is_weak(void **state)
{
	(void)state;
	const struct policy_suggestions *s = policy_suggestions();
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	size_t out[POLICY_WEAK_RULES_MAX];
	assert_non_null(s);
	all_done(answers);
	answers[24 - 1] = ANSWER_NOT_DONE;
	size_t n = core_policy_weak_suggestions(s->rules, s->rule_count, answers,
	                                        POLICY_COMMITMENT_5, out, POLICY_WEAK_RULES_MAX);
	assert_int_equal(n, 1);
	assert_int_equal(s->rules[out[0]].item, 24);
	assert_non_null(strstr(str_dup(*state, s->rule_text[LANG_EN][out[0]]), "who does what"));
	assert_true(s->rule_why[LANG_JA][out[0]].n > 0);
}

static enum mm_err parse(struct arena *a, const char *ja, const char *en, char err[TPL_ERR_MAX])
{
	static struct policy_suggestions out;
	const struct str json[LANG_COUNT] = {str_from(ja), str_from(en)};
	return policy_suggestions_parse(a, json, &out, err);
}

#define SECTIONS_OK                                                                                \
	"\"sections\": {\"preamble\": [\"a\", \"b\"], \"commitment-1\": [\"a\", \"b\"],"           \
	" \"commitment-2\": [\"a\", \"b\"], \"commitment-3\": [\"a\", \"b\"],"                     \
	" \"commitment-4\": [\"a\", \"b\"], \"commitment-5\": [\"a\", \"b\"]}"
#define RULE_24 "{\"item\": 24, \"section\": \"commitment-5\", \"text\": \"t\", \"why\": \"w\"}"

static void test_content_parser_accepts_a_minimal_pair(void **state)
{
	char err[TPL_ERR_MAX];
	const char *ok = "{" SECTIONS_OK ", \"weak_items\": [" RULE_24 "]}";
	assert_int_equal(parse(*state, ok, ok, err), MM_OK);
}

static void test_content_parser_refuses_broken_files(void **state)
{
	char err[TPL_ERR_MAX];
	const char *ok = "{" SECTIONS_OK ", \"weak_items\": [" RULE_24 "]}";
	const char *bad[] = {
	    "{" SECTIONS_OK ", \"weak_items\": [" RULE_24 "], \"extra\": 1}",
	    "{" SECTIONS_OK ", \"weak_items\": [" RULE_24 "], \"weak_items\": []}",
	    "{" SECTIONS_OK ", \"weak_items\": [{\"item\": 26, \"section\": \"commitment-5\","
	    " \"text\": \"t\", \"why\": \"w\"}]}",
	    "{" SECTIONS_OK ", \"weak_items\": [{\"item\": 24, \"section\": \"footer\","
	    " \"text\": \"t\", \"why\": \"w\"}]}",
	    "{" SECTIONS_OK ", \"weak_items\": [{\"item\": 24, \"section\": \"commitment-5\","
	    " \"text\": \" padded\", \"why\": \"w\"}]}",
	    "{\"sections\": {\"preamble\": [\"a\"]}, \"weak_items\": []}",
	    "not json",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_not_equal(parse(*state, bad[i], ok, err), MM_OK);
		assert_int_not_equal(parse(*state, ok, bad[i], err), MM_OK);
	}
	/* English must offer what Japanese offers */
	const char *other_rule = "{" SECTIONS_OK ", \"weak_items\": [{\"item\": 23, \"section\":"
	                         " \"commitment-5\", \"text\": \"t\", \"why\": \"w\"}]}";
	assert_int_not_equal(parse(*state, ok, other_rule, err), MM_OK);
	assert_non_null(strstr(err, "suggestions.en.json"));
}

/* ---- the PDF ---------------------------------------------------------------- */

static void test_pdf_of_a_policy_is_an_a4_pdf(void **state)
{
	struct arena *a = *state;
	const struct pdf_block blocks[] = {
	    {PDF_TITLE, STR("情報セキュリティ基本方針")},
	    {PDF_PARAGRAPH, STR("<script>alert(1)</script> は文字のまま。\n二行目")},
	    {PDF_HEADING, STR("1. 経営者の責任")},
	    {PDF_RIGHT, STR("代表取締役 桜 太郎")},
	    {PDF_NOTE, STR("note")},
	};
	struct pdf_document doc = {STR("title"), STR("ja"), STR("footer"), blocks, 5};
	struct str out;
	assert_int_equal(pdf_render(a, &doc, &out), MM_OK);
	assert_true(out.n > 1000);
	assert_memory_equal(out.p, "%PDF-", 5);
	/* A4 media box: 595.28 × 841.89 points */
	assert_non_null(memmem(out.p, out.n, "/MediaBox [ 0 0 595.28 841.89 ]", 31));
}

static void test_pdf_refuses_too_many_blocks(void **state)
{
	struct pdf_block blocks[1] = {{PDF_PARAGRAPH, STR("x")}};
	struct pdf_document doc = {STR("t"), STR("en"), STR(""), blocks, PDF_MAX_BLOCKS + 1};
	struct str out;
	assert_int_equal(pdf_render(*state, &doc, &out), MM_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_paragraphs_split_at_blank_lines_and_keep_line_breaks),
	    TEST(test_paragraphs_read_crlf_and_blank_lines_of_spaces),
	    TEST(test_paragraphs_of_empty_or_blank_text_are_none),
	    TEST(test_paragraphs_beyond_the_maximum_are_joined_into_the_last),
	    TEST(test_lines_beyond_the_maximum_are_joined_into_the_last),
	    TEST(test_complete_policy_passes),
	    TEST(test_an_empty_section_names_its_step),
	    TEST(test_an_empty_or_bad_footer_names_the_footer),
	    TEST(test_section_limits_count_characters_not_bytes),
	    TEST(test_dates_are_read_as_people_type_them),
	    TEST(test_dates_must_be_real),
	    TEST(test_step_names_round_trip_and_refuse_others),
	    TEST(test_texts_differing_in_any_part_are_not_equal),
	    TEST(test_weak_items_suggest_their_sentences_for_that_section_only),
	    TEST(test_every_answer_but_done_is_weak),
	    TEST(test_all_done_suggests_nothing_and_bad_items_are_ignored),
	    TEST(test_shipped_suggestions_load_with_two_or_three_per_section),
	    TEST(test_shipped_content_suggests_an_incident_plan_when_item_24_is_weak),
	    TEST(test_content_parser_accepts_a_minimal_pair),
	    TEST(test_content_parser_refuses_broken_files),
	    TEST(test_pdf_of_a_policy_is_an_a4_pdf),
	    TEST(test_pdf_refuses_too_many_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
