/*
 * assessment.c — see assessment.h. The structure of the parts is one small
 * table; everything else is derived from it, so the maxima (20, 52, 28)
 * and the item ranges cannot drift apart.
 */
#include "core/assessment.h"

#include <assert.h>

/* First item and number of items of each part (the scheme's structure). */
static const struct {
	int first, count;
} parts[ASSESSMENT_PART_COUNT] = {
    {1, 5},  /* basic measures */
    {6, 13}, /* measures for every employee */
    {19, 7}, /* measures as an organisation */
};

#define POINTS_DONE 4

static const char *const answer_names[ANSWER_KINDS] = {
    [ANSWER_DONE] = "done",
    [ANSWER_PARTLY] = "partly",
    [ANSWER_NOT_DONE] = "not_done",
    [ANSWER_DONT_KNOW] = "dont_know",
};

static const char *const band_names[] = {
    [BAND_WELL_DONE] = "well_done",
    [BAND_SOME_GAPS] = "some_gaps",
    [BAND_SEVERAL_GAPS] = "several_gaps",
    [BAND_URGENT] = "urgent",
};

static bool answer_given(enum assessment_answer answer)
{
	return answer >= ANSWER_DONE && answer <= ANSWER_DONT_KNOW;
}

int core_assessment_points(enum assessment_answer answer)
{
	switch (answer) {
	case ANSWER_DONE:
		return POINTS_DONE;
	case ANSWER_PARTLY:
		return 2;
	case ANSWER_DONT_KNOW:
		return -1;
	case ANSWER_NOT_DONE:
	case ANSWER_NONE:
		break;
	}
	return 0;
}

bool core_assessment_answer_parse(struct str text, enum assessment_answer *out)
{
	for (int a = ANSWER_DONE; a <= ANSWER_DONT_KNOW; a++) {
		if (str_eq_lit(text, answer_names[a])) {
			*out = (enum assessment_answer)a;
			return true;
		}
	}
	return false;
}

const char *core_assessment_answer_name(enum assessment_answer answer)
{
	return answer_given(answer) ? answer_names[answer] : NULL;
}

void core_assessment_answers_parse(const struct str names[ASSESSMENT_ITEM_COUNT],
                                   enum assessment_answer out[ASSESSMENT_ITEM_COUNT])
{
	for (size_t i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		if (!core_assessment_answer_parse(names[i], &out[i]))
			out[i] = ANSWER_NONE;
}

int core_assessment_part_of(int item)
{
	for (int p = 0; p < ASSESSMENT_PART_COUNT; p++)
		if (item >= parts[p].first && item < parts[p].first + parts[p].count)
			return p + 1;
	return 0;
}

int core_assessment_part_first_item(int part)
{
	return part >= 1 && part <= ASSESSMENT_PART_COUNT ? parts[part - 1].first : 0;
}

int core_assessment_part_item_count(int part)
{
	return part >= 1 && part <= ASSESSMENT_PART_COUNT ? parts[part - 1].count : 0;
}

int core_assessment_part_max(int part)
{
	return core_assessment_part_item_count(part) * POINTS_DONE;
}

size_t core_assessment_answered_count(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	size_t n = 0;
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		n += answer_given(answers[i]);
	return n;
}

bool core_assessment_complete(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	return core_assessment_answered_count(answers) == ASSESSMENT_ITEM_COUNT;
}

enum assessment_band core_assessment_band(int total)
{
	assert(total >= ASSESSMENT_MIN_TOTAL && total <= ASSESSMENT_MAX_TOTAL);
	if (total >= ASSESSMENT_MAX_TOTAL)
		return BAND_WELL_DONE;
	if (total >= ASSESSMENT_SOME_GAPS_MIN)
		return BAND_SOME_GAPS;
	if (total >= ASSESSMENT_SEVERAL_GAPS_MIN)
		return BAND_SEVERAL_GAPS;
	return BAND_URGENT;
}

const char *core_assessment_band_name(enum assessment_band band)
{
	return (unsigned)band < sizeof band_names / sizeof band_names[0] ? band_names[band] : NULL;
}

enum mm_err core_assessment_score(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                  struct assessment_score *out)
{
	if (!core_assessment_complete(answers))
		return MM_ERR_INVALID;
	*out = (struct assessment_score){0};
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++) {
		int points = core_assessment_points(answers[i]);
		out->total += points;
		out->part[core_assessment_part_of(i + 1) - 1] += points;
	}
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++)
		out->part_max[p - 1] = core_assessment_part_max(p);
	out->band = core_assessment_band(out->total);
	return MM_OK;
}

size_t core_assessment_advice_order(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                    int items[ASSESSMENT_ITEM_COUNT])
{
	/* Within a part; see the top of assessment.h for why. */
	static const enum assessment_answer urgency[] = {ANSWER_NOT_DONE, ANSWER_DONT_KNOW,
	                                                 ANSWER_PARTLY};
	size_t n = 0;
	for (int p = 0; p < ASSESSMENT_PART_COUNT; p++) {
		for (size_t u = 0; u < sizeof urgency / sizeof urgency[0]; u++) {
			for (int item = parts[p].first; item < parts[p].first + parts[p].count;
			     item++)
				if (answers[item - 1] == urgency[u])
					items[n++] = item;
		}
	}
	assert(n <= ASSESSMENT_ITEM_COUNT);
	return n;
}

enum mm_err core_assessment_compare(const enum assessment_answer before[ASSESSMENT_ITEM_COUNT],
                                    const enum assessment_answer after[ASSESSMENT_ITEM_COUNT],
                                    struct assessment_comparison *out)
{
	struct assessment_score old_score, new_score;
	if (core_assessment_score(before, &old_score) || core_assessment_score(after, &new_score))
		return MM_ERR_INVALID;
	*out = (struct assessment_comparison){0};
	out->total_change = new_score.total - old_score.total;
	for (int p = 0; p < ASSESSMENT_PART_COUNT; p++)
		out->part_change[p] = new_score.part[p] - old_score.part[p];
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++) {
		int delta = core_assessment_points(after[i]) - core_assessment_points(before[i]);
		out->item[i] = delta > 0   ? ITEM_IMPROVED
		               : delta < 0 ? ITEM_WORSENED
		                           : ITEM_UNCHANGED;
		out->improved += delta > 0;
		out->worsened += delta < 0;
		out->unchanged += delta == 0;
	}
	return MM_OK;
}
