/*
 * questionnaire.h — the wording of the 25-item self-assessment. Each
 * version is a directory content/assessment/vN/ holding
 *
 *   meta.json                  {"version": "vN", "parts": [{"id": 1, "items": [1, …]}, …]}
 *   questionnaire.ja.json      {"parts": [{"id", "title", "intro"}, …],
 *   questionnaire.en.json       "items": [{"id", "question", "why", "done_example",
 *                                          "partly": [steps], "not_done": [steps],
 *                                          "dont_know": {"find_out", "first_step"}}, …]}
 *
 * (content/assessment/README.md says the same for writers). Every version
 * is loaded and checked at start and kept for the life of the process; a
 * broken one stops the start with a one-line reason. Versions are found by
 * directory name, so adding content/assessment/v2/ needs no code change.
 * A stored result names its version and keeps being shown in that
 * version's words; new assessments use the latest (the highest N).
 *
 * What is checked: the JSON parses, with no key given twice and no key we
 * do not know (a misspelt key would otherwise vanish silently); meta.json
 * names its own directory and lists the 25 items, each once, in the part
 * core/assessment.h puts it in; each language has all three parts and all
 * 25 items, each once, with every text present, on one line, without
 * surrounding spaces and within its length limit; "partly" and "not done"
 * have 2–4 steps each.
 *
 * Loading is not thread-safe; it happens once, before serving. After that
 * everything here is read-only and shared by all threads.
 */
#ifndef MM_QUESTIONNAIRE_H
#define MM_QUESTIONNAIRE_H

#include "core/assessment.h"
#include "lib/embedded.h"
#include "view/i18n.h"

#define QUESTIONNAIRE_DIR "content/assessment/"
#define QUESTIONNAIRE_VERSIONS_MAX 64
#define QUESTIONNAIRE_VERSION_NAME_MAX 8 /* "v" + 1–3 digits (v1 … v999) + NUL */

#define QUESTIONNAIRE_STEPS_MIN 2 /* for "partly" and "not done" */
#define QUESTIONNAIRE_STEPS_MAX 4

/* Limits in characters (code points), so that a page stays readable. */
#define QUESTIONNAIRE_TITLE_MAX 40
#define QUESTIONNAIRE_INTRO_MAX 160
#define QUESTIONNAIRE_QUESTION_MAX 200
#define QUESTIONNAIRE_WHY_MAX 160
#define QUESTIONNAIRE_DONE_EXAMPLE_MAX 240
#define QUESTIONNAIRE_FIND_OUT_MAX 240
#define QUESTIONNAIRE_STEP_MAX 160

struct questionnaire_part {
	int number; /* 1–3 */
	struct str title, intro;
};

/* What to do after one answer. For "partly" and "not done": 2–4 first
 * steps. For "don't know": how to find out (find_out) and one first step. */
struct questionnaire_advice {
	struct str find_out; /* empty except for "don't know" */
	struct str steps[QUESTIONNAIRE_STEPS_MAX];
	size_t step_count;
};

struct questionnaire_item {
	int number; /* 1–25 */
	int part;   /* 1–3, as core_assessment_part_of(number) */
	struct str question, why, done_example;
	/* Indexed by enum assessment_answer; empty for ANSWER_NONE and
	 * ANSWER_DONE. Use questionnaire_advice(). */
	struct questionnaire_advice advice[ANSWER_KINDS];
};

struct questionnaire {
	char version[QUESTIONNAIRE_VERSION_NAME_MAX]; /* "v1" */
	int number;                                   /* 1 */
	struct questionnaire_part parts[LANG_COUNT][ASSESSMENT_PART_COUNT];
	struct questionnaire_item items[LANG_COUNT][ASSESSMENT_ITEM_COUNT];
};

/* One version given as JSON text (what the three files of a directory hold). */
struct questionnaire_source {
	struct str version;          /* "v2"; must equal meta.json's "version" */
	struct str meta;             /* meta.json */
	struct str text[LANG_COUNT]; /* questionnaire.ja.json, questionnaire.en.json */
};

/* Forgets any version loaded before, then loads every version embedded
 * under content/assessment/ into a (which must live as long as the
 * process). On failure nothing stays loaded and err holds one line naming
 * the file and the problem. Files directly under content/assessment/ (the
 * README) are not versions and are skipped; anything else that is not
 * vN/meta.json or vN/questionnaire.LANG.json is refused. */
MM_MUST_USE enum mm_err questionnaire_load(struct arena *a, char err[TPL_ERR_MAX]);
/* The same over any table of files (tests give one with a v2 directory
 * to show that a new directory is found without a code change). */
MM_MUST_USE enum mm_err questionnaire_load_files(struct arena *a, const struct embedded_file *files,
                                                 size_t file_count, char err[TPL_ERR_MAX]);

/* Checks one version given as JSON text and adds it to those loaded (for
 * tests, and for a version that does not come from the embedded files).
 * MM_ERR_DUPLICATE when a version of that name is loaded already; on any
 * failure the loaded versions are left as they were. */
MM_MUST_USE enum mm_err questionnaire_load_json(struct arena *a,
                                                const struct questionnaire_source *src,
                                                char err[TPL_ERR_MAX]);

/* Loaded versions, oldest (lowest N) first; NULL past the end. */
size_t questionnaire_count(void);
const struct questionnaire *questionnaire_at(size_t i);
/* The version named exactly so ("v1"), or NULL. */
const struct questionnaire *questionnaire_find(struct str version);
/* The version with the highest number, or NULL when none is loaded. */
const struct questionnaire *questionnaire_latest(void);

/* Texts of part 1–3 / item 1–25 in language l; NULL for a number out of
 * range. An unknown language falls back to Japanese, as in i18n. */
const struct questionnaire_part *questionnaire_part(const struct questionnaire *q, enum lang l,
                                                    int part);
const struct questionnaire_item *questionnaire_item(const struct questionnaire *q, enum lang l,
                                                    int item);
/* The advice an item gives after answer; NULL for ANSWER_DONE, ANSWER_NONE
 * and values outside the enum. */
const struct questionnaire_advice *questionnaire_advice(const struct questionnaire_item *item,
                                                        enum assessment_answer answer);

#endif
