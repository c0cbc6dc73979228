/*
 * fuzz_text.c — libFuzzer target for the rules that read free text people
 * type or upload: core_email_normalise (src/core/email.c),
 * core_kana_forms (kana.c), the search folding and tokens
 * (search_text.c), plain_text_line_ok / plain_text_lines_ok
 * (plain_text.c) and file_type_of (file_type.c).
 *
 * Checks, on any input:
 *   - an accepted address is UTF-8 of EMAIL_MIN_CHARS…EMAIL_MAX_CHARS
 *     bytes, no upper-case ASCII, no space, control or < > , ; ", one
 *     '@' with something before it and a dotted domain after it that
 *     neither starts nor ends with a dot; normalising it again gives it
 *     back; an empty input is EMAIL_EMPTY and only an empty one;
 *   - on UTF-8: both kana forms have the input's length, are UTF-8, the
 *     katakana form has no hiragana and the hiragana form no katakana,
 *     and each is its own form (idempotent); the two forms of either form
 *     are the same as of the input;
 *   - on UTF-8: folding keeps the length and UTF-8, leaves no A–Z, no
 *     control character, no hiragana, and is idempotent; the variant fold
 *     too, and it is the same as folding the variant fold; text over
 *     SEARCH_TEXT_MAX_BYTES is refused;
 *   - the search text of a name and a kana has exactly one separator;
 *     its tokens are sorted, distinct, one or two code points without the
 *     separator; and every token a query needs, for any part of the
 *     folded name (on code-point bounds, up to SEARCH_QUERY_MAX_BYTES), is
 *     among them (a search never misses a name that contains the query);
 *   - plain_text_line_ok is exactly "no byte below 0x20, no DEL", and
 *     plain_text_lines_ok the same but for \n, \r and \t;
 *   - file_type_of is a known type; its MIME type names it back and it
 *     has an extension; PDF, PNG and JPEG by their signature; text and
 *     e-mail are UTF-8 that the one-line or several-line rule allows but
 *     for a form feed, and never begin with '<'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#include "core/email.h"
#include "core/file_type.h"
#include "core/kana.h"
#include "core/plain_text.h"
#include "core/search_text.h"
#include "lib/utf8.h"

/* Whether s (valid UTF-8) has a code point in lo…hi. */
static bool has_range(struct str s, uint32_t lo, uint32_t hi)
{
	for (size_t i = 0; i < s.n;) {
		uint32_t cp = utf8_next(s, &i);
		if (cp >= lo && cp <= hi)
			return true;
	}
	return false;
}

static void check_email(struct arena *a, struct str in)
{
	struct str out, again;
	enum email_check e = core_email_normalise(a, in, &out);
	CHECK(e <= EMAIL_NOMEM);
	CHECK((e == EMAIL_EMPTY) == (in.n == 0));
	if (e != EMAIL_OK)
		return;
	CHECK(utf8_valid(out) && out.n >= EMAIL_MIN_CHARS && out.n <= EMAIL_MAX_CHARS);
	size_t at = 0, ats = 0;
	for (size_t i = 0; i < out.n; i++) {
		unsigned char c = (unsigned char)out.p[i];
		CHECK(!(c >= 'A' && c <= 'Z'));
		CHECK(c > 0x20 && c != 0x7f && !strchr("<>,;\"", c));
		if (c == '@') {
			ats++;
			at = i;
		}
	}
	CHECK(ats == 1 && at >= 1 && at + 1 < out.n);
	CHECK(out.p[at + 1] != '.' && out.p[out.n - 1] != '.');
	CHECK(memchr(out.p + at + 1, '.', out.n - at - 1) != NULL);
	CHECK(core_email_normalise(a, out, &again) == EMAIL_OK);
	CHECK(str_eq(again, out));
}

static void check_kana(struct arena *a, struct str in)
{
	struct str kata, hira, k2, h2;
	CHECK(core_kana_forms(a, in, &kata, &hira) == MM_OK);
	CHECK(kata.n == in.n && hira.n == in.n && utf8_valid(kata) && utf8_valid(hira));
	CHECK(!has_range(kata, 0x3041, 0x3096) && !has_range(hira, 0x30a1, 0x30f6));
	CHECK(core_kana_forms(a, kata, &k2, &h2) == MM_OK);
	CHECK(str_eq(k2, kata) && str_eq(h2, hira));
	CHECK(core_kana_forms(a, hira, &k2, &h2) == MM_OK);
	CHECK(str_eq(k2, kata) && str_eq(h2, hira));
}

static bool folded(struct str s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c >= 'A' && c <= 'Z') || c < 0x20 || c == 0x7f)
			return false;
	}
	return utf8_valid(s) && !has_range(s, 0x3041, 0x3096);
}

/* The end of the code point of valid UTF-8 s that starts at i. */
static size_t next_cp(struct str s, size_t i)
{
	(void)utf8_next(s, &i);
	return i;
}

static void check_search(struct arena *a, struct str in, const uint8_t *data, size_t size)
{
	struct str f, f2, v, v2, fv;
	enum mm_err e = core_search_fold(a, in, &f);
	if (in.n > SEARCH_TEXT_MAX_BYTES) {
		CHECK(e == MM_ERR_INVALID);
		CHECK(core_search_fold_variants(a, in, &v) == MM_ERR_INVALID);
		return;
	}
	CHECK(e == MM_OK && f.n == in.n && folded(f));
	CHECK(core_search_fold(a, f, &f2) == MM_OK && str_eq(f2, f));
	CHECK(core_search_fold_variants(a, in, &v) == MM_OK && v.n == in.n && folded(v));
	CHECK(core_search_fold_variants(a, v, &v2) == MM_OK && str_eq(v2, v));
	CHECK(core_search_fold_variants(a, f, &fv) == MM_OK && str_eq(fv, v));

	/* The input split on its first code-point bound after a byte's worth
	 * into a name and a kana. */
	size_t cut = 0;
	while (cut < in.n && cut < (size_t)data[0] % (in.n + 1))
		cut = next_cp(in, cut);
	struct str name = {in.p, cut}, kana = {in.p + cut, in.n - cut}, text;
	CHECK(core_search_text(a, name, kana, &text) == MM_OK);
	CHECK(text.n == in.n + 1);
	size_t seps = 0;
	for (size_t i = 0; i < text.n; i++)
		seps += text.p[i] == SEARCH_TEXT_SEPARATOR;
	CHECK(seps == 1 && text.p[cut] == SEARCH_TEXT_SEPARATOR);
	struct search_tokens t;
	CHECK(core_search_tokens(a, text, &t) == MM_OK);
	for (size_t i = 0; i < t.n; i++) {
		struct str s = t.items[i];
		CHECK(s.n > 0 && utf8_valid(s) && !memchr(s.p, SEARCH_TEXT_SEPARATOR, s.n));
		size_t cps = utf8_length(s);
		CHECK(cps == 1 || cps == 2);
		if (i) {
			struct str p = t.items[i - 1];
			int c = memcmp(p.p, s.p, p.n < s.n ? p.n : s.n);
			CHECK(c < 0 || (c == 0 && p.n < s.n));
		}
	}

	/* A query: a part of the folded name, from and to code-point bounds
	 * chosen by the input's second and third bytes. */
	struct str fname;
	CHECK(core_search_fold(a, name, &fname) == MM_OK);
	if (fname.n == 0 || size < 3)
		return;
	size_t from = 0, to;
	while (next_cp(fname, from) < fname.n && from < (size_t)data[1] % fname.n)
		from = next_cp(fname, from);
	to = next_cp(fname, from);
	while (to < fname.n && to - from < (size_t)data[2] % (SEARCH_QUERY_MAX_BYTES / 4 + 1))
		to = next_cp(fname, to);
	struct str query = {fname.p + from, to - from};
	struct search_tokens q;
	bool whole;
	CHECK(core_search_query_tokens(a, query, &q, &whole) == MM_OK);
	CHECK(q.n >= 1);
	CHECK(whole == (utf8_length(query) <= 2));
	for (size_t i = 0; i < q.n; i++) {
		bool found = false;
		for (size_t j = 0; j < t.n && !found; j++)
			found = str_eq(q.items[i], t.items[j]);
		CHECK(found);
	}
}

static void check_plain(struct str in)
{
	bool line = true, lines = true;
	for (size_t i = 0; i < in.n; i++) {
		unsigned char c = (unsigned char)in.p[i];
		if (c < 0x20 || c == 0x7f) {
			line = false;
			if (c != '\n' && c != '\r' && c != '\t')
				lines = false;
		}
	}
	CHECK(plain_text_line_ok(in) == line);
	CHECK(plain_text_lines_ok(in) == lines);
}

static void check_file_type(struct str in)
{
	enum file_type t = file_type_of(in);
	CHECK(t >= FILE_TYPE_NONE && t <= FILE_EML);
	CHECK(file_type_of(in) == t);
	const char *mime = file_type_mime(t), *ext = file_type_extension(t);
	CHECK(mime && ext);
	CHECK(file_type_from_mime((struct str){mime, strlen(mime)}) == t);
	CHECK((t == FILE_TYPE_NONE) == (ext[0] == '\0'));
	if (in.n >= 5 && memcmp(in.p, "%PDF-", 5) == 0)
		CHECK(t == FILE_PDF);
	if (t == FILE_PNG)
		CHECK(in.n >= 8 && memcmp(in.p, "\x89PNG\r\n\x1a\n", 8) == 0);
	if (t == FILE_JPEG)
		CHECK(in.n >= 3 && memcmp(in.p, "\xFF\xD8\xFF", 3) == 0);
	if (t == FILE_TEXT || t == FILE_EML) {
		CHECK(in.n > 0 && utf8_valid(in));
		for (size_t i = 0; i < in.n; i++)
			CHECK(in.p[i] == '\f' || plain_text_lines_ok((struct str){in.p + i, 1}));
		size_t i = 0;
		if (in.n >= 3 && memcmp(in.p, "\xEF\xBB\xBF", 3) == 0)
			i = 3;
		while (i < in.n && strchr(" \t\r\n", in.p[i]) && in.p[i])
			i++;
		CHECK(i == in.n || in.p[i] != '<');
	}
	if (t == FILE_EML)
		CHECK(in.p[0] != ' ' && in.p[0] != '\t' && in.p[0] != '\n' && in.p[0] != '\r');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, ARENA_REQUEST_MAX);
	struct str in = {(const char *)data, size};
	check_email(&a, in);
	check_plain(in);
	check_file_type(in);
	if (size && utf8_valid(in)) {
		check_kana(&a, in);
		check_search(&a, in, data, size);
	}
	arena_free(&a);
	return 0;
}
