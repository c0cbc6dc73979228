/*
 * fuzz_url_decode.c — libFuzzer target for url_decode() (src/lib/form.c).
 *
 * The input is decoded twice, with plus_is_space false and true, straight
 * from libFuzzer's buffer (not NUL-terminated, so ASan sees over-reads).
 * Whenever decoding succeeds the target checks:
 *   - the output is valid UTF-8 without NUL (utf8_valid);
 *   - the output is no longer than the input (decoding only shrinks);
 *   - without '%' in the input and with plus_is_space false, the output
 *     equals the input;
 *   - round trip: buf_append_urlenc() of the output, decoded again (either
 *     mode), gives back exactly the output.
 * On failure the error must be MM_ERR_INVALID or MM_ERR_NOMEM.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "lib/arena.h"
#include "lib/form.h"
#include "lib/str.h"
#include "lib/utf8.h"

static void one(struct arena *a, struct str in, bool plus_is_space)
{
	struct str out = {NULL, 0};
	enum mm_err err = url_decode(a, in, plus_is_space, &out);
	if (err != MM_OK) {
		CHECK(err == MM_ERR_INVALID || err == MM_ERR_NOMEM);
		return;
	}
	CHECK(out.n == 0 || out.p != NULL);
	CHECK(utf8_valid(out));
	CHECK(out.n <= in.n);
	if (!plus_is_space && (in.n == 0 || !memchr(in.p, '%', in.n)))
		CHECK(str_eq(out, in));

	struct buf b;
	buf_init(&b, a, 3 * out.n + 16);
	CHECK(buf_append_urlenc(&b, out) == MM_OK);
	struct str again = {NULL, 0};
	CHECK(url_decode(a, buf_str(&b), plus_is_space, &again) == MM_OK);
	CHECK(str_eq(again, out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str in = {(const char *)data, size};
	one(&a, in, false);
	one(&a, in, true);
	arena_free(&a);
	return 0;
}
