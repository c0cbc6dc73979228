/*
 * services_find.h — one search of the catalogue as /services and
 * /api/v1/services both run it: the query string read
 * (core/service_filter.h; malformed → the caller answers 400), the
 * visitor's organisation's prefecture put in when the query names none
 * (the page only), the text folded as the index is
 * (core_search_fold_variants), one page of ids read from the index
 * (store/service_index.h) and their rows as results show them, read from
 * the index in one statement.
 */
#ifndef MM_PAGES_SERVICES_FIND_H
#define MM_PAGES_SERVICES_FIND_H

#include "core/service_filter.h"
#include "web/render_cache.h"
#include "store/services.h"
#include "web/req.h"

#define SERVICES_RESULTS_PAGE 20 /* results a page */

struct services_result {
	struct service *items; /* as store_services_shown sets them */
	size_t n;
	int64_t total, page, pages;
	bool prefecture_defaulted; /* the prefecture is the visitor's organisation's */
};

/* Reads the query string into s; MM_ERR_INVALID when malformed. With
 * default_prefecture, a query that names no prefecture gets the signed-in
 * visitor's organisation's (res->prefecture_defaulted). */
MM_MUST_USE enum mm_err services_find_read(struct req *r, bool default_prefecture,
                                           struct service_search *s, bool *defaulted);
/* The key under which a page's body is cached for anonymous visitors:
 * prefix and a keyed hash of the language, today in Japan, the
 * catalogue's generation (store_catalogue_generation) and canonical (the
 * page's parsed input written out, so that equivalent queries share it).
 * *cacheable is false for a signed-in visitor (whose pages hold personal
 * parts and defaults) and without a store. */
MM_MUST_USE enum mm_err services_cache_key(struct req *r, const char *prefix, struct str canonical,
                                           char key[RENDER_CACHE_KEY_MAX], bool *cacheable);
/* Runs s (its page; past the last page, the last). */
MM_MUST_USE enum mm_err services_find_run(struct req *r, struct service_search *s,
                                          struct services_result *out);

#endif
