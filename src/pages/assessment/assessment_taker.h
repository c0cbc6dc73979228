/*
 * assessment_taker.h — the 25-item self-assessment as a questionnaire check
 * (pages/check/check_flow.h): its description, which its pages pass to the
 * shared flow (who is taking it, drafts, attach, submit, its results and
 * history).
 */
#ifndef MM_PAGES_ASSESSMENT_TAKER_H
#define MM_PAGES_ASSESSMENT_TAKER_H

#include "pages/check/check_flow.h"
#include "store/assessment.h"

extern const struct check ASSESSMENT_CHECK;

#endif
