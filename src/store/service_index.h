/*
 * service_index.h — the search index of the service catalogue (migration
 * 0028): a row per live listing with what /services filters on and
 * orders by, and its tokens (core/search_text.h, folded with
 * core_search_fold_variants), so that a search of one character and up,
 * in kana or kanji, reads one token's rows.
 *
 * Kept by the store, never by a trigger, since the split is C's: the
 * catalogue calls store_service_index_refresh() wherever a version of a
 * listing becomes live, or a listing is hidden, expires or is withdrawn,
 * in the same transaction; store_service_index_rebuild() makes it afresh
 * from the catalogue (`mamori services reindex`, the end of `mamori
 * seed`). A listing's registration end (valid_until) is checked by every
 * search as well, so a listing leaves the results on its end date even
 * before the expiry job hides it.
 *
 * The search reads the token's rows of live listings that pass the
 * filters, at most SERVICE_FIND_MAX, orders them in C
 * (core/service_filter.h: relevance, then name) and hands back one page
 * of ids; without text it reads the page in name order from the index.
 */
#ifndef MM_STORE_SERVICE_INDEX_H
#define MM_STORE_SERVICE_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/service_filter.h"
#include "store/store.h"

#define SERVICE_FIND_MAX 10000 /* rows a text search orders at most */
#define SERVICE_REBUILD_CHUNK 500

/* What the index keeps of a live listing. Texts are as shown (the index
 * folds them); masks as in migration 0028. */
struct service_facts {
	int64_t listing_id;
	struct str name, provider, text; /* text: description and the other words searched */
	int kind;                        /* index in service_kinds */
	int64_t categories, prefectures;
	bool nationwide, onsite;
	int64_t price_min; /* yen with tax; -1: on request */
	int64_t contents;
	int64_t tags;
	int64_t valid_until; /* Unix seconds; 0: no end */
};

/* Writes (or rewrites) the index row and tokens of one live listing. */
MM_MUST_USE enum mm_err store_service_index_put(struct store *s, struct arena *a,
                                                const struct service_facts *f);
/* Removes a listing from the index (nothing when it is not there). */
MM_MUST_USE enum mm_err store_service_index_drop(struct store *s, int64_t listing_id);

/* A search: the filter, and its text folded (core_search_fold_variants;
 * empty for none). */
struct service_find {
	const struct service_filter *filter;
	struct str folded;
	int64_t now;
	int64_t offset, limit; /* the page's rows */
};
struct service_found {
	int64_t *ids; /* the page, in order */
	size_t n;
	int64_t total; /* every match (at most SERVICE_FIND_MAX with text) */
};
MM_MUST_USE enum mm_err store_services_find(struct store *s, struct arena *a,
                                            const struct service_find *q,
                                            struct service_found *out);

#endif
