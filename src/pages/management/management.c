/*
 * management.c — taking the management self-check: the start page
 * (/management), one page per directive (/management/part/{n}, n = 1–10),
 * "check your answers" (/management/check) and submitting
 * (/management/submit), over the flow every questionnaire check shares
 * (pages/check/check_flow.h, which says how drafts, saving, attaching and
 * submitting work). This file describes the check (MANAGEMENT_CHECK) and
 * shows its content: a page may post only its own questions, with a level
 * 0–5 or "dont_know".
 */
#include <string.h>

#include "core/management.h"
#include "pages/check/check_answers.h"
#include "pages/management/management_taker.h"
#include "pages/management/management_text.h"
#include "view/management_content.h"
#include "web/page.h"
#include "web/router.h"

static const struct management_content *wording_of(struct str version)
{
	const struct management_content *c = management_content_find(version);
	return c ? c : management_content_latest();
}

static struct str progress_text(struct req *r, struct str version, int part, size_t answered)
{
	const struct management_content *c = wording_of(version);
	if (!c)
		return STR("");
	const char *const names[] = {"part", "parts", "answered", "total"};
	const struct str values[] = {words_int(r, part), words_int(r, MANAGEMENT_DIRECTIVES),
	                             words_int(r, (long)answered),
	                             words_int(r, c->layout.question_count)};
	return words_fill(r, "management.progress", names, values, 4);
}

/* The first directive with a question not answered; 0 when all are. */
static int first_open_part(const struct management_content *c,
                           const enum management_answer answers[MANAGEMENT_QUESTIONS_MAX])
{
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++)
		for (int k = 0; k < c->question_count[d - 1]; k++)
			if (answers[c->questions_of[d - 1][k] - 1] == MANAGEMENT_ANSWER_NONE)
				return d;
	return 0;
}

static enum mm_err progress(const struct check_draft *d, size_t *answered, long *total, int *open)
{
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	const struct management_content *q = wording_of(d->version);
	if (!q)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(d->answers, answers);
	*answered = core_management_answered_count(&q->layout, answers);
	*total = q->layout.question_count;
	*open = first_open_part(q, answers);
	return MM_OK;
}

/* ---- start page ------------------------------------------------------------ */

/* The ten directives' titles. */
static enum mm_err directives_list(struct req *r, struct val *ctx, struct str version)
{
	const struct management_content *c = wording_of(version);
	struct val *list = val_set_list(r->arena, ctx, "directives");
	for (int d = 1; list && d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *v = val_list_push_obj(r->arena, list);
		if (!v || !val_set_long(r->arena, v, "number", d) ||
		    !val_set_str(r->arena, v, "title", management_directive(c, r->lang, d)->title))
			return MM_ERR_NOMEM;
	}
	return list ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err page_management(struct req *r, struct res *res)
{
	return check_page_start(r, res, &MANAGEMENT_CHECK);
}

/* ---- directive pages ------------------------------------------------------- */

static enum mm_err question_ctx(struct req *r, struct val *list,
                                const struct management_question_text *qt,
                                enum management_answer given)
{
	struct arena *a = r->arena;
	struct val *options;
	if (!check_part_question_add(r, &MANAGEMENT_CHECK, list, qt->number, qt->question,
	                             &options))
		return MM_ERR_NOMEM;
	for (int k = MANAGEMENT_ANSWER_LEVEL0; k <= MANAGEMENT_ANSWER_DONT_KNOW; k++) {
		enum management_answer ans = (enum management_answer)k;
		bool level = ans != MANAGEMENT_ANSWER_DONT_KNOW;
		struct val *o = check_option_add(r, &MANAGEMENT_CHECK, options, qt->number,
		                                 core_management_answer_name(ans),
		                                 management_answer_label(r, ans), given == ans);
		if (!o ||
		    !val_set_str(a, o, "text",
		                 level ? qt->levels[core_management_answer_level(ans)]
		                       : page_t(r, "management.answer.dont_know_text")) ||
		    !val_set_bool(a, o, "dont_know", !level))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* A directive's questions and why it matters, under its heading. */
static enum mm_err part_ctx(struct req *r, struct val *ctx, const struct check_draft *d, int part,
                            struct str *heading)
{
	struct arena *a = r->arena;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	enum mm_err e;
	const struct management_content *q = wording_of(d->version);
	const struct management_directive_text *dt = management_directive(q, r->lang, part);
	if (!dt)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(d->answers, answers);
	struct val *items = val_set_list(a, ctx, "questions");
	*heading = management_directive_heading(r, q, part);
	if (!items || !val_set_str(a, ctx, "why", dt->why))
		return MM_ERR_NOMEM;
	for (int k = 0; k < q->question_count[part - 1]; k++) {
		int n = q->questions_of[part - 1][k];
		if ((e = question_ctx(r, items, management_question(q, r->lang, n),
		                      answers[n - 1])))
			return e;
	}
	return MM_OK;
}

static enum mm_err page_management_part(struct req *r, struct res *res)
{
	return check_page_part(r, res, &MANAGEMENT_CHECK);
}

/* ---- check your answers and submit ------------------------------------------ */

/* A question on the check-your-answers page, with the text of the level
 * answered. */
static enum mm_err check_question(struct req *r, struct val *ctx, struct val *items,
                                  const struct management_content *q, int part, int n,
                                  enum management_answer given, bool with_errors)
{
	const struct management_question_text *qt = management_question(q, r->lang, n);
	bool answered = given != MANAGEMENT_ANSWER_NONE;
	struct check_question cq = {.part = part,
	                            .number = n,
	                            .question = qt->question,
	                            .answer = management_answer_label(r, given),
	                            .answered = answered};
	struct val *row;
	enum mm_err e =
	    check_question_add(r, &MANAGEMENT_CHECK, ctx, items, &cq, with_errors, &row);
	if (e)
		return e;
	return val_set_str(r->arena, row, "answer_text",
	                   answered && given != MANAGEMENT_ANSWER_DONT_KNOW
	                       ? qt->levels[core_management_answer_level(given)]
	                       : STR(""))
	           ? MM_OK
	           : MM_ERR_NOMEM;
}

static enum mm_err check_items(struct req *r, struct val *ctx, const struct check_draft *dr,
                               bool with_errors)
{
	struct arena *a = r->arena;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	const struct management_content *q = wording_of(dr->version);
	if (!q)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(dr->answers, answers);
	struct val *parts = val_set_list(a, ctx, "directives");
	enum mm_err e;
	if (!parts)
		return MM_ERR_NOMEM;
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *pv = val_list_push_obj(a, parts);
		struct val *items = pv ? val_set_list(a, pv, "questions") : NULL;
		if (!items || !val_set_str(a, pv, "heading", management_directive_heading(r, q, d)))
			return MM_ERR_NOMEM;
		for (int k = 0; k < q->question_count[d - 1]; k++) {
			int n = q->questions_of[d - 1][k];
			if ((e = check_question(r, ctx, items, q, d, n, answers[n - 1],
			                        with_errors)))
				return e;
		}
	}
	return MM_OK;
}

/* ---- the check ---------------------------------------------------------------- */

static const char *latest_version(void)
{
	const struct management_content *c = management_content_latest();
	return c ? c->version : NULL;
}

/* A version's directives hold the questions its layout gives them. */
static int part_size(struct str version, int part)
{
	const struct management_content *c = management_content_find(version);
	return c ? c->question_count[part - 1] : -1;
}

static int part_of(struct str version, int n)
{
	const struct management_content *c = management_content_find(version);
	return c && n <= c->layout.question_count ? c->layout.directive_of[n - 1] : 0;
}

static const char *answer_name(struct str value)
{
	enum management_answer ans;
	return core_management_answer_parse(value, &ans) ? core_management_answer_name(ans) : NULL;
}

static bool scorable(struct str version)
{
	return management_content_find(version) != NULL;
}

static enum mm_err result_insert(struct req *r, struct store *s, const struct check_owner *o,
                                 const struct check_draft *d, bool *incomplete, int64_t *id)
{
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	const struct management_content *q = management_content_find(d->version);
	struct management_score score;
	struct management_result *res = arena_zalloc(r->arena, sizeof *res);
	if (!q)
		return MM_ERR_NOT_FOUND;
	core_management_answers_parse(d->answers, answers);
	*incomplete = !core_management_complete(&q->layout, answers);
	if (*incomplete)
		return MM_OK;
	enum mm_err e = core_management_score(&q->layout, answers, &score);
	if (e)
		return e;
	if (!res)
		return MM_ERR_NOMEM;
	res->head = check_result_head_new(r, d);
	res->scores.overall = score.overall;
	res->scores.dont_know = score.dont_know;
	for (int k = 0; k < MANAGEMENT_DIRECTIVES; k++)
		res->scores.directive[k] = score.directive[k];
	for (int i = 0; i < STORE_MANAGEMENT_QUESTIONS; i++) {
		const char *name =
		    i < MANAGEMENT_QUESTIONS_MAX ? core_management_answer_name(answers[i]) : NULL;
		res->answers[i] = str_from(name ? name : "");
	}
	return store_management_result_insert(s, o, res, id);
}

const struct check MANAGEMENT_CHECK = {
    .name = "management",
    .base = "/management",
    .cookie = "mamori_management",
    .audit_submit = "management.submit",
    .audit_target = "management result",
    .tables = &STORE_MANAGEMENT_TABLES,
    .benchmark = BENCHMARK_MANAGEMENT,
    .parts = MANAGEMENT_DIRECTIVES,
    .field_prefix = "question-",
    .latest_version = latest_version,
    .part_size = part_size,
    .part_of = part_of,
    .answer_name = answer_name,
    .scorable = scorable,
    .result_insert = result_insert,
    .progress = progress,
    .progress_text = progress_text,
    .part_ctx = part_ctx,
    .start_ctx = directives_list,
    .check_items = check_items,
};

static enum mm_err page_management_part_post(struct req *r, struct res *res)
{
	return check_part_post(r, res, &MANAGEMENT_CHECK);
}

static enum mm_err page_management_check(struct req *r, struct res *res)
{
	return check_page_check(r, res, &MANAGEMENT_CHECK);
}

static enum mm_err page_management_submit_post(struct req *r, struct res *res)
{
	return check_submit_post(r, res, &MANAGEMENT_CHECK);
}

/* This file's routes, in dispatch order (see management_routes.c). */
const struct route_table management_routes =
    ROUTE_TABLE(ROUTE_GET("/management", page_management, RIGHT_PUBLIC),
                ROUTE_FORM("/management/part/{n:1..10}", page_management_part,
                           page_management_part_post, RIGHT_PUBLIC),
                ROUTE_GET("/management/check", page_management_check, RIGHT_PUBLIC),
                ROUTE_POST("/management/submit", page_management_submit_post, RIGHT_PUBLIC));
