/*
 * kana.h — the two kana forms of a search text, so that a declarant
 * registered as "サクラ精密" is found by "さくら" and the other way round:
 * hiragana U+3041…U+3096 and katakana U+30A1…U+30F6 are the same sounds
 * 0x60 code points apart. Everything else (kanji, the long-vowel mark,
 * Latin letters) is left as it is.
 *
 * Pure: no I/O; results are written into the arena handed in. The text
 * must already be NFKC-normalised (half-width katakana folded) and valid
 * UTF-8; this never normalises or validates it.
 */
#ifndef MM_CORE_KANA_H
#define MM_CORE_KANA_H

#include "lib/str.h"

/* text with every hiragana as katakana (*katakana) and every katakana as
 * hiragana (*hiragana); both the same length as text. */
MM_MUST_USE enum mm_err core_kana_forms(struct arena *a, struct str text, struct str *katakana,
                                        struct str *hiragana);

#endif
