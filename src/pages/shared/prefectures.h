/*
 * prefectures.h — a set of prefectures as the pages show it: a mask with
 * bit code - 1 set for each prefecture code (1 北海道 … 47 沖縄県), as
 * communities, listings of the service catalogue and the services store
 * it. Shown as the 47 boxes of a form, or as the names of the set, in
 * code order, for a line of text.
 */
#ifndef MM_PAGES_SHARED_PREFECTURES_H
#define MM_PAGES_SHARED_PREFECTURES_H

#include <stdint.h>

#include "web/req.h"

/* Sets ctx.prefecture_boxes: for each prefecture its field (pref_CODE),
 * its name and whether it is checked (in mask). */
MM_MUST_USE enum mm_err prefecture_boxes_set(struct req *r, struct val *ctx, uint64_t mask);
/* The names of the prefectures in mask, separated by sep; "" when the
 * arena is full. */
struct str prefectures_joined(struct req *r, uint64_t mask, struct str sep);

#endif
