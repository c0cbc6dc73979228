/*
 * batch_csv.c — see batch_csv.h.
 */
#include "pages/verify/batch_csv.h"

#include "core/corporate_number.h"
#include "core/declaration_id.h"
#include "lib/multipart.h"
#include "lib/sjis.h"
#include "lib/utf8.h"

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

/* The line as UTF-8: as it is when it is UTF-8, else read as Shift_JIS
 * (the converter opened on first need); false when it is neither. */
static bool line_text(struct arena *a, struct sjis_reader *sjis, bool *sjis_opened,
                      struct str *line)
{
	if (utf8_valid(*line))
		return true;
	if (!*sjis_opened) {
		sjis_open(sjis);
		*sjis_opened = true;
	}
	struct str text;
	if (sjis_to_utf8(sjis, a, *line, &text) || !utf8_valid(text))
		return false;
	*line = text;
	return true;
}

static void read_row(struct arena *a, struct batch_row *row, struct str line)
{
	struct str fields[2] = {STR(""), STR("")};
	if (split_fields(line, fields, 2) > 2) {
		row->problem = BATCH_ROW_COLUMNS;
		return;
	}
	if (fields[1].n && !core_corporate_number_read(a, fields[1], &row->number)) {
		row->problem = BATCH_ROW_CORPORATE_NUMBER;
		return;
	}
	if (core_declaration_id_read(a, fields[0], &row->id) == DECLARATION_ID_MALFORMED) {
		row->problem = BATCH_ROW_MALFORMED;
		return;
	}
	row->id = fields[0]; /* verify_lookup normalises again and reports the outcome */
}

enum mm_err batch_csv_read(struct arena *a, struct str csv, struct batch_row **out, size_t *n)
{
	size_t cap = 64, line_no = 0;
	struct sjis_reader sjis = {NULL};
	bool sjis_opened = false;
	enum mm_err e = MM_OK;
	*n = 0;
	*out = arena_alloc(a, sizeof **out * cap);
	if (str_starts_with(csv, "\xef\xbb\xbf"))
		csv = (struct str){csv.p + 3, csv.n - 3};
	while (csv.n && *out) {
		long nl = str_index(csv, '\n');
		struct str line = nl < 0 ? csv : (struct str){csv.p, (size_t)nl};
		csv = nl < 0 ? STR("") : (struct str){csv.p + nl + 1, csv.n - (size_t)nl - 1};
		line_no++;
		if (line.n && line.p[line.n - 1] == '\r')
			line.n--;
		bool readable = line_text(a, &sjis, &sjis_opened, &line);
		if (str_trim(line).n == 0 || (line_no == 1 && readable && !has_digit(line)))
			continue;
		if (*n == BATCH_MAX_ROWS) {
			e = MM_ERR_TOO_LONG;
			break;
		}
		if (*n == cap) {
			*out = arena_realloc(a, *out, sizeof **out * cap, sizeof **out * cap * 2);
			cap *= 2;
			if (!*out)
				break;
		}
		struct batch_row *row = &(*out)[(*n)++];
		*row = (struct batch_row){.line = line_no, .number = STR("")};
		if (readable)
			read_row(a, row, line);
		else
			row->problem = BATCH_ROW_ENCODING;
	}
	if (sjis_opened)
		sjis_close(&sjis);
	if (e)
		return e;
	return *out ? MM_OK : MM_ERR_NOMEM;
}

struct str batch_uploaded_file(struct arena *a, struct str type, struct str body)
{
	return multipart_form_file(a, type, body, "file");
}
