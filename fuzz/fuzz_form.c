/*
 * fuzz_form.c — libFuzzer target for form_parse_urlencoded() and
 * kvlist_get_one() (src/lib/form.c).
 *
 * The whole input is parsed as a query string / x-www-form-urlencoded body,
 * straight from libFuzzer's buffer (no copy, no NUL terminator) so that
 * AddressSanitizer catches any read past the end. When parsing succeeds the
 * target checks the parser's promises:
 *   - at most FORM_MAX_FIELDS fields;
 *   - every key is non-empty, at most FORM_MAX_KEY bytes, and key and value
 *     are valid UTF-8 without NUL (utf8_valid);
 *   - kvlist_get_one() agrees with kvlist_count(): NOT_FOUND for 0,
 *     MM_OK (returning the value of that one field) for 1, DUPLICATE for >1,
 *     for the first and last key and for a few fixed names.
 * Any violation aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "lib/arena.h"
#include "lib/form.h"
#include "lib/str.h"
#include "lib/utf8.h"

static void check_lookup(struct arena *a, const struct kvlist *l, struct str key)
{
	char *k = str_dup(a, key);
	if (!k)
		return;
	/* A key with an embedded NUL cannot be looked up by C string; utf8_valid
	 * refuses NUL, so this never happens for a parsed key. */
	CHECK(strlen(k) == key.n);
	size_t count = kvlist_count(l, k);
	struct str v = {NULL, 0};
	enum mm_err err = kvlist_get_one(l, k, &v);
	if (count == 0) {
		CHECK(err == MM_ERR_NOT_FOUND);
	} else if (count == 1) {
		CHECK(err == MM_OK);
		CHECK(utf8_valid(v));
	} else {
		CHECK(err == MM_ERR_DUPLICATE);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str body = {(const char *)data, size};
	struct kvlist l = {0};
	enum mm_err err = form_parse_urlencoded(&a, body, &l);
	if (err == MM_OK) {
		CHECK(l.n <= FORM_MAX_FIELDS);
		for (size_t i = 0; i < l.n; i++) {
			CHECK(l.items[i].key.n > 0);
			CHECK(l.items[i].key.n <= FORM_MAX_KEY);
			CHECK(utf8_valid(l.items[i].key));
			CHECK(utf8_valid(l.items[i].value));
		}
		if (l.n > 0) {
			check_lookup(&a, &l, l.items[0].key);
			check_lookup(&a, &l, l.items[l.n - 1].key);
		}
		static const char *const names[] = {"a", "q", "lang", "csrf", "name", "会社名"};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			check_lookup(&a, &l, str_from(names[i]));
	} else {
		CHECK(err == MM_ERR_INVALID || err == MM_ERR_TOO_LONG || err == MM_ERR_NOMEM);
	}
	arena_free(&a);
	return 0;
}
