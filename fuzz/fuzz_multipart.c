/*
 * fuzz_multipart.c — libFuzzer target for multipart_boundary(),
 * multipart_parse() and multipart_fields() (src/lib/multipart.c).
 *
 * Input layout: the first line (up to the first '\n', without it) is a
 * Content-Type header value; everything after that '\n' is the request body.
 * If there is no '\n', the whole input is the Content-Type and the body is
 * empty. Both are slices of libFuzzer's own buffer (no copy), so ASan
 * catches reads past either end.
 *
 * Checks, when the calls succeed:
 *   - the boundary is 1..70 bytes and lies inside the Content-Type;
 *   - at most MULTIPART_MAX_PARTS parts; every part has a name of
 *     1..FORM_MAX_KEY bytes; every name, filename, content type and data
 *     slice lies inside the input;
 *   - the data of every ordinary field (no filename) is valid UTF-8;
 *   - multipart_fields() returns exactly the parts without a filename, in
 *     order, with the same name and data.
 * Errors must be one of INVALID, TOO_LONG, NOMEM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "lib/arena.h"
#include "lib/form.h"
#include "lib/multipart.h"
#include "lib/str.h"
#include "lib/utf8.h"

static void check_inside(const uint8_t *data, size_t size, struct str s)
{
	if (s.n == 0)
		return;
	CHECK((const uint8_t *)s.p >= data && (const uint8_t *)s.p + s.n <= data + size);
}

static int err_ok(enum mm_err err)
{
	return err == MM_ERR_INVALID || err == MM_ERR_TOO_LONG || err == MM_ERR_NOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = size ? memchr(data, '\n', size) : NULL;
	size_t ct_n = nl ? (size_t)(nl - data) : size;
	struct str ct = {(const char *)data, ct_n};
	struct str body = nl ? (struct str){(const char *)nl + 1, size - ct_n - 1}
	                     : (struct str){(const char *)data + size, 0};

	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);

	struct str boundary = {NULL, 0};
	enum mm_err err = multipart_boundary(ct, &boundary);
	if (err != MM_OK) {
		CHECK(err_ok(err));
		goto out;
	}
	CHECK(boundary.n >= 1 && boundary.n <= 70);
	check_inside(data, ct_n, boundary);

	struct multipart m = {0};
	err = multipart_parse(&a, boundary, body, &m);
	if (err != MM_OK) {
		CHECK(err_ok(err));
		goto out;
	}
	CHECK(m.n <= MULTIPART_MAX_PARTS);
	size_t nfields = 0;
	for (size_t i = 0; i < m.n; i++) {
		const struct part *p = &m.parts[i];
		CHECK(p->name.n >= 1 && p->name.n <= FORM_MAX_KEY);
		check_inside(data, size, p->name);
		check_inside(data, size, p->filename);
		check_inside(data, size, p->content_type);
		check_inside(data, size, p->data);
		if (!p->filename.p) {
			CHECK(utf8_valid(p->data));
			nfields++;
		}
	}

	struct kvlist fields = {0};
	err = multipart_fields(&a, &m, &fields);
	if (err != MM_OK) {
		CHECK(err_ok(err));
		goto out;
	}
	CHECK(fields.n == nfields);
	for (size_t i = 0, j = 0; i < m.n; i++) {
		if (m.parts[i].filename.p)
			continue;
		CHECK(str_eq(fields.items[j].key, m.parts[i].name));
		CHECK(str_eq(fields.items[j].value, m.parts[i].data));
		j++;
	}
out:
	arena_free(&a);
	return 0;
}
