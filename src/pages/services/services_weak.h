/*
 * services_weak.h — "services for your weak items", the section of a
 * self-assessment result (its firm's own view and its supporters') that
 * turns each item not done into what helps with it: for each, the first
 * three live listings tagged with the item that serve the firm's
 * prefecture (nationwide ones included), a link to compare them, and a
 * link to all of them (/services?tag=item-N&prefecture=P). Each
 * listing's link carries that search, so that its page compares it with
 * the others of the item (pages/services/services_listing.c): a firm
 * goes from "item 12: not done" to three services side by side in two
 * clicks. A management self-check result does the same for its
 * directives with the largest gaps (tags directive-N).
 *
 * Never inside the cached body of the result (listings change): the
 * section is kept apart in the render cache under the language, the day
 * in Japan, the catalogue's generation (store_catalogue_generation, which
 * every change the public can see bumps), the prefecture and the weak
 * numbers — the same for every viewer, so a result page reads one
 * number instead of a search per weak item.
 */
#ifndef MM_PAGES_SERVICES_WEAK_H
#define MM_PAGES_SERVICES_WEAK_H

#include "core/assessment.h"
#include "web/req.h"

#define SERVICES_WEAK_PER_ITEM 3

/* The section's HTML for the items not done of answers, in the order of
 * their advice (core_assessment_advice_order), in prefecture (0: every
 * prefecture); "" when every item is done. */
MM_MUST_USE enum mm_err
services_weak_items_html(struct req *r, const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                         int prefecture, struct str *html);

/* The same for the weak directives of a management self-check result
 * (directives 1…10, in the order given: the result's largest gaps). */
MM_MUST_USE enum mm_err services_weak_directives_html(struct req *r, const int *directives,
                                                      size_t n, int prefecture, struct str *html);

#endif
