/*
 * kana.c — see kana.h. Works on the UTF-8 bytes in place of a copy: both
 * ranges are three-byte sequences starting with 0xE3, and a shift by 0x60
 * keeps the length.
 */
#include "core/kana.h"

static enum mm_err shift_kana(struct arena *a, struct str text, bool to_katakana, struct str *out)
{
	char *p = arena_strndup(a, text.p, text.n);
	if (!p)
		return MM_ERR_NOMEM;
	unsigned from_lo = to_katakana ? 0x3041 : 0x30a1, from_hi = to_katakana ? 0x3096 : 0x30f6;
	for (size_t i = 0; i + 3 <= text.n; i++) {
		unsigned char *u = (unsigned char *)p + i;
		if (u[0] != 0xe3)
			continue;
		unsigned cp = ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
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

enum mm_err core_kana_forms(struct arena *a, struct str text, struct str *katakana,
                            struct str *hiragana)
{
	enum mm_err e = shift_kana(a, text, true, katakana);
	return e ? e : shift_kana(a, text, false, hiragana);
}
