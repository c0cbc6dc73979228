/*
 * assessment_taker.h — the 25-item self-assessment as a questionnaire check
 * (pages/check/check_flow.h): its description, which its pages pass to the
 * shared flow (who is taking it, drafts, attach, submit), and the one call
 * its result page makes on the anonymous visitor's cookie.
 */
#ifndef MM_PAGES_ASSESSMENT_TAKER_H
#define MM_PAGES_ASSESSMENT_TAKER_H

#include "pages/check/check_flow.h"
#include "store/assessment.h"

extern const struct check ASSESSMENT_CHECK;

/* True when the request's cookie holds the token whose hash is hash. */
bool assessment_cookie_matches(struct req *r, const unsigned char hash[TOKEN_HASH_BYTES]);

#endif
