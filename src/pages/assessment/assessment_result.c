/*
 * assessment_result.c — one submitted self-assessment:
 * /assessment/results/{id} (the page), {id}.csv and {id}.json (downloads).
 *
 * The page shows the total and its band, the score of each part, the 25
 * items grouped by answer, advice for every item not done (in
 * core_assessment_advice_order), an SVG chart with the same numbers in
 * tables beside it, and what changed since the organisation's previous
 * result, and where it stands among similar organisations
 * (pages/shared/benchmark_view.h: made for every request, the rest of the
 * body cached). Wording comes from the version the result was taken on,
 * so an old result reads as it did when it was taken.
 *
 * Who may see it, and serving it and its downloads, are every check's
 * (pages/check/check_result.h): members of its organisation, supporters
 * the owner granted access to (read-only; their views are audited), and —
 * until it joins an organisation — the anonymous visitor whose cookie took
 * it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages/assessment/assessment_taker.h"
#include "pages/assessment/assessment_text.h"
#include "pages/check/check_result.h"
#include "pages/shared/benchmark_view.h"
#include "pages/shared/csv_export.h"
#include "pages/shared/json_export.h"
#include "pages/services/services_weak.h"
#include "store/org.h"
#include "view/chart.h"
#include "view/questionnaire.h"
#include "web/page.h"
#include "web/render_cache.h"
#include "web/router.h"

#define RESULT_SVG_MAX (64u * 1024)
#define RESULT_CSV_MAX (256u * 1024)
/* Where the result's template leaves room for the services of its weak
 * items, which change and so are never part of the cached body. */
#define RESULT_SERVICES_MARK "<!-- services for the weak items: added on each request -->"

/* A result as the page needs it: stored record, wording, answers, score.
 * result_load fills in the record's row; the answers and score come
 * after it, from the cached body's note when the page has one
 * (result_page), from the store otherwise (result_answers). */
struct result_view {
	struct assessment_result rec;
	const struct questionnaire *q;
	enum assessment_answer answers[ASSESSMENT_ITEM_COUNT];
	struct assessment_score score;
	bool as_supporter;
	bool supporter_edit; /* a supporter whose consent includes editing the policy */
};

/* Reads result id's row (not its answers). */
static enum mm_err result_load(struct req *r, int64_t id, void *view,
                               const struct check_result_head **head)
{
	struct result_view *v = view;
	*head = &v->rec.head;
	return store_assessment_result_row(r->store, r->arena, id, &v->rec);
}

/* Who sees it, and the wording of its version. */
static enum mm_err result_prepare(struct req *r, void *view, enum scope_role role)
{
	struct result_view *v = view;
	(void)r;
	v->as_supporter = check_role_is_supporter(role);
	v->supporter_edit = role == SCOPE_SUPPORTER_EDIT;
	v->q = questionnaire_find(v->rec.version);
	return v->q ? MM_OK : MM_ERR_NOT_FOUND; /* a stored version must stay loadable */
}

/* The view's answers and score, read from the store. */
static enum mm_err result_answers(struct req *r, void *view)
{
	struct result_view *v = view;
	enum mm_err e = store_check_result_answers(&STORE_ASSESSMENT_TABLES, r->store, r->arena,
	                                           v->rec.id, v->rec.answers);
	if (e)
		return e;
	core_assessment_answers_parse(v->rec.answers, v->answers);
	return core_assessment_score(v->answers, &v->score);
}

static struct str part_heading(struct req *r, const struct questionnaire *q, int part)
{
	const char *const names[] = {"part", "title"};
	const struct str values[] = {words_int(r, part),
	                             questionnaire_part(q, r->lang, part)->title};
	return words_fill(r, "assessment.part.heading", names, values, 2);
}

static struct str of_max(struct req *r, int score, int max)
{
	const char *const names[] = {"score", "max"};
	const struct str values[] = {words_int(r, score), words_int(r, max)};
	return words_fill(r, "assessment.result.of_max", names, values, 2);
}

/* ---- chart ----------------------------------------------------------------- */

static struct str chart_desc(struct req *r, const struct result_view *v)
{
	size_t counts[ANSWER_KINDS] = {0};
	struct buf parts;
	buf_init(&parts, r->arena, 4096);
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		counts[v->answers[i]]++;
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		const char *const names[] = {"part", "score", "max"};
		const struct str values[] = {words_int(r, p), words_int(r, v->score.part[p - 1]),
		                             words_int(r, v->score.part_max[p - 1])};
		if (buf_append_str(&parts,
		                   words_fill(r, "assessment.chart.part_desc", names, values, 3)))
			return STR("");
	}
	const char *const names[] = {"total", "parts", "done", "partly", "not_done", "dont_know"};
	const struct str values[] = {words_int(r, v->score.total),
	                             buf_str(&parts),
	                             words_int(r, (long)counts[ANSWER_DONE]),
	                             words_int(r, (long)counts[ANSWER_PARTLY]),
	                             words_int(r, (long)counts[ANSWER_NOT_DONE]),
	                             words_int(r, (long)counts[ANSWER_DONT_KNOW])};
	return words_fill(r, "assessment.chart.desc", names, values, 6);
}

static enum mm_err result_chart(struct req *r, const struct result_view *v, struct str *out)
{
	struct chart_bar bars[ASSESSMENT_PART_COUNT];
	struct chart_cell cells[ASSESSMENT_ITEM_COUNT];
	struct chart_cell_group groups[ASSESSMENT_PART_COUNT];
	struct chart_result_spec spec = {.id = "result-chart",
	                                 .title = page_t(r, "assessment.chart.title"),
	                                 .desc = chart_desc(r, v),
	                                 .bars = bars,
	                                 .bar_count = ASSESSMENT_PART_COUNT,
	                                 .cells = cells,
	                                 .cell_count = ASSESSMENT_ITEM_COUNT,
	                                 .groups = groups,
	                                 .group_count = ASSESSMENT_PART_COUNT};
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		const char *const names[] = {"part"};
		const struct str values[] = {words_int(r, p)};
		bars[p - 1] =
		    (struct chart_bar){part_heading(r, v->q, p),
		                       of_max(r, v->score.part[p - 1], v->score.part_max[p - 1]),
		                       v->score.part[p - 1], v->score.part_max[p - 1]};
		groups[p - 1] = (struct chart_cell_group){
		    words_fill(r, "assessment.chart.items_of_part", names, values, 1),
		    (size_t)core_assessment_part_first_item(p) - 1,
		    (size_t)core_assessment_part_item_count(p)};
	}
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		cells[i] = (struct chart_cell){words_int(r, i + 1), (int)v->answers[i]};
	for (int k = ANSWER_DONE; k <= ANSWER_DONT_KNOW; k++)
		spec.legend[k] = assessment_answer_label(r, (enum assessment_answer)k);
	struct buf b;
	buf_init(&b, r->arena, RESULT_SVG_MAX);
	enum mm_err e = chart_result_svg(&b, &spec);
	*out = buf_str(&b);
	return e;
}

/* ---- the page --------------------------------------------------------------- */

static enum mm_err parts_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct arena *a = r->arena;
	struct val *parts = val_set_list(a, ctx, "parts");
	if (!parts)
		return MM_ERR_NOMEM;
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		struct val *pv = val_list_push_obj(a, parts);
		if (!pv || !val_set_str(a, pv, "heading", part_heading(r, v->q, p)) ||
		    !val_set_long(a, pv, "score", v->score.part[p - 1]) ||
		    !val_set_long(a, pv, "max", v->score.part_max[p - 1]))
			return MM_ERR_NOMEM;
	}
	struct val *items = val_set_list(a, ctx, "items");
	for (int i = 1; items && i <= ASSESSMENT_ITEM_COUNT; i++) {
		struct val *iv = val_list_push_obj(a, items);
		if (!iv || !val_set_long(a, iv, "number", i) ||
		    !val_set_long(a, iv, "part", core_assessment_part_of(i)) ||
		    !val_set_str(a, iv, "answer", assessment_answer_label(r, v->answers[i - 1])) ||
		    !val_set_long(a, iv, "points", core_assessment_points(v->answers[i - 1])))
			return MM_ERR_NOMEM;
	}
	return items ? MM_OK : MM_ERR_NOMEM;
}

/* The 25 items grouped by answer: done, partly, not done, don't know. */
static enum mm_err groups_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct arena *a = r->arena;
	struct val *groups = val_set_list(a, ctx, "groups");
	if (!groups)
		return MM_ERR_NOMEM;
	for (int k = ANSWER_DONE; k <= ANSWER_DONT_KNOW; k++) {
		struct val *g = val_list_push_obj(a, groups);
		struct val *items = g ? val_set_list(a, g, "items") : NULL;
		char *id = arena_printf(a, "group-%s",
		                        core_assessment_answer_name((enum assessment_answer)k));
		if (!items || !id || !val_set_cstr(a, g, "id", id) ||
		    !val_set_str(a, g, "heading",
		                 assessment_answer_label(r, (enum assessment_answer)k)))
			return MM_ERR_NOMEM;
		for (int i = 1; i <= ASSESSMENT_ITEM_COUNT; i++) {
			if ((int)v->answers[i - 1] != k)
				continue;
			struct val *iv = val_list_push_obj(a, items);
			if (!iv || !val_set_long(a, iv, "number", i) ||
			    !val_set_str(a, iv, "question",
			                 questionnaire_item(v->q, r->lang, i)->question))
				return MM_ERR_NOMEM;
		}
		if (!val_set_long(a, g, "count", (long)items->n) ||
		    !val_set_bool(a, g, "has_items", items->n > 0))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

static enum mm_err advice_ctx(struct req *r, struct val *ctx, const struct result_view *v)
{
	struct arena *a = r->arena;
	int order[ASSESSMENT_ITEM_COUNT];
	size_t n = core_assessment_advice_order(v->answers, order);
	struct val *list = val_set_list(a, ctx, "advice");
	if (!list || !val_set_bool(a, ctx, "has_advice", n > 0))
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct questionnaire_item *it = questionnaire_item(v->q, r->lang, order[i]);
		enum assessment_answer ans = v->answers[order[i] - 1];
		const struct questionnaire_advice *adv = questionnaire_advice(it, ans);
		struct val *av = val_list_push_obj(a, list);
		struct val *steps = av ? val_set_list(a, av, "steps") : NULL;
		if (!steps || !adv || !val_set_long(a, av, "number", it->number) ||
		    !val_set_str(a, av, "question", it->question) ||
		    !val_set_str(a, av, "answer", assessment_answer_label(r, ans)) ||
		    !val_set_cstr(a, av, "answer_name", core_assessment_answer_name(ans)) ||
		    !val_set_str(a, av, "find_out", adv->find_out) ||
		    !val_set_bool(a, av, "has_find_out", adv->find_out.n > 0))
			return MM_ERR_NOMEM;
		for (size_t k = 0; k < adv->step_count; k++) {
			struct val *sv = val_list_push_obj(a, steps);
			if (!sv || !val_set_str(a, sv, "text", adv->steps[k]))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static enum mm_err change_items(struct req *r, struct val *cv, const char *name,
                                const struct assessment_comparison *c, enum item_change which,
                                const struct result_view *v, const struct result_view *before)
{
	struct arena *a = r->arena;
	struct val *list = val_set_list(a, cv, name);
	if (!list)
		return MM_ERR_NOMEM;
	for (int i = 1; i <= ASSESSMENT_ITEM_COUNT; i++) {
		if (c->item[i - 1] != which)
			continue;
		struct val *iv = val_list_push_obj(a, list);
		if (!iv || !val_set_long(a, iv, "number", i) ||
		    !val_set_str(a, iv, "question",
		                 questionnaire_item(v->q, r->lang, i)->question) ||
		    !val_set_str(a, iv, "from",
		                 assessment_answer_label(r, before->answers[i - 1])) ||
		    !val_set_str(a, iv, "to", assessment_answer_label(r, v->answers[i - 1])))
			return MM_ERR_NOMEM;
	}
	return MM_OK;
}

/* What changed since the organisation's previous result, if there is one. */
static enum mm_err comparison_ctx(struct req *r, struct store *s, struct val *ctx,
                                  const struct result_view *v)
{
	struct arena *a = r->arena;
	struct result_view *before = arena_zalloc(a, sizeof *before);
	struct assessment_comparison c;
	int64_t prev_id = 0;
	enum mm_err e = MM_ERR_NOT_FOUND;
	if (!before)
		return MM_ERR_NOMEM;
	if (v->rec.organisation_id)
		e = store_check_result_previous(&STORE_ASSESSMENT_TABLES, s, v->rec.organisation_id,
		                                v->rec.id, &prev_id);
	if (e && e != MM_ERR_NOT_FOUND)
		return e;
	if (!val_set_bool(a, ctx, "has_previous", e == MM_OK))
		return MM_ERR_NOMEM;
	if (e == MM_ERR_NOT_FOUND)
		return MM_OK;
	if ((e = store_assessment_result_get(s, a, prev_id, &before->rec)))
		return e;
	core_assessment_answers_parse(before->rec.answers, before->answers);
	if ((e = core_assessment_compare(before->answers, v->answers, &c)))
		return e;
	struct val *cv = val_set_obj(a, ctx, "previous");
	struct val *parts = cv ? val_set_list(a, cv, "parts") : NULL;
	char *url = arena_printf(a, "/assessment/results/%lld", (long long)prev_id);
	char *date = page_format_date(r, before->rec.taken_at);
	if (!parts || !url || !date || !val_set_cstr(a, cv, "url", url) ||
	    !val_set_cstr(a, cv, "date", date) ||
	    !val_set_long(a, cv, "total", before->rec.total) ||
	    !val_set_str(a, cv, "total_change", assessment_signed(r, c.total_change)) ||
	    !val_set_long(a, cv, "improved_count", c.improved) ||
	    !val_set_long(a, cv, "worsened_count", c.worsened) ||
	    !val_set_bool(a, cv, "has_improved", c.improved > 0) ||
	    !val_set_bool(a, cv, "has_worsened", c.worsened > 0))
		return MM_ERR_NOMEM;
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		struct val *pv = val_list_push_obj(a, parts);
		if (!pv || !val_set_str(a, pv, "heading", part_heading(r, v->q, p)) ||
		    !val_set_long(a, pv, "before", before->rec.part[p - 1]) ||
		    !val_set_long(a, pv, "after", v->score.part[p - 1]) ||
		    !val_set_str(a, pv, "change", assessment_signed(r, c.part_change[p - 1])))
			return MM_ERR_NOMEM;
	}
	if ((e = change_items(r, cv, "improved", &c, ITEM_IMPROVED, v, before)) ||
	    (e = change_items(r, cv, "worsened", &c, ITEM_WORSENED, v, before)))
		return e;
	return MM_OK;
}

/* Where the body's "firms like yours" goes: the marker the template
 * leaves after the chart. The section is made for every request, never
 * cached with the body, because the other organisations' results move the
 * figures while the result itself never changes. */
#define BENCHMARK_MARKER "<!--benchmark-->"

/* The "firms like yours" section, for BENCHMARK_MARKER. */
static enum mm_err benchmark_html(struct req *r, struct store *s, const struct result_view *v,
                                  struct str *section)
{
	struct str names[ASSESSMENT_PART_COUNT];
	int parts[ASSESSMENT_PART_COUNT];
	for (int p = 1; p <= ASSESSMENT_PART_COUNT; p++) {
		names[p - 1] = part_heading(r, v->q, p);
		parts[p - 1] = v->score.part[p - 1];
	}
	struct benchmark_subject b = {.kind = BENCHMARK_ASSESSMENT,
	                              .result_id = v->rec.organisation_id ? v->rec.id : 0,
	                              .version = v->rec.version,
	                              .total = v->score.total,
	                              .measures = parts,
	                              .names = names,
	                              .measure_count = ASSESSMENT_PART_COUNT,
	                              .id = "benchmark"};
	return benchmark_section(r, s, &b, section);
}

/* The services of the weak items (pages/services/services_weak.h), for
 * RESULT_SERVICES_MARK, in the firm's prefecture (every prefecture for a
 * result of no organisation). */
static enum mm_err weak_services_html(struct req *r, struct store *s, const struct result_view *v,
                                      struct str *html)
{
	int prefecture;
	enum mm_err e = check_result_prefecture(r, s, v->rec.organisation_id, &prefecture);
	return e ? e : services_weak_items_html(r, v->answers, prefecture, html);
}

/* Where the body's sections go: cuts[0] just after BENCHMARK_MARKER,
 * cuts[1] at RESULT_SERVICES_MARK (0: none). Found once, when the body is
 * rendered, and kept with it in the render cache. MM_ERR_INVALID when the
 * template lost its benchmark marker. */
static enum mm_err find_cuts(struct str body, size_t cuts[RENDER_CACHE_CUTS])
{
	const char *end = body.p + body.n;
	const char *bench = memmem(body.p, body.n, BENCHMARK_MARKER, strlen(BENCHMARK_MARKER));
	if (!bench)
		return MM_ERR_INVALID;
	const char *after = bench + strlen(BENCHMARK_MARKER);
	const char *services = memmem(after, (size_t)(end - after), RESULT_SERVICES_MARK,
	                              strlen(RESULT_SERVICES_MARK));
	cuts[0] = (size_t)(after - body.p);
	cuts[1] = services ? (size_t)(services - body.p) : 0;
	return MM_OK;
}

/* The answers kept beside the cached body, one byte each (their enum
 * value plus one: a note of zeros holds none), so that a hit needs only
 * the result's row: the sections made per request need the score and the
 * items not done. */
_Static_assert(ASSESSMENT_ITEM_COUNT <= RENDER_CACHE_NOTE_MAX, "answers fit in the note");

static void answers_note(const struct result_view *v, struct render_cache_aside *aside)
{
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++)
		aside->note[i] = (unsigned char)(v->answers[i] + 1);
}

/* False when the note does not hold answers (a body kept without them). */
static bool answers_from_note(struct result_view *v, const struct render_cache_aside *aside)
{
	for (int i = 0; i < ASSESSMENT_ITEM_COUNT; i++) {
		if (aside->note[i] < 1 || aside->note[i] > ANSWER_KINDS)
			return false;
		v->answers[i] = (enum assessment_answer)(aside->note[i] - 1);
	}
	return true;
}

/* The page's body as pieces for the layout: the body cut at its places
 * (find_cuts), with the benchmark section after its marker and the weak
 * items' services before theirs (which stays: the print stylesheet and
 * the tests find the place by it). */
#define RESULT_PIECES 5
static enum mm_err with_sections(struct req *r, struct store *s, const struct result_view *v,
                                 struct str body, const size_t cuts[RENDER_CACHE_CUTS],
                                 struct str pieces[RESULT_PIECES], size_t *n)
{
	enum mm_err e;
	const char *after = body.p + cuts[0], *end = body.p + body.n;
	*n = 0;
	pieces[(*n)++] = (struct str){body.p, cuts[0]};
	if ((e = benchmark_html(r, s, v, &pieces[(*n)++])))
		return e;
	if (!cuts[1]) {
		pieces[(*n)++] = (struct str){after, (size_t)(end - after)};
		return MM_OK;
	}
	const char *services = body.p + cuts[1];
	pieces[(*n)++] = (struct str){after, (size_t)(services - after)};
	if ((e = weak_services_html(r, s, v, &pieces[(*n)++])))
		return e;
	pieces[(*n)++] = (struct str){services, (size_t)(end - services)};
	return MM_OK;
}

/* The result body (everything inside the layout): rendered once per
 * result (id and submit token), language and kind of viewer, then served
 * from the cache — a submitted result and the one before it never change. */
static enum mm_err result_body(struct req *r, struct store *s, const struct result_view *v,
                               struct str *body);

static enum mm_err result_page(struct req *r, struct res *res, struct store *s,
                               struct result_view *v)
{
	char key[RENDER_CACHE_KEY_MAX];
	struct render_cache_aside aside = {0};
	struct str body;
	enum mm_err e;
	/* The key names the result by its random submit token as well as its
	 * id: an id can come back after its row was deleted (an old database
	 * whose ids were reused, a row put back by hand), a token never does. */
	int n = snprintf(key, sizeof key, "assessment-result:%lld:%.*s:%s:%c", (long long)v->rec.id,
	                 (int)v->rec.submit_token.n, v->rec.submit_token.p, lang_code(r->lang),
	                 v->supporter_edit        ? 'e'
	                 : v->as_supporter        ? 's'
	                 : v->rec.organisation_id ? 'm'
	                                          : 'a');
	bool cacheable = n > 0 && (size_t)n < sizeof key && v->rec.submit_token.n > 0;
	if (cacheable && render_cache_get_aside(r->arena, key, &body, &aside) &&
	    answers_from_note(v, &aside)) {
		if ((e = core_assessment_score(v->answers, &v->score)))
			return e;
	} else {
		/* NOT_FOUND: deleted since result_load read its row */
		if ((e = result_answers(r, v)) == MM_ERR_NOT_FOUND) {
			page_error(r, res, 404);
			return MM_OK;
		}
		if (e || (e = result_body(r, s, v, &body)) || (e = find_cuts(body, aside.cuts)))
			return e;
		answers_note(v, &aside);
		if (cacheable)
			render_cache_put_aside(key, body, &aside);
	}
	struct str pieces[RESULT_PIECES];
	size_t n_pieces;
	if ((e = with_sections(r, s, v, body, aside.cuts, pieces, &n_pieces)))
		return e;
	struct val *crumbs =
	    check_result_crumbs(r, &ASSESSMENT_CHECK, v->rec.organisation_id, v->as_supporter);
	if (!crumbs)
		return MM_ERR_NOMEM;
	return page_layout_pieces(r, res, 200, pieces, n_pieces,
	                          page_t(r, "assessment.result.title"), crumbs);
}

static enum mm_err result_body(struct req *r, struct store *s, const struct result_view *v,
                               struct str *body)
{
	struct arena *a = r->arena;
	struct val *ctx = val_obj(a);
	struct str svg;
	char *csv = arena_printf(a, "/assessment/results/%lld.csv", (long long)v->rec.id);
	char *json = arena_printf(a, "/assessment/results/%lld.json", (long long)v->rec.id);
	char *taken = page_format_date(r, v->rec.taken_at);
	enum mm_err e;
	if (!ctx || !csv || !json || !taken)
		return MM_ERR_NOMEM;
	if ((e = result_chart(r, v, &svg)) || (e = parts_ctx(r, ctx, v)) ||
	    (e = groups_ctx(r, ctx, v)) || (e = advice_ctx(r, ctx, v)) ||
	    (e = comparison_ctx(r, s, ctx, v)))
		return e;
	if (!val_set_html(a, ctx, "chart", svg) || !val_set_long(a, ctx, "total", v->score.total) ||
	    !val_set_long(a, ctx, "max", ASSESSMENT_MAX_TOTAL) ||
	    !val_set_cstr(a, ctx, "band", core_assessment_band_name(v->score.band)) ||
	    !val_set_str(a, ctx, "band_title", assessment_band_text(r, v->score.band, "title")) ||
	    !val_set_str(a, ctx, "band_text", assessment_band_text(r, v->score.band, "text")) ||
	    !val_set_cstr(a, ctx, "taken", taken) ||
	    !val_set_str(a, ctx, "version", v->rec.version) ||
	    !val_set_cstr(a, ctx, "csv_url", csv) || !val_set_cstr(a, ctx, "json_url", json) ||
	    !val_set_bool(a, ctx, "as_supporter", v->as_supporter) ||
	    !val_set_bool(a, ctx, "supporter_edit", v->supporter_edit) ||
	    !val_set_bool(a, ctx, "anonymous", v->rec.organisation_id == 0) ||
	    !val_set_bool(a, ctx, "member", v->rec.organisation_id != 0 && !v->as_supporter))
		return MM_ERR_NOMEM;
	return page_render_body(r, "assessment_result", ctx, body);
}

/* ---- downloads -------------------------------------------------------------- */

/* UTF-8 BOM, a header row, one row per item: item, part, question,
 * answer, points. */
static enum mm_err result_csv(struct req *r, const void *view, struct str *out)
{
	const struct result_view *v = view;
	static const char *const headers[] = {"assessment.csv.item", "assessment.csv.part",
	                                      "assessment.csv.question", "assessment.csv.answer",
	                                      "assessment.csv.points"};
	struct buf b;
	enum mm_err e;
	buf_init(&b, r->arena, RESULT_CSV_MAX);
	e = csv_export_head(r, &b, headers, 5);
	for (int i = 1; !e && i <= ASSESSMENT_ITEM_COUNT; i++) {
		enum assessment_answer ans = v->answers[i - 1];
		if ((e = buf_append_csv_int(&b, i, false)) ||
		    (e = buf_append_csv_int(&b, core_assessment_part_of(i), false)) ||
		    (e = buf_append_csv(&b, questionnaire_item(v->q, r->lang, i)->question,
		                        false)) ||
		    (e = buf_append_csv(&b, assessment_answer_label(r, ans), false)))
			break;
		e = buf_append_csv_int(&b, core_assessment_points(ans), true);
	}
	*out = buf_str(&b);
	return e;
}

/* The result's object: check_result_json_begin's fields, then the total,
 * its band, the parts' scores and the items' answers. */
static enum mm_err result_json(struct req *r, const void *view, struct str *out)
{
	const struct result_view *v = view;
	struct json_builder b = {false};
	json_t *root = check_result_json_begin(r, &ASSESSMENT_CHECK, &v->rec.head);
	json_builder_set(&b, root, "total", json_integer(v->score.total));
	json_builder_set(&b, root, "max", json_integer(ASSESSMENT_MAX_TOTAL));
	json_builder_set(&b, root, "band", json_string(core_assessment_band_name(v->score.band)));
	json_t *parts = json_builder_set_list(&b, root, "parts");
	for (int p = 1; parts && p <= ASSESSMENT_PART_COUNT; p++) {
		struct str title = questionnaire_part(v->q, r->lang, p)->title;
		json_builder_push(&b, parts,
		                  json_pack("{s:i, s:s%, s:i, s:i}", "part", p, "title", title.p,
		                            title.n, "score", v->score.part[p - 1], "max",
		                            v->score.part_max[p - 1]));
	}
	json_t *items = json_builder_set_list(&b, root, "items");
	for (int i = 1; items && i <= ASSESSMENT_ITEM_COUNT; i++) {
		enum assessment_answer ans = v->answers[i - 1];
		const struct questionnaire_item *it = questionnaire_item(v->q, r->lang, i);
		json_builder_push(&b, items,
		                  json_pack("{s:i, s:i, s:s%, s:s, s:i}", "item", i, "part",
		                            core_assessment_part_of(i), "question", it->question.p,
		                            it->question.n, "answer",
		                            core_assessment_answer_name(ans), "points",
		                            core_assessment_points(ans)));
	}
	return check_result_json_text(r, root, &b, 0, out);
}

static enum mm_err result_page_of(struct req *r, struct res *res, void *view)
{
	return result_page(r, res, r->store, view);
}

static const struct check_download downloads[] = {{"csv", result_csv}, {"json", result_json}};

static const struct check_result_pages result_pages = {
    .view_size = sizeof(struct result_view),
    .load = result_load,
    .prepare = result_prepare,
    .complete = result_answers,
    .page = result_page_of,
    .downloads = downloads,
    .download_count = sizeof downloads / sizeof downloads[0],
};

static enum mm_err page_assessment_result(struct req *r, struct res *res)
{
	return check_result_serve(r, res, &ASSESSMENT_CHECK, &result_pages);
}

/* This file's routes, in dispatch order (see assessment_routes.c). */
const struct route_table assessment_result_routes =
    ROUTE_TABLE(ROUTE_GET("/assessment/results/{id}", page_assessment_result, RIGHT_PUBLIC));
