/*
 * policy_document.c — see policy_document.h. The document is assembled
 * once, here, from core_policy_paragraphs()/core_policy_lines(), for both
 * the HTML partial and the PDF: what a firm previews is what it publishes.
 */
#include "pages/policy/policy_document.h"

#include "web/page.h"

static const char *const commitment_keys[POLICY_SECTION_COUNT] = {"",
                                                                  "policy.doc.commitment_1",
                                                                  "policy.doc.commitment_2",
                                                                  "policy.doc.commitment_3",
                                                                  "policy.doc.commitment_4",
                                                                  "policy.doc.commitment_5"};

/* ---- the document ------------------------------------------------------- */

enum lang policy_lang(const struct policy_text *t)
{
	return str_eq_lit(t->lang, "en") ? LANG_EN : LANG_JA;
}

struct str policy_doc_t(struct req *r, enum lang l, const char *key)
{
	(void)r;
	return i18n_get(l, str_from(key));
}

struct str policy_format_date(struct req *r, enum lang l, struct str date)
{
	if (!core_policy_date_valid(date))
		return date;
	long y, m, d;
	if (str_to_long((struct str){date.p, 4}, 1900, 9999, &y) ||
	    str_to_long((struct str){date.p + 5, 2}, 1, 12, &m) ||
	    str_to_long((struct str){date.p + 8, 2}, 1, 31, &d))
		return date;
	char *text = i18n_format_date(r->arena, l, (int)y, (int)m, (int)d);
	return text ? str_from(text) : date;
}

struct str policy_version_label(struct req *r, int64_t number)
{
	char *text = arena_printf(r->arena, "%lld", (long long)number);
	const char *const names[] = {"number"};
	const struct str values[] = {str_from(text)};
	char *label =
	    text ? i18n_fill(r->arena, r->lang, "policy.versions.label", names, values, 1) : NULL;
	return label ? str_from(label) : STR("");
}

/* ctx.paragraphs: [{lines: [text, …]}, …] of one section. */
static enum mm_err set_paragraphs(struct arena *a, struct val *obj, struct str text)
{
	struct str paragraphs[POLICY_PARAGRAPHS_MAX], lines[POLICY_LINES_MAX];
	size_t n = core_policy_paragraphs(text, paragraphs, POLICY_PARAGRAPHS_MAX);
	struct val *list = val_set_list(a, obj, "paragraphs");
	if (!list)
		return MM_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct val *p = val_list_push_obj(a, list);
		struct val *ls = p ? val_set_list(a, p, "lines") : NULL;
		size_t k = core_policy_lines(paragraphs[i], lines, POLICY_LINES_MAX);
		if (!ls)
			return MM_ERR_NOMEM;
		for (size_t j = 0; j < k; j++) {
			struct val *line = val_list_push_obj(a, ls);
			if (!line || !val_set_str(a, line, "text", lines[j]))
				return MM_ERR_NOMEM;
		}
	}
	return MM_OK;
}

static struct str representative_line(struct req *r, const struct policy_text *t)
{
	char *s = arena_printf(r->arena, "%.*s%s%.*s", (int)t->representative_title.n,
	                       t->representative_title.p,
	                       t->representative_title.n && t->representative_name.n ? " " : "",
	                       (int)t->representative_name.n, t->representative_name.p);
	return s ? str_from(s) : STR("");
}

enum mm_err policy_set_document(struct req *r, struct val *ctx, const struct policy_text *t)
{
	struct arena *a = r->arena;
	enum lang l = policy_lang(t);
	struct val *doc = val_set_obj(a, ctx, "doc");
	struct val *list;
	enum mm_err e;
	if (!doc || !val_set_cstr(a, doc, "lang", lang_code(l)) ||
	    !val_set_str(a, doc, "title", policy_doc_t(r, l, "policy.doc.title")) ||
	    !val_set_str(a, doc, "date", policy_format_date(r, l, t->established_on)) ||
	    !val_set_str(a, doc, "organisation", t->organisation_name) ||
	    !val_set_str(a, doc, "representative", representative_line(r, t)) ||
	    !(list = val_set_list(a, doc, "commitments")))
		return MM_ERR_NOMEM;
	if ((e = set_paragraphs(a, doc, t->section[POLICY_PREAMBLE])))
		return e;
	for (size_t i = POLICY_COMMITMENT_1; i < POLICY_SECTION_COUNT; i++) {
		struct val *c = val_list_push_obj(a, list);
		char *id = arena_printf(a, "commitment-%zu", i);
		if (!c || !id || !val_set_long(a, c, "number", (long)i) ||
		    !val_set_cstr(a, c, "id", id) ||
		    !val_set_str(a, c, "heading", policy_doc_t(r, l, commitment_keys[i])))
			return MM_ERR_NOMEM;
		if ((e = set_paragraphs(a, c, t->section[i])))
			return e;
	}
	return MM_OK;
}

/* ---- the PDF ---------------------------------------------------------- */

struct blocks {
	struct pdf_block items[PDF_MAX_BLOCKS];
	size_t n;
};

static void add_block(struct blocks *b, enum pdf_block_kind kind, struct str text)
{
	if (b->n < PDF_MAX_BLOCKS && text.n)
		b->items[b->n++] = (struct pdf_block){kind, text};
}

/* Paragraphs as blocks; the lines of one paragraph joined by LF. */
static enum mm_err add_section(struct req *r, struct blocks *b, struct str text)
{
	struct str paragraphs[POLICY_PARAGRAPHS_MAX], lines[POLICY_LINES_MAX];
	size_t n = core_policy_paragraphs(text, paragraphs, POLICY_PARAGRAPHS_MAX);
	for (size_t i = 0; i < n; i++) {
		size_t k = core_policy_lines(paragraphs[i], lines, POLICY_LINES_MAX);
		struct buf joined;
		buf_init(&joined, r->arena, paragraphs[i].n + 1);
		for (size_t j = 0; j < k; j++)
			if ((j && buf_append_char(&joined, '\n')) ||
			    buf_append_str(&joined, lines[j]))
				return MM_ERR_NOMEM;
		add_block(b, PDF_PARAGRAPH, buf_str(&joined));
	}
	return MM_OK;
}

enum mm_err policy_render_pdf(struct req *r, const struct policy_text *t, struct str footer,
                              struct str *out)
{
	enum lang l = policy_lang(t);
	struct blocks *b = arena_zalloc(r->arena, sizeof *b);
	enum mm_err e;
	if (!b)
		return MM_ERR_NOMEM;
	struct str title = policy_doc_t(r, l, "policy.doc.title");
	add_block(b, PDF_TITLE, title);
	if ((e = add_section(r, b, t->section[POLICY_PREAMBLE])))
		return e;
	for (size_t i = POLICY_COMMITMENT_1; i < POLICY_SECTION_COUNT; i++) {
		struct str heading = policy_doc_t(r, l, commitment_keys[i]);
		char *numbered = arena_printf(r->arena, "%zu. %.*s", i, (int)heading.n, heading.p);
		if (!numbered)
			return MM_ERR_NOMEM;
		add_block(b, PDF_HEADING, str_from(numbered));
		if ((e = add_section(r, b, t->section[i])))
			return e;
	}
	add_block(b, PDF_RIGHT, policy_format_date(r, l, t->established_on));
	add_block(b, PDF_RIGHT, t->organisation_name);
	add_block(b, PDF_RIGHT, representative_line(r, t));
	struct pdf_document doc = {.title = title,
	                           .lang = str_from(lang_code(l)),
	                           .footer = footer,
	                           .blocks = b->items,
	                           .block_count = b->n};
	return pdf_render(r->arena, &doc, out);
}
