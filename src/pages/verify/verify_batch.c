/*
 * verify_batch.c — "/verify/batch", the page for office staff: upload a
 * CSV of declaration IDs (and corporate numbers), get one result per line
 * on screen or as a CSV download (the button pressed chooses). A line that
 * cannot be read is reported by its line number; every other line is
 * still checked. Reads only.
 *
 * The file is read by batch_csv.h.
 */
#include <stdio.h>
#include <string.h>

#include "lib/civil.h"
#include "lib/multipart.h"
#include "lib/utf8.h"
#include "view/i18n.h"
#include "web/page.h"
#include "pages/verify/batch_csv.h"
#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "pages/verify/verify_view.h"
#include "web/webform.h"
#include "web/router.h"

#define BATCH_CSV_MAX (16u * 1024 * 1024) /* the answer as CSV */

static const char *const problem_keys[] = {
    [BATCH_ROW_MALFORMED] = "verify.batch.reason.malformed",
    [BATCH_ROW_CORPORATE_NUMBER] = "verify.batch.reason.corporate_number",
    [BATCH_ROW_COLUMNS] = "verify.batch.reason.columns",
    [BATCH_ROW_ENCODING] = "verify.batch.reason.encoding",
};

static enum mm_err check_rows(struct req *r, struct batch_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (rows[i].problem)
			continue;
		struct str raw = rows[i].id;
		enum mm_err e =
		    verify_lookup(r, raw, false, &rows[i].id, &rows[i].outcome, &rows[i].v);
		if (e)
			return e;
	}
	return MM_OK;
}

/* "yes", "no" or "" (no number given, or nothing found to compare with). */
static const char *match_code(const struct batch_row *row)
{
	if (row->problem || !row->number.n || row->outcome != VERIFY_FOUND)
		return "";
	return str_eq(row->number, row->v.corporate_number) ? "yes" : "no";
}

/* What the line means for the office: "valid" only for an active
 * declaration whose corporate number (when given) matches; "mismatch" for
 * any declaration of another corporate number; else the declaration's
 * status or why nothing was found ("unreadable" for a line not read). */
static const char *result_code(const struct batch_row *row)
{
	if (row->problem)
		return "unreadable";
	if (match_code(row)[0] == 'n')
		return "mismatch";
	if (row->outcome == VERIFY_FOUND && row->v.status == VERIFICATION_ACTIVE)
		return "valid";
	return verify_outcome_code(row->outcome, &row->v);
}

static bool row_found(const struct batch_row *row)
{
	return !row->problem && row->outcome == VERIFY_FOUND;
}

static bool row_ended(const struct batch_row *row)
{
	return row_found(row) && row->v.status != VERIFICATION_ACTIVE;
}

/* A word of the CSV in the page's language: "verify.batch.csv.PART.CODE"
 * ("" for an empty code). */
static struct str csv_word(struct req *r, const char *part, const char *code)
{
	if (!code[0])
		return STR("");
	char key[80];
	int n = snprintf(key, sizeof key, "verify.batch.csv.%s.%s", part, code);
	return n > 0 && (size_t)n < sizeof key ? page_t(r, key) : STR("");
}

static const char *const csv_columns[] = {
    "line",     "id",     "result",           "status",
    "level",    "name",   "corporate_number", "corporate_number_matches",
    "ended_on", "problem"};
#define CSV_COLUMNS (sizeof csv_columns / sizeof csv_columns[0])

static enum mm_err csv_heading(struct req *r, struct buf *b)
{
	enum mm_err e = buf_append_cstr(b, "\xef\xbb\xbf");
	for (size_t i = 0; i < CSV_COLUMNS && !e; i++)
		e = buf_append_csv(b, csv_word(r, "column", csv_columns[i]), i + 1 == CSV_COLUMNS);
	return e;
}

static enum mm_err csv_row(struct req *r, struct buf *b, const struct batch_row *row)
{
	bool found = row_found(row), ended = row_ended(row);
	char line[24], level[4];
	snprintf(line, sizeof line, "%zu", row->line);
	snprintf(level, sizeof level, "%d", found ? row->v.level : 0);
	const char *ended_on = ended ? civil_japan_date(r->arena, row->v.ended_at) : "";
	struct str fields[CSV_COLUMNS] = {
	    str_from(line),
	    row->problem ? STR("") : row->id,
	    csv_word(r, "result", result_code(row)),
	    csv_word(r, "status", found ? verify_status_code(row->v.status) : ""),
	    found ? str_from(level) : STR(""),
	    found ? row->v.name : STR(""),
	    row->number,
	    csv_word(r, "match", match_code(row)),
	    str_from(ended_on ? ended_on : ""),
	    row->problem ? page_t(r, problem_keys[row->problem]) : STR(""),
	};
	if (!ended_on)
		return MM_ERR_NOMEM;
	enum mm_err e = MM_OK;
	for (size_t i = 0; i < CSV_COLUMNS && !e; i++)
		e = buf_append_csv(b, fields[i], i + 1 == CSV_COLUMNS);
	return e;
}

/* The results as a CSV file in the page's language: headings and words
 * from the catalogue (verify.batch.csv.*), numbers and dates (ISO 8601,
 * Japan's calendar day) as they are. */
static enum mm_err answer_csv(struct req *r, struct res *res, const struct batch_row *rows,
                              size_t n)
{
	struct buf b;
	buf_init(&b, r->arena, BATCH_CSV_MAX);
	enum mm_err e = csv_heading(r, &b);
	for (size_t i = 0; i < n && !e; i++)
		e = csv_row(r, &b, &rows[i]);
	if (e)
		return e;
	res->status = 200;
	res->content_type = STR("text/csv; charset=utf-8");
	res->body = buf_str(&b);
	res->compressible = true;
	return res_header(r, res, "Content-Disposition",
	                  STR("attachment; filename=\"verification-results.csv\""));
}

static char *count_text(struct req *r, size_t n)
{
	return arena_printf(r->arena, "%zu", n);
}

/* One unreadable line, for the list of them. */
static enum mm_err bad_row(struct req *r, struct val *o, const struct batch_row *row, char *line)
{
	const char *names[] = {"line", "reason"};
	struct str values[] = {str_from(line), page_t(r, problem_keys[row->problem])};
	char *text = i18n_fill(r->arena, r->lang, "verify.batch.bad.item", names, values, 2);
	return text && val_set_cstr(r->arena, o, "text", text) ? MM_OK : MM_ERR_NOMEM;
}

/* The result cell: the outcome in words, with the day for a withdrawn or
 * revoked declaration. */
static struct str outcome_text(struct req *r, const struct batch_row *row, const char *code)
{
	char key[64];
	snprintf(key, sizeof key, "verify.batch.outcome.%s", code);
	struct str outcome = page_t(r, key);
	if (!row_ended(row))
		return outcome;
	const char *names[] = {"outcome", "date"};
	struct str values[] = {outcome, str_from(page_format_date(r, row->v.ended_at))};
	char *text = i18n_fill(r->arena, r->lang, "verify.batch.outcome.ended", names, values, 2);
	return text ? str_from(text) : STR_NULL;
}

static enum mm_err set_results(struct req *r, struct val *ctx, const struct batch_row *rows,
                               size_t n)
{
	struct arena *a = r->arena;
	struct val *results = val_set_list(a, ctx, "results"),
	           *bad = val_set_list(a, ctx, "bad_rows");
	size_t valid = 0, mismatch = 0, other = 0, unreadable = 0;
	if (!results || !bad)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct batch_row *row = &rows[i];
		char *line = count_text(r, row->line);
		struct val *o = val_list_push_obj(a, row->problem ? bad : results);
		enum mm_err e;
		if (!o || !line)
			return MM_ERR_NOMEM;
		if (row->problem) {
			unreadable++;
			if ((e = bad_row(r, o, row, line)))
				return e;
			continue;
		}
		bool found = row_found(row);
		const char *code = result_code(row), *match = match_code(row);
		bool ok = !strcmp(code, "valid");
		valid += ok;
		mismatch += !strcmp(code, "mismatch");
		char match_key[64];
		snprintf(match_key, sizeof match_key, "verify.batch.match.%s",
		         match[0] ? match : "none");
		struct str outcome = outcome_text(r, row, code);
		char *url = arena_printf(a, "/verify/%.*s", (int)row->id.n, row->id.p);
		if (!url || !outcome.p || !val_set_cstr(a, o, "line", line) ||
		    !val_set_str(a, o, "id", row->id) || !val_set_bool(a, o, "found", found) ||
		    !val_set_cstr(a, o, "url", url) || !val_set_bool(a, o, "ok", ok) ||
		    !val_set_cstr(a, o, "code", code) ||
		    !val_set_bool(a, o, "mismatch", match[0] == 'n') ||
		    !val_set_str(a, o, "outcome", outcome) ||
		    !val_set_str(a, o, "level",
		                 found ? verify_view_numbered(r, "verify.level", row->v.level)
		                       : STR("")) ||
		    !val_set_str(a, o, "name", found ? row->v.name : STR("")) ||
		    !val_set_str(a, o, "match", page_t(r, match_key)))
			return MM_ERR_NOMEM;
	}
	other = n - unreadable - valid - mismatch;
	const char *names[] = {"total", "active", "mismatch", "other", "bad"};
	struct str values[] = {str_from(count_text(r, n)), str_from(count_text(r, valid)),
	                       str_from(count_text(r, mismatch)), str_from(count_text(r, other)),
	                       str_from(count_text(r, unreadable))};
	char *summary = i18n_fill(a, r->lang, "verify.batch.results.summary", names, values, 5);
	if (!summary || !val_set_cstr(a, ctx, "summary", summary) ||
	    !val_set_bool(a, ctx, "has_results", true) ||
	    !val_set_bool(a, ctx, "has_bad_rows", unreadable > 0))
		return MM_ERR_NOMEM;
	return MM_OK;
}

static enum mm_err render(struct req *r, struct res *res, int status, struct val *ctx)
{
	struct val *crumbs = page_crumbs(r);
	char *rows = count_text(r, BATCH_MAX_ROWS);
	const char *names[] = {"rows"};
	struct str values[] = {str_from(rows)};
	char *label =
	    rows ? i18n_fill(r->arena, r->lang, "verify.batch.field.file", names, values, 1) : NULL;
	if (!crumbs || !label || page_crumb(r, crumbs, page_t(r, "verify.title"), "/verify") ||
	    page_crumb(r, crumbs, page_t(r, "verify.batch.title"), NULL) ||
	    !val_set_cstr(r->arena, ctx, "file_label", label))
		return MM_ERR_NOMEM;
	if (!val_get(ctx, STR("has_results")) &&
	    (!val_set_bool(r->arena, ctx, "has_results", false) ||
	     !val_set_bool(r->arena, ctx, "has_bad_rows", false) ||
	     !val_set_list(r->arena, ctx, "results") || !val_set_list(r->arena, ctx, "bad_rows") ||
	     !val_set_cstr(r->arena, ctx, "summary", "")))
		return MM_ERR_NOMEM;
	return page_render(r, res, status, "verify_batch", ctx, page_t(r, "verify.batch.title"),
	                   crumbs);
}

static enum mm_err page_verify_batch(struct req *r, struct res *res)
{
	struct webform f;
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = webform_init(&f, r, res, ctx)) || (e = webform_blank(&f, "file", NULL)))
		return e;
	return render(r, res, 200, ctx);
}

static enum mm_err page_verify_batch_post(struct req *r, struct res *res)
{
	struct webform f;
	struct val *ctx = val_obj(r->arena);
	struct batch_row *rows;
	size_t n;
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	if ((e = webform_init(&f, r, res, ctx)) || (e = webform_blank(&f, "file", NULL)))
		return e;
	struct str format = webform_take(&f, "format", 10);
	struct str csv = batch_uploaded_file(r->arena, req_header(r, "Content-Type"), r->body);
	if (!csv.p) {
		webform_error(&f, "file", "verify.batch.error.file_missing");
		return render(r, res, 422, ctx);
	}
	e = batch_csv_read(r->arena, csv, &rows, &n);
	if (e == MM_ERR_TOO_LONG) {
		webform_error(&f, "file", "verify.batch.error.too_many_rows");
		return render(r, res, 422, ctx);
	}
	if (e)
		return e;
	if (!verify_rate_batch_ok(r, res, false, n))
		return MM_OK;
	if ((e = check_rows(r, rows, n)))
		return e;
	if (str_eq_lit(format, "csv"))
		return answer_csv(r, res, rows, n);
	if ((e = set_results(r, ctx, rows, n)))
		return e;
	return render(r, res, 200, ctx);
}

/* This file's routes, in dispatch order (see verify_routes.c). */
const struct route_table verify_batch_routes = ROUTE_TABLE(
    ROUTE_GET("/verify/batch", page_verify_batch, RIGHT_PUBLIC),
    ROUTE_POST_BODY("/verify/batch", page_verify_batch_post, RIGHT_PUBLIC, REQ_MAX_UPLOAD));
