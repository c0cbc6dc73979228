/*
 * declaration_id.h — the 11-digit declaration ID. IDs issued here start
 * with DECLARATION_ID_PREFIX and end in a Luhn check digit, so a mistyped
 * ID is caught at entry. IDs imported from elsewhere may lack the check
 * digit; they are still accepted for verification (the caller looks them
 * up as they are). Pure: no I/O; core_declaration_id_read allocates only in
 * the arena it is handed.
 */
#ifndef MM_DECLARATION_ID_H
#define MM_DECLARATION_ID_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

#define DECLARATION_ID_DIGITS 11
#define DECLARATION_ID_PREFIX '9' /* the first digit of every ID issued here */

/* The Luhn check digit for `digits` (n ASCII digits, the payload). */
int core_luhn_check_digit(const char *digits, size_t n);

/* The ID for sequence number seq (0 ≤ seq < 10^9): prefix, nine digits,
 * check digit. out receives 11 digits and a NUL. */
bool core_declaration_id_make(uint64_t seq, char out[DECLARATION_ID_DIGITS + 1]);

enum declaration_id_check {
	DECLARATION_ID_VALID,     /* ours, check digit right */
	DECLARATION_ID_MISTYPED,  /* ours (prefix), check digit wrong */
	DECLARATION_ID_FOREIGN,   /* 11 digits, not ours: look it up as given */
	DECLARATION_ID_MALFORMED, /* not 11 digits */
};

/* s must already be normalised (NFKC, spaces and hyphens removed). */
enum declaration_id_check core_declaration_id_check(struct str s);

/* An ID as people type it (full-width digits, spaces, hyphens and dashes:
 * core/digits.h), read and checked: "９０００ ００００-０１９" is VALID with
 * *out "90000000019". Unreadable input (invalid UTF-8, longer than
 * DIGITS_INPUT_MAX, a character that is no digit or separator) is
 * MALFORMED. *out is set in every case ("" when unreadable). */
enum declaration_id_check core_declaration_id_read(struct arena *a, struct str in, struct str *out);

#endif
