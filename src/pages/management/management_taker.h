/*
 * management_taker.h — the management self-check as a questionnaire check
 * (pages/check/check_flow.h): its description, which its pages pass to the
 * shared flow (who is taking it, drafts, attach, submit, its results and
 * history).
 */
#ifndef MM_PAGES_MANAGEMENT_TAKER_H
#define MM_PAGES_MANAGEMENT_TAKER_H

#include "pages/check/check_flow.h"
#include "store/management.h"

extern const struct check MANAGEMENT_CHECK;

#endif
