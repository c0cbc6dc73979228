/* Unit tests: the Atom writer (view/atom.h, RFC 4287) — a feed has its
 * id, title, self and alternate links and updated time; each entry its
 * id, title, link, published, updated, author, categories, summary and
 * HTML content sent escaped; every text is escaped for XML; a text XML
 * cannot hold is refused rather than written; required texts must be
 * there. */
#include <string.h>

#include "lib/arena.h"
#include "view/atom.h"
#include "test.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 1 << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static const struct atom_feed feed = {
    .id = STR("tag:news.example.jp,2026-12-01:news"),
    .title = STR("mamori ニュース"),
    .self_url = STR("https://news.example.jp/news.atom"),
    .html_url = STR("https://news.example.jp/news"),
    .lang = STR("ja"),
    .updated = 1796598000,
};

static struct atom_entry entry(void)
{
	return (struct atom_entry){
	    .id = STR("tag:news.example.jp,2026-12-05:news/7"),
	    .title = STR("冬のセミナー"),
	    .url = STR("https://news.example.jp/news/winter"),
	    .author = STR("運営者"),
	    .summary = STR("案内"),
	    .content_html = STR("<p>本文</p>"),
	    .categories = STR("セミナー,演習"),
	    .published = 1796598000,
	    .updated = 1796601600,
	};
}

/* The feed written, or NULL when refused (the error in *e). */
static const char *feed_text(const struct atom_feed *f, const struct atom_entry *x, size_t n,
                             enum mm_err *e)
{
	struct buf b;
	buf_init(&b, &arena, 1 << 16);
	*e = atom_write(&b, f, x, n);
	return *e ? NULL : buf_cstr(&b);
}

static void test_a_feed_has_every_element_rfc_4287_requires(void **state)
{
	(void)state;
	struct atom_entry x = entry();
	enum mm_err e;
	const char *out = feed_text(&feed, &x, 1, &e);
	assert_int_equal(e, MM_OK);
	assert_true(strncmp(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", 39) == 0);
	assert_non_null(
	    strstr(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">"));
	assert_non_null(strstr(out, "<id>tag:news.example.jp,2026-12-01:news</id>"));
	assert_non_null(strstr(out, "<title>mamori ニュース</title>"));
	assert_non_null(strstr(out, "<link rel=\"self\" type=\"application/atom+xml\" "
	                            "href=\"https://news.example.jp/news.atom\"/>"));
	assert_non_null(strstr(out, "<link rel=\"alternate\" type=\"text/html\" "
	                            "href=\"https://news.example.jp/news\"/>"));
	assert_non_null(strstr(out, "<updated>2026-12-06T23:00:00Z</updated>"));
	assert_non_null(strstr(out, "<entry>\n<id>tag:news.example.jp,2026-12-05:news/7</id>\n"));
	assert_non_null(strstr(out, "<published>2026-12-06T23:00:00Z</published>"));
	assert_non_null(strstr(out, "<updated>2026-12-07T00:00:00Z</updated>"));
	assert_non_null(strstr(out, "<author><name>運営者</name>\n</author>"));
	assert_non_null(strstr(out, "<category term=\"セミナー\"/>\n<category term=\"演習\"/>"));
	assert_non_null(strstr(out, "<summary>案内</summary>"));
	assert_non_null(strstr(out, "<content type=\"html\">&lt;p&gt;本文&lt;/p&gt;</content>"));
	assert_true(strlen(out) > 8 && strcmp(out + strlen(out) - 8, "</feed>\n") == 0);
}

static void test_an_empty_feed_is_still_a_feed(void **state)
{
	(void)state;
	enum mm_err e;
	const char *out = feed_text(&feed, NULL, 0, &e);
	assert_int_equal(e, MM_OK);
	assert_null(strstr(out, "<entry>"));
	assert_non_null(strstr(out, "<updated>"));
}

static void test_every_text_is_escaped_for_xml(void **state)
{
	(void)state;
	struct atom_entry x = entry();
	x.title = STR("A & B <script>alert(\"x\")</script> 'q'");
	x.url = STR("https://news.example.jp/news/a?x=1&y=\"2\"");
	x.author = STR("<b>me</b>");
	x.summary = STR("]]> & <!-- -->");
	x.categories = STR("a\"b,<c>");
	x.content_html = STR("<p>&amp; <a href=\"x\">l</a></p>");
	enum mm_err e;
	const char *out = feed_text(&feed, &x, 1, &e);
	assert_int_equal(e, MM_OK);
	assert_non_null(strstr(out, "<title>A &amp; B &lt;script&gt;alert(&quot;x&quot;)&lt;/"
	                            "script&gt; &#39;q&#39;</title>"));
	assert_non_null(
	    strstr(out, "href=\"https://news.example.jp/news/a?x=1&amp;y=&quot;2&quot;\""));
	assert_non_null(strstr(out, "<name>&lt;b&gt;me&lt;/b&gt;</name>"));
	assert_non_null(strstr(out, "<summary>]]&gt; &amp; &lt;!-- --&gt;</summary>"));
	assert_non_null(
	    strstr(out, "<category term=\"a&quot;b\"/>\n<category term=\"&lt;c&gt;\"/>"));
	/* HTML content is text to XML: its own entities are escaped again */
	assert_non_null(strstr(out, "&lt;p&gt;&amp;amp; &lt;a href=&quot;x&quot;&gt;l&lt;/a&gt;"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<b>"));
}

static void test_a_text_xml_cannot_hold_is_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "nul\x01", "esc\x1b[0m", "del\x7f", "\xff\xfe", "\xef\xbf\xbe" /* U+FFFE */, "\xc3"};
	enum mm_err e;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct atom_entry x = entry();
		x.title = str_from(bad[i]);
		assert_null(feed_text(&feed, &x, 1, &e));
		assert_int_equal(e, MM_ERR_INVALID);
		x = entry();
		x.content_html = str_from(bad[i]);
		assert_null(feed_text(&feed, &x, 1, &e));
		assert_int_equal(e, MM_ERR_INVALID);
	}
	/* tabs and line breaks are XML characters */
	struct atom_entry x = entry();
	x.summary = STR("line\nline\r\n\ttab");
	assert_non_null(feed_text(&feed, &x, 1, &e));
}

static void test_required_texts_must_be_there(void **state)
{
	(void)state;
	enum mm_err e;
	struct atom_feed f = feed;
	f.id = STR("");
	assert_null(feed_text(&f, NULL, 0, &e));
	assert_int_equal(e, MM_ERR_INVALID);
	f = feed;
	f.self_url = STR("");
	assert_null(feed_text(&f, NULL, 0, &e));
	struct atom_entry x = entry();
	x.author = STR("");
	assert_null(feed_text(&feed, &x, 1, &e));
	x = entry();
	x.id = STR("");
	assert_null(feed_text(&feed, &x, 1, &e));
	/* the summary and the content are optional, one at a time */
	x = entry();
	x.content_html = STR("");
	const char *out = feed_text(&feed, &x, 1, &e);
	assert_non_null(out);
	assert_null(strstr(out, "<content"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_feed_has_every_element_rfc_4287_requires),
	    cmocka_unit_test(test_an_empty_feed_is_still_a_feed),
	    cmocka_unit_test(test_every_text_is_escaped_for_xml),
	    cmocka_unit_test(test_a_text_xml_cannot_hold_is_refused),
	    cmocka_unit_test(test_required_texts_must_be_there),
	};
	return cmocka_run_group_tests_name("atom", tests, setup, teardown);
}
