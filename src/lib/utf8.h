/*
 * utf8.h — UTF-8 validation and NFKC normalisation (libutf8proc).
 * Codes, numbers, e-mail and phone are NFKC-normalised on input so that
 * full-width digits and hyphens are accepted; names are kept as typed.
 */
#ifndef MM_UTF8_H
#define MM_UTF8_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

/* Well-formed UTF-8 with no NUL, no overlong forms, no surrogates. */
bool utf8_valid(struct str s);
/* Number of code points (s must be valid). */
size_t utf8_length(struct str s);
/* The code point at s.p[*i] of valid UTF-8 s (utf8_valid, or the output
 * of utf8_nfkc); advances *i past it. */
uint32_t utf8_next(struct str s, size_t *i);
/* NFKC of s into the arena. MM_ERR_INVALID when s is not valid UTF-8. */
MM_MUST_USE enum mm_err utf8_nfkc(struct arena *a, struct str s, struct str *out);

#endif
