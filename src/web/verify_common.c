/*
 * verify_common.c — see verify_common.h.
 */
#include "web/verify_common.h"

#include <sodium.h>
#include <stdio.h>
#include <time.h>

#include "core/corporate_number.h"
#include "lib/json.h"
#include "lib/utf8.h"
#include "view/i18n.h"
#include "web/page.h"
#include "web/ratelimit.h"

/* Characters people put between digits: after NFKC, ASCII space and
 * hyphen, the Unicode hyphens and dashes U+2010…U+2015, the minus sign
 * U+2212 and the long-vowel mark U+30FC. Returns its length, or 0. */
static size_t separator_at(struct str s, size_t i)
{
	unsigned char c = (unsigned char)s.p[i];
	if (c == ' ' || c == '-' || c == '\t')
		return 1;
	if (i + 2 >= s.n)
		return 0;
	unsigned char c1 = (unsigned char)s.p[i + 1], c2 = (unsigned char)s.p[i + 2];
	if (c == 0xe2 && c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95)
		return 3;
	if (c == 0xe2 && c1 == 0x88 && c2 == 0x92)
		return 3;
	if (c == 0xe3 && c1 == 0x83 && c2 == 0xbc)
		return 3;
	return 0;
}

static enum mm_err compact(struct arena *a, struct str in, struct str *out)
{
	struct str norm;
	*out = STR("");
	if (in.n > VERIFY_INPUT_MAX)
		return MM_ERR_TOO_LONG;
	enum mm_err e = utf8_nfkc(a, in, &norm);
	if (e)
		return e;
	char *p = arena_alloc(a, norm.n + 1);
	if (!p)
		return MM_ERR_NOMEM;
	size_t n = 0;
	for (size_t i = 0; i < norm.n;) {
		size_t skip = separator_at(norm, i);
		if (skip) {
			i += skip;
			continue;
		}
		p[n++] = norm.p[i++];
	}
	p[n] = '\0';
	*out = (struct str){p, n};
	return MM_OK;
}

enum declaration_id_check verify_id_normalise(struct arena *a, struct str in, struct str *out)
{
	if (compact(a, in, out))
		return DECLARATION_ID_MALFORMED;
	return core_declaration_id_check(*out);
}

bool verify_corporate_number_normalise(struct arena *a, struct str in, struct str *out)
{
	if (compact(a, in, out))
		return false;
	return out->n && core_corporate_number_valid(*out);
}

/* Hiragana U+3041…U+3096 and katakana U+30A1…U+30F6 are 0x60 apart. */
static enum mm_err shift_kana(struct arena *a, struct str text, bool to_katakana, struct str *out)
{
	char *p = arena_strndup(a, text.p, text.n);
	if (!p)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i + 3 <= text.n; i++) {
		unsigned char *u = (unsigned char *)p + i;
		if (u[0] != 0xe3)
			continue;
		unsigned cp = ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
		unsigned from_lo = to_katakana ? 0x3041 : 0x30a1, from_hi = to_katakana ? 0x3096 : 0x30f6;
		if (cp < from_lo || cp > from_hi)
			continue;
		cp = to_katakana ? cp + 0x60 : cp - 0x60;
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		i += 2;
	}
	*out = (struct str){p, text.n};
	return MM_OK;
}

enum mm_err verify_kana_forms(struct arena *a, struct str text, struct str *katakana, struct str *hiragana)
{
	enum mm_err e = shift_kana(a, text, true, katakana);
	return e ? e : shift_kana(a, text, false, hiragana);
}

const char *verify_date(struct arena *a, int64_t unix_s)
{
	time_t t = (time_t)(unix_s + VERIFY_TZ_OFFSET_S);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return arena_strdup(a, "");
	return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *verify_status_code(enum verification_status s)
{
	switch (s) {
	case VERIFICATION_WITHDRAWN:
		return "withdrawn";
	case VERIFICATION_REVOKED:
		return "revoked";
	case VERIFICATION_ACTIVE:
		break;
	}
	return "active";
}

enum mm_err verify_lookup(struct req *r, struct str raw, bool with_history, struct str *id,
			  enum verify_outcome *outcome, struct verification *out)
{
	struct store *s;
	switch (verify_id_normalise(r->arena, raw, id)) {
	case DECLARATION_ID_MALFORMED:
		*outcome = VERIFY_MALFORMED;
		return MM_OK;
	case DECLARATION_ID_MISTYPED:
		*outcome = VERIFY_MISTYPED;
		return MM_OK;
	case DECLARATION_ID_VALID:
	case DECLARATION_ID_FOREIGN:
		break;
	}
	if (!(s = store_thread()))
		return MM_ERR_DB;
	enum mm_err e = store_verification_by_public_id(s, r->arena, *id, with_history, out);
	if (e == MM_ERR_NOT_FOUND) {
		*outcome = VERIFY_NOT_FOUND;
		return MM_OK;
	}
	*outcome = VERIFY_FOUND;
	return e;
}

static enum mm_err render_limited(struct req *r, struct res *res, const char *seconds)
{
	const char *names[] = {"seconds"};
	struct str values[] = {str_from(seconds)};
	struct val *ctx = val_obj(r->arena);
	char *text = seconds ? i18n_fill(r->arena, r->lang, "verify.limited.text", names, values, 1) : NULL;
	if (!ctx || !text || !val_set_cstr(r->arena, ctx, "text", text))
		return MM_ERR_NOMEM;
	return page_render(r, res, 429, "verify_limited", ctx, page_t(r, "verify.limited.title"), NULL);
}

bool verify_rate_ok(struct req *r, struct res *res, bool json)
{
	unsigned retry;
	if (ratelimit_take(r->ip, ratelimit_now_us(), 1, &retry))
		return true;
	char *seconds = arena_printf(r->arena, "%u", retry);
	res->headers.n = 0;
	if (json) {
		struct buf b;
		buf_init(&b, r->arena, 1024);
		struct str message = page_t(r, "verify.api.error.rate_limited");
		if (buf_append_cstr(&b, "{\"error\":{\"code\":\"rate_limited\",\"message\":") ||
		    json_append_escaped(&b, message) || buf_append_cstr(&b, "}}\n")) {
			page_error(r, res, 429);
		} else {
			res->status = 429;
			res->content_type = STR("application/json");
			res->body = buf_str(&b);
			res_header(r, res, "Access-Control-Allow-Origin", STR("*"));
		}
	} else if (render_limited(r, res, seconds)) {
		page_error(r, res, 429);
	}
	if (seconds)
		res_header(r, res, "Retry-After", str_from(seconds));
	return false;
}

/* If-None-Match: a list of entity tags, or "*". */
static bool etag_listed(struct str header, struct str tag)
{
	while (header.n) {
		long comma = str_index(header, ',');
		struct str item = str_trim(comma < 0 ? header : (struct str){header.p, (size_t)comma});
		if (str_starts_with(item, "W/"))
			item = (struct str){item.p + 2, item.n - 2};
		if (str_eq(item, tag) || str_eq_lit(item, "*"))
			return true;
		header = comma < 0 ? STR_NULL : (struct str){header.p + comma + 1, header.n - (size_t)comma - 1};
	}
	return false;
}

enum mm_err verify_cacheable(struct req *r, struct res *res, const char *cache_control)
{
	unsigned char hash[12];
	char hex[sizeof hash * 2 + 1];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)res->body.p, res->body.n, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	char *tag = arena_printf(r->arena, "\"%s\"", hex);
	enum mm_err e;
	if (!tag)
		return MM_ERR_NOMEM;
	if ((e = res_header(r, res, "ETag", str_from(tag))) ||
	    (e = res_header(r, res, "Cache-Control", str_from(cache_control))))
		return e;
	if (etag_listed(req_header(r, "If-None-Match"), str_from(tag))) {
		res->status = 304;
		res->body = STR("");
		res->compressible = false;
	}
	return MM_OK;
}

/* One optional query field; false when repeated. */
static bool optional_field(struct req *r, const char *name, struct str *out)
{
	enum mm_err e = kvlist_get_one(&r->query_fields, name, out);
	if (e == MM_ERR_NOT_FOUND || (e == MM_OK && str_trim(*out).n == 0))
		*out = STR("");
	else
		*out = str_trim(*out);
	return e != MM_ERR_DUPLICATE;
}

bool verify_declarant_query(struct req *r, struct declarant_query *q)
{
	struct str text, prefecture, industry, level, page;
	long n;
	*q = (struct declarant_query){.page = 1, .text = STR(""), .katakana = STR(""), .hiragana = STR(""),
				      .industry = STR("")};
	if (!optional_field(r, "q", &text) || !optional_field(r, "prefecture", &prefecture) ||
	    !optional_field(r, "industry", &industry) || !optional_field(r, "level", &level) ||
	    !optional_field(r, "page", &page))
		return false;
	if (text.n) {
		if (utf8_length(text) > DECLARANTS_QUERY_MAX || utf8_nfkc(r->arena, text, &q->text))
			return false;
		q->text = str_trim(q->text);
		if (q->text.n && verify_kana_forms(r->arena, q->text, &q->katakana, &q->hiragana))
			return false;
	}
	if (prefecture.n) {
		if (str_to_long(prefecture, 1, 47, &n))
			return false;
		q->prefecture = (int)n;
	}
	if (industry.n) {
		if (industry.n != 1 || industry.p[0] < 'A' || industry.p[0] > 'T')
			return false;
		q->industry = industry;
	}
	if (level.n) {
		if (str_to_long(level, 1, 2, &n))
			return false;
		q->level = (int)n;
	}
	if (page.n) {
		if (str_to_long(page, 1, DECLARANTS_MAX_PAGE, &n))
			return false;
		q->page = n;
	}
	return true;
}
