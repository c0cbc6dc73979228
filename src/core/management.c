/*
 * management.c — see management.h.
 */
#include "core/management.h"

#include <stdio.h>

static const char *const names[] = {
    [MANAGEMENT_ANSWER_LEVEL0] = "0",
    [MANAGEMENT_ANSWER_LEVEL1] = "1",
    [MANAGEMENT_ANSWER_LEVEL2] = "2",
    [MANAGEMENT_ANSWER_LEVEL3] = "3",
    [MANAGEMENT_ANSWER_LEVEL4] = "4",
    [MANAGEMENT_ANSWER_LEVEL5] = "5",
    [MANAGEMENT_ANSWER_DONT_KNOW] = "dont_know",
};

bool core_management_answer_parse(struct str text, enum management_answer *out)
{
	for (int a = MANAGEMENT_ANSWER_LEVEL0; a <= MANAGEMENT_ANSWER_DONT_KNOW; a++)
		if (str_eq_lit(text, names[a])) {
			*out = (enum management_answer)a;
			return true;
		}
	return false;
}

const char *core_management_answer_name(enum management_answer answer)
{
	if (answer < MANAGEMENT_ANSWER_LEVEL0 || answer > MANAGEMENT_ANSWER_DONT_KNOW)
		return NULL;
	return names[answer];
}

int core_management_answer_level(enum management_answer answer)
{
	if (answer < MANAGEMENT_ANSWER_LEVEL0 || answer > MANAGEMENT_ANSWER_LEVEL5)
		return 0;
	return (int)answer - MANAGEMENT_ANSWER_LEVEL0;
}

void core_management_answers_parse(const struct str names_in[MANAGEMENT_QUESTIONS_MAX],
                                   enum management_answer out[MANAGEMENT_QUESTIONS_MAX])
{
	for (int i = 0; i < MANAGEMENT_QUESTIONS_MAX; i++)
		if (!core_management_answer_parse(names_in[i], &out[i]))
			out[i] = MANAGEMENT_ANSWER_NONE;
}

bool core_management_layout_valid(const struct management_layout *l)
{
	bool has[MANAGEMENT_DIRECTIVES] = {false};
	if (l->question_count < MANAGEMENT_DIRECTIVES ||
	    l->question_count > MANAGEMENT_QUESTIONS_MAX)
		return false;
	for (int i = 0; i < l->question_count; i++) {
		int d = l->directive_of[i];
		if (d < 1 || d > MANAGEMENT_DIRECTIVES)
			return false;
		has[d - 1] = true;
	}
	for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++)
		if (!has[d])
			return false;
	return true;
}

static bool answered(enum management_answer a)
{
	return a >= MANAGEMENT_ANSWER_LEVEL0 && a <= MANAGEMENT_ANSWER_DONT_KNOW;
}

size_t
core_management_answered_count(const struct management_layout *l,
                               const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX])
{
	size_t n = 0;
	for (int i = 0; i < l->question_count && i < MANAGEMENT_QUESTIONS_MAX; i++)
		n += answered(answers[i]);
	return n;
}

bool core_management_complete(const struct management_layout *l,
                              const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX])
{
	if (l->question_count < 1 || l->question_count > MANAGEMENT_QUESTIONS_MAX)
		return false;
	for (int i = 0; i < MANAGEMENT_QUESTIONS_MAX; i++)
		if (answered(answers[i]) != (i < l->question_count))
			return false;
	return true;
}

/* num / den rounded half up, for num ≥ 0 and den > 0. */
static int mean_rounded(long num, long den)
{
	return (int)((2 * num + den) / (2 * den));
}

enum mm_err core_management_score(const struct management_layout *l,
                                  const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX],
                                  struct management_score *out)
{
	long sum[MANAGEMENT_DIRECTIVES] = {0}, count[MANAGEMENT_DIRECTIVES] = {0}, total = 0;
	if (!core_management_layout_valid(l) || !core_management_complete(l, answers))
		return MM_ERR_INVALID;
	out->dont_know = 0;
	for (int i = 0; i < l->question_count; i++) {
		int d = l->directive_of[i] - 1;
		sum[d] += 100L * core_management_answer_level(answers[i]);
		count[d]++;
		out->dont_know += answers[i] == MANAGEMENT_ANSWER_DONT_KNOW;
	}
	for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++) {
		out->directive[d] = mean_rounded(sum[d], count[d]);
		total += out->directive[d];
	}
	out->overall = mean_rounded(total, MANAGEMENT_DIRECTIVES);
	return MM_OK;
}

int core_management_next_level(int score)
{
	if (score >= MANAGEMENT_SCORE_MAX)
		return 0;
	if (score < 0)
		score = 0;
	return score / 100 + 1;
}

size_t core_management_gaps(const int directive[MANAGEMENT_DIRECTIVES], int out[MANAGEMENT_GAPS])
{
	bool taken[MANAGEMENT_DIRECTIVES] = {false};
	size_t n = 0;
	while (n < MANAGEMENT_GAPS) {
		int best = -1;
		for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++)
			if (!taken[d] && directive[d] < MANAGEMENT_SCORE_MAX &&
			    (best < 0 || directive[d] < directive[best]))
				best = d;
		if (best < 0)
			break;
		taken[best] = true;
		out[n++] = best + 1;
	}
	return n;
}

const char *core_management_format(int score, char buf[8])
{
	if (score < 0)
		score = 0;
	if (score > MANAGEMENT_SCORE_MAX)
		score = MANAGEMENT_SCORE_MAX;
	snprintf(buf, 8, "%d.%02d", score / 100, score % 100);
	return buf;
}
