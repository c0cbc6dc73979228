/*
 * verify_view.h — one declaration as the verification page shows it, and
 * the words the page, the badge and the mark share.
 */
#ifndef MM_VERIFY_VIEW_H
#define MM_VERIFY_VIEW_H

#include "store/verification.h"
#include "view/value.h"
#include "web/req.h"

/* Sets has_result and result.* in ctx, and the answer for the declaration:
 * "mismatch" when number is given and is not the declaration's, else its
 * status. number: the normalised corporate number to compare, or NULL when
 * none was given. */
MM_MUST_USE enum mm_err verify_view_result(struct req *r, struct val *ctx,
                                           const struct verification *v, const struct str *number);

/* The answer, shown first and above everything else on the page:
 * has_answer and answer.{state, heading, text, note} in ctx, and a flag
 * answer.is_STATE for the template's icon. state is one of "valid",
 * "withdrawn", "revoked", "mismatch", "mistyped", "unknown", "empty"; each
 * has its own class (verify-answer-STATE), colour, icon and heading, and
 * only "valid" looks like a valid declaration. heading: a catalogue key,
 * NULL for "verify.answer.STATE". text and note may be NULL. */
MM_MUST_USE enum mm_err verify_view_answer(struct req *r, struct val *ctx, const char *state,
                                           const char *heading, const char *text, const char *note);

/* Catalogue text for "PREFIX.N" (levels, prefectures). */
struct str verify_view_numbered(struct req *r, const char *prefix, int n);

#endif
