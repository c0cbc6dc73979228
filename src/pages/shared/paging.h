/*
 * paging.h — long lists shown a page at a time by ?page=N (1-based): the
 * page asked for, the window of rows the store reads for it, moving a
 * page past the end to the last one, and the ctx.pagination block the
 * list templates read. Used by every list longer than a page: the audit
 * log, supporters, consultations, services, experts, news, events and
 * their attendees, the admin lists.
 *
 * ?page comes from anyone: anything but a number in 1…PAGING_PAGE_MAX is
 * page 1. This file never reads the store; the caller reads the window.
 */
#ifndef MM_PAGES_SHARED_PAGING_H
#define MM_PAGES_SHARED_PAGING_H

#include "store/org.h"
#include "view/value.h"
#include "web/req.h"

#define PAGING_PAGE_MAX 1000000

struct paging {
	int64_t page, pages, total, size;
};

/* size rows a page, at the page ?page= asks for (total not known yet). */
struct paging paging_requested(struct req *r, int64_t size);
/* The rows of the current page. */
struct org_page paging_window(const struct paging *p);
/* Counts the pages once p->total is known (at least one, for the empty
 * list). True when the page asked for was past the end and is now the
 * last one: the caller reads that window again. */
bool paging_clamp(struct paging *p);
/* ctx.pagination {show, label, has_prev, prev_url, has_next, next_url};
 * url_prefix ends where "page=N" goes ("/x?sort=name&"). */
MM_MUST_USE enum mm_err paging_set(struct req *r, struct val *ctx, const struct paging *p,
                                   const char *url_prefix);

#endif
