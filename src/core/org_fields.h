/*
 * org_fields.h — the rules for what an organisation and a supporter type
 * in: corporate number, postal code, phone, e-mail, website, counts, kana,
 * prefecture, industry, supporter code. Pure: no I/O; normalised values are
 * written into the arena the caller hands in.
 *
 * Codes, numbers, e-mail and phone are NFKC-normalised first (DOMAIN.md §7),
 * so full-width digits, letters and hyphens are accepted; corporate number,
 * postal code, phone and supporter code accept the separators of
 * core/digits.h (spaces, the hyphen and the dashes people type for one:
 * ー, −, ‐, ―), the same set as a declaration ID. Names are never
 * normalised here: they are kept as typed.
 */
#ifndef MM_ORG_FIELDS_H
#define MM_ORG_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

/* Longest accepted input, in characters, per field. */
#define ORG_NAME_MAX_CHARS 100
#define ORG_KANA_MAX_CHARS 100
#define ORG_ADDRESS_MAX_CHARS 200
#define ORG_TITLE_MAX_CHARS 50
#define ORG_PERSON_MAX_CHARS 100
#define ORG_SUPPORT_NAME_MAX_CHARS 100 /* the support bundle's provider */
#define ORG_EMAIL_MAX_CHARS 254
#define ORG_PHONE_MAX_CHARS 30
#define ORG_URL_MAX_CHARS 500
#define ORG_NUMBER_MAX_CHARS 40 /* corporate number, postal code, counts as typed */
#define ORG_EMPLOYEES_MAX 10000000
#define ORG_CAPITAL_MAX 100000000000000000LL /* ¥10^17: larger is a typing error */
#define ORG_PHONE_MIN_DIGITS 10
#define ORG_PHONE_MAX_DIGITS 15
#define PREFECTURE_COUNT 47
#define SUPPORTER_CODE_CHARS 10 /* Crockford base32, shown as ABCDE-FGHJK */

enum org_check {
	ORG_CHECK_OK,
	ORG_CHECK_EMPTY,
	ORG_CHECK_INVALID,   /* not the right shape */
	ORG_CHECK_MISTYPED,  /* the right shape with a wrong check digit */
	ORG_CHECK_TOO_LARGE, /* a count over its maximum */
	ORG_CHECK_NOMEM,
};

/* 13 digits with a correct check digit; separators are dropped. */
enum org_check org_corporate_number_normalise(struct arena *a, struct str in, struct str *out);
/* 7 digits, with or without separators (and a leading 〒); out is "123-4567". */
enum org_check org_postal_code_normalise(struct arena *a, struct str in, struct str *out);
/* Digits with hyphens, spaces, brackets, an optional leading '+';
 * ORG_PHONE_MIN_DIGITS…ORG_PHONE_MAX_DIGITS digits. out: NFKC, dashes as
 * '-', spaces as ' '. */
enum org_check org_phone_normalise(struct arena *a, struct str in, struct str *out);
/* The tel: link of a number org_phone_normalise gave: "tel:" then its
 * leading '+' and digits ("03-1234-5678" → "tel:0312345678"); NULL when
 * the arena is full. */
const char *org_phone_tel(struct arena *a, struct str phone);
/* core_email_normalise (core/email.h), the one rule for addresses, with
 * its answer as an org_check. */
enum org_check org_email_normalise(struct arena *a, struct str in, struct str *out);
/* http:// or https://, a host of letters, digits, hyphens and dots (or
 * non-ASCII letters), an optional port, then no spaces or quotes. */
bool org_url_valid(struct str url);
/* A whole number (commas allowed) in 0…max. */
enum org_check org_count_parse(struct arena *a, struct str in, int64_t max, int64_t *out);
/* After NFKC (so half-width katakana count): katakana, hiragana, the
 * long-vowel mark, middle dots, spaces, and ASCII letters, digits and
 * & . , ' / - ( ) as company names in kana carry them. */
bool org_kana_valid(struct arena *a, struct str kana);
/* No control characters (a crafted form can put line breaks in a
 * one-line field; names end up in mail subjects and CSV cells). */
bool org_single_line(struct str s);
/* "1"…"47". */
bool org_prefecture_parse(struct str in, int *out);
/* "A"…"T". */
bool org_industry_parse(struct str in, char *out);
/* A supporter code as typed: NFKC, upper-cased, separators dropped, O read as 0 and I, L as 1; out
 * is SUPPORTER_CODE_CHARS long. */
enum org_check org_supporter_code_normalise(struct arena *a, struct str in, struct str *out);
/* The alphabet supporter codes are written in (32 characters). */
extern const char org_supporter_code_alphabet[33];

#endif
