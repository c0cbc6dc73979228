/*
 * experts.h — the rules of the experts directory (/experts): the kinds of
 * expert, the languages a profile may list, the limits of each field, the
 * lists a profile holds as bits (prefectures, skills, languages), and the
 * public search by prefecture and skill read from a URL and written back
 * into one. Pure: no I/O, no text people read.
 *
 * Skills are the consultation categories of core/help.h (bit i is
 * help_categories[i]); a prefecture's bit is its code - 1 (01 北海道 …
 * 47 沖縄県). Kind and language names are stored and part of URLs: never
 * rename one.
 */
#ifndef MM_CORE_EXPERTS_H
#define MM_CORE_EXPERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/str.h"

#define EXPERT_NAME_MAX_CHARS 100
#define EXPERT_QUALIFICATIONS_MAX_CHARS 1000
#define EXPERT_INTRODUCTION_MAX_CHARS 1000
#define EXPERT_REASON_MAX_CHARS 500
#define EXPERTS_PAGE_SIZE 20

#define EXPERT_KIND_COUNT 3
extern const char *const expert_kinds[EXPERT_KIND_COUNT];
#define EXPERT_LANGUAGE_COUNT 6
extern const char *const expert_languages[EXPERT_LANGUAGE_COUNT];

/* Text of several lines (qualifications, introduction): no control
 * characters but line breaks (LF, CR) and tabs. */
bool expert_text_ok(struct str s);

/* The index of name in list[0..n), or -1. */
int expert_name_index(const char *const list[], size_t n, struct str name);

/* The bit of prefecture 1…47; 0 outside. */
int64_t expert_prefecture_bit(int prefecture);
/* Whether bit i (0-based) is set in mask. */
bool expert_mask_has(int64_t mask, int i);
/* The number of bits set. */
int expert_mask_count(int64_t mask);

/* A public search: the prefecture code (0: any) and the index of the
 * skill in help_categories (-1: any). */
struct expert_search {
	int prefecture;
	int skill;
};

/* Reads ?prefecture= and ?skill= as anyone may type them: an empty value
 * is "any"; so is a value that is not a prefecture code (1…47, no leading
 * zero) or a category, and the answer is then false (the page may say
 * that the filter was not understood). */
bool expert_search_read(struct str prefecture, struct str skill, struct expert_search *out);
/* The masks the store matches ((prefectures & p) <> 0, (skills & s) <> 0);
 * 0 for "any". */
int64_t expert_search_prefecture_mask(const struct expert_search *s);
int64_t expert_search_skill_mask(const struct expert_search *s);
/* "/experts?prefecture=13&skill=malware&" — the address of the search
 * with the place where "page=N" goes, into buf of n bytes; false when it
 * does not fit. Only values read by expert_search_read go into it, so
 * nothing needs escaping. */
bool expert_search_url(const struct expert_search *s, char *buf, size_t n);

#endif
