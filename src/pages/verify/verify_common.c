/*
 * verify_common.c — see verify_common.h.
 */
#include "pages/verify/verify_common.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/corporate_number.h"
#include "lib/civil.h"
#include "lib/json.h"
#include "lib/utf8.h"
#include "view/i18n.h"
#include "web/page.h"
#include "web/ratelimit.h"
#include "web/verify_cache.h"

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
	/* ASCII is its own NFKC form: the usual case (an ID typed or scanned
	 * as digits) needs no normalisation. */
	bool ascii = true;
	for (size_t i = 0; i < in.n && ascii; i++)
		ascii = (unsigned char)in.p[i] < 0x80;
	enum mm_err e = ascii ? MM_OK : utf8_nfkc(a, in, &norm);
	if (e)
		return e;
	if (ascii)
		norm = in;
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
		unsigned from_lo = to_katakana ? 0x3041 : 0x30a1,
		         from_hi = to_katakana ? 0x3096 : 0x30f6;
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

enum mm_err verify_kana_forms(struct arena *a, struct str text, struct str *katakana,
                              struct str *hiragana)
{
	enum mm_err e = shift_kana(a, text, true, katakana);
	return e ? e : shift_kana(a, text, false, hiragana);
}

/* Two decimal digits of v (0–99) at p. */
static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

const char *verify_date(struct arena *a, int64_t unix_s)
{
	/* without printf: every answer writes several dates */
	struct civil c = civil_utc(unix_s + VERIFY_TZ_OFFSET_S);
	char *out = arena_alloc(a, sizeof "YYYY-MM-DD");
	if (!out)
		return "";
	if (c.year < 0 || c.year > 9999) {
		out[0] = '\0';
		return out;
	}
	put2(out, c.year / 100);
	put2(out + 2, c.year % 100);
	out[4] = '-';
	put2(out + 5, c.month);
	out[7] = '-';
	put2(out + 8, c.day);
	out[10] = '\0';
	return out;
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

/* A record kept by verify_cache: the numbers, then each string with its
 * length before it and a NUL after it, then the events the same way. */
static enum mm_err pack_str(struct buf *b, struct str s)
{
	uint32_t n = (uint32_t)s.n;
	enum mm_err e = buf_append(b, (const char *)&n, sizeof n);
	if (!e && s.n)
		e = buf_append(b, s.p, s.n);
	return e ? e : buf_append_char(b, '\0');
}

static enum mm_err pack_i64(struct buf *b, int64_t v)
{
	return buf_append(b, (const char *)&v, sizeof v);
}

static enum mm_err pack_record(struct arena *a, const struct verification *v, struct str *out)
{
	struct buf b;
	buf_init(&b, a, VERIFY_RECORD_MAX);
	enum mm_err e = MM_OK;
	const struct str strs[] = {v->public_id,        v->name,      v->name_kana, v->industry,
	                           v->corporate_number, v->policy_url};
	const int64_t nums[] = {v->prefecture,        v->level,      v->status,
	                        v->declared_at,       v->changed_at, v->ended_at,
	                        (int64_t)v->history_n};
	for (size_t i = 0; !e && i < sizeof nums / sizeof nums[0]; i++)
		e = pack_i64(&b, nums[i]);
	for (size_t i = 0; !e && i < sizeof strs / sizeof strs[0]; i++)
		e = pack_str(&b, strs[i]);
	for (size_t i = 0; !e && i < v->history_n; i++) {
		const struct verification_event *ev = &v->history[i];
		if (!(e = pack_i64(&b, ev->at)) && !(e = pack_str(&b, ev->kind)) &&
		    !(e = pack_str(&b, ev->from)) && !(e = pack_str(&b, ev->to)))
			e = pack_str(&b, ev->reason);
	}
	*out = buf_str(&b);
	return e;
}

struct unpacker {
	struct str in;
	size_t at;
	bool bad;
};

static int64_t unpack_i64(struct unpacker *u)
{
	int64_t v = 0;
	if (u->bad || u->in.n - u->at < sizeof v) {
		u->bad = true;
		return 0;
	}
	memcpy(&v, u->in.p + u->at, sizeof v);
	u->at += sizeof v;
	return v;
}

static struct str unpack_str(struct unpacker *u)
{
	uint32_t n = 0;
	if (u->bad || u->in.n - u->at < sizeof n) {
		u->bad = true;
		return STR("");
	}
	memcpy(&n, u->in.p + u->at, sizeof n);
	u->at += sizeof n;
	if (u->in.n - u->at < (size_t)n + 1) {
		u->bad = true;
		return STR("");
	}
	struct str s = {u->in.p + u->at, n};
	u->at += (size_t)n + 1;
	return s;
}

/* The strings of out point into in (which the caller's arena holds). */
static bool unpack_record(struct arena *a, struct str in, struct verification *v)
{
	struct unpacker u = {in, 0, false};
	*v = (struct verification){0};
	v->prefecture = (int)unpack_i64(&u);
	v->level = (int)unpack_i64(&u);
	v->status = (enum verification_status)unpack_i64(&u);
	v->declared_at = unpack_i64(&u);
	v->changed_at = unpack_i64(&u);
	v->ended_at = unpack_i64(&u);
	int64_t history_n = unpack_i64(&u);
	v->public_id = unpack_str(&u);
	v->name = unpack_str(&u);
	v->name_kana = unpack_str(&u);
	v->industry = unpack_str(&u);
	v->corporate_number = unpack_str(&u);
	v->policy_url = unpack_str(&u);
	if (u.bad || history_n < 0 || history_n > VERIFICATION_HISTORY_MAX)
		return false;
	v->history = arena_alloc(a, sizeof *v->history * (size_t)(history_n ? history_n : 1));
	if (!v->history)
		return false;
	for (int64_t i = 0; i < history_n; i++) {
		struct verification_event *ev = &v->history[i];
		ev->at = unpack_i64(&u);
		ev->kind = unpack_str(&u);
		ev->from = unpack_str(&u);
		ev->to = unpack_str(&u);
		ev->reason = unpack_str(&u);
	}
	v->history_n = (size_t)history_n;
	return !u.bad && u.at == in.n;
}

/* The declaration with this (normalised) ID, with its history: from the
 * verification cache when it holds it, else from the store (and then
 * kept). */
static enum mm_err find(struct req *r, struct store *s, struct str id, struct verification *out)
{
	struct str packed;
	verify_cache_sync(s, r->arena);
	if (verify_cache_get(r->arena, VERIFY_CACHE_RECORD, id, &packed) &&
	    unpack_record(r->arena, packed, out))
		return MM_OK;
	enum mm_err e = store_verification_by_public_id(s, r->arena, id, true, out);
	if (!e && !pack_record(r->arena, out, &packed))
		verify_cache_put(VERIFY_CACHE_RECORD, id, out->change_seq, packed);
	return e;
}

enum verify_outcome verify_id_outcome(struct arena *a, struct str raw, struct str *id)
{
	switch (verify_id_normalise(a, raw, id)) {
	case DECLARATION_ID_MALFORMED:
		return VERIFY_MALFORMED;
	case DECLARATION_ID_MISTYPED:
		return VERIFY_MISTYPED;
	case DECLARATION_ID_VALID:
	case DECLARATION_ID_FOREIGN:
		break;
	}
	return VERIFY_FOUND;
}

enum mm_err verify_find(struct req *r, struct str id, bool with_history,
                        enum verify_outcome *outcome, struct verification *out)
{
	struct store *s = store_thread();
	if (!s)
		return MM_ERR_DB;
	enum mm_err e = find(r, s, id, out);
	if (e == MM_ERR_NOT_FOUND) {
		*outcome = VERIFY_NOT_FOUND;
		return MM_OK;
	}
	*outcome = VERIFY_FOUND;
	if (!with_history)
		out->history_n = 0;
	return e;
}

enum mm_err verify_lookup(struct req *r, struct str raw, bool with_history, struct str *id,
                          enum verify_outcome *outcome, struct verification *out)
{
	*outcome = verify_id_outcome(r->arena, raw, id);
	return *outcome == VERIFY_FOUND ? verify_find(r, *id, with_history, outcome, out) : MM_OK;
}

static enum mm_err render_limited(struct req *r, struct res *res, const char *seconds)
{
	const char *names[] = {"seconds"};
	struct str values[] = {str_from(seconds)};
	struct val *ctx = val_obj(r->arena);
	char *text =
	    seconds ? i18n_fill(r->arena, r->lang, "verify.limited.text", names, values, 1) : NULL;
	if (!ctx || !text || !val_set_cstr(r->arena, ctx, "text", text))
		return MM_ERR_NOMEM;
	return page_render(r, res, 429, "verify_limited", ctx, page_t(r, "verify.limited.title"),
	                   NULL);
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
		struct str item =
		    str_trim(comma < 0 ? header : (struct str){header.p, (size_t)comma});
		if (str_starts_with(item, "W/"))
			item = (struct str){item.p + 2, item.n - 2};
		if (str_eq(item, tag) || str_eq_lit(item, "*"))
			return true;
		header = comma < 0
		             ? STR_NULL
		             : (struct str){header.p + comma + 1, header.n - (size_t)comma - 1};
	}
	return false;
}

void verify_etag(struct str body, char out[VERIFY_ETAG_LEN + 1])
{
	unsigned char hash[12];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)body.p, body.n, NULL, 0);
	out[0] = '"';
	sodium_bin2hex(out + 1, sizeof hash * 2 + 1, hash, sizeof hash);
	out[VERIFY_ETAG_LEN - 1] = '"';
	out[VERIFY_ETAG_LEN] = '\0';
}

enum mm_err verify_cacheable_tag(struct req *r, struct res *res, struct str tag,
                                 const char *cache_control)
{
	enum mm_err e;
	if ((e = res_header(r, res, "ETag", tag)) ||
	    (e = res_header(r, res, "Cache-Control", str_from(cache_control))))
		return e;
	if (etag_listed(req_header(r, "If-None-Match"), tag)) {
		res->status = 304;
		res->body = STR("");
		res->compressible = false;
	}
	return MM_OK;
}

enum mm_err verify_cacheable(struct req *r, struct res *res, const char *cache_control)
{
	char tag[VERIFY_ETAG_LEN + 1];
	verify_etag(res->body, tag);
	char *copy = arena_strdup(r->arena, tag);
	return copy ? verify_cacheable_tag(r, res, str_from(copy), cache_control) : MM_ERR_NOMEM;
}

bool verify_cached(struct req *r, enum verify_cache_kind kind, struct str id, struct str *value)
{
	struct store *s = store_thread();
	if (!s)
		return false;
	verify_cache_sync(s, r->arena);
	return verify_cache_get(r->arena, kind, id, value);
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
	*q = (struct declarant_query){.page = 1,
	                              .text = STR(""),
	                              .katakana = STR(""),
	                              .hiragana = STR(""),
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
