/*
 * assessment_draft.h — the answers a taker (assessment_taker.h) has given
 * so far: finding their draft and opening one on their first save.
 * (core_assessment_answers_parse reads its answer names back.)
 *
 * Only assessment_draft_open() writes (a new draft, and for an anonymous
 * visitor a new cookie); finding a draft never creates one, so a page that
 * is only looked at stores nothing.
 */
#ifndef MM_PAGES_ASSESSMENT_DRAFT_H
#define MM_PAGES_ASSESSMENT_DRAFT_H

#include "core/assessment.h"
#include "pages/assessment/assessment_taker.h"

/* The taker's draft; *found false (and out zeroed, version the latest)
 * when there is none. */
MM_MUST_USE enum mm_err assessment_draft_find(struct req *r, struct store *s,
                                              const struct assessment_taker *t,
                                              struct check_draft *out, bool *found);
/* The taker's draft, created (with a new anonymous cookie when needed)
 * when there is none. */
MM_MUST_USE enum mm_err assessment_draft_open(struct req *r, struct res *res, struct store *s,
                                              struct assessment_taker *t, struct check_draft *out);

#endif
