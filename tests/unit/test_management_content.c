/* Unit tests: the management self-check's content and its radar chart —
 * the embedded v1 holds the ten directives with 40 ± 5 questions, six level
 * descriptions each and five "next level" texts per directive, in both
 * languages; a v2 with other questions is found without a code change and
 * scores by its own layout while v1 keeps its own (so an old result reads
 * as it was taken); broken content is refused with its file named; the
 * radar chart's points lie on their axes, its text is escaped and it
 * carries role="img", title and desc; the PDF draws it too. */
#include "test.h"

#include "lib/embedded.h"
#include "view/chart_radar.h"
#include "view/management_content.h"
#include "view/pdf.h"

static void test_v1_holds_the_ten_directives_in_both_languages(void **state)
{
	char err[TPL_ERR_MAX] = "";
	assert_int_equal(management_content_load(*state, err), MM_OK);
	const struct management_content *c = management_content_find(STR("v1"));
	assert_non_null(c);
	assert_ptr_equal(management_content_latest(), c);
	assert_in_range(c->layout.question_count, 35, 45);
	assert_true(core_management_layout_valid(&c->layout));
	for (int l = 0; l < LANG_COUNT; l++) {
		for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
			const struct management_directive_text *t =
			    management_directive(c, (enum lang)l, d);
			assert_true(t->title.n > 0 && t->why.n > 0);
			for (int k = 0; k < MANAGEMENT_LEVEL_MAX; k++)
				assert_true(t->next[k].n > 0);
			assert_in_range(c->question_count[d - 1], 3, 5);
		}
		for (int q = 1; q <= c->layout.question_count; q++) {
			const struct management_question_text *t =
			    management_question(c, (enum lang)l, q);
			assert_int_equal(t->number, q);
			for (int k = 0; k <= MANAGEMENT_LEVEL_MAX; k++)
				assert_true(t->levels[k].n > 0);
		}
	}
	assert_null(management_question(c, LANG_EN, c->layout.question_count + 1));
	assert_null(management_directive(c, LANG_EN, 11));
}

static struct embedded_file file_of(const char *name, const char *text)
{
	return (struct embedded_file){name, (const unsigned char *)text, strlen(text)};
}

/* A v2 of eleven questions: directive 1 has two, the others one each. */
static const char V2_META[] =
    "{\"version\":\"v2\",\"directives\":[{\"id\":1,\"questions\":[1,2]},"
    "{\"id\":2,\"questions\":[3]},{\"id\":3,\"questions\":[4]},{\"id\":4,\"questions\":[5]},"
    "{\"id\":5,\"questions\":[6]},{\"id\":6,\"questions\":[7]},{\"id\":7,\"questions\":[8]},"
    "{\"id\":8,\"questions\":[9]},{\"id\":9,\"questions\":[10]},{\"id\":10,\"questions\":[11]}]}";

static char *v2_text(struct arena *a)
{
	struct buf b;
	buf_init(&b, a, 64 * 1024);
	assert_int_equal(buf_append_cstr(&b, "{\"directives\":["), MM_OK);
	for (int d = 1; d <= 10; d++)
		assert_int_equal(buf_printf(&b,
		                            "%s{\"id\":%d,\"title\":\"T%d\",\"why\":\"W\",\"next\":"
		                            "[\"a\",\"b\",\"c\",\"d\",\"e\"]}",
		                            d > 1 ? "," : "", d, d),
		                 MM_OK);
	assert_int_equal(buf_append_cstr(&b, "],\"questions\":["), MM_OK);
	for (int q = 1; q <= 11; q++)
		assert_int_equal(buf_printf(&b,
		                            "%s{\"id\":%d,\"question\":\"Q%d\",\"levels\":"
		                            "[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\"]}",
		                            q > 1 ? "," : "", q, q),
		                 MM_OK);
	assert_int_equal(buf_append_cstr(&b, "]}"), MM_OK);
	return (char *)buf_str(&b).p;
}

static size_t tree_with_v2(struct arena *a, struct embedded_file files[8], const char *meta)
{
	size_t n = 0;
	const char *v1[] = {"content/management/v1/meta.json",
	                    "content/management/v1/management.ja.json",
	                    "content/management/v1/management.en.json"};
	for (size_t i = 0; i < 3; i++)
		files[n++] = *embedded_find(v1[i]);
	char *text = v2_text(a);
	files[n++] = file_of("content/management/v2/meta.json", meta);
	files[n++] = file_of("content/management/v2/management.ja.json", text);
	files[n++] = file_of("content/management/v2/management.en.json", text);
	files[n++] = file_of("content/management/README.md", "notes");
	return n;
}

static void test_a_v2_scores_by_its_own_layout_and_v1_keeps_its_own(void **state)
{
	struct embedded_file files[8];
	char err[TPL_ERR_MAX] = "";
	size_t n = tree_with_v2(*state, files, V2_META);
	assert_int_equal(management_content_load_files(*state, files, n, err), MM_OK);
	const struct management_content *v1 = management_content_find(STR("v1"));
	const struct management_content *v2 = management_content_find(STR("v2"));
	assert_non_null(v1);
	assert_non_null(v2);
	assert_ptr_equal(management_content_latest(), v2);
	assert_int_equal(v2->layout.question_count, 11);
	assert_string_equal(management_question(v2, LANG_JA, 11)->question.p, "Q11");

	/* The same answers, level 4 on every question: v1 gives 4.00 everywhere;
	 * v2, where question 2 is "don't know", weighs directive 1 as two questions. */
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX] = {0};
	struct management_score s1, s2;
	for (int i = 0; i < v1->layout.question_count; i++)
		answers[i] = MANAGEMENT_ANSWER_LEVEL4;
	assert_int_equal(core_management_score(&v1->layout, answers, &s1), MM_OK);
	assert_int_equal(s1.overall, 400);
	assert_int_equal(core_management_score(&v2->layout, answers, &s2), MM_ERR_INVALID);
	for (int i = 11; i < MANAGEMENT_QUESTIONS_MAX; i++)
		answers[i] = MANAGEMENT_ANSWER_NONE;
	answers[1] = MANAGEMENT_ANSWER_DONT_KNOW;
	assert_int_equal(core_management_score(&v2->layout, answers, &s2), MM_OK);
	assert_int_equal(s2.directive[0], 200);
	assert_int_equal(s2.overall, 380);
	assert_int_equal(s2.dont_know, 1);
	/* loading again with the embedded files only leaves v1 */
	assert_int_equal(management_content_load(*state, err), MM_OK);
	assert_null(management_content_find(STR("v2")));
}

static void test_broken_content_is_refused_with_its_file_named(void **state)
{
	static const char *const metas[] = {
	    /* a directive missing */
	    "{\"version\":\"v2\",\"directives\":[{\"id\":1,\"questions\":[1]}]}",
	    /* the wrong version name */
	    "{\"version\":\"v3\",\"directives\":[]}",
	    /* an unknown key */
	    "{\"version\":\"v2\",\"directives\":[],\"extra\":1}",
	    /* not JSON */
	    "{\"version\":",
	};
	for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
		struct embedded_file files[8];
		char err[TPL_ERR_MAX] = "";
		size_t n = tree_with_v2(*state, files, metas[i]);
		assert_int_not_equal(management_content_load_files(*state, files, n, err), MM_OK);
		assert_non_null(strstr(err, "content/management/v2"));
		assert_null(management_content_latest());
	}
	/* question 12 of a v2 whose text has only eleven */
	struct embedded_file files[8];
	char err[TPL_ERR_MAX] = "";
	char meta[sizeof V2_META + 8];
	snprintf(meta, sizeof meta, "%s", V2_META);
	char *q11 = strstr(meta, "[11]");
	memcpy(q11, "[12]", 4);
	size_t n = tree_with_v2(*state, files, meta);
	assert_int_not_equal(management_content_load_files(*state, files, n, err), MM_OK);
	assert_non_null(strstr(err, "v2"));
}

static void test_a_stray_file_stops_the_load(void **state)
{
	static const struct {
		const char *name;
		const char *reason;
	} strays[] = {
	    {"content/management/v2/notes.txt", "content/management/v2/notes.txt: unexpected file"},
	    {"content/management/v2/sub/meta.json", "unexpected file"},
	    {"content/management/v2/management.fr.json", "unexpected file"},
	    {"content/management/draft/meta.json", "draft/meta.json: not in a version directory"},
	    {"content/management/v02/meta.json", "not in a version directory"},
	};
	for (size_t i = 0; i < sizeof strays / sizeof strays[0]; i++) {
		struct embedded_file files[9];
		char err[TPL_ERR_MAX] = "";
		size_t n = tree_with_v2(*state, files, V2_META);
		files[n++] = file_of(strays[i].name, "{}");
		assert_int_not_equal(management_content_load_files(*state, files, n, err), MM_OK);
		if (!strstr(err, strays[i].reason))
			fail_msg("%s: got \"%s\"", strays[i].name, err);
		assert_null(management_content_latest()); /* nothing half-loaded */
	}
	/* notes beside the versions alone: no version at all */
	struct embedded_file notes = file_of("content/management/README.md", "notes");
	char err[TPL_ERR_MAX] = "";
	assert_int_equal(management_content_load_files(*state, &notes, 1, err), MM_ERR_NOT_FOUND);
	assert_string_equal(err, "no management content under content/management/");
}

static void test_radar_points_lie_on_their_axes(void **state)
{
	(void)state;
	int x, y, cx, cy;
	chart_radar_point(0, 0, 500, &cx, &cy);
	chart_radar_point(0, 500, 500, &x, &y); /* straight up */
	assert_int_equal(x, cx);
	assert_true(y < cy);
	int up = cy - y;
	chart_radar_point(5, 500, 500, &x, &y); /* straight down, as far */
	assert_int_equal(x, cx);
	assert_int_equal(y - cy, up);
	chart_radar_point(0, 250, 500, &x, &y); /* half way */
	assert_int_equal(cy - y, up / 2);
	chart_radar_point(2, 500, 500, &x, &y); /* to the right */
	assert_true(x > cx);
	chart_radar_point(7, 500, 500, &x, &y); /* to the left */
	assert_true(x < cx);
	chart_radar_point(3, 900, 500, &x, &y); /* clamped */
	int cx2, cy2;
	chart_radar_point(3, 500, 500, &cx2, &cy2);
	assert_int_equal(x, cx2);
	assert_int_equal(y, cy2);
}

static void test_the_radar_chart_is_an_image_with_escaped_text(void **state)
{
	int now[CHART_RADAR_AXES] = {100, 200, 300, 400, 500, 0, 100, 200, 300, 400};
	int before[CHART_RADAR_AXES] = {0};
	int group[CHART_RADAR_AXES] = {250, 250, 250, 250, 250, 250, 250, 250, 250, 250};
	struct chart_radar_series series[3] = {
	    {.label = STR("This <b>"), .values = now},
	    {.label = STR("Before & after"), .values = before, .dashed = true},
	    {.label = STR("Group \"avg\""), .values = group, .dotted = true}};
	struct chart_radar_spec spec = {.id = "radar",
	                                .title = STR("Title <script>"),
	                                .desc = STR("Desc \"quoted\""),
	                                .max = 500,
	                                .rings = 5,
	                                .series = series,
	                                .series_count = 2};
	for (int a = 0; a < CHART_RADAR_AXES; a++)
		spec.axis_labels[a] = STR("<1>");
	struct buf b;
	buf_init(&b, *state, 64 * 1024);
	assert_int_equal(chart_radar_svg(&b, &spec), MM_OK);
	struct str out = buf_str(&b);
	char *svg = str_dup(*state, out);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "role=\"img\" aria-labelledby=\"radar-title radar-desc\""));
	assert_non_null(strstr(svg, "<title id=\"radar-title\">Title &lt;script&gt;</title>"));
	assert_non_null(strstr(svg, "This &lt;b&gt;"));
	assert_non_null(strstr(svg, "Before &amp; after"));
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<1>"));
	assert_non_null(strstr(svg, "stroke-dasharray=\"6 4\""));
	assert_null(strstr(svg, "stroke-dasharray=\"2 4\"")); /* two series: no group */
	assert_true(str_ends_with(out, "</svg>"));
	/* a third series: the group's average, dotted, and a taller drawing
	 * for its legend line */
	spec.series_count = 3;
	buf_init(&b, *state, 64 * 1024);
	assert_int_equal(chart_radar_svg(&b, &spec), MM_OK);
	svg = str_dup(*state, buf_str(&b));
	assert_non_null(strstr(svg, "stroke-dasharray=\"2 4\""));
	assert_non_null(strstr(svg, "Group &quot;avg&quot;"));
	assert_non_null(strstr(svg, "viewBox=\"0 0 400 468\""));
	/* bad specs */
	spec.id = "Bad Id";
	assert_int_equal(chart_radar_svg(&b, &spec), MM_ERR_INVALID);
	spec.id = "radar";
	spec.series_count = 4;
	assert_int_equal(chart_radar_svg(&b, &spec), MM_ERR_INVALID);
	spec.series_count = 0;
	assert_int_equal(chart_radar_svg(&b, &spec), MM_ERR_INVALID);
	spec.series_count = 1;
	spec.max = 0;
	assert_int_equal(chart_radar_svg(&b, &spec), MM_ERR_INVALID);
}

static void test_a_pdf_draws_the_radar_chart_where_its_block_stands(void **state)
{
	int now[CHART_RADAR_AXES] = {100, 200, 300, 400, 500, 0, 100, 200, 300, 400};
	struct pdf_radar radar = {.max = 500, .rings = 5, .series = {now, NULL}, .series_count = 1};
	const struct pdf_block blocks[] = {{PDF_TITLE, STR("経営チェックの要約")},
	                                   {PDF_RADAR, STR("")}};
	struct pdf_document doc = {.title = STR("t"),
	                           .lang = STR("ja"),
	                           .footer = STR("f"),
	                           .blocks = blocks,
	                           .block_count = 2};
	struct str with, without;
	for (int a = 0; a < CHART_RADAR_AXES; a++)
		radar.axis_labels[a] = STR("1");
	assert_int_equal(pdf_render_radar(*state, &doc, &radar, &with), MM_OK);
	assert_int_equal(pdf_render(*state, &doc, &without), MM_OK);
	assert_memory_equal(with.p, "%PDF-", 5);
	assert_true(with.n > without.n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_v1_holds_the_ten_directives_in_both_languages,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_a_v2_scores_by_its_own_layout_and_v1_keeps_its_own,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_broken_content_is_refused_with_its_file_named,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_a_stray_file_stops_the_load, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_radar_points_lie_on_their_axes, arena_setup,
	                                    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_the_radar_chart_is_an_image_with_escaped_text,
	                                    arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_a_pdf_draws_the_radar_chart_where_its_block_stands,
	                                    arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests_name("management content", tests, NULL, NULL);
}
