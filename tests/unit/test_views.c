/* Unit tests: the real templates, catalogues and content, rendered through
 * the real dispatch for every page and error in both languages. A template
 * that names an unknown variable, partial or catalogue key fails here. */
#include <stdio.h>

#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"
#include "view/views.h"
#include "web/router.h"
#include "pages/routes.h"
#include "web/site_contact.h"
#include "web/web.h"
#include "test.h"

static int load(void **state)
{
	char err[256];
	struct web_config c = {0};
	/* with a contact address, so that the parts that show it render too
	 * and /.well-known/security.txt is there */
	if (!site_contact_configure("info@example.jp", err) ||
	    web_init(&c, page_route_groups, page_route_group_count, err)) {
		fprintf(stderr, "web_init: %s\n", err);
		return -1;
	}
	return arena_setup(state);
}

static int unload(void **state)
{
	char err[256];
	web_free();
	(void)site_contact_configure(NULL, err); /* no value: cannot fail */
	return arena_teardown(state);
}

static struct res get(struct arena *a, const char *target)
{
	struct req r = {.arena = a,
	                .id = "0123456789abcdef",
	                .method = HTTP_GET,
	                .method_name = STR("GET"),
	                .target = str_from(target),
	                .ip = STR("127.0.0.1")}; /* a local client, as /metrics requires */
	struct res res = {0};
	web_dispatch(&r, &res);
	return res;
}

static bool contains(struct str s, const char *needle)
{
	return s.p && memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

static void test_catalogues_have_the_same_keys(void **state)
{
	(void)state;
	assert_int_equal(i18n_missing_count(LANG_JA), 0);
	assert_int_equal(i18n_missing_count(LANG_EN), 0);
}

static void test_keys_named_in_c_exist(void **state)
{
	(void)state;
	const char *keys[] = {"site.name",       "home.title",      "rules.title",
	                      "nav.home",        "nav.rules",       "lang.switch",
	                      "error.reference", "error.back_home", "date.format"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		for (int l = 0; l < LANG_COUNT; l++)
			assert_true(i18n_has((enum lang)l, str_from(keys[i])));
	const int statuses[] = {400, 403, 404, 405, 413, 414, 431, 500, 503};
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		char t[32], m[32];
		snprintf(t, sizeof t, "error.%d.title", statuses[i]);
		snprintf(m, sizeof m, "error.%d.message", statuses[i]);
		for (int l = 0; l < LANG_COUNT; l++) {
			assert_true(i18n_has((enum lang)l, str_from(t)));
			assert_true(i18n_has((enum lang)l, str_from(m)));
		}
	}
	for (int m = 1; m <= 12; m++) {
		char k[16];
		snprintf(k, sizeof k, "date.mon.%d", m);
		assert_true(i18n_has(LANG_EN, str_from(k)));
	}
}

static void test_pages_render_in_both_languages(void **state)
{
	const char *pages[] = {"/", "/rules"};
	for (size_t i = 0; i < 2; i++) {
		for (int l = 0; l < LANG_COUNT; l++) {
			char target[64];
			snprintf(target, sizeof target, "%s?lang=%s", pages[i],
			         lang_code((enum lang)l));
			struct res res = get(*state, target);
			assert_int_equal(res.status, 200);
			char html_lang[32];
			snprintf(html_lang, sizeof html_lang, "<html lang=\"%s\"",
			         lang_code((enum lang)l));
			assert_true(contains(res.body, html_lang));
			assert_true(contains(res.body, "<main"));
			assert_true(contains(res.body, "/static/style."));
		}
	}
}

static void test_rules_page_has_five_rules_with_anchors(void **state)
{
	struct res res = get(*state, "/rules?lang=en");
	for (int i = 1; i <= 5; i++) {
		char id[32];
		snprintf(id, sizeof id, "id=\"rule-%d\"", i);
		assert_true(contains(res.body, id));
	}
	assert_false(contains(res.body, "id=\"rule-6\""));
}

static void test_error_pages_render_with_their_status(void **state)
{
	struct res res = get(*state, "/no-such-page");
	assert_int_equal(res.status, 404);
	assert_true(contains(res.body, "<html"));
	res = get(*state, "/?lang=%zz");
	assert_int_equal(res.status, 400);
	res = get(*state, "/rules%00");
	assert_int_equal(res.status, 400);
	res = get(*state, "/?lang=en&lang=ja");
	assert_int_equal(res.status, 400);
}

/* Every GET page without parameters renders for an anonymous visitor in
 * both languages: 200, or a redirect to log in; a page that compares what
 * its query names answers a clear 400 without one. */
static void test_every_parameterless_page_renders(void **state)
{
	char dir[] = "/tmp/mamori-views-XXXXXX", path[64], err[STORE_ERR_MAX];
	struct store *s;
	int applied;
	size_t n;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/v.db", dir);
	assert_int_equal(store_open(path, &s, err), MM_OK);
	assert_int_equal(store_migrate(s, &applied, err), MM_OK);
	store_close(s);
	store_set_address(path);
	const struct route *routes = web_route_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (routes[i].method != HTTP_GET || strchr(routes[i].pattern, '{'))
			continue;
		for (int l = 0; l < LANG_COUNT; l++) {
			char target[128];
			snprintf(target, sizeof target, "%s?lang=%s", routes[i].pattern,
			         lang_code((enum lang)l));
			struct res res = get(*state, target);
			bool needs_query = strcmp(routes[i].pattern, "/services/compare") == 0;
			if (needs_query ? res.status != 400
			                : res.status != 200 && res.status != 303)
				fail_msg("%s answered %d", target, res.status);
		}
	}
	store_close_all();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static enum mm_err refused_page(struct req *r, struct res *res)
{
	(void)r;
	(void)res;
	return MM_OK;
}

/* A refusal page names its route by pattern: one that names none (a
 * pattern mistyped, a route renamed) stops start-up instead of never
 * showing. */
static void test_a_refusal_page_without_its_route_stops_start_up(void **state)
{
	(void)state;
	const struct route_table table =
	    ROUTE_TABLE(ROUTE_GET("/communities/new", refused_page, RIGHT_ADMIN));
	static const struct route_refusal known = {"/communities/new", refused_page};
	static const struct route_refusal unknown = {"/communities/old", refused_page};
	const struct route_group fine = {ROUTE_TABLES(&table), ROUTE_REFUSALS(&known)};
	const struct route_group wrong = {ROUTE_TABLES(&table), ROUTE_REFUSALS(&known, &unknown)};
	const struct route_group *groups[] = {&fine};
	char err[256] = "";
	assert_int_equal(web_routes_build(groups, 1, err), MM_OK);
	groups[0] = &wrong;
	assert_int_equal(web_routes_build(groups, 1, err), MM_ERR_INVALID);
	assert_non_null(strstr(err, "/communities/old"));
}

static void test_every_template_compiled(void **state)
{
	(void)state;
	const char *names[] = {"layout", "home", "rules", "error"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_non_null(views_template(names[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_catalogues_have_the_same_keys, load, unload),
	    cmocka_unit_test_setup_teardown(test_keys_named_in_c_exist, load, unload),
	    cmocka_unit_test_setup_teardown(test_pages_render_in_both_languages, load, unload),
	    cmocka_unit_test_setup_teardown(test_rules_page_has_five_rules_with_anchors, load,
	                                    unload),
	    cmocka_unit_test_setup_teardown(test_error_pages_render_with_their_status, load,
	                                    unload),
	    cmocka_unit_test_setup_teardown(test_every_template_compiled, load, unload),
	    cmocka_unit_test_setup_teardown(test_a_refusal_page_without_its_route_stops_start_up,
	                                    load, unload),
	    cmocka_unit_test_setup_teardown(test_every_parameterless_page_renders, load, unload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
