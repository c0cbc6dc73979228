/*
 * policy_document.h — one basic security policy as people read it: the
 * partial policy_document of the preview and the public page, and the
 * same text as an A4 PDF. Headings are in the policy's own language, not
 * the reader's.
 *
 * Pure assembly from a struct policy_text: nothing here reads the store
 * or decides who may see a policy; what the firm wrote stays text (the
 * templates escape it, pango draws it as plain text).
 */
#ifndef MM_PAGES_POLICY_DOCUMENT_H
#define MM_PAGES_POLICY_DOCUMENT_H

#include "core/policy.h"
#include "view/pdf.h"
#include "view/value.h"
#include "web/req.h"

/* The policy's language: "en" → LANG_EN, anything else Japanese. */
enum lang policy_lang(const struct policy_text *t);
/* Catalogue text in the policy's own language (headings of the document). */
struct str policy_doc_t(struct req *r, enum lang l, const char *key);
/* "2026年1月15日" / "15 Jan 2026" for YYYY-MM-DD; the text itself otherwise. */
struct str policy_format_date(struct req *r, enum lang l, struct str date);
/* "第3版" / "Version 3" in the reader's language (lists of versions). */
struct str policy_version_label(struct req *r, int64_t number);

/* Sets ctx.doc for the partial policy_document: title, preamble and
 * commitments as paragraphs of lines, and the footer. */
MM_MUST_USE enum mm_err policy_set_document(struct req *r, struct val *ctx,
                                            const struct policy_text *t);
/* The same policy as a PDF; footer is printed on every page. */
MM_MUST_USE enum mm_err policy_render_pdf(struct req *r, const struct policy_text *t,
                                          struct str footer, struct str *out);

#endif
