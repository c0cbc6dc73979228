/* Unit tests: the cache of rendered bodies. */
#include "web/render_cache.h"
#include "test.h"

static void test_a_stored_body_comes_back(void **state)
{
	struct str body;
	assert_false(render_cache_get(*state, "k1", &body));
	render_cache_put("k1", STR("<p>result</p>"));
	assert_true(render_cache_get(*state, "k1", &body));
	assert_str_equal(body, "<p>result</p>");
	assert_false(render_cache_get(*state, "k2", &body));
	render_cache_free();
	assert_false(render_cache_get(*state, "k1", &body));
}

/* A body read is lent to the reader's arena: replacing it, or emptying
 * the cache, leaves the reader's view intact until the arena is reset
 * (under AddressSanitizer a body freed early is a use after free). */
static void test_a_body_read_outlives_its_replacement_until_the_reader_is_done(void **state)
{
	struct str first, second;
	render_cache_put("lent", STR("<p>first</p>"));
	assert_true(render_cache_get(*state, "lent", &first));
	assert_true(render_cache_get(*state, "lent", &second));
	render_cache_put("lent", STR("<p>replacement</p>"));
	assert_str_equal(first, "<p>first</p>");
	render_cache_free();
	assert_str_equal(second, "<p>first</p>");
	assert_int_equal(first.p[first.n], '\0');
	arena_reset(*state);
	/* read, reset, read again: each reader holds it for as long as it needs */
	render_cache_put("lent", STR("again"));
	for (int i = 0; i < 3; i++) {
		assert_true(render_cache_get(*state, "lent", &first));
		assert_str_equal(first, "again");
		arena_reset(*state);
	}
	render_cache_free();
}

static void test_what_is_kept_beside_a_body_comes_back_with_it(void **state)
{
	struct str body;
	struct render_cache_aside got, kept = {.cuts = {3, 9}, .note = {1, 2, 3}};
	render_cache_put_aside("cut", STR("<p>a</p><p>b</p>"), &kept);
	assert_true(render_cache_get_aside(*state, "cut", &body, &got));
	assert_str_equal(body, "<p>a</p><p>b</p>");
	assert_int_equal(got.cuts[0], 3);
	assert_int_equal(got.cuts[1], 9);
	assert_memory_equal(got.note, kept.note, sizeof kept.note);
	/* a body put without them has none */
	render_cache_put("cut", STR("plain"));
	assert_true(render_cache_get_aside(*state, "cut", &body, &got));
	assert_int_equal(got.cuts[0], 0);
	assert_int_equal(got.cuts[1], 0);
	assert_int_equal(got.note[0], 0);
	render_cache_free();
}

static void test_putting_a_key_again_replaces_its_body(void **state)
{
	struct str body;
	render_cache_put("k", STR("old"));
	render_cache_put("k", STR("new"));
	assert_true(render_cache_get(*state, "k", &body));
	assert_str_equal(body, "new");
	render_cache_free();
}

static void test_oversized_bodies_and_keys_are_not_kept(void **state)
{
	struct str body;
	char *big = test_malloc(RENDER_CACHE_MAX_BODY + 1);
	memset(big, 'x', RENDER_CACHE_MAX_BODY + 1);
	render_cache_put("big", (struct str){big, RENDER_CACHE_MAX_BODY + 1});
	assert_false(render_cache_get(*state, "big", &body));
	test_free(big);
	char key[RENDER_CACHE_KEY_MAX + 1];
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	render_cache_put(key, STR("x"));
	assert_false(render_cache_get(*state, key, &body));
	render_cache_free();
}

/* The set render_cache.c puts key in (FNV-1a, as it does). */
static size_t set_of(const char *key)
{
	uint64_t h = 1469598103934665603u;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return (size_t)(h % RENDER_CACHE_SETS);
}

static void test_keys_of_one_set_keep_each_other_and_one_more_replaces_one(void **state)
{
	struct str body;
	char keys[RENDER_CACHE_WAYS + 1][32];
	size_t n = 0;
	snprintf(keys[n++], sizeof keys[0], "s:0");
	for (int i = 1; n < RENDER_CACHE_WAYS + 1; i++) {
		snprintf(keys[n], sizeof keys[0], "s:%d", i);
		if (set_of(keys[n]) == set_of(keys[0]))
			n++;
	}
	for (size_t k = 0; k < RENDER_CACHE_WAYS; k++)
		render_cache_put(keys[k], str_from(keys[k]));
	for (size_t k = 0; k < RENDER_CACHE_WAYS; k++) {
		assert_true(render_cache_get(*state, keys[k], &body));
		assert_str_equal(body, keys[k]);
	}
	/* all read: one more in the set replaces just one of them */
	render_cache_put(keys[RENDER_CACHE_WAYS], STR("last"));
	assert_true(render_cache_get(*state, keys[RENDER_CACHE_WAYS], &body));
	size_t kept = 0;
	for (size_t k = 0; k < RENDER_CACHE_WAYS; k++)
		kept += render_cache_get(*state, keys[k], &body);
	assert_int_equal(kept, RENDER_CACHE_WAYS - 1);
	render_cache_free();
}

static void test_many_keys_stay_bounded_and_correct(void **state)
{
	struct str body;
	char key[32], value[32];
	for (int i = 0; i < RENDER_CACHE_SLOTS * 3; i++) {
		snprintf(key, sizeof key, "r:%d", i);
		snprintf(value, sizeof value, "v%d", i);
		render_cache_put(key, str_from(value));
	}
	/* whatever is found under a key is that key's body */
	for (int i = 0; i < RENDER_CACHE_SLOTS * 3; i++) {
		snprintf(key, sizeof key, "r:%d", i);
		snprintf(value, sizeof value, "v%d", i);
		if (render_cache_get(*state, key, &body))
			assert_true(str_eq_lit(body, value));
	}
	render_cache_free();
}

static void test_a_key_is_a_prefix_and_a_hash_of_the_text(void **state)
{
	(void)state;
	char a[RENDER_CACHE_KEY_MAX], b[RENDER_CACHE_KEY_MAX], c[RENDER_CACHE_KEY_MAX];
	char big[4096];
	memset(big, 'q', sizeof big);
	assert_true(
	    render_cache_key(a, "services-search", STR("ja\n2026-12-05\n7\n/services?q=x&")));
	assert_true(
	    render_cache_key(b, "services-search", STR("ja\n2026-12-05\n7\n/services?q=x&")));
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), strlen("services-search:") + 32);
	assert_true(strncmp(a, "services-search:", 16) == 0);
	/* any difference (the language, the generation) gives another key */
	assert_true(
	    render_cache_key(c, "services-search", STR("en\n2026-12-05\n7\n/services?q=x&")));
	assert_string_not_equal(a, c);
	assert_true(
	    render_cache_key(c, "services-search", STR("ja\n2026-12-05\n8\n/services?q=x&")));
	assert_string_not_equal(a, c);
	assert_true(
	    render_cache_key(c, "services-listing", STR("ja\n2026-12-05\n7\n/services?q=x&")));
	assert_string_not_equal(a, c);
	/* a text of any length fits; a prefix too long for a key does not */
	assert_true(render_cache_key(c, "p", (struct str){big, sizeof big}));
	assert_true(strlen(c) < RENDER_CACHE_KEY_MAX);
	char prefix[RENDER_CACHE_KEY_MAX];
	memset(prefix, 'p', sizeof prefix - 1);
	prefix[sizeof prefix - 1] = '\0';
	assert_false(render_cache_key(c, prefix, STR("x")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_a_stored_body_comes_back),
	    TEST(test_a_body_read_outlives_its_replacement_until_the_reader_is_done),
	    TEST(test_what_is_kept_beside_a_body_comes_back_with_it),
	    TEST(test_putting_a_key_again_replaces_its_body),
	    TEST(test_oversized_bodies_and_keys_are_not_kept),
	    TEST(test_keys_of_one_set_keep_each_other_and_one_more_replaces_one),
	    TEST(test_many_keys_stay_bounded_and_correct),
	    TEST(test_a_key_is_a_prefix_and_a_hash_of_the_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
