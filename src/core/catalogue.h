/*
 * catalogue.h — the rules of the service catalogue's listings (DOMAIN.md
 * §6): the three kinds, a support bundle's five contents, the five
 * categories of the information-security service standard, price units,
 * the tags (the 25 items, the 5 rules, the 10 directives), the limits of
 * each field, a listing's validity by date, and the price shown with tax.
 * Pure: no I/O, no clock (today is handed in), no text people read.
 *
 * Names here are stored and appear in CSV files and URLs: never rename
 * one. A list is held as bits: bit i for names[i] (contents, categories,
 * languages), bit (n - 1) for item, rule or directive n, bit (code - 1)
 * for a prefecture.
 */
#ifndef MM_CORE_CATALOGUE_H
#define MM_CORE_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define SERVICE_NAME_MAX_CHARS 100
#define SERVICE_DESCRIPTION_MAX_CHARS 4000
#define SERVICE_DETAIL_MAX_CHARS 200   /* a bundle content's line of detail */
#define SERVICE_FUNCTION_MAX_CHARS 500 /* what an IT product does */
#define SERVICE_URL_MAX_BYTES 500
#define SERVICE_CONTACT_MAX_CHARS 200
#define SERVICE_REGISTRATION_MAX_CHARS 50
#define SERVICE_EXTERNAL_KEY_MAX_BYTES 64
#define SERVICE_REASON_MAX_CHARS 500
#define SERVICE_PRICE_MAX_YEN 100000000 /* ¥100M: above is a typing mistake */
#define SERVICE_TERM_MAX_MONTHS 120
#define SERVICE_TAX_PERCENT 10 /* consumption tax on services */
#define SERVICES_PAGE_SIZE 20

enum service_kind {
	SERVICE_SUPPORT_BUNDLE,
	SERVICE_STANDARD,
	SERVICE_IT_PRODUCT,
	SERVICE_KIND_COUNT
};
extern const char *const service_kinds[SERVICE_KIND_COUNT];

/* A support bundle's contents, in order (bit i). */
#define SERVICE_CONTENT_COUNT 5
extern const char *const service_contents[SERVICE_CONTENT_COUNT];
/* The categories of the service standard (bit i). */
#define SERVICE_CATEGORY_COUNT 5
extern const char *const service_categories[SERVICE_CATEGORY_COUNT];
/* What a price is for. */
#define SERVICE_UNIT_COUNT 5
extern const char *const service_units[SERVICE_UNIT_COUNT];

#define SERVICE_ITEM_COUNT 25
#define SERVICE_RULE_COUNT 5
#define SERVICE_DIRECTIVE_COUNT 10

/* The tags of a listing as three masks. */
struct service_tags {
	int64_t items, rules, directives;
};

/* The index of name in list[0..n), or -1. */
int service_name_index(const char *const list[], size_t n, struct str name);

/* One tag, "item-12", "rule-3" or "directive-7" (no leading zero), added
 * to *t; false when it is none. */
bool service_tag_add(struct service_tags *t, struct str tag);
/* A list of tags separated by spaces, commas or semicolons into *t
 * (emptied first); false at the first that is none, with *bad set to it. */
bool service_tags_parse(struct str list, struct service_tags *t, struct str *bad);
/* The tags of t as "item-1 item-12 rule-3", into buf of n bytes; false
 * when it does not fit. */
bool service_tags_format(const struct service_tags *t, char *buf, size_t n);
/* Tag i of the 40 (items, then rules, then directives) as text into
 * buf[16]; false past the end or when t lacks it. For walking a
 * listing's tags: for (i = 0; i < SERVICE_TAG_COUNT; i++). */
#define SERVICE_TAG_COUNT (SERVICE_ITEM_COUNT + SERVICE_RULE_COUNT + SERVICE_DIRECTIVE_COUNT)
bool service_tag_name(const struct service_tags *t, int i, char buf[16]);

/* An ISO date "YYYY-MM-DD" that exists (2026-02-30 does not). */
bool service_date_ok(struct str date);
/* Whether a listing whose registration runs valid_from..valid_until
 * (ISO dates, "" when open) is shown on today: from its first day through
 * its last; hidden from the day after valid_until. */
bool service_valid_on(struct str valid_from, struct str valid_until, struct str today);
/* Whether valid_until (not "") falls within the next days days of today
 * (today itself included): the time to tell the provider. */
bool service_expires_within(struct str valid_until, struct str today, int days);
/* The ISO date days after date into out[11]; false for a bad date. */
bool service_date_add(struct str date, int days, char out[11]);

/* A price with consumption tax, rounded down to the yen. */
int64_t service_price_with_tax(int64_t yen);
/* "12,345" into buf of n bytes (the yen sign and words are the view's);
 * false when it does not fit or yen is negative. */
bool service_yen_format(int64_t yen, char *buf, size_t n);

/* A whole number of yen or months typed by a person (NFKC'd digits, an
 * optional ¥ and commas as thousands separators) into *out, at most max;
 * "" is 0. false for anything else. */
bool service_amount_parse(struct str s, int64_t max, int64_t *out);

/* Prefectures as written in a CSV file or a form: "all" (nationwide) or
 * codes 1…47 separated by spaces, commas or semicolons (a leading zero
 * allowed, "01"). */
bool service_prefectures_parse(struct str s, int64_t *mask, bool *nationwide);

/* Text of one line (name, detail, contact): no control characters. */
bool service_line_ok(struct str s);
/* Text of several lines (description): no control characters but line
 * breaks and tabs. */
bool service_text_ok(struct str s);

#endif
