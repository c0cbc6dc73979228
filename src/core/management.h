/*
 * management.h — the rules of the management self-check (DOMAIN.md §5):
 * questions grouped under the ten directives of the cybersecurity
 * management guidelines, each answered with a maturity level 0–5 or
 * "don't know". Pure: no I/O, no clock, no allocation; the caller hands in
 * every array. The questions and which directive each belongs to are
 * content (view/management_content.h): a version's layout is handed in as
 * struct management_layout, so a later version with other questions scores
 * by its own layout and never changes a result kept from an older one
 * (whose scores are stored with it).
 *
 * Answers travel as an array answers[MANAGEMENT_QUESTIONS_MAX] in which
 * answers[i] is the answer to question i + 1. A zeroed array is a check
 * with nothing answered (MANAGEMENT_ANSWER_NONE is 0).
 *
 * Scores are whole hundredths of a level (0–500), so that they are stored,
 * summed and compared exactly:
 *   - a question scores its level; "don't know" scores 0 and is counted
 *     apart (it is a gap until someone finds out);
 *   - a directive scores the mean of its questions, rounded half up to the
 *     hundredth;
 *   - the overall score is the mean of the ten directive scores (as shown),
 *     rounded half up to the hundredth.
 *
 * The largest gaps (core_management_gaps): the directives with the lowest
 * scores — those furthest from the next level, which is one whole level
 * above the score (2.25 → 3, 3.00 → 4) — ties in directive order; a
 * directive at level 5 has no next level and is never one of them.
 */
#ifndef MM_CORE_MANAGEMENT_H
#define MM_CORE_MANAGEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"
#include "lib/str.h"

#define MANAGEMENT_DIRECTIVES 10
#define MANAGEMENT_QUESTIONS_MAX 60 /* question numbers 1–60 (store migration 0025) */
#define MANAGEMENT_LEVEL_MAX 5
#define MANAGEMENT_SCORE_MAX 500 /* level 5 in hundredths */
#define MANAGEMENT_GAPS 3        /* directives the result says most about */

enum management_answer {
	MANAGEMENT_ANSWER_NONE = 0, /* not answered yet */
	MANAGEMENT_ANSWER_LEVEL0,
	MANAGEMENT_ANSWER_LEVEL1,
	MANAGEMENT_ANSWER_LEVEL2,
	MANAGEMENT_ANSWER_LEVEL3,
	MANAGEMENT_ANSWER_LEVEL4,
	MANAGEMENT_ANSWER_LEVEL5,
	MANAGEMENT_ANSWER_DONT_KNOW,
};

/* Which directive (1–10) each question 1…question_count belongs to. */
struct management_layout {
	int question_count;
	int directive_of[MANAGEMENT_QUESTIONS_MAX]; /* directive_of[i]: question i + 1 */
};

struct management_score {
	int overall;                          /* 0–500 */
	int directive[MANAGEMENT_DIRECTIVES]; /* directive[d]: directive d + 1, 0–500 */
	int dont_know;                        /* questions answered "don't know" */
};

/* Exactly "0"…"5" or "dont_know" (the values of the form and the store);
 * false for anything else. */
bool core_management_answer_parse(struct str text, enum management_answer *out);
/* The inverse; NULL for MANAGEMENT_ANSWER_NONE and values outside the enum. */
const char *core_management_answer_name(enum management_answer answer);
/* The level an answer scores: 0–5, 0 for "don't know" and for none. */
int core_management_answer_level(enum management_answer answer);
/* Stored names → answers; a name refused by the parser reads as none. */
void core_management_answers_parse(const struct str names[MANAGEMENT_QUESTIONS_MAX],
                                   enum management_answer out[MANAGEMENT_QUESTIONS_MAX]);

/* True when every directive 1–10 has at least one question and every
 * question 1…question_count names one (the loader checks content with it). */
bool core_management_layout_valid(const struct management_layout *l);
/* Questions of the layout that have an answer. */
size_t
core_management_answered_count(const struct management_layout *l,
                               const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX]);
/* Every question of the layout answered, and none beyond it. */
bool core_management_complete(const struct management_layout *l,
                              const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX]);

/* The scores (see the top). MM_ERR_INVALID for a layout that is not valid
 * or answers that are not complete: a score of half a check would mislead. */
MM_MUST_USE enum mm_err
core_management_score(const struct management_layout *l,
                      const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX],
                      struct management_score *out);

/* The whole level above a score in hundredths (1–5); 0 for a score of 500
 * or more (nothing above). */
int core_management_next_level(int score);
/* Writes up to MANAGEMENT_GAPS directive numbers (1–10), largest gap
 * first (see the top), and returns how many. */
size_t core_management_gaps(const int directive[MANAGEMENT_DIRECTIVES], int out[MANAGEMENT_GAPS]);

/* "2.25": a score in hundredths as a level with two decimals, into buf
 * (at least 8 bytes); negative or oversized scores are clamped to 0–500. */
const char *core_management_format(int score, char buf[8]);

#endif
