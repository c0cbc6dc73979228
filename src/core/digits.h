/*
 * digits.h — the one reading of a number people type with separators in
 * it: a declaration ID, a corporate number, a postal code, a phone number
 * (and a supporter code, whose letters pass through the same way). Every
 * such field accepts exactly the same separators, so "9000-0000 019" and
 * "９０００ー００００－０１９" read alike wherever a number is asked for.
 *
 * The input is NFKC-normalised here (full-width digits, the full-width
 * hyphen －, the ideographic space and the half-width ｰ fold to their
 * plain forms); then these are separators:
 *   spaces   U+0020 (also what NFKC makes of U+3000 and U+00A0) and tab
 *   dashes   ASCII hyphen-minus '-', the hyphens and dashes U+2010…U+2015
 *            (‐ ‑ ‒ – — ―), the minus sign U+2212 (−), the hyphen bullet
 *            U+2043, the small em dash U+FE58, and the long-vowel mark
 *            U+30FC (ー), which a Japanese IME gives for "-".
 * Anything else that is not ASCII after NFKC makes the input invalid; what
 * ASCII remains (digits, and the brackets, '+' or letters some fields
 * allow) is the field's own rule to check.
 *
 * Pure: no I/O; the result is written into the arena handed in, never
 * anywhere else, and the input is never modified.
 */
#ifndef MM_CORE_DIGITS_H
#define MM_CORE_DIGITS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

/* Input longer than this (bytes, as typed) is refused before it is
 * normalised: no number field needs more, and NFKC is not run on a page of
 * text someone pasted. */
#define DIGITS_INPUT_MAX 200

enum digits_form {
	DIGITS_BARE,       /* separators dropped: "9000-0000 019" → "90000000019" */
	DIGITS_HYPHENATED, /* each dash written '-', each space ' ': "03ー1234　5678" →
	                      "03-1234 5678" (a phone number keeps its grouping) */
};

/* Reads in (as typed) into *out in the given form. MM_ERR_TOO_LONG past
 * DIGITS_INPUT_MAX; MM_ERR_INVALID when in is not valid UTF-8 or keeps a
 * character that is neither ASCII nor a separator after NFKC;
 * MM_ERR_NOMEM when the arena is full. *out is "" on any error. */
MM_MUST_USE enum mm_err core_digits_normalise(struct arena *a, struct str in, enum digits_form form,
                                              struct str *out);

/* True for a separator code point of the documented set (after NFKC). */
bool core_digits_is_dash(uint32_t cp);
bool core_digits_is_space(uint32_t cp);

#endif
