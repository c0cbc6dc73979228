/* Unit tests: the questionnaire versions (view/questionnaire.h) — the real
 * v1 in both languages, a test-only v2 beside it, discovery by directory
 * name, and broken versions refused with a reason. Broken versions are the
 * real v1 with one thing changed, so each refusal has exactly one cause. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/embedded.h"
#include "view/questionnaire.h"
#include "test.h"

enum { META, JA, EN, FILES }; /* the three files of a version */

static const char *const v1_names[FILES] = {
    "content/assessment/v1/meta.json",
    "content/assessment/v1/questionnaire.ja.json",
    "content/assessment/v1/questionnaire.en.json",
};

static int load_real(void **state)
{
	arena_setup(state);
	char err[TPL_ERR_MAX] = "";
	enum mm_err e = questionnaire_load(*state, err);
	if (e)
		print_error("questionnaire_load: %s\n", err);
	return e == MM_OK ? 0 : -1;
}

#define LOADED(f) cmocka_unit_test_setup_teardown(f, load_real, arena_teardown)

static struct str real_file(int which)
{
	const struct embedded_file *f = embedded_find(v1_names[which]);
	assert_non_null(f);
	return embedded_str(f);
}

/* Case-insensitive: does s contain word (ASCII)? */
static bool contains_word(struct str s, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= s.n; i++) {
		size_t k = 0;
		while (k < n && (s.p[i + k] | 0x20) == word[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

static void check_text(struct str s)
{
	static const char *const banned[] = {"todo", "fixme", "placeholder", "stub"};
	assert_non_null(s.p);
	assert_true(s.n > 0);
	for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
		if (contains_word(s, banned[i]))
			fail_msg("\"%.*s\" contains \"%s\"", (int)s.n, s.p, banned[i]);
}

static bool ends_with(struct str s, const char *suffix)
{
	return str_ends_with(s, suffix);
}

static void test_real_v1_has_25_items_in_both_languages(void **state)
{
	(void)state;
	assert_int_equal(questionnaire_count(), 1);
	const struct questionnaire *q = questionnaire_find(STR("v1"));
	assert_non_null(q);
	assert_ptr_equal(questionnaire_latest(), q);
	assert_ptr_equal(questionnaire_at(0), q);
	assert_string_equal(q->version, "v1");
	assert_int_equal(q->number, 1);
	for (int l = 0; l < LANG_COUNT; l++) {
		for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
			const struct questionnaire_part *part =
			    questionnaire_part(q, (enum lang)l, p);
			assert_non_null(part);
			assert_int_equal(part->number, p);
			check_text(part->title);
			check_text(part->intro);
		}
		for (int n = 1; n <= ASSESSMENT_ITEM_COUNT; n++) {
			const struct questionnaire_item *it =
			    questionnaire_item(q, (enum lang)l, n);
			assert_non_null(it);
			assert_int_equal(it->number, n);
			assert_int_equal(it->part, core_assessment_part_of(n));
			check_text(it->question);
			check_text(it->why);
			check_text(it->done_example);
			/* a question the four answers fit, in each language's form */
			assert_true(ends_with(it->question, l == LANG_JA ? "か。" : "?"));
			assert_null(questionnaire_advice(it, ANSWER_DONE));
			assert_null(questionnaire_advice(it, ANSWER_NONE));
			const enum assessment_answer steps_for[] = {ANSWER_PARTLY, ANSWER_NOT_DONE};
			for (int k = 0; k < 2; k++) {
				const struct questionnaire_advice *adv =
				    questionnaire_advice(it, steps_for[k]);
				assert_non_null(adv);
				assert_in_range(adv->step_count, QUESTIONNAIRE_STEPS_MIN,
				                QUESTIONNAIRE_STEPS_MAX);
				assert_int_equal(adv->find_out.n, 0);
				for (size_t s = 0; s < adv->step_count; s++)
					check_text(adv->steps[s]);
			}
			const struct questionnaire_advice *dk =
			    questionnaire_advice(it, ANSWER_DONT_KNOW);
			assert_non_null(dk);
			check_text(dk->find_out);
			assert_int_equal(dk->step_count, 1);
			check_text(dk->steps[0]);
		}
	}
}

/* Both languages are really there: no item shows the same words twice. */
static void test_real_v1_is_written_in_each_language(void **state)
{
	(void)state;
	const struct questionnaire *q = questionnaire_latest();
	for (int n = 1; n <= ASSESSMENT_ITEM_COUNT; n++) {
		const struct questionnaire_item *ja = questionnaire_item(q, LANG_JA, n);
		const struct questionnaire_item *en = questionnaire_item(q, LANG_EN, n);
		assert_false(str_eq(ja->question, en->question));
		assert_false(str_eq(ja->why, en->why));
		assert_false(
		    str_eq(ja->advice[ANSWER_PARTLY].steps[0], en->advice[ANSWER_PARTLY].steps[0]));
		/* polite style: the Japanese question is asked with ～ますか。 */
		assert_true(ends_with(ja->question, "ますか。"));
	}
}

static void test_lookups_out_of_range_give_null(void **state)
{
	(void)state;
	const struct questionnaire *q = questionnaire_latest();
	assert_null(questionnaire_part(q, LANG_JA, 0));
	assert_null(questionnaire_part(q, LANG_EN, 4));
	assert_null(questionnaire_item(q, LANG_JA, 0));
	assert_null(questionnaire_item(q, LANG_EN, 26));
	assert_null(questionnaire_item(NULL, LANG_EN, 1));
	assert_null(questionnaire_find(STR("v2")));
	assert_null(questionnaire_find(STR("")));
	assert_null(questionnaire_find(STR("v1 ")));
	assert_null(questionnaire_at(1));
	assert_null(questionnaire_advice(NULL, ANSWER_PARTLY));
	assert_null(
	    questionnaire_advice(questionnaire_item(q, LANG_JA, 1), (enum assessment_answer)9));
	/* an unknown language reads Japanese, as the catalogues do */
	assert_ptr_equal(questionnaire_item(q, (enum lang)7, 1), questionnaire_item(q, LANG_JA, 1));
}

/* ---- building variants of the real v1 ---- */

typedef void edit_fn(json_t *root);

static struct str dump(struct arena *a, json_t *root)
{
	char *text = json_dumps(root, JSON_COMPACT);
	assert_non_null(text);
	char *copy = arena_strdup(a, text);
	free(text);
	assert_non_null(copy);
	return str_from(copy);
}

static struct str edited(struct arena *a, struct str json, edit_fn *edit)
{
	json_error_t jerr;
	json_t *root = json_loadb(json.p, json.n, 0, &jerr);
	assert_non_null(root);
	if (edit)
		edit(root);
	struct str out = dump(a, root);
	json_decref(root);
	return out;
}

static char version_to_set[8];

static void set_version(json_t *meta)
{
	json_object_set_new(meta, "version", json_string(version_to_set));
}

/* The real v1 under another name; edit (if any) applied to one file. */
static struct questionnaire_source variant(struct arena *a, const char *version, int which,
                                           edit_fn *edit)
{
	snprintf(version_to_set, sizeof version_to_set, "%s", version);
	struct questionnaire_source src = {.version = str_from(version)};
	src.meta = edited(a, real_file(META), set_version);
	if (which == META && edit)
		src.meta = edited(a, src.meta, edit);
	src.text[LANG_JA] = edited(a, real_file(JA), which == JA ? edit : NULL);
	src.text[LANG_EN] = edited(a, real_file(EN), which == EN ? edit : NULL);
	return src;
}

static json_t *item_of(json_t *root, int n)
{
	json_t *it = json_array_get(json_object_get(root, "items"), (size_t)n - 1);
	assert_non_null(it);
	assert_int_equal(json_integer_value(json_object_get(it, "id")), n);
	return it;
}

static json_t *meta_part(json_t *meta, int p)
{
	json_t *part = json_array_get(json_object_get(meta, "parts"), (size_t)p - 1);
	assert_non_null(part);
	return json_object_get(part, "items");
}

#define V2_QUESTION_JA                                                                             \
	"一人ひとりが、サービスごとに別の長いパスワードを使い、人に教えないようにしていますか。"
#define V2_QUESTION_EN                                                                             \
	"Does each person use a long, separate password for every service and keep it to "         \
	"themselves?"

static void reword_item_3_ja(json_t *root)
{
	json_object_set_new(item_of(root, 3), "question", json_string(V2_QUESTION_JA));
}

static void reword_item_3_en(json_t *root)
{
	json_object_set_new(item_of(root, 3), "question", json_string(V2_QUESTION_EN));
}

static void test_a_second_version_is_latest_and_v1_stays_unchanged(void **state)
{
	const struct questionnaire *v1 = questionnaire_find(STR("v1"));
	struct str v1_question = questionnaire_item(v1, LANG_EN, 3)->question;
	char *v1_copy = str_dup(*state, v1_question);

	struct questionnaire_source src = variant(*state, "v2", JA, reword_item_3_ja);
	src.text[LANG_EN] = edited(*state, src.text[LANG_EN], reword_item_3_en);
	char err[TPL_ERR_MAX] = "";
	enum mm_err e = questionnaire_load_json(*state, &src, err);
	if (e)
		fail_msg("%s", err);

	assert_int_equal(questionnaire_count(), 2);
	const struct questionnaire *v2 = questionnaire_latest();
	assert_string_equal(v2->version, "v2");
	assert_int_equal(v2->number, 2);
	assert_ptr_equal(questionnaire_find(STR("v2")), v2);
	assert_ptr_equal(questionnaire_at(0), v1);
	assert_ptr_equal(questionnaire_at(1), v2);
	assert_ptr_equal(questionnaire_find(STR("v1")), v1);

	assert_str_equal(questionnaire_item(v2, LANG_JA, 3)->question, V2_QUESTION_JA);
	assert_str_equal(questionnaire_item(v2, LANG_EN, 3)->question, V2_QUESTION_EN);
	/* v1 reads as before */
	assert_true(str_eq(questionnaire_item(v1, LANG_EN, 3)->question, str_from(v1_copy)));
	assert_false(str_eq(questionnaire_item(v1, LANG_JA, 3)->question, STR(V2_QUESTION_JA)));
	/* what v2 did not change reads the same in both */
	assert_true(str_eq(questionnaire_item(v1, LANG_EN, 4)->question,
	                   questionnaire_item(v2, LANG_EN, 4)->question));
}

static void test_versions_are_ordered_by_number_not_by_text(void **state)
{
	char err[TPL_ERR_MAX] = "";
	struct questionnaire_source v10 = variant(*state, "v10", META, NULL);
	struct questionnaire_source v9 = variant(*state, "v9", META, NULL);
	assert_int_equal(questionnaire_load_json(*state, &v10, err), MM_OK);
	assert_int_equal(questionnaire_load_json(*state, &v9, err), MM_OK);
	assert_int_equal(questionnaire_count(), 3);
	assert_string_equal(questionnaire_at(0)->version, "v1");
	assert_string_equal(questionnaire_at(1)->version, "v9");
	assert_string_equal(questionnaire_at(2)->version, "v10");
	assert_string_equal(questionnaire_latest()->version, "v10");
}

static void test_a_version_loaded_twice_is_refused(void **state)
{
	char err[TPL_ERR_MAX] = "";
	struct questionnaire_source again = variant(*state, "v1", META, NULL);
	assert_int_equal(questionnaire_load_json(*state, &again, err), MM_ERR_DUPLICATE);
	assert_int_equal(questionnaire_count(), 1);
}

static void test_bad_version_names_are_refused(void **state)
{
	static const char *const bad[] = {"",   "v",  "v0",  "v01",   "2",
	                                  "V2", "vx", "v2a", "v1000", "v-1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[TPL_ERR_MAX] = "";
		struct questionnaire_source src = variant(*state, "v2", META, NULL);
		src.version = str_from(bad[i]);
		assert_int_not_equal(questionnaire_load_json(*state, &src, err), MM_OK);
		if (!strstr(err, "not a version name"))
			fail_msg("%s: %s", bad[i], err);
	}
	assert_int_equal(questionnaire_count(), 1);
}

/* ---- broken variants ---- */

static void remove_item_25_from_meta(json_t *meta)
{
	json_t *items = meta_part(meta, 3);
	json_array_remove(items, json_array_size(items) - 1);
}

static void list_item_3_twice(json_t *meta)
{
	json_array_append_new(meta_part(meta, 1), json_integer(3));
}

static void put_item_25_in_part_4(json_t *meta)
{
	remove_item_25_from_meta(meta);
	json_array_append_new(json_object_get(meta, "parts"),
	                      json_pack("{s:i, s:[i]}", "id", 4, "items", 25));
}

static void move_item_6_to_part_1(json_t *meta)
{
	json_array_remove(meta_part(meta, 2), 0);
	json_array_append_new(meta_part(meta, 1), json_integer(6));
}

static void name_meta_v3(json_t *meta)
{
	json_object_set_new(meta, "version", json_string("v3"));
}

static void add_unknown_key_to_meta(json_t *meta)
{
	json_object_set_new(meta, "title", json_string("x"));
}

static void remove_item_12(json_t *root)
{
	json_array_remove(json_object_get(root, "items"), 11);
}

static void give_item_2_the_id_1(json_t *root)
{
	json_object_set_new(item_of(root, 2), "id", json_integer(1));
}

static void add_part_4(json_t *root)
{
	json_array_append_new(
	    json_object_get(root, "parts"),
	    json_pack("{s:i, s:s, s:s}", "id", 4, "title", "Extra", "intro", "More."));
}

static void remove_why_of_item_7(json_t *root)
{
	json_object_del(item_of(root, 7), "why");
}

static void remove_first_step_of_item_9(json_t *root)
{
	json_object_del(json_object_get(item_of(root, 9), "dont_know"), "first_step");
}

static void remove_title_of_part_2(json_t *root)
{
	json_object_del(json_array_get(json_object_get(root, "parts"), 1), "title");
}

static void empty_question_1(json_t *root)
{
	json_object_set_new(item_of(root, 1), "question", json_string(""));
}

static void blank_question_1(json_t *root)
{
	json_object_set_new(item_of(root, 1), "question", json_string("　 "));
}

static void question_1_starts_with_a_space(json_t *root)
{
	json_object_set_new(item_of(root, 1), "question", json_string(" Do you?"));
}

static void why_of_item_4_on_two_lines(json_t *root)
{
	json_object_set_new(item_of(root, 4), "why", json_string("一行目。\n二行目。"));
}

static void question_1_too_long(json_t *root)
{
	char text[3 * 201 + 1] = "";
	for (int i = 0; i < 201; i++)
		memcpy(text + 3 * i, "あ", 3); /* 201 characters, 603 bytes */
	json_object_set_new(item_of(root, 1), "question", json_string(text));
}

static void question_1_at_the_limit(json_t *root)
{
	char text[3 * 200 + 1] = "";
	for (int i = 0; i < 200; i++)
		memcpy(text + 3 * i, "あ", 3);
	json_object_set_new(item_of(root, 1), "question", json_string(text));
}

static void one_partly_step_for_item_5(json_t *root)
{
	json_object_set_new(item_of(root, 5), "partly", json_pack("[s]", "Only one step."));
}

static void five_not_done_steps_for_item_5(json_t *root)
{
	json_object_set_new(item_of(root, 5), "not_done",
	                    json_pack("[sssss]", "a", "b", "c", "d", "e"));
}

static void number_as_step(json_t *root)
{
	json_object_set_new(item_of(root, 5), "not_done", json_pack("[is]", 1, "b"));
}

static void misspelt_key_in_item_2(json_t *root)
{
	json_object_set_new(item_of(root, 2), "qestion", json_string("Do you?"));
}

static void id_as_text(json_t *root)
{
	json_object_set_new(item_of(root, 1), "id", json_string("1"));
}

static void items_not_a_list(json_t *root)
{
	json_object_set_new(root, "items", json_object());
}

static void question_as_number(json_t *root)
{
	json_object_set_new(item_of(root, 1), "question", json_integer(1));
}

static void test_broken_versions_are_refused_with_a_reason(void **state)
{
	static const struct {
		int file;
		edit_fn *edit;
		const char *reason;
	} cases[] = {
	    {META, remove_item_25_from_meta, "v2/meta.json: item 25 is missing"},
	    {META, list_item_3_twice, "v2/meta.json: item 3 is listed twice"},
	    {META, put_item_25_in_part_4, "v2/meta.json: part 4: no such part"},
	    {META, move_item_6_to_part_1, "item 6 is listed in part 1 but belongs to part 2"},
	    {META, name_meta_v3, "\"version\" is \"v3\" but the version is v2"},
	    {META, add_unknown_key_to_meta, "unknown key \"title\""},
	    {EN, remove_item_12, "v2/questionnaire.en.json: item 12 is missing"},
	    {JA, remove_item_12, "v2/questionnaire.ja.json: item 12 is missing"},
	    {EN, give_item_2_the_id_1, "item 1 appears twice"},
	    {JA, add_part_4, "v2/questionnaire.ja.json: part 4: no such part"},
	    {EN, remove_why_of_item_7, "v2/questionnaire.en.json: item 7: \"why\" is missing"},
	    {EN, remove_first_step_of_item_9, "item 9: \"dont_know\": \"first_step\" is missing"},
	    {EN, remove_title_of_part_2, "part 2: \"title\" is missing"},
	    {JA, empty_question_1, "item 1: \"question\" is empty"},
	    {JA, blank_question_1, "item 1: \"question\" is empty"},
	    {EN, question_1_starts_with_a_space, "begins or ends with spaces"},
	    {JA, why_of_item_4_on_two_lines, "item 4: \"why\" contains a line break"},
	    {JA, question_1_too_long, "\"question\" is longer than 200 characters"},
	    {EN, one_partly_step_for_item_5, "item 5: \"partly\" needs 2 to 4 steps, not 1"},
	    {EN, five_not_done_steps_for_item_5, "\"not_done\" needs 2 to 4 steps, not 5"},
	    {EN, number_as_step, "\"not_done\" step 1 is not a string"},
	    {EN, misspelt_key_in_item_2, "item 2: unknown key \"qestion\""},
	    {EN, id_as_text, "\"id\" is missing or not a whole number"},
	    {EN, items_not_a_list, "\"items\" is missing or not a list"},
	    {JA, question_as_number, "\"question\" is not a string"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[TPL_ERR_MAX] = "";
		struct questionnaire_source src =
		    variant(*state, "v2", cases[i].file, cases[i].edit);
		enum mm_err e = questionnaire_load_json(*state, &src, err);
		if (e == MM_OK || !strstr(err, cases[i].reason))
			fail_msg("case %zu: expected \"%s\", got %s \"%s\"", i, cases[i].reason,
			         mm_err_name(e), err);
		assert_null(strchr(err, '\n')); /* one line */
		assert_int_equal(questionnaire_count(), 1);
		assert_string_equal(questionnaire_latest()->version, "v1");
	}
}

static void test_a_text_at_its_limit_is_accepted(void **state)
{
	char err[TPL_ERR_MAX] = "";
	struct questionnaire_source src = variant(*state, "v2", JA, question_1_at_the_limit);
	assert_int_equal(questionnaire_load_json(*state, &src, err), MM_OK);
	assert_int_equal(questionnaire_item(questionnaire_latest(), LANG_JA, 1)->question.n, 600);
}

static void test_text_that_is_not_json_is_refused(void **state)
{
	static const char *const bad[] = {
	    "", "{", "[]", "\"text\"", "{\"parts\": [], \"parts\": []}", "null"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (int which = META; which < FILES; which++) {
			char err[TPL_ERR_MAX] = "";
			struct questionnaire_source src = variant(*state, "v2", META, NULL);
			struct str *target =
			    which == META ? &src.meta : &src.text[which == JA ? LANG_JA : LANG_EN];
			*target = str_from(bad[i]);
			assert_int_equal(questionnaire_load_json(*state, &src, err),
			                 MM_ERR_INVALID);
			assert_true(strlen(err) > 0);
		}
	}
	assert_int_equal(questionnaire_count(), 1);
}

/* A key given twice cannot be written through jansson: splice it in. */
static void test_a_key_given_twice_is_refused(void **state)
{
	char err[TPL_ERR_MAX] = "";
	struct questionnaire_source src = variant(*state, "v2", META, NULL);
	char *twice =
	    arena_printf(*state, "{\"version\": \"v2\", %.*s", (int)src.meta.n - 1, src.meta.p + 1);
	assert_non_null(twice);
	src.meta = str_from(twice);
	assert_int_equal(questionnaire_load_json(*state, &src, err), MM_ERR_INVALID);
	assert_non_null(strstr(err, "duplicate"));
}

/* ---- discovery by directory name ---- */

static struct embedded_file file_of(const char *name, struct str text)
{
	return (struct embedded_file){name, (const unsigned char *)text.p, text.n};
}

/* The real v1, a v2 directory, a README and files of other areas. */
static size_t tree_with_v2(struct arena *a, struct embedded_file files[8])
{
	struct questionnaire_source v2 = variant(a, "v2", JA, reword_item_3_ja);
	size_t n = 0;
	files[n++] = file_of("content/assessment/README.md", STR("# notes\n"));
	for (int f = META; f < FILES; f++)
		files[n++] = file_of(v1_names[f], real_file(f));
	files[n++] = file_of("content/assessment/v2/meta.json", v2.meta);
	files[n++] = file_of("content/assessment/v2/questionnaire.ja.json", v2.text[LANG_JA]);
	files[n++] = file_of("content/assessment/v2/questionnaire.en.json", v2.text[LANG_EN]);
	files[n++] = file_of("content/i18n/site.ja.json", STR("{}"));
	return n;
}

static void test_a_new_directory_is_found_without_code(void **state)
{
	struct embedded_file files[8];
	size_t n = tree_with_v2(*state, files);
	char err[TPL_ERR_MAX] = "";
	enum mm_err e = questionnaire_load_files(*state, files, n, err);
	if (e)
		fail_msg("%s", err);
	assert_int_equal(questionnaire_count(), 2);
	assert_string_equal(questionnaire_latest()->version, "v2");
	assert_str_equal(questionnaire_item(questionnaire_latest(), LANG_JA, 3)->question,
	                 V2_QUESTION_JA);
	assert_false(str_eq(questionnaire_item(questionnaire_find(STR("v1")), LANG_JA, 3)->question,
	                    STR(V2_QUESTION_JA)));
}

static void test_a_broken_directory_stops_the_load(void **state)
{
	static const struct {
		const char *name;
		const char *reason;
	} strays[] = {
	    {"content/assessment/v2/notes.txt", "content/assessment/v2/notes.txt: unexpected file"},
	    {"content/assessment/v2/sub/meta.json", "unexpected file"},
	    {"content/assessment/draft/meta.json", "draft/meta.json: not in a version directory"},
	    {"content/assessment/v02/meta.json", "not in a version directory"},
	    {"content/assessment/v2/questionnaire.fr.json", "unexpected file"},
	};
	for (size_t i = 0; i < sizeof strays / sizeof strays[0]; i++) {
		struct embedded_file files[9];
		size_t n = tree_with_v2(*state, files);
		files[n++] = file_of(strays[i].name, STR("{}"));
		char err[TPL_ERR_MAX] = "";
		assert_int_not_equal(questionnaire_load_files(*state, files, n, err), MM_OK);
		if (!strstr(err, strays[i].reason))
			fail_msg("%s: got \"%s\"", strays[i].name, err);
		assert_int_equal(questionnaire_count(), 0); /* nothing half-loaded */
	}

	/* v2 without its English file */
	struct embedded_file files[8];
	size_t n = tree_with_v2(*state, files);
	files[6] = files[--n];
	char err[TPL_ERR_MAX] = "";
	assert_int_equal(questionnaire_load_files(*state, files, n, err), MM_ERR_NOT_FOUND);
	assert_string_equal(err, "content/assessment/v2/questionnaire.en.json is missing");

	/* a broken v2 names its file even though v1 is fine */
	n = tree_with_v2(*state, files);
	files[4] = file_of("content/assessment/v2/meta.json", STR("{\"version\": \"v2\"}"));
	assert_int_not_equal(questionnaire_load_files(*state, files, n, err), MM_OK);
	assert_string_equal(err,
	                    "content/assessment/v2/meta.json: \"parts\" is missing or not a list");
	assert_int_equal(questionnaire_count(), 0);

	/* no version at all */
	assert_int_equal(questionnaire_load_files(*state, files, 1, err), MM_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    LOADED(test_real_v1_has_25_items_in_both_languages),
	    LOADED(test_real_v1_is_written_in_each_language),
	    LOADED(test_lookups_out_of_range_give_null),
	    LOADED(test_a_second_version_is_latest_and_v1_stays_unchanged),
	    LOADED(test_versions_are_ordered_by_number_not_by_text),
	    LOADED(test_a_version_loaded_twice_is_refused),
	    LOADED(test_bad_version_names_are_refused),
	    LOADED(test_broken_versions_are_refused_with_a_reason),
	    LOADED(test_a_text_at_its_limit_is_accepted),
	    LOADED(test_text_that_is_not_json_is_refused),
	    LOADED(test_a_key_given_twice_is_refused),
	    TEST(test_a_new_directory_is_found_without_code),
	    TEST(test_a_broken_directory_stops_the_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
