/*
 * admin_paging.h — the administrators' lists (users, organisations, the
 * audit log, the review queue): reading ?page= and search words within
 * their bounds, and the "pagination" links that keep the search. It only
 * reads the query string and writes the page's context; it must never
 * touch the store, so every list pages the same way whatever it shows.
 */
#ifndef MM_PAGES_ADMIN_PAGING_H
#define MM_PAGES_ADMIN_PAGING_H

#include "view/value.h"
#include "web/req.h"

#define ADMIN_PAGE_SIZE 50
#define ADMIN_PAGE_MAX 10000
#define ADMIN_QUERY_MAX_CHARS 254 /* search words */

/* ?page= as a number in 1..ADMIN_PAGE_MAX (1 when absent); false for
 * anything else. */
bool admin_page_number(struct req *r, int64_t *page);
/* A query parameter, trimmed ("" when absent); false when repeated or
 * longer than max_chars. */
bool admin_query_text(struct req *r, const char *name, size_t max_chars, struct str *out);
/* ?page= and ?q= of a searchable list, as the two above; false when either
 * is out of bounds (the list answers 400). */
bool admin_search_params(struct req *r, int64_t *page, struct str *q);

/* One query parameter that paging links must keep. */
struct admin_param {
	const char *name;
	struct str value;
};
/* path?NAME=VALUE&… with each param that is not empty, the values
 * percent-encoded (the page's own address, for a link that keeps its
 * search); NULL when it would not fit. */
char *admin_url(struct req *r, const char *path, const struct admin_param *params, size_t n_params);
/* Sets "pagination" in ctx: page, pages, total, has_prev/prev_url,
 * has_next/next_url (path with params and page=N). */
MM_MUST_USE enum mm_err admin_pagination(struct req *r, struct val *ctx, int64_t page,
                                         int64_t total, const char *path,
                                         const struct admin_param *params, size_t n_params);

#endif
