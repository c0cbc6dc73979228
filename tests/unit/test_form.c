/* Unit tests: percent-decoding, query strings and form bodies, cookies;
 * the fields a page's form declares (webform). */
#include "lib/form.h"
#include "view/value.h"
#include "web/webform.h"
#include "test.h"

static void test_url_decode_decodes_escapes_and_plus(void **state)
{
	struct str out;
	assert_int_equal(url_decode(*state, STR("a%20b+c"), true, &out), MM_OK);
	assert_str_equal(out, "a b c");
	assert_int_equal(url_decode(*state, STR("a+b"), false, &out), MM_OK);
	assert_str_equal(out, "a+b");
	assert_int_equal(url_decode(*state, STR("%E5%AE%88%e3%82%8a"), false, &out), MM_OK);
	assert_str_equal(out, "守り");
}

static void test_url_decode_rejects_bad_escapes_nul_and_invalid_utf8(void **state)
{
	struct str out;
	const char *bad[] = {"%",   "%2",     "%ZZ",       "a%G0",  "%00",
	                     "%FF", "%C0%AF", "%ED%A0%80", "%E5%AE"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(url_decode(*state, str_from(bad[i]), true, &out), MM_ERR_INVALID);
	assert_int_equal(url_decode(*state, STR("\xff"), true, &out), MM_ERR_INVALID);
}

static void test_form_parse_reads_fields_and_skips_empty_pairs(void **state)
{
	struct kvlist l = {0};
	struct str v;
	assert_int_equal(form_parse_urlencoded(*state, STR("a=1&&b=x+y&c&d="), &l), MM_OK);
	assert_int_equal(l.n, 4);
	assert_int_equal(kvlist_get_one(&l, "b", &v), MM_OK);
	assert_str_equal(v, "x y");
	assert_int_equal(kvlist_get_one(&l, "c", &v), MM_OK);
	assert_str_equal(v, "");
	assert_int_equal(kvlist_get_one(&l, "zz", &v), MM_ERR_NOT_FOUND);
}

static void test_form_duplicate_field_is_reported_where_one_is_expected(void **state)
{
	struct kvlist l = {0};
	struct str v;
	assert_int_equal(form_parse_urlencoded(*state, STR("lang=en&lang=ja"), &l), MM_OK);
	assert_int_equal(kvlist_get_one(&l, "lang", &v), MM_ERR_DUPLICATE);
	assert_int_equal(kvlist_count(&l, "lang"), 2);
}

static void test_form_rejects_empty_key_bad_escape_and_too_many_fields(void **state)
{
	struct kvlist l = {0};
	assert_int_equal(form_parse_urlencoded(*state, STR("=1"), &l), MM_ERR_INVALID);
	l = (struct kvlist){0};
	assert_int_equal(form_parse_urlencoded(*state, STR("a=%zz"), &l), MM_ERR_INVALID);

	struct buf b;
	buf_init(&b, *state, 1 << 20);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		assert_int_equal(buf_printf(&b, "f%d=1&", i), MM_OK);
	l = (struct kvlist){0};
	assert_int_equal(form_parse_urlencoded(*state, buf_str(&b), &l), MM_ERR_TOO_LONG);

	buf_init(&b, *state, 1 << 20);
	for (int i = 0; i <= FORM_MAX_KEY; i++)
		assert_int_equal(buf_append_char(&b, 'k'), MM_OK);
	assert_int_equal(buf_append_cstr(&b, "=1"), MM_OK);
	l = (struct kvlist){0};
	assert_int_equal(form_parse_urlencoded(*state, buf_str(&b), &l), MM_ERR_TOO_LONG);
}

static void test_cookie_parse_reads_pairs_and_skips_malformed(void **state)
{
	struct kvlist l = {0};
	struct str v;
	assert_int_equal(
	    cookie_parse(*state, STR("lang=en; junk; =x; sid=\"abc\" ;  theme = dark"), &l), MM_OK);
	assert_int_equal(l.n, 3);
	assert_int_equal(kvlist_get_one(&l, "lang", &v), MM_OK);
	assert_str_equal(v, "en");
	assert_int_equal(kvlist_get_one(&l, "sid", &v), MM_OK);
	assert_str_equal(v, "abc");
	assert_int_equal(kvlist_get_one(&l, "theme", &v), MM_OK);
	assert_str_equal(v, "dark");
}

static void test_cookie_parse_ignores_cookies_past_the_limit(void **state)
{
	struct buf b;
	struct kvlist l = {0};
	buf_init(&b, *state, 1 << 16);
	for (int i = 0; i < COOKIE_MAX_COUNT + 10; i++)
		assert_int_equal(buf_printf(&b, "c%d=v; ", i), MM_OK);
	assert_int_equal(cookie_parse(*state, buf_str(&b), &l), MM_OK);
	assert_int_equal(l.n, COOKIE_MAX_COUNT);
}

/* A form as a page starts one: a request with its CSRF token already
 * chosen, so that webform_init needs no session or cookie. */
static void form_start(struct webform *f, struct req *r, struct res *res, struct arena *a)
{
	*r = (struct req){.arena = a, .csrf = "0123456789abcdef"};
	*res = (struct res){0};
	assert_int_equal(webform_init(f, r, res, val_obj(a)), MM_OK);
}

static void assert_field_blank(const struct webform *f, const char *name)
{
	const struct val *field = val_get(f->fields, str_from(name));
	assert_non_null(field);
	assert_non_null(val_get(field, STR("value")));
	assert_str_equal(val_get(field, STR("value"))->s, "");
	assert_non_null(val_get(field, STR("error")));
	assert_str_equal(val_get(field, STR("error"))->s, "");
}

static void test_webform_blank_declares_every_named_field_empty(void **state)
{
	struct webform f;
	struct req r;
	struct res res;
	form_start(&f, &r, &res, *state);
	assert_int_equal(webform_set(&f, "note", STR("typed before")), MM_OK);
	assert_int_equal(webform_set(&f, "kept", STR("stays")), MM_OK);
	assert_int_equal(webform_blank(&f, "reason", "note", "number", NULL), MM_OK);
	assert_field_blank(&f, "reason");
	assert_field_blank(&f, "note");
	assert_field_blank(&f, "number");
	assert_str_equal(webform_value(&f, "kept"), "stays");
	assert_null(val_get(f.fields, STR("NULL")));
	assert_true(webform_ok(&f));

	assert_int_equal(webform_blank(&f, "single", NULL), MM_OK);
	assert_field_blank(&f, "single");
}

static void test_webform_blank_reports_nomem_and_stops(void **state)
{
	struct webform f;
	struct req r;
	struct res res;
	struct arena full;
	form_start(&f, &r, &res, *state);
	arena_init(&full, 1); /* nothing fits: every field fails to be declared */
	r.arena = &full;
	assert_int_equal(webform_blank(&f, "reason", "note", NULL), MM_ERR_NOMEM);
	r.arena = *state;
	arena_free(&full);
	assert_null(val_get(f.fields, STR("note")));
}

/* A rule of the kind areas give (org_single_line, event_text_ok): here,
 * no digits. */
static bool has_no_digit(struct str s)
{
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] >= '0' && s.p[i] <= '9')
			return false;
	return true;
}

static void test_webform_take_checked_marks_only_a_refused_value_invalid(void **state)
{
	struct webform f;
	struct req r;
	struct res res;
	form_start(&f, &r, &res, *state);
	assert_int_equal(form_parse_urlencoded(*state, STR("code=+a1+&name=+plain+"), &r.form),
	                 MM_OK);
	assert_str_equal(webform_take_checked(&f, "name", 10, has_no_digit), "plain");
	assert_str_equal(webform_take_checked(&f, "absent", 10, has_no_digit), "");
	assert_true(webform_ok(&f)); /* an empty value is the caller's to refuse */
	assert_str_equal(webform_take_checked(&f, "code", 10, has_no_digit), "a1");
	assert_str_equal(webform_value(&f, "code"), "a1"); /* shown again as typed */
	assert_false(webform_ok(&f));
	assert_int_equal(f.errors->n, 1);
	assert_str_equal(val_get(f.errors->first->v, STR("field"))->s, "code");
}

static void test_webform_take_required_refuses_empty_and_refused_values_alike(void **state)
{
	struct webform f;
	struct req r;
	struct res res;
	form_start(&f, &r, &res, *state);
	assert_int_equal(form_parse_urlencoded(*state, STR("name=plain&code=a1&blank=+"), &r.form),
	                 MM_OK);
	assert_str_equal(webform_take_required(&f, "name", 10, has_no_digit, "x.name"), "plain");
	assert_true(webform_ok(&f));
	assert_str_equal(webform_take_required(&f, "code", 10, has_no_digit, "x.code"), "a1");
	assert_str_equal(webform_take_required(&f, "blank", 10, has_no_digit, "x.blank"), "");
	assert_str_equal(webform_take_required(&f, "absent", 10, has_no_digit, "x.absent"), "");
	assert_int_equal(f.errors->n, 3);
	const char *fields[] = {"code", "blank", "absent"};
	const struct item *it = f.errors->first;
	for (size_t i = 0; i < 3; i++, it = it->next)
		assert_str_equal(val_get(it->v, STR("field"))->s, fields[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_url_decode_decodes_escapes_and_plus),
	    TEST(test_url_decode_rejects_bad_escapes_nul_and_invalid_utf8),
	    TEST(test_form_parse_reads_fields_and_skips_empty_pairs),
	    TEST(test_form_duplicate_field_is_reported_where_one_is_expected),
	    TEST(test_form_rejects_empty_key_bad_escape_and_too_many_fields),
	    TEST(test_cookie_parse_reads_pairs_and_skips_malformed),
	    TEST(test_cookie_parse_ignores_cookies_past_the_limit),
	    TEST(test_webform_blank_declares_every_named_field_empty),
	    TEST(test_webform_blank_reports_nomem_and_stops),
	    TEST(test_webform_take_checked_marks_only_a_refused_value_invalid),
	    TEST(test_webform_take_required_refuses_empty_and_refused_values_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
