/*
 * fuzz_cookie.c — libFuzzer target for cookie_parse() (src/lib/form.c).
 *
 * The input is a Cookie header value, passed straight from libFuzzer's
 * buffer (not NUL-terminated, so ASan sees over-reads). When parsing
 * succeeds the target checks:
 *   - at most COOKIE_MAX_COUNT cookies;
 *   - every name is non-empty, at most FORM_MAX_KEY bytes, valid UTF-8;
 *     every value valid UTF-8;
 *   - names and values point into the header (values are not decoded, so
 *     nothing is copied) and contain no ';';
 *   - names and values carry no leading or trailing ASCII space/tab.
 * The only error allowed is MM_ERR_TOO_LONG (too many cookies) or
 * MM_ERR_NOMEM.
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

static void check_inside(struct str h, struct str s)
{
	if (s.n == 0)
		return;
	CHECK(s.p >= h.p && s.p + s.n <= h.p + h.n);
	CHECK(!memchr(s.p, ';', s.n));
}

static int is_sp(char c)
{
	return c == ' ' || c == '\t';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str h = {(const char *)data, size};
	struct kvlist l = {0};
	enum mm_err err = cookie_parse(&a, h, &l);
	if (err == MM_OK) {
		CHECK(l.n <= COOKIE_MAX_COUNT);
		for (size_t i = 0; i < l.n; i++) {
			struct str k = l.items[i].key, v = l.items[i].value;
			CHECK(k.n > 0 && k.n <= FORM_MAX_KEY);
			CHECK(utf8_valid(k));
			CHECK(utf8_valid(v));
			check_inside(h, k);
			check_inside(h, v);
			CHECK(!is_sp(k.p[0]) && !is_sp(k.p[k.n - 1]));
			struct str dummy;
			char *name = str_dup(&a, k);
			if (name)
				CHECK(kvlist_get_one(&l, name, &dummy) != MM_ERR_NOT_FOUND);
		}
	} else {
		CHECK(err == MM_ERR_TOO_LONG || err == MM_ERR_NOMEM);
	}
	arena_free(&a);
	return 0;
}
