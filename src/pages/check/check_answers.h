/*
 * check_answers.h — what the taker of a questionnaire check sends (see
 * check_flow.h for the flow as a whole): a part page's answers, checked
 * field by field and saved (a bad post stores nothing); the
 * check-your-answers page; and the idempotent submit, whose result, place
 * in the benchmarks, draft removal and audit line are one transaction.
 */
#ifndef MM_PAGES_CHECK_ANSWERS_H
#define MM_PAGES_CHECK_ANSWERS_H

#include "pages/check/check_flow.h"

/* POST BASE/part/{n}: saves the part's answers (opening the draft on a
 * first save), then goes on, back, to the start page, or submits. */
MM_MUST_USE enum mm_err check_part_post(struct req *r, struct res *res, const struct check *c);
/* GET BASE/check. */
MM_MUST_USE enum mm_err check_page_check(struct req *r, struct res *res, const struct check *c);
/* POST BASE/submit. */
MM_MUST_USE enum mm_err check_submit_post(struct req *r, struct res *res, const struct check *c);

#endif
