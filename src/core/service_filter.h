/*
 * service_filter.h — the search of the service catalogue as /services and
 * /api/v1/services read it from a query string: the text, the filters,
 * the page; the tags that link a listing to the 25 assessment items, the
 * five basic rules and the ten management directives; the address a
 * filter is written back into; and the order of the results (relevance,
 * then name).
 *
 * Every field is optional and limited. A field that is malformed, given
 * twice where it may be given once, or over its limit refuses the whole
 * query (the caller answers 400), so a search never silently drops a
 * filter. "prefecture" absent means "not chosen" (a page may put the
 * visitor's organisation's in); present and empty means "every
 * prefecture", so the default can always be cleared.
 *
 * Names (kinds, categories, bundle contents, tags) are part of URLs and
 * of the API: never rename one. Pure: no I/O, no text people read.
 */
#ifndef MM_CORE_SERVICE_FILTER_H
#define MM_CORE_SERVICE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/form.h"
#include "lib/str.h"

#define SERVICE_QUERY_MAX_CHARS 100 /* code points of a search text */
#define SERVICE_PRICE_MAX 100000000 /* yen: the highest price ceiling */
#define SERVICE_FILTER_TAGS_MAX 5   /* tags in one search */
#define SERVICE_PAGE_SIZE 20
#define SERVICE_PAGE_MAX 500
#define SERVICE_COMPARE_MAX 3 /* listings side by side */

#define SERVICE_KIND_COUNT 3
extern const char *const service_kinds[SERVICE_KIND_COUNT];
#define SERVICE_CATEGORY_COUNT 5
extern const char *const service_categories[SERVICE_CATEGORY_COUNT];
#define SERVICE_CONTENT_COUNT 5
extern const char *const service_contents[SERVICE_CONTENT_COUNT];

/* Tags: bit i of a mask. Items 1…25 are bits 0…24, rules 1…5 bits
 * 25…29, directives 1…10 bits 30…39; written "item-12", "rule-3",
 * "directive-7". */
enum service_tag_group { SERVICE_TAG_ITEM, SERVICE_TAG_RULE, SERVICE_TAG_DIRECTIVE };
#define SERVICE_TAG_ITEMS 25
#define SERVICE_TAG_RULES 5
#define SERVICE_TAG_DIRECTIVES 10
#define SERVICE_TAG_COUNT (SERVICE_TAG_ITEMS + SERVICE_TAG_RULES + SERVICE_TAG_DIRECTIVES)
#define SERVICE_TAG_NAME_MAX 16 /* bytes of "directive-10" and its NUL, rounded up */

/* The bit of tag number n (1-based) of group; -1 when n is outside it. */
int service_tag_bit(enum service_tag_group group, int n);
/* The bit a tag name names; -1 when it names none. */
int service_tag_parse(struct str name);
/* The name of bit (0…SERVICE_TAG_COUNT-1) into out; false outside. */
bool service_tag_name(int bit, char out[SERVICE_TAG_NAME_MAX]);
/* The group and 1-based number of bit; false outside. */
bool service_tag_split(int bit, enum service_tag_group *group, int *n);

/* The index of name in list[0..n), or -1. */
int service_name_index(const char *const list[], size_t n, struct str name);

struct service_filter {
	struct str text;       /* NFKC-normalised, trimmed; "" for none */
	int kind;              /* index in service_kinds, -1: any */
	int category;          /* index in service_categories, -1: any */
	int prefecture;        /* 1…47, 0: any */
	bool prefecture_given; /* the query named it (even as "any") */
	bool onsite;           /* only listings with on-site visits */
	int64_t price_max;     /* yen, 0: no ceiling */
	unsigned contents;     /* bit i: service_contents[i] required */
	uint64_t tags;         /* every tag bit required */
	int64_t page;          /* 1-based */
};

/* Reads the query fields q, kind, category, prefecture, onsite, price,
 * contents (repeatable), tag (repeatable) and page into f; other fields
 * are ignored. MM_ERR_INVALID when one is malformed (see the top). */
MM_MUST_USE enum mm_err service_filter_read(struct arena *a, const struct kvlist *query,
                                            struct service_filter *f);
/* "/services?q=…&kind=…&" — path, then every filter set in f (the
 * prefecture written as "prefecture=" when it was cleared), ending where
 * "page=N" goes. */
MM_MUST_USE enum mm_err service_filter_url(struct arena *a, const struct service_filter *f,
                                           const char *path, struct str *out);
/* Whether any filter or text narrows the search (the prefecture counts
 * only when set). */
bool service_filter_narrows(const struct service_filter *f);

/* Relevance of a listing to a folded query (core/search_text.h), from the
 * folded name and provider name: 0 the name is the query, 1 it starts
 * with it, 2 contains it, 3 the provider's name contains it, 4 elsewhere
 * (the description, the contents). Lower is better; with no query every
 * listing is 0. */
int service_relevance(struct str folded_query, struct str folded_name, struct str folded_provider);

/* One result as ordered: relevance, then name (bytewise), then id. */
struct service_rank {
	int relevance;
	struct str name;
	int64_t id;
};
/* Sorts ranks into result order. */
void service_rank_sort(struct service_rank *ranks, size_t n);

/* Reads "ids" of /services/compare: comma-separated ids, or the field
 * repeated (a form's check boxes), 1…SERVICE_COMPARE_MAX distinct record
 * ids (1…10^18, no leading zero) in the order given. MM_ERR_INVALID
 * otherwise (none, too many, malformed, repeated). */
MM_MUST_USE enum mm_err service_compare_ids(const struct kvlist *query,
                                            int64_t ids[SERVICE_COMPARE_MAX], size_t *n);

#endif
