/* Unit tests: CommonMark rendering (view/content.h) — the program's own
 * content keeps its headings; what users write has its headings made an
 * outline below the heading of the page that shows it (no second h1, no
 * level skipped, none below h6), and stays in safe mode. */
#include "view/content.h"
#include "test.h"

/* The HTML of src written by a user, shown under a heading of level. */
static struct str under(void **state, const char *src, int level)
{
	struct str html = {0};
	assert_int_equal(markdown_render_under(*state, str_from(src), level, &html), MM_OK);
	return html;
}

static void test_own_content_keeps_its_headings(void **state)
{
	struct str html;
	assert_int_equal(markdown_render(*state, STR("# A\n\n## B\n"), &html), MM_OK);
	assert_str_equal(html, "<h1>A</h1>\n<h2>B</h2>\n");
}

static void test_a_users_first_level_heading_is_h2_under_the_pages_h1(void **state)
{
	assert_str_equal(under(state, "# Outline\n\ntext\n\n## Detail *here*\n", 1),
	                 "<h2>Outline</h2>\n<p>text</p>\n<h3>Detail <em>here</em></h3>\n");
}

static void test_headings_start_one_below_the_level_they_are_shown_under(void **state)
{
	assert_str_equal(under(state, "# A\n\n## B\n", 2), "<h3>A</h3>\n<h4>B</h4>\n");
	/* text whose writer began at "##" for the page's h1 reads as before */
	assert_str_equal(under(state, "## A\n\n### B\n\n## C\n", 1),
	                 "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n");
}

static void test_no_level_is_skipped(void **state)
{
	assert_str_equal(under(state, "# A\n\n### B\n\n## C\n\n#### D\n", 1),
	                 "<h2>A</h2>\n<h3>B</h3>\n<h3>C</h3>\n<h4>D</h4>\n");
	assert_str_equal(under(state, "### A\n\n# B\n\n###### C\n", 2),
	                 "<h3>A</h3>\n<h3>B</h3>\n<h4>C</h4>\n");
}

static void test_setext_and_nested_headings_move_too(void **state)
{
	assert_str_equal(under(state, "Title\n=====\n\nPart\n----\n", 1),
	                 "<h2>Title</h2>\n<h3>Part</h3>\n");
	assert_str_equal(under(state, "> # Quoted\n\n- # In a list\n", 1),
	                 "<blockquote>\n<h2>Quoted</h2>\n</blockquote>\n<ul>\n<li>\n<h2>In a "
	                 "list</h2>\n</li>\n</ul>\n");
}

static void test_no_heading_goes_below_h6(void **state)
{
	assert_str_equal(
	    under(state, "# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n", 1),
	    "<h2>1</h2>\n<h3>2</h3>\n<h4>3</h4>\n<h5>4</h5>\n<h6>5</h6>\n<h6>6</h6>\n");
	assert_str_equal(under(state, "# A\n## B\n", 5), "<h6>A</h6>\n<h6>B</h6>\n");
}

static void test_text_without_headings_is_rendered_as_before(void **state)
{
	struct str plain;
	const char *src = "**bold**, a [link](https://example.jp/) and \"quotes\"\n";
	assert_int_equal(markdown_render(*state, str_from(src), &plain), MM_OK);
	struct str html = under(state, src, 1);
	assert_int_equal(html.n, plain.n);
	assert_memory_equal(html.p, plain.p, plain.n);
	assert_str_equal(under(state, "", 1), "");
}

static void test_user_text_stays_in_safe_mode(void **state)
{
	struct str html =
	    under(state, "# <script>alert(1)</script>\n\n[x](javascript:alert(1))\n", 1);
	assert_null(memmem(html.p, html.n, "<script", 7));
	assert_null(memmem(html.p, html.n, "javascript:", 11));
	assert_non_null(memmem(html.p, html.n, "<h2>", 4));
	assert_non_null(memmem(html.p, html.n, "<a href=\"\">x</a>", 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_own_content_keeps_its_headings),
	    TEST(test_a_users_first_level_heading_is_h2_under_the_pages_h1),
	    TEST(test_headings_start_one_below_the_level_they_are_shown_under),
	    TEST(test_no_level_is_skipped),
	    TEST(test_setext_and_nested_headings_move_too),
	    TEST(test_no_heading_goes_below_h6),
	    TEST(test_text_without_headings_is_rendered_as_before),
	    TEST(test_user_text_stays_in_safe_mode),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
