/*
 * assessment_text.h — the words and numbers the assessment pages show:
 * answer and band labels from the catalogue and signed numbers written
 * for people ("+5", "−3", "±0"); catalogue text with {names} filled in and
 * whole numbers are pages/shared/words.h's.
 *
 * Everything here only reads the catalogue and writes into the request's
 * arena; it never touches the store. When the arena is full a text
 * comes back empty rather than failing.
 */
#ifndef MM_PAGES_ASSESSMENT_TEXT_H
#define MM_PAGES_ASSESSMENT_TEXT_H

#include "core/assessment.h"
#include "pages/shared/words.h"
#include "web/req.h"

/* "assessment.answer.NAME" ("…none" for ANSWER_NONE). */
struct str assessment_answer_label(struct req *r, enum assessment_answer a);
/* "assessment.band.NAME.WHAT" (what: "title" or "text"). */
struct str assessment_band_text(struct req *r, enum assessment_band band, const char *what);
/* "+5", "−3" (U+2212), "±0". */
struct str assessment_signed(struct req *r, long v);

#endif
