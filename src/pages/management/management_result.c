/*
 * management_result.c — one submitted management self-check:
 * /management/results/{id} (the page), {id}.csv, {id}.json and {id}.pdf.
 *
 * The page shows the overall score, a radar chart of the ten directives
 * (view/chart_radar.h) with the organisation's previous result drawn on
 * the same axes, the same figures in a table, the number of "don't know"
 * answers, the three directives with the largest gap to their next level
 * (core_management_gaps) with what reaching it takes, and every answer.
 * It prints on one A4 sheet (static/style.css, @media print); the PDF is
 * the same summary for a board meeting, laid out by view/pdf.h.
 *
 * The scores shown are those stored with the result; the words come from
 * the content version it was taken on, so a later version changes
 * neither.
 *
 * Who may see it, and serving it and its downloads, are every check's
 * (pages/check/check_result.h): members of its organisation, supporters
 * the organisation granted access to (read-only; their views are audited),
 * and — until it joins an organisation — the anonymous visitor whose
 * cookie took it.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "pages/check/check_result.h"
#include "pages/shared/benchmark_view.h"
#include "pages/shared/csv_export.h"
#include "pages/shared/json_export.h"
#include "pages/management/management_taker.h"
#include "pages/management/management_text.h"
#include "pages/services/services_weak.h"
#include "view/chart_radar.h"
#include "view/pdf.h"
#include "web/page.h"
#include "web/router.h"

#define RESULT_SVG_MAX (64u * 1024)
#define RESULT_CSV_MAX (256u * 1024)

struct result_view {
	struct management_result rec;
	const struct management_content *c;
	enum management_answer answers[MANAGEMENT_QUESTIONS_MAX];
	bool has_previous;
	struct management_result previous;
	bool as_supporter;
};

/* Reads result id (its row and answers). */
static enum mm_err result_load(struct req *r, int64_t id, void *view,
                               const struct check_result_head **head)
{
	struct result_view *v = view;
	*head = &v->rec.head;
	return store_management_result_get(r->store, r->arena, id, &v->rec);
}

/* Who sees it, the content of its version, and the organisation's result
 * before it. */
static enum mm_err result_prepare(struct req *r, void *view, enum scope_role role)
{
	struct result_view *v = view;
	struct store *s = r->store;
	int64_t prev_id;
	v->as_supporter = check_role_is_supporter(role);
	v->c = management_content_find(v->rec.version);
	if (!v->c)
		return MM_ERR_NOT_FOUND; /* a stored version must stay loadable */
	core_management_answers_parse(v->rec.answers, v->answers);
	enum mm_err e =
	    v->rec.organisation_id
	        ? store_check_result_previous(&STORE_MANAGEMENT_TABLES, s, v->rec.organisation_id,
	                                      v->rec.id, &prev_id)
	        : MM_ERR_NOT_FOUND;
	if (e == MM_OK)
		e = store_management_result_get(s, r->arena, prev_id, &v->previous);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	v->has_previous = e == MM_OK;
	return MM_OK;
}

/* ---- chart ----------------------------------------------------------------- */

/* The result as the benchmarks see it (pages/shared/benchmark_view.h);
 * names receives the directives' headings. */
static struct benchmark_subject subject_of(struct req *r, const struct result_view *v,
                                           struct str names[MANAGEMENT_DIRECTIVES])
{
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++)
		names[d - 1] = management_directive_heading(r, v->c, d);
	return (struct benchmark_subject){.kind = BENCHMARK_MANAGEMENT,
	                                  .result_id = v->rec.organisation_id ? v->rec.id : 0,
	                                  .version = v->rec.version,
	                                  .total = v->rec.scores.overall,
	                                  .measures = v->rec.scores.directive,
	                                  .names = names,
	                                  .measure_count = MANAGEMENT_DIRECTIVES,
	                                  .id = "benchmark"};
}

static struct str chart_desc(struct req *r, const struct result_view *v)
{
	struct buf list;
	buf_init(&list, r->arena, 4096);
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		const char *const names[] = {"number", "score"};
		const struct str values[] = {
		    words_int(r, d), management_score_text(r, v->rec.scores.directive[d - 1])};
		if (buf_append_str(
		        &list, words_fill(r, "management.chart.directive_desc", names, values, 2)))
			return STR("");
	}
	const char *const names[] = {"overall", "directives", "previous"};
	const struct str values[] = {
	    management_score_text(r, v->rec.scores.overall), buf_str(&list),
	    v->has_previous
	        ? words_fill(
	              r, "management.chart.previous_desc", (const char *const[]){"overall"},
	              (const struct str[]){management_score_text(r, v->previous.scores.overall)}, 1)
	        : STR("")};
	return words_fill(r, "management.chart.desc", names, values, 3);
}

/* The radar: this result, the previous one dashed, and the average of
 * the group the benchmark rules allow (its "firms like yours") dotted. */
static enum mm_err result_chart(struct req *r, const struct result_view *v, struct str *out)
{
	struct chart_radar_series series[CHART_RADAR_SERIES_MAX] = {
	    {.label = page_t(r, "management.chart.this_result"),
	     .values = v->rec.scores.directive}};
	size_t n = 1;
	struct str names[MANAGEMENT_DIRECTIVES], group = STR(""), desc = chart_desc(r, v);
	struct benchmark_subject b = subject_of(r, v, names);
	int *means = arena_zalloc(r->arena, sizeof(int) * MANAGEMENT_DIRECTIVES);
	bool group_shown = false;
	enum mm_err e;
	if (!means)
		return MM_ERR_NOMEM;
	if ((e = benchmark_group_means(r, r->store, &b, means, &group, &group_shown)))
		return e;
	if (v->has_previous)
		series[n++] = (struct chart_radar_series){
		    .label = page_t(r, "management.chart.previous_result"),
		    .values = v->previous.scores.directive,
		    .dashed = true};
	if (group_shown) {
		const char *const fields[] = {"group"};
		const struct str values[] = {group};
		series[n++] = (struct chart_radar_series){
		    .label = words_fill(r, "benchmark.radar_label", fields, values, 1),
		    .values = means,
		    .dotted = true};
		struct str more = words_fill(r, "management.chart.group_desc", fields, values, 1);
		char *joined =
		    arena_printf(r->arena, "%.*s%.*s", (int)desc.n, desc.p, (int)more.n, more.p);
		if (!joined)
			return MM_ERR_NOMEM;
		desc = str_from(joined);
	}
	struct chart_radar_spec spec = {.id = "management-chart",
	                                .title = page_t(r, "management.chart.title"),
	                                .desc = desc,
	                                .max = MANAGEMENT_SCORE_MAX,
	                                .rings = MANAGEMENT_LEVEL_MAX,
	                                .series = series,
	                                .series_count = n};
	for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++)
		spec.axis_labels[d] = words_int(r, d + 1);
	struct buf svg;
	buf_init(&svg, r->arena, RESULT_SVG_MAX);
	e = chart_radar_svg(&svg, &spec);
	*out = buf_str(&svg);
	return e;
}

/* ---- the page --------------------------------------------------------------- */

static enum mm_err directives_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, ctx, "directives");
	if (!list)
		return MM_ERR_NOMEM;
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		struct val *dv = val_list_push_obj(a, list);
		struct val *qs = dv ? val_set_list(a, dv, "questions") : NULL;
		if (!qs || !val_set_long(a, dv, "number", d) ||
		    !val_set_str(a, dv, "title", management_directive(v->c, r->lang, d)->title) ||
		    !val_set_str(a, dv, "score",
		                 management_score_text(r, v->rec.scores.directive[d - 1])) ||
		    !val_set_str(a, dv, "previous",
		                 v->has_previous
		                     ? management_score_text(r, v->previous.scores.directive[d - 1])
		                     : STR("")))
			return MM_ERR_NOMEM;
		for (int k = 0; k < v->c->question_count[d - 1]; k++) {
			int n = v->c->questions_of[d - 1][k];
			const struct management_question_text *qt =
			    management_question(v->c, r->lang, n);
			enum management_answer ans = v->answers[n - 1];
			struct val *qv = val_list_push_obj(a, qs);
			if (!qv || !val_set_long(a, qv, "number", n) ||
			    !val_set_str(a, qv, "question", qt->question) ||
			    !val_set_str(a, qv, "answer", management_answer_label(r, ans)) ||
			    !val_set_str(a, qv, "answer_text",
			                 ans == MANAGEMENT_ANSWER_DONT_KNOW
			                     ? STR("")
			                     : qt->levels[core_management_answer_level(ans)]))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static enum mm_err gaps_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct arena *a = r->arena;
	int gaps[MANAGEMENT_GAPS];
	size_t n = core_management_gaps(v->rec.scores.directive, gaps);
	struct val *list = val_set_list(a, ctx, "gaps");
	if (!list || !val_set_bool(a, ctx, "has_gaps", n > 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		int d = gaps[i], score = v->rec.scores.directive[d - 1];
		int next = core_management_next_level(score);
		const struct management_directive_text *dt = management_directive(v->c, r->lang, d);
		const char *const names[] = {"score", "next"};
		const struct str values[] = {management_score_text(r, score), words_int(r, next)};
		struct val *gv = val_list_push_obj(a, list);
		if (!gv ||
		    !val_set_str(a, gv, "heading", management_directive_heading(r, v->c, d)) ||
		    !val_set_str(a, gv, "where",
		                 words_fill(r, "management.result.gap_where", names, values, 2)) ||
		    !val_set_str(a, gv, "takes", dt->next[next - 1]) ||
		    !val_set_str(a, gv, "why", dt->why))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* "Firms like yours": the group the benchmark rules allow, with each
 * directive's group average (pages/shared/benchmark_view.h). */
static enum mm_err benchmark_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct str names[MANAGEMENT_DIRECTIVES], section;
	struct benchmark_subject b = subject_of(r, v, names);
	enum mm_err e = benchmark_section(r, r->store, &b, &section);
	if (e)
		return e;
	return val_set_html(r->arena, ctx, "benchmark", section) ? MM_OK : MM_ERR_NOMEM;
}

/* ctx.weak_services: the services of the directives with the largest
 * gaps in the organisation's prefecture (pages/services/services_weak.h;
 * every prefecture for a result of no organisation). */
static enum mm_err weak_services_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	int gaps[MANAGEMENT_GAPS], prefecture;
	size_t n = core_management_gaps(v->rec.scores.directive, gaps);
	struct str html;
	enum mm_err e;
	if ((e = check_result_prefecture(r, r->store, v->rec.organisation_id, &prefecture)) ||
	    (e = services_weak_directives_html(r, gaps, n, prefecture, &html)))
		return e;
	return val_set_html(r->arena, ctx, "weak_services", html) ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err result_page(struct req *r, struct res *res, void *view)
{
	const struct result_view *v = view;
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct str svg;
	long long id = (long long)v->rec.id;
	char *csv = arena_printf(a, "/management/results/%lld.csv", id);
	char *json = arena_printf(a, "/management/results/%lld.json", id);
	char *pdf = arena_printf(a, "/management/results/%lld.pdf", id);
	char *taken = page_format_date(r, v->rec.taken_at);
	char *prev_url = arena_printf(a, "/management/results/%lld",
	                              (long long)(v->has_previous ? v->previous.id : 0));
	char *prev_date = v->has_previous ? page_format_date(r, v->previous.taken_at) : "";
	enum mm_err e;
	if (!ctx || !csv || !json || !pdf || !taken || !prev_url || !prev_date)
		return MM_ERR_NOMEM;
	if ((e = result_chart(r, v, &svg)) || (e = directives_ctx(r, ctx, v)) ||
	    (e = gaps_ctx(r, ctx, v)) || (e = benchmark_ctx(r, ctx, v)) ||
	    (e = weak_services_ctx(r, ctx, v)))
		return e;
	if (!val_set_html(a, ctx, "chart", svg) ||
	    !val_set_str(a, ctx, "overall", management_score_text(r, v->rec.scores.overall)) ||
	    !val_set_long(a, ctx, "dont_know", v->rec.scores.dont_know) ||
	    !val_set_bool(a, ctx, "has_dont_know", v->rec.scores.dont_know > 0) ||
	    !val_set_cstr(a, ctx, "taken", taken) ||
	    !val_set_str(a, ctx, "version", v->rec.version) ||
	    !val_set_cstr(a, ctx, "csv_url", csv) || !val_set_cstr(a, ctx, "json_url", json) ||
	    !val_set_cstr(a, ctx, "pdf_url", pdf) ||
	    !val_set_bool(a, ctx, "has_previous", v->has_previous) ||
	    !val_set_cstr(a, ctx, "previous_url", prev_url) ||
	    !val_set_cstr(a, ctx, "previous_date", prev_date) ||
	    !val_set_str(a, ctx, "previous_overall",
	                 management_score_text(r, v->previous.scores.overall)) ||
	    !val_set_bool(a, ctx, "as_supporter", v->as_supporter) ||
	    !val_set_bool(a, ctx, "anonymous", v->rec.organisation_id == 0) ||
	    !val_set_bool(a, ctx, "member", v->rec.organisation_id != 0 && !v->as_supporter))
		return MM_ERR_NOMEM;
	struct val *crumbs =
	    check_result_crumbs(r, &MANAGEMENT_CHECK, v->rec.organisation_id, v->as_supporter);
	if (!crumbs)
		return MM_ERR_NOMEM;
	return page_render(r, res, 200, "management_result", ctx,
	                   page_t(r, "management.result.title"), crumbs);
}

/* ---- downloads -------------------------------------------------------------- */

/* UTF-8 BOM, a header row, a row per directive (its score, the previous
 * one) and a row per question (its level, or "dont_know"). */
static enum mm_err result_csv(struct req *r, const void *view, struct str *out)
{
	const struct result_view *v = view;
	static const char *const headers[] = {"management.csv.directive", "management.csv.question",
	                                      "management.csv.text", "management.csv.answer",
	                                      "management.csv.score"};
	struct buf b;
	enum mm_err e;
	buf_init(&b, r->arena, RESULT_CSV_MAX);
	e = csv_export_head(r, &b, headers, 5);
	if (!e &&
	    ((e = buf_append_csv(&b, STR(""), false)) || (e = buf_append_csv(&b, STR(""), false)) ||
	     (e = buf_append_csv(&b, page_t(r, "management.csv.overall"), false)) ||
	     (e = buf_append_csv(&b, STR(""), false))))
		return e;
	if (!e)
		e = buf_append_csv(&b, management_score_text(r, v->rec.scores.overall), true);
	for (int d = 1; !e && d <= MANAGEMENT_DIRECTIVES; d++) {
		if ((e = buf_append_csv_int(&b, d, false)) ||
		    (e = buf_append_csv(&b, STR(""), false)) ||
		    (e = buf_append_csv(&b, management_directive(v->c, r->lang, d)->title,
		                        false)) ||
		    (e = buf_append_csv(&b, STR(""), false)) ||
		    (e = buf_append_csv(
		         &b, management_score_text(r, v->rec.scores.directive[d - 1]), true)))
			break;
		for (int k = 0; !e && k < v->c->question_count[d - 1]; k++) {
			int n = v->c->questions_of[d - 1][k];
			enum management_answer ans = v->answers[n - 1];
			if ((e = buf_append_csv_int(&b, d, false)) ||
			    (e = buf_append_csv_int(&b, n, false)) ||
			    (e = buf_append_csv(&b, management_question(v->c, r->lang, n)->question,
			                        false)) ||
			    (e = buf_append_csv(&b, str_from(core_management_answer_name(ans)),
			                        false)))
				break;
			e = buf_append_csv_int(&b, core_management_answer_level(ans), true);
		}
	}
	*out = buf_str(&b);
	return e;
}

/* A score in hundredths as a JSON number with two decimals (2.25). */
static json_t *jscore(int score)
{
	return json_real(score / 100.0);
}

/* The result's object: check_result_json_begin's fields, then the
 * overall score, the "don't know" answers, and each directive's score and
 * answers. Scores with two decimals: three significant digits at most
 * (5.00). */
static enum mm_err result_json(struct req *r, const void *view, struct str *out)
{
	const struct result_view *v = view;
	struct json_builder b = {false};
	json_t *root = check_result_json_begin(r, &MANAGEMENT_CHECK, &v->rec.head);
	json_builder_set(&b, root, "overall", jscore(v->rec.scores.overall));
	json_builder_set(&b, root, "max", json_integer(MANAGEMENT_LEVEL_MAX));
	json_builder_set(&b, root, "dont_know", json_integer(v->rec.scores.dont_know));
	json_t *dirs = json_builder_set_list(&b, root, "directives");
	for (int d = 1; dirs && d <= MANAGEMENT_DIRECTIVES; d++) {
		json_t *dv = json_builder_push_obj(&b, dirs);
		json_builder_set(&b, dv, "directive", json_integer(d));
		json_builder_set(&b, dv, "title",
		                 json_export_str(management_directive(v->c, r->lang, d)->title));
		json_builder_set(&b, dv, "score", jscore(v->rec.scores.directive[d - 1]));
		json_t *qs = json_builder_set_list(&b, dv, "questions");
		for (int k = 0; qs && k < v->c->question_count[d - 1]; k++) {
			int n = v->c->questions_of[d - 1][k];
			enum management_answer ans = v->answers[n - 1];
			const struct management_question_text *qt =
			    management_question(v->c, r->lang, n);
			json_builder_push(&b, qs,
			                  json_pack("{s:i, s:s%, s:s, s:i}", "question", n, "text",
			                            qt->question.p, qt->question.n, "answer",
			                            core_management_answer_name(ans), "level",
			                            core_management_answer_level(ans)));
		}
	}
	return check_result_json_text(r, root, &b, 3, out);
}

/* The board summary: overall score, the ten directives (with the previous
 * result), "don't know" answers and the three largest gaps. */
static enum mm_err result_pdf(struct req *r, const void *view, struct str *out)
{
	const struct result_view *v = view;
	struct pdf_block *b = arena_zalloc(r->arena, sizeof *b * 40);
	size_t n = 0;
	int gaps[MANAGEMENT_GAPS];
	size_t gap_count = core_management_gaps(v->rec.scores.directive, gaps);
	const char *const date_names[] = {"date", "version"};
	const struct str date_values[] = {str_from(page_format_date(r, v->rec.taken_at)),
	                                  v->rec.version};
	const char *const overall_names[] = {"score"};
	const struct str overall_values[] = {management_score_text(r, v->rec.scores.overall)};
	if (!b)
		return MM_ERR_NOMEM;
	struct str title = page_t(r, "management.pdf.title");
	b[n++] = (struct pdf_block){PDF_TITLE, title};
	b[n++] = (struct pdf_block){
	    PDF_RIGHT, words_fill(r, "management.pdf.taken", date_names, date_values, 2)};
	b[n++] = (struct pdf_block){
	    PDF_HEADING, words_fill(r, "management.pdf.overall", overall_names, overall_values, 1)};
	struct pdf_radar *radar = arena_zalloc(r->arena, sizeof *radar);
	if (!radar)
		return MM_ERR_NOMEM;
	*radar =
	    (struct pdf_radar){.max = MANAGEMENT_SCORE_MAX,
	                       .rings = MANAGEMENT_LEVEL_MAX,
	                       .series = {v->rec.scores.directive, v->previous.scores.directive},
	                       .series_count = v->has_previous ? 2 : 1};
	for (int d = 0; d < MANAGEMENT_DIRECTIVES; d++)
		radar->axis_labels[d] = words_int(r, d + 1);
	b[n++] = (struct pdf_block){PDF_RADAR, STR("")};
	b[n++] = (struct pdf_block){PDF_NOTE,
	                            page_t(r, v->has_previous ? "management.pdf.legend_previous"
	                                                      : "management.pdf.legend")};
	b[n++] = (struct pdf_block){PDF_HEADING, page_t(r, "management.pdf.directives")};
	struct buf lines; /* the ten directives, a line each, in one block */
	buf_init(&lines, r->arena, 8192);
	for (int d = 1; d <= MANAGEMENT_DIRECTIVES; d++) {
		const char *const names[] = {"heading", "score", "previous"};
		const struct str values[] = {
		    management_directive_heading(r, v->c, d),
		    management_score_text(r, v->rec.scores.directive[d - 1]),
		    v->has_previous ? management_score_text(r, v->previous.scores.directive[d - 1])
		                    : STR("")};
		if ((d > 1 && buf_append_char(&lines, '\n')) ||
		    buf_append_str(&lines, words_fill(r,
		                                      v->has_previous
		                                          ? "management.pdf.directive_with_previous"
		                                          : "management.pdf.directive",
		                                      names, values, 3)))
			return MM_ERR_NOMEM;
	}
	b[n++] = (struct pdf_block){PDF_PARAGRAPH, buf_str(&lines)};
	if (v->rec.scores.dont_know > 0) {
		const char *const names[] = {"count"};
		const struct str values[] = {words_int(r, v->rec.scores.dont_know)};
		b[n++] = (struct pdf_block){
		    PDF_NOTE, words_fill(r, "management.result.dont_know", names, values, 1)};
	}
	if (gap_count)
		b[n++] = (struct pdf_block){PDF_HEADING, page_t(r, "management.result.gaps")};
	for (size_t i = 0; i < gap_count; i++) {
		int d = gaps[i], score = v->rec.scores.directive[d - 1];
		int next = core_management_next_level(score);
		const char *const names[] = {"heading", "score", "next", "takes"};
		const struct str values[] = {
		    management_directive_heading(r, v->c, d), management_score_text(r, score),
		    words_int(r, next), management_directive(v->c, r->lang, d)->next[next - 1]};
		b[n++] = (struct pdf_block){PDF_PARAGRAPH,
		                            words_fill(r, "management.pdf.gap", names, values, 4)};
	}
	struct pdf_document doc = {.title = title,
	                           .lang = str_from(lang_code(r->lang)),
	                           .footer = page_t(r, "management.pdf.footer"),
	                           .blocks = b,
	                           .block_count = n};
	return pdf_render_radar(r->arena, &doc, radar, out);
}

static const struct check_download downloads[] = {
    {"csv", result_csv}, {"json", result_json}, {"pdf", result_pdf}};

static const struct check_result_pages result_pages = {
    .view_size = sizeof(struct result_view),
    .load = result_load,
    .prepare = result_prepare,
    .page = result_page,
    .downloads = downloads,
    .download_count = sizeof downloads / sizeof downloads[0],
};

static enum mm_err page_management_result(struct req *r, struct res *res)
{
	return check_result_serve(r, res, &MANAGEMENT_CHECK, &result_pages);
}

/* This file's routes, in dispatch order (see management_routes.c). */
const struct route_table management_result_routes =
    ROUTE_TABLE(ROUTE_GET("/management/results/{id}", page_management_result, RIGHT_PUBLIC));
