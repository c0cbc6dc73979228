/*
 * policy.h — the rules of a basic security policy (DOMAIN.md §4): its
 * parts, the builder's steps, how long each part may be, what a policy
 * needs before it can be published, how plain text becomes paragraphs and
 * lines, and which suggestions the weak items of an assessment call for.
 * Pure: no I/O, no clock, no allocation; the caller hands in every array,
 * and what comes back points into the caller's text.
 *
 * A policy is a preamble, five commitments (1 management's responsibility,
 * 2 internal structure, 3 staff efforts, 4 laws, regulations and
 * contracts, 5 violations and incidents) and a footer: the date it was set
 * or revised, the organisation's name and the representative's title and
 * name. The builder takes one step per section and one for the footer.
 *
 * Text is plain: a blank line separates paragraphs, a single line break
 * stays a line break. Nothing here knows about HTML or PDF; both are made
 * from the same assembled structure so that the preview, the public page
 * and the PDF cannot say different things.
 */
#ifndef MM_CORE_POLICY_H
#define MM_CORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/assessment.h"
#include "lib/str.h"

enum policy_section {
	POLICY_PREAMBLE,
	POLICY_COMMITMENT_1, /* management's responsibility */
	POLICY_COMMITMENT_2, /* internal structure */
	POLICY_COMMITMENT_3, /* staff efforts */
	POLICY_COMMITMENT_4, /* laws, regulations and contracts */
	POLICY_COMMITMENT_5, /* violations and incidents */
	POLICY_SECTION_COUNT
};

/* The builder's steps: one per section, then the footer. */
#define POLICY_STEP_FOOTER POLICY_SECTION_COUNT
#define POLICY_STEP_COUNT (POLICY_SECTION_COUNT + 1)
#define POLICY_ALL_STEPS ((1u << POLICY_STEP_COUNT) - 1)

/* Longest text in characters (code points). A full policy stays about one
 * A4 page: 600 + 5 × 400 characters of Japanese at 10.5 pt. */
#define POLICY_PREAMBLE_MAX_CHARS 600
#define POLICY_COMMITMENT_MAX_CHARS 400
#define POLICY_ORGANISATION_MAX_CHARS 100
#define POLICY_TITLE_MAX_CHARS 50
#define POLICY_PERSON_MAX_CHARS 100
#define POLICY_DATE_CHARS 10 /* YYYY-MM-DD */
#define POLICY_URL_MAX_CHARS 500
/* Most paragraphs in one section, and lines in one paragraph, that the
 * assembly keeps apart (more are joined into the last one). */
#define POLICY_PARAGRAPHS_MAX 16
#define POLICY_LINES_MAX 32

struct policy_text {
	struct str lang; /* "ja" or "en": the language of the fixed headings */
	struct str section[POLICY_SECTION_COUNT];
	struct str established_on; /* "YYYY-MM-DD" */
	struct str organisation_name, representative_title, representative_name;
};

/* What stops a policy from being published. */
enum policy_problem {
	POLICY_OK,
	POLICY_EMPTY,    /* a section or footer field is empty */
	POLICY_TOO_LONG, /* over its limit */
	POLICY_BAD_DATE, /* not a real YYYY-MM-DD date */
	POLICY_BAD_LANG,
};

/* Step names used in URLs: "preamble", "commitment-1" … "commitment-5",
 * "footer"; false for anything else. */
const char *core_policy_step_name(size_t step);
bool core_policy_step_parse(struct str name, size_t *step);

size_t core_policy_section_max_chars(enum policy_section section);
/* POLICY_OK, POLICY_TOO_LONG (an empty text is fine in a draft). */
enum policy_problem core_policy_check_section(enum policy_section section, struct str text);
/* A calendar date written YYYY-MM-DD, years 1900–9999. */
bool core_policy_date_valid(struct str date);
/* A date as people type it — "2026-04-01", "2026/4/1", "2026年4月1日",
 * full-width digits too (NFKC) — into *iso as YYYY-MM-DD in the arena.
 * False when it is not a real date of that form (or the arena is full). */
bool core_policy_date_read(struct arena *a, struct str in, struct str *iso);
/* Everything publishing needs; *where says which part failed (a section
 * index, or POLICY_STEP_FOOTER). */
enum policy_problem core_policy_check_complete(const struct policy_text *t, size_t *where);
bool core_policy_text_equal(const struct policy_text *a, const struct policy_text *b);

/* Splits text into paragraphs at blank lines (CR LF read as LF); each is
 * trimmed, empty ones are dropped. At most max; the rest is joined into
 * the last. Returns how many. */
size_t core_policy_paragraphs(struct str text, struct str out[], size_t max);
/* Splits a paragraph into its lines (trimmed at the end). */
size_t core_policy_lines(struct str paragraph, struct str out[], size_t max);

/* A suggestion the content offers when an assessment item is weak. */
struct policy_weak_rule {
	int item; /* 1–25 */
	enum policy_section section;
};

/* An item is weak when it was answered anything but "done" (not
 * answering it counts: nobody checked). */
bool core_policy_item_weak(enum assessment_answer answer);
/* Indexes (into rules) of the rules for section whose item is weak in
 * answers, in the order of rules; at most max. Returns how many. */
size_t core_policy_weak_suggestions(const struct policy_weak_rule rules[], size_t rule_count,
                                    const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                    enum policy_section section, size_t out[], size_t max);

#endif
