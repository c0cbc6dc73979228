/*
 * management_content.h — the wording of the management self-check. Each
 * version is a directory content/management/vN/ holding
 *
 *   meta.json              {"version": "vN",
 *                           "directives": [{"id": 1, "questions": [1, 2, 3, 4]}, …]}
 *   management.ja.json     {"directives": [{"id", "title", "why", "next": [5 texts]}, …],
 *   management.en.json      "questions": [{"id", "question", "levels": [6 texts]}, …]}
 *
 * (content/management/README.md says the same for writers). meta.json is
 * the version's layout: which directive each question belongs to; it is
 * what core_management_score() scores by, so a new version may have other
 * questions (40 ± 5) without touching results kept from an older one,
 * which keep their scores and are shown in their own version's words.
 * "next"[k] is what reaching level k + 1 of the directive takes; "levels"[k]
 * what level k looks like for that question.
 *
 * Every version is loaded and checked at start (a broken one stops the
 * start with a one-line reason): JSON with no key twice and no unknown
 * key; the ten directives each once with at least one question; questions
 * numbered 1…N without a gap, each in one directive; both languages with
 * every text, one line, no surrounding spaces, within its limit.
 * Loading happens once before serving; afterwards everything is read-only.
 */
#ifndef MM_VIEW_MANAGEMENT_CONTENT_H
#define MM_VIEW_MANAGEMENT_CONTENT_H

#include "core/management.h"
#include "lib/embedded.h"
#include "view/i18n.h"

#define MANAGEMENT_CONTENT_DIR "content/management/"
#define MANAGEMENT_VERSIONS_MAX 16
#define MANAGEMENT_VERSION_NAME_MAX 8 /* "v" + 1–3 digits + NUL */

/* Limits in characters (code points). */
#define MANAGEMENT_TITLE_MAX 60
#define MANAGEMENT_WHY_MAX 200
#define MANAGEMENT_NEXT_MAX 200
#define MANAGEMENT_QUESTION_MAX 200
#define MANAGEMENT_LEVEL_TEXT_MAX 120

struct management_directive_text {
	int number; /* 1–10 */
	struct str title, why;
	struct str next[MANAGEMENT_LEVEL_MAX]; /* next[k]: what reaching level k + 1 takes */
};

struct management_question_text {
	int number, directive;
	struct str question;
	struct str levels[MANAGEMENT_LEVEL_MAX + 1]; /* levels[k]: what level k looks like */
};

struct management_content {
	char version[MANAGEMENT_VERSION_NAME_MAX]; /* "v1" */
	int number;
	struct management_layout layout;
	/* The questions of each directive, in meta.json's order. */
	int question_count[MANAGEMENT_DIRECTIVES];
	int questions_of[MANAGEMENT_DIRECTIVES][MANAGEMENT_QUESTIONS_MAX];
	struct management_directive_text directives[LANG_COUNT][MANAGEMENT_DIRECTIVES];
	struct management_question_text questions[LANG_COUNT][MANAGEMENT_QUESTIONS_MAX];
};

/* Loads every version embedded under content/management/ into a (which
 * lives as long as the process); on failure nothing stays loaded and err
 * names the file and the problem. */
MM_MUST_USE enum mm_err management_content_load(struct arena *a, char err[TPL_ERR_MAX]);
/* The same over any table of files (tests). */
MM_MUST_USE enum mm_err management_content_load_files(struct arena *a,
                                                      const struct embedded_file *files,
                                                      size_t file_count, char err[TPL_ERR_MAX]);

/* The version named exactly so, or NULL; the highest, or NULL when none. */
const struct management_content *management_content_find(struct str version);
const struct management_content *management_content_latest(void);

/* Texts in language l (an unknown one falls back to Japanese); NULL out of range. */
const struct management_directive_text *management_directive(const struct management_content *c,
                                                             enum lang l, int directive);
const struct management_question_text *management_question(const struct management_content *c,
                                                           enum lang l, int question);

#endif
