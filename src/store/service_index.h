/*
 * service_index.h — the search index of the service catalogue (migration
 * 0028): a row per live listing with what /services filters on and
 * orders by, and its tokens (core/search_text.h, folded with
 * core_search_fold_variants), so that a search of one character and up,
 * in kana or kanji, reads one token's rows.
 *
 * Kept by the store, never by a trigger, since the split is C's: the
 * catalogue's store_service_make_live() (the one place where a version
 * becomes live: review and import) calls store_service_index_live() in
 * its transaction; a deleted listing leaves it by ON DELETE CASCADE;
 * store_service_index_rebuild() makes it afresh (`mamori services
 * reindex`). A listing's registration dates are
 * checked by every search against today, as the catalogue's public reads
 * do, so a listing stops being found the day after its registration ends
 * without any job running.
 *
 * The search reads the token's rows of live listings that pass the
 * filters, at most SERVICE_FIND_MAX, orders them in C
 * (core/service_filter.h: relevance, then name) and hands back one page
 * of ids; without text it reads the page in name order, along the
 * catalogue's rows of its first tag (service_tag) or of its prefecture
 * (service_region) when it has one, so that a filtered list reads the
 * listings of its filter only.
 */
#ifndef MM_STORE_SERVICE_INDEX_H
#define MM_STORE_SERVICE_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/service_filter.h"
#include "store/services.h"

#define SERVICE_FIND_MAX 10000 /* rows a text search orders at most */

/* Writes (or rewrites) the index of listing v->id from v, its live
 * version. */
MM_MUST_USE enum mm_err store_service_index_live(struct store *s, const struct service *v);
/* Removes a listing from the index (nothing when it is not there). */
MM_MUST_USE enum mm_err store_service_index_drop(struct store *s, int64_t listing_id);
/* Empties the index and writes every listing with a live version again,
 * in one transaction; *listings gets their number. */
MM_MUST_USE enum mm_err store_service_index_rebuild(struct store *s, int64_t *listings);
/* The tag mask of the index: items in bits 0…24, rules 25…29,
 * directives 30…39. */
int64_t service_index_tag_mask(const struct service_tags *t);

/* A search: the filter, and its text folded (core_search_fold_variants;
 * empty for none). */
struct service_find {
	const struct service_search *filter;
	struct str folded;
	struct str today;      /* ISO date in Japan */
	int64_t offset, limit; /* the page's rows */
	bool no_count;         /* total not wanted (without text: not counted) */
};
struct service_found {
	int64_t *ids; /* the page, in order */
	size_t n;
	int64_t total; /* every match (at most SERVICE_FIND_MAX with text) */
};
MM_MUST_USE enum mm_err store_services_find(struct store *s, struct arena *a,
                                            const struct service_find *q,
                                            struct service_found *out);

/* The listings ids[0..n) as a result row shows them, read from the index
 * alone in one statement (name, provider, kind, price and its unit,
 * region, on-site, contents, categories, tags, dates, what a product
 * does; nothing else of struct service is set), in the order of ids, a
 * listing no longer indexed left out: *found of them into out (room for
 * n). */
MM_MUST_USE enum mm_err store_services_shown(struct store *s, struct arena *a, const int64_t *ids,
                                             size_t n, struct service *out, size_t *found);

#endif
