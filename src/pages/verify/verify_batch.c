/*
 * verify_batch.c — "/verify/batch", the page for office staff: upload a
 * CSV of declaration IDs (and corporate numbers), get one result per line
 * on screen or as a CSV download (the button pressed chooses). A line that
 * cannot be read is reported by its line number; every other line is
 * still checked. Reads only.
 *
 * The file: one "ID[,corporate number]" per line, comma- or tab-separated,
 * fields optionally in double quotes, CRLF or LF, an optional UTF-8 BOM.
 * A first line without a single digit is a heading and skipped. Only the
 * numbers are read, so a Shift_JIS heading does no harm.
 */
#include <stdio.h>
#include <string.h>

#include "lib/multipart.h"
#include "lib/utf8.h"
#include "view/i18n.h"
#include "web/page.h"
#include "pages/verify/verify_routes.h"
#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "pages/verify/verify_limit.h"
#include "pages/verify/verify_lookup.h"
#include "pages/verify/verify_view.h"
#include "web/webform.h"

#define BATCH_MAX_ROWS 10000
#define BATCH_CSV_MAX (16u * 1024 * 1024) /* the answer as CSV */

enum row_problem { ROW_OK, ROW_MALFORMED, ROW_CORPORATE_NUMBER, ROW_COLUMNS, ROW_ENCODING };

struct row {
	size_t line;
	enum row_problem problem;
	struct str id, number; /* normalised; number empty when not given */
	enum verify_outcome outcome;
	struct verification v;
};

static const char *const problem_keys[] = {
    [ROW_MALFORMED] = "verify.batch.reason.malformed",
    [ROW_CORPORATE_NUMBER] = "verify.batch.reason.corporate_number",
    [ROW_COLUMNS] = "verify.batch.reason.columns",
    [ROW_ENCODING] = "verify.batch.reason.encoding",
};

static bool has_digit(struct str s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= '0' && c <= '9')
			return true;
		/* full-width digits U+FF10…U+FF19 */
		if (c == 0xef && i + 2 < s.n && (unsigned char)s.p[i + 1] == 0xbc &&
		    (unsigned char)s.p[i + 2] >= 0x90 && (unsigned char)s.p[i + 2] <= 0x99)
			return true;
	}
	return false;
}

/* Splits a line at commas or tabs into at most max fields (trimmed,
 * surrounding quotes removed); the count goes to *n, more than max gives
 * max + 1. */
static size_t split_fields(struct str line, struct str *fields, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= line.n; i++) {
		if (i < line.n && line.p[i] != ',' && line.p[i] != '\t')
			continue;
		struct str f = str_trim((struct str){line.p + start, i - start});
		if (f.n >= 2 && f.p[0] == '"' && f.p[f.n - 1] == '"')
			f = str_trim((struct str){f.p + 1, f.n - 2});
		if (n < max)
			fields[n] = f;
		if (f.n || n < max)
			n++;
		start = i + 1;
	}
	return n;
}

static void read_row(struct req *r, struct row *row, struct str line)
{
	struct str fields[2] = {STR(""), STR("")};
	if (!utf8_valid(line)) {
		row->problem = ROW_ENCODING;
		return;
	}
	if (split_fields(line, fields, 2) > 2) {
		row->problem = ROW_COLUMNS;
		return;
	}
	if (fields[1].n && !core_corporate_number_read(r->arena, fields[1], &row->number)) {
		row->problem = ROW_CORPORATE_NUMBER;
		return;
	}
	if (core_declaration_id_read(r->arena, fields[0], &row->id) == DECLARATION_ID_MALFORMED) {
		row->problem = ROW_MALFORMED;
		return;
	}
	row->id = fields[0]; /* verify_lookup normalises again and reports the outcome */
}

/* The rows of a CSV file; MM_ERR_TOO_LONG past BATCH_MAX_ROWS. */
static enum mm_err read_csv(struct req *r, struct str csv, struct row **out, size_t *n)
{
	size_t cap = 64, line_no = 0;
	*n = 0;
	*out = arena_alloc(r->arena, sizeof **out * cap);
	if (str_starts_with(csv, "\xef\xbb\xbf"))
		csv = (struct str){csv.p + 3, csv.n - 3};
	while (csv.n && *out) {
		long nl = str_index(csv, '\n');
		struct str line = nl < 0 ? csv : (struct str){csv.p, (size_t)nl};
		csv = nl < 0 ? STR("") : (struct str){csv.p + nl + 1, csv.n - (size_t)nl - 1};
		line_no++;
		if (line.n && line.p[line.n - 1] == '\r')
			line.n--;
		if (str_trim(line).n == 0 || (line_no == 1 && !has_digit(line)))
			continue;
		if (*n == BATCH_MAX_ROWS)
			return MM_ERR_TOO_LONG;
		if (*n == cap) {
			*out = arena_realloc(r->arena, *out, sizeof **out * cap,
			                     sizeof **out * cap * 2);
			cap *= 2;
			if (!*out)
				break;
		}
		struct row *row = &(*out)[(*n)++];
		*row = (struct row){.line = line_no, .number = STR("")};
		read_row(r, row, line);
	}
	return *out ? MM_OK : MM_ERR_NOMEM;
}

static enum mm_err check_rows(struct req *r, struct row *rows, size_t n)
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

static const char *outcome_code(const struct row *row)
{
	return verify_outcome_code(row->outcome, &row->v);
}

/* "yes", "no" or "" (no number given, or nothing found to compare with). */
static const char *match_code(const struct row *row)
{
	if (!row->number.n || row->outcome != VERIFY_FOUND)
		return "";
	return str_eq(row->number, row->v.corporate_number) ? "yes" : "no";
}

static enum mm_err answer_csv(struct req *r, struct res *res, const struct row *rows, size_t n)
{
	struct buf b;
	buf_init(&b, r->arena, BATCH_CSV_MAX);
	enum mm_err e =
	    buf_append_cstr(&b, "\xef\xbb\xbfline,id,status,level,name,corporate_number,"
	                        "corporate_number_matches,problem\r\n");
	for (size_t i = 0; i < n && !e; i++) {
		const struct row *row = &rows[i];
		bool found = !row->problem && row->outcome == VERIFY_FOUND;
		char line[24], level[4];
		snprintf(line, sizeof line, "%zu", row->line);
		snprintf(level, sizeof level, "%d", found ? row->v.level : 0);
		if ((e = buf_append_csv(&b, str_from(line), false)) ||
		    (e = buf_append_csv(&b, row->problem ? STR("") : row->id, false)) ||
		    (e = buf_append_csv(
		         &b, str_from(row->problem ? "unreadable" : outcome_code(row)), false)) ||
		    (e = buf_append_csv(&b, found ? str_from(level) : STR(""), false)) ||
		    (e = buf_append_csv(&b, found ? row->v.name : STR(""), false)) ||
		    (e = buf_append_csv(&b, row->number, false)) ||
		    (e = buf_append_csv(&b, str_from(row->problem ? "" : match_code(row)),
		                        false)) ||
		    (e = buf_append_csv(
		         &b, row->problem ? page_t(r, problem_keys[row->problem]) : STR(""), true)))
			break;
	}
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

static enum mm_err set_results(struct req *r, struct val *ctx, const struct row *rows, size_t n)
{
	struct arena *a = r->arena;
	struct val *results = val_set_list(a, ctx, "results"),
	           *bad = val_set_list(a, ctx, "bad_rows");
	size_t active = 0, other = 0, unreadable = 0;
	if (!results || !bad)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct row *row = &rows[i];
		char *line = count_text(r, row->line);
		struct val *o = val_list_push_obj(a, row->problem ? bad : results);
		if (!o || !line)
			return MM_ERR_NOMEM;
		if (row->problem) {
			unreadable++;
			const char *names[] = {"line", "reason"};
			struct str values[] = {str_from(line),
			                       page_t(r, problem_keys[row->problem])};
			char *text =
			    i18n_fill(a, r->lang, "verify.batch.bad.item", names, values, 2);
			if (!text || !val_set_cstr(a, o, "text", text))
				return MM_ERR_NOMEM;
			continue;
		}
		bool found = row->outcome == VERIFY_FOUND,
		     ok = found && row->v.status == VERIFICATION_ACTIVE;
		const char *match = match_code(row);
		char outcome_key[64], match_key[64];
		snprintf(outcome_key, sizeof outcome_key, "verify.batch.outcome.%s",
		         outcome_code(row));
		snprintf(match_key, sizeof match_key, "verify.batch.match.%s",
		         match[0] ? match : "none");
		active += ok, other += !ok;
		char *url = arena_printf(a, "/verify/%.*s", (int)row->id.n, row->id.p);
		if (!url || !val_set_cstr(a, o, "line", line) ||
		    !val_set_str(a, o, "id", row->id) || !val_set_bool(a, o, "found", found) ||
		    !val_set_cstr(a, o, "url", url) || !val_set_bool(a, o, "ok", ok) ||
		    !val_set_bool(a, o, "mismatch", match[0] == 'n') ||
		    !val_set_str(a, o, "outcome", page_t(r, outcome_key)) ||
		    !val_set_str(a, o, "level",
		                 found ? verify_view_numbered(r, "verify.level", row->v.level)
		                       : STR("")) ||
		    !val_set_str(a, o, "name", found ? row->v.name : STR("")) ||
		    !val_set_str(a, o, "match", page_t(r, match_key)))
			return MM_ERR_NOMEM;
	}
	const char *names[] = {"total", "active", "other", "bad"};
	struct str values[] = {str_from(count_text(r, n)), str_from(count_text(r, active)),
	                       str_from(count_text(r, other)), str_from(count_text(r, unreadable))};
	char *summary = i18n_fill(a, r->lang, "verify.batch.results.summary", names, values, 4);
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

enum mm_err page_verify_batch(struct req *r, struct res *res)
{
	struct webform f;
	struct val *ctx = val_obj(r->arena);
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if ((e = webform_init(&f, r, res, ctx)) || (e = webform_set(&f, "file", STR(""))))
		return e;
	return render(r, res, 200, ctx);
}

/* The uploaded file named "file", or STR_NULL. */
static struct str uploaded_file(struct req *r)
{
	struct str type = req_header(r, "Content-Type"), boundary;
	struct multipart m;
	if (!str_starts_with(type, "multipart/form-data") || multipart_boundary(type, &boundary) ||
	    multipart_parse(r->arena, boundary, r->body, &m))
		return STR_NULL;
	for (size_t i = 0; i < m.n; i++)
		if (m.parts[i].filename.p && str_eq_lit(m.parts[i].name, "file") &&
		    m.parts[i].data.n)
			return m.parts[i].data;
	return STR_NULL;
}

enum mm_err page_verify_batch_post(struct req *r, struct res *res)
{
	struct webform f;
	struct val *ctx = val_obj(r->arena);
	struct row *rows;
	size_t n;
	enum mm_err e;
	if (!ctx)
		return MM_ERR_NOMEM;
	if (!verify_rate_ok(r, res, false))
		return MM_OK;
	if ((e = webform_init(&f, r, res, ctx)) || (e = webform_set(&f, "file", STR(""))))
		return e;
	struct str format = webform_take(&f, "format", 10);
	struct str csv = uploaded_file(r);
	if (!csv.p) {
		webform_error(&f, "file", "verify.batch.error.file_missing");
		return render(r, res, 422, ctx);
	}
	e = read_csv(r, csv, &rows, &n);
	if (e == MM_ERR_TOO_LONG) {
		webform_error(&f, "file", "verify.batch.error.too_many_rows");
		return render(r, res, 422, ctx);
	}
	if (e || (e = check_rows(r, rows, n)))
		return e;
	if (str_eq_lit(format, "csv"))
		return answer_csv(r, res, rows, n);
	if ((e = set_results(r, ctx, rows, n)))
		return e;
	return render(r, res, 200, ctx);
}
