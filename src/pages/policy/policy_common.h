/*
 * policy_common.h — what the basic security policy pages share
 * (policy_builder.c: the guided form and preview; policy_publish.c:
 * publishing, an external URL, unpublishing; policy_public.c: the public
 * pages and PDFs; policy_content.c: the suggested texts): who may do what
 * with an organisation's policy, and the one assembly of a policy that the
 * preview, the public page and the PDF all show.
 *
 * Rights, decided here in one place for every builder page:
 *   owner of the organisation         view, edit, publish
 *   member                            view, edit
 *   supporter with an 'edit' grant    view, edit
 *   supporter with a 'read' grant     view (403 on editing)
 *   anyone else signed in             404 (the organisation's existence
 *                                     does not leak through the builder)
 * Publishing, an external URL and unpublishing need an owner (403).
 */
#ifndef MM_WEB_POLICY_COMMON_H
#define MM_WEB_POLICY_COMMON_H

#include "core/policy.h"
#include "store/policy.h"
#include "view/pdf.h"
#include "pages/org/org_common.h"

#define POLICY_SUGGESTIONS_MAX 3 /* per section in the content */
#define POLICY_SUGGESTIONS_MIN 2
#define POLICY_WEAK_RULES_MAX 64    /* item → sentence rules in the content */
#define POLICY_CONTENT_TEXT_MAX 400 /* characters of a suggestion or its reason */
#define POLICY_CONTENT_VERSION "v1"

enum policy_role {
	POLICY_ROLE_OWNER,
	POLICY_ROLE_MEMBER,
	POLICY_ROLE_SUPPORTER_EDIT,
	POLICY_ROLE_SUPPORTER_READ,
};
enum policy_need { POLICY_NEED_VIEW, POLICY_NEED_EDIT, POLICY_NEED_PUBLISH };

struct policy_here {
	int64_t org_id;
	struct str public_id, org_name;
	enum policy_role role;
	char *base_url; /* "/policy/edit/{public_id}" */
};

/* The organisation named by route parameter 0 and the signed-in user's
 * right to it. Answers 404 / 403 itself and sets *answered. */
enum mm_err policy_here_require(struct req *r, struct res *res, struct store *s,
                                enum policy_need need, struct policy_here *out, bool *answered);
bool policy_may_edit(const struct policy_here *h);

/* The suggested texts (content/policy/v1/suggestions.LANG.json), loaded
 * and checked on first use. */
struct policy_suggestions {
	struct str text[LANG_COUNT][POLICY_SECTION_COUNT][POLICY_SUGGESTIONS_MAX];
	size_t count[POLICY_SECTION_COUNT]; /* the same in both languages */
	struct policy_weak_rule rules[POLICY_WEAK_RULES_MAX];
	struct str rule_text[LANG_COUNT][POLICY_WEAK_RULES_MAX];
	struct str rule_why[LANG_COUNT][POLICY_WEAK_RULES_MAX];
	size_t rule_count;
};
/* NULL (after logging why) when the content is broken. */
const struct policy_suggestions *policy_suggestions(void);
/* Parses and checks the two files (for the loader and for tests). */
enum mm_err policy_suggestions_parse(struct arena *a, const struct str json[LANG_COUNT],
                                     struct policy_suggestions *out, char err[TPL_ERR_MAX]);

/* The policy's language: "en" → LANG_EN, anything else Japanese. */
enum lang policy_lang(const struct policy_text *t);
/* Catalogue text in the policy's own language (headings of the document). */
struct str policy_doc_t(struct req *r, enum lang l, const char *key);
/* "2026年1月15日" / "15 Jan 2026" for YYYY-MM-DD; the text itself otherwise. */
struct str policy_format_date(struct req *r, enum lang l, struct str date);

/* Sets ctx.doc for the partial policy_document: title, preamble and
 * commitments as paragraphs of lines, and the footer. */
enum mm_err policy_set_document(struct req *r, struct val *ctx, const struct policy_text *t);
/* The same policy as a PDF; footer is printed on every page. */
enum mm_err policy_render_pdf(struct req *r, const struct policy_text *t, struct str footer,
                              struct str *out);

/* Renders a builder page under Home › Organisation › Policy. */
enum mm_err policy_render(struct req *r, struct res *res, int status, const char *template_name,
                          struct val *ctx, const char *title_key, const struct policy_here *h);

/* The preview of the draft (policy_builder.c); status 422 when publishing
 * was refused because the draft is not complete. */
enum mm_err policy_preview_render(struct req *r, struct res *res, struct store *s,
                                  const struct policy_here *h, int status);

/* One audit line about a change to the policy. */
enum mm_err policy_audit(struct req *r, const char *action, const struct policy_here *h,
                         const char *detail);

#endif
