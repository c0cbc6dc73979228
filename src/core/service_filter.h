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
 * Names (kinds, categories, bundle contents, tags) are core/catalogue.h's,
 * part of URLs and of the API. Pure: no I/O, no text people read.
 */
#ifndef MM_CORE_SERVICE_FILTER_H
#define MM_CORE_SERVICE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/catalogue.h"
#include "lib/form.h"
#include "lib/str.h"

#define SERVICE_QUERY_MAX_CHARS 100 /* code points of a search text */
#define SERVICE_FILTER_TAGS_MAX 5   /* tags in one search */
#define SERVICE_PAGE_MAX 500
#define SERVICE_COMPARE_MAX 3 /* listings side by side */

struct service_search {
	struct str text;          /* NFKC-normalised, trimmed; "" for none */
	int kind;                 /* enum service_kind, -1: any */
	int category;             /* index in service_categories, -1: any */
	int prefecture;           /* 1…47, 0: any */
	bool prefecture_given;    /* the query named it (even as "any") */
	bool onsite;              /* only listings with on-site visits */
	int64_t price_max;        /* yen with tax, 0: no ceiling */
	int64_t contents;         /* bit i: service_contents[i], every one required */
	struct service_tags tags; /* every tag required */
	int64_t page;             /* 1-based */
};

/* Reads the query fields q, kind, category, prefecture, onsite, price,
 * contents (repeatable), tag (repeatable) and page into f; other fields
 * are ignored. MM_ERR_INVALID when one is malformed (see the top). */
MM_MUST_USE enum mm_err service_search_read(struct arena *a, const struct kvlist *query,
                                            struct service_search *f);
/* "/services?q=…&kind=…&" — path, then every filter set in f (the
 * prefecture written as "prefecture=" when it was cleared), ending where
 * "page=N" goes. */
MM_MUST_USE enum mm_err service_search_url(struct arena *a, const struct service_search *f,
                                           const char *path, struct str *out);
/* Whether any filter or text narrows the search (the prefecture counts
 * only when set). */
bool service_search_narrows(const struct service_search *f);
/* The number of tags f requires. */
int service_search_tag_count(const struct service_search *f);

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
