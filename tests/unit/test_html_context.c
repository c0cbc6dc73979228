/* Unit tests: the HTML tokenizer that decides a template substitution's
 * escaping context (view/html_context.h) — where it stands after the
 * literal text before it: in text, in a quoted or unquoted attribute
 * value, in a URL attribute, in a comment, inside <script> or <style>
 * until their own end tag, and that a long name cut to fit never passes
 * for a URL attribute or a raw-text element. */
#include "view/html_context.h"
#include "test.h"

#include <string.h>

static struct html_ctx after(const char *text)
{
	struct html_ctx h;
	memset(&h, 0, sizeof h);
	html_context_advance(&h, str_from(text));
	return h;
}

static void test_text_and_closed_tags_leave_data(void **state)
{
	(void)state;
	assert_int_equal(after("").state, HS_DATA);
	assert_int_equal(after("<p class=\"a\">x</p> 1 < 2 ").state, HS_DATA);
	assert_int_equal(after("<br/>").state, HS_DATA);
}

static void test_quoted_values_and_their_attribute(void **state)
{
	(void)state;
	struct html_ctx h = after("<a title=\"");
	assert_int_equal(h.state, HS_VALUE_DQ);
	assert_true(h.value_empty);
	assert_false(html_context_in_url(&h));
	h = after("<a HREF='");
	assert_int_equal(h.state, HS_VALUE_SQ);
	assert_true(html_context_in_url(&h));
	h = after("<a href=\"/x");
	assert_false(h.value_empty); /* a substitution here is not the URL's start */
	assert_int_equal(after("<img srcset=\"").state, HS_VALUE_DQ);
}

static void test_unquoted_value_and_between_attributes(void **state)
{
	(void)state;
	assert_int_equal(after("<a href=").state, HS_BEFORE_VALUE);
	assert_int_equal(after("<a href=x").state, HS_VALUE_UNQ);
	assert_int_equal(after("<a href=x ").state, HS_IN_TAG);
	assert_int_equal(html_state_class(after("<input checked").state), HS_IN_TAG);
	assert_int_equal(html_state_class(after("<input checked ").state), HS_IN_TAG);
}

static void test_comment_until_its_end(void **state)
{
	(void)state;
	assert_int_equal(after("<!-- <a href=\"").state, HS_COMMENT);
	assert_int_equal(after("<!-- x -->").state, HS_DATA);
}

static void test_script_and_style_until_their_own_end_tag(void **state)
{
	(void)state;
	assert_int_equal(after("<script>").state, HS_RAWTEXT);
	assert_int_equal(after("<script>var a = \"</p>").state, HS_RAWTEXT);
	assert_int_equal(after("<script>x</SCRIPT>").state, HS_DATA);
	assert_int_equal(after("<style>p{}</style>").state, HS_DATA);
	assert_int_equal(after("<scripts>").state, HS_DATA);
}

static void test_long_names_cut_never_match(void **state)
{
	(void)state;
	char text[128];
	snprintf(text, sizeof text, "<a href%s=\"",
	         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	struct html_ctx h = after(text);
	assert_int_equal(h.state, HS_VALUE_DQ);
	assert_false(html_context_in_url(&h));
	assert_int_equal(after("<scriptxxxxxxxxxxxxxxxxxxxxxxxx>").state, HS_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_and_closed_tags_leave_data),
	    cmocka_unit_test(test_quoted_values_and_their_attribute),
	    cmocka_unit_test(test_unquoted_value_and_between_attributes),
	    cmocka_unit_test(test_comment_until_its_end),
	    cmocka_unit_test(test_script_and_style_until_their_own_end_tag),
	    cmocka_unit_test(test_long_names_cut_never_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
