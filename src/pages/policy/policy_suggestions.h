/*
 * policy_suggestions.h — the policy builder's suggested texts
 * (content/policy/v1/suggestions.LANG.json): two or three texts per
 * section, and sentences suggested by the weak items of an organisation's
 * latest self-assessment.
 *
 * Loaded and checked once, on first use, into memory that lives as long
 * as the process and is never written again; a broken file is logged and
 * leaves the builder without suggestions, it never stops the server.
 */
#ifndef MM_PAGES_POLICY_SUGGESTIONS_H
#define MM_PAGES_POLICY_SUGGESTIONS_H

#include "core/policy.h"
#include "view/i18n.h"
#include "view/template.h"

#define POLICY_SUGGESTIONS_MAX 3 /* per section in the content */
#define POLICY_SUGGESTIONS_MIN 2
#define POLICY_WEAK_RULES_MAX 64    /* item → sentence rules in the content */
#define POLICY_CONTENT_TEXT_MAX 400 /* characters of a suggestion or its reason */
#define POLICY_CONTENT_VERSION "v1"

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
MM_MUST_USE enum mm_err policy_suggestions_parse(struct arena *a, const struct str json[LANG_COUNT],
                                                 struct policy_suggestions *out,
                                                 char err[TPL_ERR_MAX]);

#endif
