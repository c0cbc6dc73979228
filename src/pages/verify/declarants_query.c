/*
 * declarants_query.c — see declarants_query.h.
 */
#include "pages/verify/declarants_query.h"

#include <string.h>

#include "core/kana.h"
#include "lib/utf8.h"

/* How many bytes of s are in accept. */
static size_t strspn_str(struct str s, const char *accept)
{
	size_t i = 0;
	while (i < s.n && s.p[i] && strchr(accept, s.p[i]))
		i++;
	return i;
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

bool declarants_query_read(struct req *r, struct declarant_query *q)
{
	struct str text, prefecture, industry, level, page, after, ended;
	long n;
	*q = (struct declarant_query){.page = 1,
	                              .text = STR(""),
	                              .katakana = STR(""),
	                              .hiragana = STR(""),
	                              .industry = STR(""),
	                              .after = STR("")};
	if (!optional_field(r, "q", &text) || !optional_field(r, "prefecture", &prefecture) ||
	    !optional_field(r, "industry", &industry) || !optional_field(r, "level", &level) ||
	    !optional_field(r, "page", &page) || !optional_field(r, "after", &after) ||
	    !optional_field(r, "include_ended", &ended))
		return false;
	if (ended.n && !str_eq_lit(ended, "1") && !str_eq_lit(ended, "0"))
		return false;
	q->with_ended = str_eq_lit(ended, "1");
	if (text.n) {
		if (utf8_length(text) > DECLARANTS_QUERY_MAX || utf8_nfkc(r->arena, text, &q->text))
			return false;
		q->text = str_trim(q->text);
		if (q->text.n && core_kana_forms(r->arena, q->text, &q->katakana, &q->hiragana))
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
	if (after.n) {
		if (after.n > DECLARANTS_CURSOR_MAX ||
		    strspn_str(after,
		               "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") !=
		        after.n)
			return false;
		q->after = after;
	}
	/* Beside a cursor the number is only shown; without one it is the
	 * rows skipped, which stops at DECLARANTS_MAX_PAGE. */
	if (page.n) {
		if (str_to_long(page, 1, after.n ? DECLARANTS_MAX_PAGE_SHOWN : DECLARANTS_MAX_PAGE,
		                &n))
			return false;
		q->page = n;
	}
	return true;
}
