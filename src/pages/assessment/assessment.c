/*
 * assessment.c — taking the 25-item self-assessment: the start page
 * (/assessment), one page per part (/assessment/part/{n}), "check your
 * answers" (/assessment/check) and submitting (/assessment/submit), over
 * the flow every questionnaire check shares (pages/check/check_flow.h,
 * which says how drafts, saving, attaching and submitting work). This file
 * describes the check (ASSESSMENT_CHECK) and shows its questionnaire.
 *
 * The last part can also submit at once ("save and see the result"): the
 * check page is then only shown when an item is still open, so a taker
 * who answered everything needs three presses.
 */
#include <stdio.h>
#include <string.h>

#include "core/assessment.h"
#include "pages/assessment/assessment_taker.h"
#include "pages/check/check_answers.h"
#include "pages/assessment/assessment_text.h"
#include "view/questionnaire.h"
#include "web/page.h"
#include "web/router.h"

static const struct questionnaire *wording_of(struct str version)
{
	const struct questionnaire *q = questionnaire_find(version);
	return q ? q : questionnaire_latest();
}

static struct str progress_text(struct req *r, struct str version, int part, size_t answered)
{
	(void)version; /* every version has the same parts */
	const char *const names[] = {"part", "parts", "answered", "total"};
	const struct str values[] = {words_int(r, part), words_int(r, ASSESSMENT_PART_COUNT),
	                             words_int(r, (long)answered),
	                             words_int(r, ASSESSMENT_ITEM_COUNT)};
	return words_fill(r, "assessment.progress", names, values, 4);
}

/* The first part with an item not answered; 0 when all are answered. */
static int first_open_part(const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT])
{
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		if (answers[i] == ANSWER_NONE)
			return core_assessment_part_of(i + 1);
	return 0;
}

static enum mm_err progress(const struct check_draft *d, size_t *answered, long *total, int *open)
{
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	core_assessment_answers_parse(d->answers, answers);
	*answered = core_assessment_answered_count(answers);
	*total = ASSESSMENT_ITEM_COUNT;
	*open = first_open_part(answers);
	return MM_OK;
}

/* ---- start page ------------------------------------------------------------ */

static enum mm_err page_assessment(struct req *r, struct res *res)
{
	return check_page_start(r, res, &ASSESSMENT_CHECK);
}

/* ---- part pages ------------------------------------------------------------ */

static enum mm_err item_ctx(struct req *r, struct val *list, const struct questionnaire_item *it,
                            enum assessment_answer given)
{
	struct arena *a = r->arena;
	struct val *options;
	struct val *v =
	    check_part_question_add(r, &ASSESSMENT_CHECK, list, it->number, it->question, &options);
	if (!v || !val_set_str(a, v, "why", it->why) ||
	    !val_set_str(a, v, "done_example", it->done_example))
		return MM_ERR_NOMEM;
	for (int k = ANSWER_DONE; k <= ANSWER_DONT_KNOW; k++) {
		enum assessment_answer ans = (enum assessment_answer)k;
		if (!check_option_add(r, &ASSESSMENT_CHECK, options, it->number,
		                      core_assessment_answer_name(ans),
		                      assessment_answer_label(r, ans), given == ans))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* A part's introduction and items, under "Part N: title". */
static enum mm_err part_ctx(struct req *r, struct val *ctx, const struct check_draft *d, int part,
                            struct str *heading)
{
	struct arena *a = r->arena;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	enum mm_err e;
	const struct questionnaire *q = wording_of(d->version);
	const struct questionnaire_part *p = q ? questionnaire_part(q, r->lang, part) : NULL;
	if (!p)
		return MM_ERR_NOT_FOUND;
	core_assessment_answers_parse(d->answers, answers);
	struct val *items = val_set_list(a, ctx, "items");
	const char *const names[] = {"part", "title"};
	const struct str values[] = {words_int(r, part), p->title};
	*heading = words_fill(r, "assessment.part.heading", names, values, 2);
	if (!items || !val_set_str(a, ctx, "intro", p->intro))
		return MM_ERR_NOMEM;
	int first = core_assessment_part_first_item(part);
	for (int i = first; i < first + core_assessment_part_item_count(part); i++)
		if ((e = item_ctx(r, items, questionnaire_item(q, r->lang, i), answers[i - 1])))
			return e;
	return MM_OK;
}

static enum mm_err page_assessment_part(struct req *r, struct res *res)
{
	return check_page_part(r, res, &ASSESSMENT_CHECK);
}

/* ---- check your answers and submit ------------------------------------------ */

static enum mm_err check_items(struct req *r, struct val *ctx, const struct check_draft *d,
                               bool with_errors)
{
	struct arena *a = r->arena;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	const struct questionnaire *q = wording_of(d->version);
	enum mm_err e;
	if (!q)
		return MM_ERR_NOT_FOUND;
	core_assessment_answers_parse(d->answers, answers);
	struct val *parts = val_set_list(a, ctx, "parts");
	if (!parts)
		return MM_ERR_NOMEM;
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		const struct questionnaire_part *qp = questionnaire_part(q, r->lang, p);
		struct val *pv = val_list_push_obj(a, parts);
		struct val *items = pv ? val_set_list(a, pv, "items") : NULL;
		const char *const names[] = {"part", "title"};
		const struct str values[] = {words_int(r, p), qp->title};
		if (!items ||
		    !val_set_str(a, pv, "heading",
		                 words_fill(r, "assessment.part.heading", names, values, 2)))
			return MM_ERR_NOMEM;
		int first = core_assessment_part_first_item(p);
		for (int i = first; i < first + core_assessment_part_item_count(p); i++) {
			struct check_question cq = {
			    .part = p,
			    .number = i,
			    .question = questionnaire_item(q, r->lang, i)->question,
			    .answer = assessment_answer_label(r, answers[i - 1]),
			    .answered = answers[i - 1] != ANSWER_NONE};
			if ((e = check_question_add(r, &ASSESSMENT_CHECK, ctx, items, &cq,
			                            with_errors, NULL)))
				return e;
		}
	}
	return MM_OK;
}

/* ---- the check ---------------------------------------------------------------- */

static const char *latest_version(void)
{
	const struct questionnaire *q = questionnaire_latest();
	return q ? q->version : NULL;
}

/* Every version has the same parts: 25 items in three. */
static int part_size(struct str version, int part)
{
	(void)version;
	return core_assessment_part_item_count(part);
}

static int part_of(struct str version, int n)
{
	(void)version;
	return core_assessment_part_of(n);
}

static const char *answer_name(struct str value)
{
	enum assessment_answer ans;
	return core_assessment_answer_parse(value, &ans) ? core_assessment_answer_name(ans) : NULL;
}

static bool scorable(struct str version)
{
	(void)version;
	return true;
}

static enum mm_err result_insert(struct req *r, struct store *s, const struct check_owner *o,
                                 const struct check_draft *d, bool *incomplete, int64_t *id)
{
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	struct assessment_score score;
	struct assessment_result res = {.head = check_result_head_new(r, d)};
	core_assessment_answers_parse(d->answers, answers);
	*incomplete = !core_assessment_complete(answers);
	if (*incomplete)
		return MM_OK;
	enum mm_err e = core_assessment_score(answers, &score);
	if (e)
		return e;
	res.total = score.total;
	for (int p = 0; p < ASSESSMENT_PART_COUNT; p++)
		res.part[p] = score.part[p];
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		res.answers[i] = str_from(core_assessment_answer_name(answers[i]));
	return store_assessment_result_insert(s, o, &res, id);
}

const struct check ASSESSMENT_CHECK = {
    .name = "assessment",
    .base = "/assessment",
    .cookie = "mamori_assessment",
    .audit_submit = "assessment.submit",
    .audit_target = "result",
    .tables = &STORE_ASSESSMENT_TABLES,
    .benchmark = BENCHMARK_ASSESSMENT,
    .parts = ASSESSMENT_PART_COUNT,
    .field_prefix = "item-",
    .latest_version = latest_version,
    .part_size = part_size,
    .part_of = part_of,
    .answer_name = answer_name,
    .scorable = scorable,
    .result_insert = result_insert,
    .progress = progress,
    .progress_text = progress_text,
    .part_ctx = part_ctx,
    .check_items = check_items,
};

static enum mm_err page_assessment_part_post(struct req *r, struct res *res)
{
	return check_part_post(r, res, &ASSESSMENT_CHECK);
}

static enum mm_err page_assessment_check(struct req *r, struct res *res)
{
	return check_page_check(r, res, &ASSESSMENT_CHECK);
}

static enum mm_err page_assessment_submit_post(struct req *r, struct res *res)
{
	return check_submit_post(r, res, &ASSESSMENT_CHECK);
}

/* This file's routes, in dispatch order (see assessment_routes.c). */
const struct route_table assessment_routes =
    ROUTE_TABLE(ROUTE_GET("/assessment", page_assessment, RIGHT_PUBLIC),
                ROUTE_FORM("/assessment/part/{n:1..3}", page_assessment_part,
                           page_assessment_part_post, RIGHT_PUBLIC),
                ROUTE_GET("/assessment/check", page_assessment_check, RIGHT_PUBLIC),
                ROUTE_POST("/assessment/submit", page_assessment_submit_post, RIGHT_PUBLIC));
