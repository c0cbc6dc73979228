/*
 * management_text.h — the words and numbers the management pages show:
 * scores in hundredths written as levels ("2.25"), an answer's label, and
 * the title of a directive ("1. Cyber risk as a management risk");
 * catalogue text with {names} filled in and whole numbers are
 * pages/shared/words.h's.
 *
 * Everything here only reads the catalogue and the content and writes into
 * the request's arena; when the arena is full a text comes back empty.
 */
#ifndef MM_PAGES_MANAGEMENT_TEXT_H
#define MM_PAGES_MANAGEMENT_TEXT_H

#include "pages/shared/words.h"
#include "view/management_content.h"
#include "web/req.h"

/* "2.25" */
struct str management_score_text(struct req *r, int score);
/* "management.answer.dont_know", or "Level 3" for a level; "" for none. */
struct str management_answer_label(struct req *r, enum management_answer a);
/* "Directive 3: Budget and people for security" in the request's language. */
struct str management_directive_heading(struct req *r, const struct management_content *c,
                                        int directive);

#endif
