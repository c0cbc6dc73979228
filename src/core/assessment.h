/*
 * assessment.h — the rules of the 25-item self-assessment behind a ★★
 * declaration: points per answer, the total and the score of each part,
 * the result band, the order in which advice is given, and the comparison
 * of two results. Pure: no I/O, no clock, no allocation; the caller hands
 * in every array. The questions themselves are content
 * (view/questionnaire.h); this file knows item numbers only.
 *
 * Answers travel as an array answers[ASSESSMENT_ITEM_COUNT] in which
 * answers[i] is the answer to item i + 1. A zeroed array is an assessment
 * with nothing answered (ANSWER_NONE is 0).
 *
 * The structure — 25 items in three parts, 1–5, 6–18 and 19–25 — belongs
 * to the scheme, not to one wording of the questions, so it is fixed here
 * and every questionnaire version must match it (the loader refuses one
 * that does not). Items keep their numbers from version to version; that
 * is what lets a result be compared with one taken on an older version.
 *
 * Points: done 4 · partly 2 · not done 0 · don't know −1. Total −25…100.
 * Bands: 100 well done · 70–99 some gaps · 50–69 several gaps · ≤ 49
 * urgent (down to −25, every item "don't know").
 *
 * Advice order (core_assessment_advice_order): every item not answered
 * "done", sorted by
 *   1. part, ascending. Part 1 holds the five basic rules of a ★
 *      declaration: they stop most everyday attacks and everything else
 *      builds on them. Part 2 (habits of every employee) comes before
 *      part 3 (rules the organisation writes), because habits can change
 *      this week while rules take longer to agree on.
 *   2. within a part, "not done" before "don't know" before "partly".
 *      "Not done" is a gap known for certain. "Don't know" may be a gap or
 *      may turn out to be done; finding out is quick, so it comes next.
 *      "Partly" means protection is already in place and only needs
 *      finishing, so it is the least urgent.
 *   3. item number, ascending (the order of the questionnaire).
 *
 * Comparison (core_assessment_compare): an item improved when its points
 * rose, worsened when they fell. That ranks the answers
 * done > partly > not done > don't know — the order of their points — so
 * "don't know" → "not done" counts as an improvement: the firm now knows
 * its gap, which is the first step of the "don't know" advice, and the
 * total rises by one. Any other ranking would let the page say "3 items
 * improved" beside a total that fell because of those same items. The
 * advice order above deliberately differs: it ranks what to do first, not
 * how far a firm has come.
 */
#ifndef MM_ASSESSMENT_H
#define MM_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"
#include "lib/str.h"

#define ASSESSMENT_ITEM_COUNT 25
#define ASSESSMENT_PART_COUNT 3
#define ASSESSMENT_MAX_TOTAL 100   /* every item done */
#define ASSESSMENT_MIN_TOTAL (-25) /* every item "don't know" */

/* Lowest totals of the bands below "well done" (which is exactly 100). */
#define ASSESSMENT_SOME_GAPS_MIN 70
#define ASSESSMENT_SEVERAL_GAPS_MIN 50

enum assessment_answer {
	ANSWER_NONE = 0, /* not answered yet */
	ANSWER_DONE,
	ANSWER_PARTLY,
	ANSWER_NOT_DONE,
	ANSWER_DONT_KNOW,
};
#define ANSWER_KINDS 5 /* ANSWER_NONE … ANSWER_DONT_KNOW: size of arrays indexed by answer */

enum assessment_band {
	BAND_WELL_DONE,    /* 100: keep it up */
	BAND_SOME_GAPS,    /* 70–99 */
	BAND_SEVERAL_GAPS, /* 50–69 */
	BAND_URGENT,       /* ≤ 49: start with the basics */
};

enum item_change {
	ITEM_UNCHANGED,
	ITEM_IMPROVED,
	ITEM_WORSENED,
};

struct assessment_score {
	int total;                           /* −25 … 100 */
	int part[ASSESSMENT_PART_COUNT];     /* part[p - 1]: score of part p */
	int part_max[ASSESSMENT_PART_COUNT]; /* 20, 52, 28 */
	enum assessment_band band;
};

struct assessment_comparison {
	int total_change; /* after − before */
	int part_change[ASSESSMENT_PART_COUNT];
	enum item_change item[ASSESSMENT_ITEM_COUNT]; /* item[i]: item i + 1 */
	int improved, worsened, unchanged;            /* counts of item[] */
};

/* 4, 2, 0, −1; 0 for ANSWER_NONE and for values outside the enum. */
int core_assessment_points(enum assessment_answer answer);

/* Exactly "done", "partly", "not_done" or "dont_know" (the values of the
 * form and of the store); false for anything else, case included. */
bool core_assessment_answer_parse(struct str text, enum assessment_answer *out);
/* The inverse of core_assessment_answer_parse; NULL for ANSWER_NONE and
 * values outside the enum. */
const char *core_assessment_answer_name(enum assessment_answer answer);
/* Stored answer names (one per item, "" when not answered) → answers; a
 * name that core_assessment_answer_parse refuses reads as ANSWER_NONE. */
void core_assessment_answers_parse(const struct str names[ASSESSMENT_ITEM_COUNT],
                                   enum assessment_answer out[ASSESSMENT_ITEM_COUNT]);

/* The part (1–3) of item 1–25; 0 for any other number. */
int core_assessment_part_of(int item);
/* First item and number of items of part 1–3; 0 for any other part. */
int core_assessment_part_first_item(int part);
int core_assessment_part_item_count(int part);
/* Highest score of part 1–3 (20, 52, 28); 0 for any other part. */
int core_assessment_part_max(int part);

/* Items with an answer other than ANSWER_NONE (and inside the enum). */
size_t core_assessment_answered_count(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT]);
/* All 25 items answered with one of the four answers. */
bool core_assessment_complete(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT]);

/* Total, parts and band. MM_ERR_INVALID unless the assessment is complete:
 * a score of a half-answered questionnaire would mislead. */
MM_MUST_USE enum mm_err
core_assessment_score(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                      struct assessment_score *out);
/* The band of a total in −25 … 100. */
enum assessment_band core_assessment_band(int total);
/* "well_done", "some_gaps", "several_gaps", "urgent": for catalogue keys
 * and CSS classes, never shown as such. NULL outside the enum. */
const char *core_assessment_band_name(enum assessment_band band);

/* Writes the numbers of the items that get advice into items, in the order
 * described at the top of this file, and returns how many there are.
 * Items not answered yet get none. */
size_t core_assessment_advice_order(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                    int items[ASSESSMENT_ITEM_COUNT]);

/* after compared with before (see the top of this file). MM_ERR_INVALID
 * unless both are complete. */
MM_MUST_USE enum mm_err
core_assessment_compare(const enum assessment_answer before[ASSESSMENT_ITEM_COUNT],
                        const enum assessment_answer after[ASSESSMENT_ITEM_COUNT],
                        struct assessment_comparison *out);

#endif
