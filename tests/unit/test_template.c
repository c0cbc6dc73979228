/* Unit tests: the template engine — syntax, strictness, and escaping by
 * context against a table of XSS vectors. */
#include "view/template.h"
#include "test.h"

static bool has_key(void *data, struct str key)
{
	(void)data;
	return str_eq_lit(key, "greeting") || str_eq_lit(key, "evil");
}

static struct str get(void *data, struct str key)
{
	(void)data;
	return str_eq_lit(key, "greeting") ? STR("こんにちは") : STR("<b>\"x\"</b>");
}

static const struct tpl_i18n i18n = {has_key, get, NULL, -1, 0, NULL};

/* Two fixed variants, as the server's languages. */
static struct str get_variant(int variant, struct str key)
{
	if (str_eq_lit(key, "evil"))
		return variant ? STR("javascript:alert(1)") : STR("<i>&</i>");
	return variant ? STR("hello") : STR("こんにちは");
}

static void test_catalogue_texts_are_resolved_at_compile_time_per_variant(void **state)
{
	struct arena *a = *state;
	const struct tpl_i18n compile = {has_key, get, NULL, -1, 2, get_variant};
	const struct tpl_i18n ja = {has_key, get, NULL, 0, 0, NULL},
	                      en = {has_key, get, NULL, 1, 0, NULL};
	struct template *t;
	char err[TPL_ERR_MAX];
	assert_int_equal(
	    tpl_compile(a, "test",
	                STR("<p>{{t greeting}} {{t evil}}</p><a href=\"{{t evil}}\">x</a>"),
	                &compile, &t, err),
	    MM_OK);
	const struct tpl_i18n *views[] = {&ja, &en, &i18n};
	const char *expected[] = {
	    "<p>こんにちは &lt;i&gt;&amp;&lt;/i&gt;</p><a href=\"&lt;i&gt;&amp;&lt;/i&gt;\">x</a>",
	    "<p>hello javascript:alert(1)</p><a href=\"#\">x</a>",
	    /* no variant: looked up with get() at render time, escaped then */
	    ("<p>こんにちは &lt;b&gt;&quot;x&quot;&lt;/b&gt;</p><a "
	     "href=\"&lt;b&gt;&quot;x&quot;&lt;/b&gt;\">x</a>"),
	};
	for (size_t i = 0; i < 3; i++) {
		struct buf out;
		buf_init(&out, a, 4096);
		assert_int_equal(tpl_render(t, val_obj(a), views[i], &out, err), MM_OK);
		assert_string_equal(buf_cstr(&out), expected[i]);
	}
}

/* Compiles src, renders it with ctx; returns the output or NULL (and the
 * error in err). */
static const char *render(struct arena *a, const char *src, const struct val *ctx, char *err)
{
	struct template *t;
	struct buf out;
	if (tpl_compile(a, "test", str_from(src), &i18n, &t, err))
		return NULL;
	buf_init(&out, a, 1 << 20);
	if (tpl_render(t, ctx, &i18n, &out, err))
		return NULL;
	return buf_cstr(&out);
}

static bool compiles(struct arena *a, const char *src)
{
	struct template *t;
	char err[TPL_ERR_MAX];
	return tpl_compile(a, "test", str_from(src), &i18n, &t, err) == MM_OK;
}

static int count_char(const char *s, char c)
{
	int n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

static const char *const xss_vectors[] = {
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "<img src=x onerror=alert(1)>",
    "</title><svg/onload=alert(1)>",
    "&lt;already-escaped&gt;",
    "<!--",
    "]]><![CDATA[",
};

static void test_text_and_attribute_values_are_escaped(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	for (size_t i = 0; i < sizeof xss_vectors / sizeof xss_vectors[0]; i++) {
		struct val *ctx = val_obj(a);
		val_set_cstr(a, ctx, "v", xss_vectors[i]);
		const char *out =
		    render(a, "<p title=\"{{v}}\" data-x='{{v}}'>{{v}}</p>", ctx, err);
		assert_non_null(out);
		/* Nothing the value contains may open a tag, close the
		 * attribute or start an entity. */
		assert_int_equal(count_char(out, '"'), 2);
		assert_int_equal(count_char(out, '\''), 2);
		assert_int_equal(count_char(out, '<'), 2);
		assert_null(strstr(out, "<script"));
		assert_null(strstr(out, "<img"));
		assert_null(strstr(out, "<svg"));
		assert_null(strstr(out, "'alert"));
		assert_null(strstr(out, "<!--"));
		assert_int_equal(strncmp(out, "<p title=\"", 10), 0);
		assert_non_null(strstr(out, "</p>"));
	}
}

static void test_exact_escaping_of_special_characters(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	struct val *ctx = val_obj(a);
	val_set_cstr(a, ctx, "v", "<a href='x'>&\"</a>");
	assert_string_equal(render(a, "{{v}}", ctx, err),
	                    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

static void test_unsafe_urls_are_replaced_in_url_attributes(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	const char *unsafe[] = {"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>",
	                        "vbscript:x"};
	const char *safe[] = {"/rules",   "https://example.jp/a?b=c", "#rule-1",
	                      "?lang=en", "mailto:a@example.jp",      "relative/path"};
	for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
		struct val *ctx = val_obj(a);
		val_set_cstr(a, ctx, "u", unsafe[i]);
		assert_string_equal(render(a, "<a href=\"{{u}}\">x</a>", ctx, err),
		                    "<a href=\"#\">x</a>");
	}
	for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++) {
		struct val *ctx = val_obj(a);
		val_set_cstr(a, ctx, "u", safe[i]);
		const char *out = render(a, "<a href=\"{{u}}\">x</a>", ctx, err);
		assert_non_null(out);
		assert_string_not_equal(out, "<a href=\"#\">x</a>");
	}
	/* After a literal prefix the scheme is fixed: escaping suffices. */
	struct val *ctx = val_obj(a);
	val_set_cstr(a, ctx, "id", "javascript:x");
	assert_string_equal(render(a, "<a href=\"/verify/{{id}}\">x</a>", ctx, err),
	                    "<a href=\"/verify/javascript:x\">x</a>");
}

static void test_substitutions_where_escaping_cannot_work_fail_to_compile(void **state)
{
	struct arena *a = *state;
	assert_false(compiles(a, "<a href={{u}}>x</a>"));
	assert_false(compiles(a, "<a {{attrs}}>x</a>"));
	assert_false(compiles(a, "<script>var x = \"{{v}}\";</script>"));
	assert_false(compiles(a, "<style>p { color: {{c}} }</style>"));
	assert_false(compiles(a, "<p onclick=\"{{v}}\">x</p>"));
	assert_false(compiles(a, "<p style=\"{{v}}\">x</p>"));
	assert_false(compiles(a, "<!-- {{v}} -->"));
	assert_false(compiles(a, "<p title=\"{{raw html}}\">"));
	assert_true(compiles(a, "<script src=\"/static/a.js\"></script><p>{{v}}</p>"));
	assert_true(compiles(a, "<style></style>{{v}}"));
}

static void test_malformed_templates_fail_to_compile(void **state)
{
	struct arena *a = *state;
	assert_false(compiles(a, "{{#open}}never closed"));
	assert_false(compiles(a, "{{/close}}"));
	assert_false(compiles(a, "{{#a}}{{/b}}"));
	assert_false(compiles(a, "{{unterminated"));
	assert_false(compiles(a, "{{bad name}}"));
	assert_false(compiles(a, "{{t no.such.key}}"));
	assert_false(compiles(a, "<p class=\"{{#x}}\">{{/x}}"));
	assert_false(compiles(a, "<p"));
	assert_true(compiles(a, "{{! a comment }}<p>{{t greeting}}</p>"));
}

static void test_unknown_variable_is_a_render_error(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	struct val *ctx = val_obj(a);
	assert_null(render(a, "<p>{{missing}}</p>", ctx, err));
	assert_non_null(strstr(err, "missing"));
	assert_null(render(a, "{{#missing}}x{{/missing}}", ctx, err));
	assert_null(render(a, "{{>nowhere}}", ctx, err));
}

static void test_raw_only_accepts_program_html(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	struct val *ctx = val_obj(a);
	val_set_cstr(a, ctx, "text", "<b>user</b>");
	val_set_html(a, ctx, "html", STR("<b>program</b>"));
	assert_null(render(a, "{{raw text}}", ctx, err));
	assert_string_equal(render(a, "{{raw html}}", ctx, err), "<b>program</b>");
}

static void test_sections_loop_test_and_invert(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	struct val *ctx = val_obj(a);
	struct val *list = val_set_list(a, ctx, "items");
	for (int i = 1; i <= 3; i++) {
		struct val *it = val_list_push_obj(a, list);
		val_set_long(a, it, "n", i);
		val_set_bool(a, it, "last", i == 3);
	}
	val_set_list(a, ctx, "none");
	val_set_cstr(a, ctx, "sep", ",");
	val_set_bool(a, ctx, "yes", true);
	val_set_bool(a, ctx, "no", false);
	struct val *org = val_set_obj(a, ctx, "org");
	val_set_cstr(a, org, "name", "守り");
	assert_string_equal(
	    render(a, "{{#items}}{{n}}{{^last}}{{sep}}{{/last}}{{/items}}", ctx, err), "1,2,3");
	assert_string_equal(render(a, "{{#none}}x{{/none}}{{^none}}empty{{/none}}", ctx, err),
	                    "empty");
	assert_string_equal(render(a, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}", ctx, err),
	                    "Yn");
	assert_string_equal(render(a, "{{org.name}}/{{#org}}{{name}}{{/org}}", ctx, err),
	                    "守り/守り");
	assert_string_equal(
	    render(a, "<p>{{t greeting}}</p><p title=\"{{t evil}}\"></p>", ctx, err),
	    "<p>こんにちは</p><p title=\"&lt;b&gt;&quot;x&quot;&lt;/b&gt;\"></p>");
}

static void test_boolean_attribute_section_between_attributes(void **state)
{
	struct arena *a = *state;
	char err[TPL_ERR_MAX];
	struct val *ctx = val_obj(a);
	val_set_bool(a, ctx, "checked", true);
	val_set_cstr(a, ctx, "v", "a\"b");
	assert_string_equal(
	    render(a, "<input type=\"radio\" {{#checked}}checked{{/checked}} value=\"{{v}}\">", ctx,
	           err),
	    "<input type=\"radio\" checked value=\"a&quot;b\">");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_catalogue_texts_are_resolved_at_compile_time_per_variant),
	    TEST(test_text_and_attribute_values_are_escaped),
	    TEST(test_exact_escaping_of_special_characters),
	    TEST(test_unsafe_urls_are_replaced_in_url_attributes),
	    TEST(test_substitutions_where_escaping_cannot_work_fail_to_compile),
	    TEST(test_malformed_templates_fail_to_compile),
	    TEST(test_unknown_variable_is_a_render_error),
	    TEST(test_raw_only_accepts_program_html),
	    TEST(test_sections_loop_test_and_invert),
	    TEST(test_boolean_attribute_section_between_attributes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
