/*
 * help.h — the situations of "/help" (the page for the day something goes
 * wrong) and the consultation categories that a situation, an expert's
 * skills and a consultation share. Pure: no I/O, no text people read (the
 * words are in content/help/ and the catalogues).
 *
 * Slugs and category names are part of URLs (/help/ransomware,
 * /consultations/new?category=malware): never rename one.
 */
#ifndef MM_CORE_HELP_H
#define MM_CORE_HELP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/str.h"

struct help_situation {
	const char *slug;     /* /help/{slug}, content/help/{slug}.{lang}.md */
	const char *category; /* the consultation category it opens */
	/* Personal data may have leaked: the page shows the duty to report to
	 * the Personal Information Protection Commission. */
	bool personal_data;
};

#define HELP_SITUATION_COUNT 7
extern const struct help_situation help_situations[HELP_SITUATION_COUNT];

/* The situation named slug, or NULL. */
const struct help_situation *help_situation_find(struct str slug);

/* The consultation categories, in the order forms and lists show them. */
#define HELP_CATEGORY_COUNT 7
extern const char *const help_categories[HELP_CATEGORY_COUNT];

/* The index of category in help_categories, or -1. */
int help_category_index(struct str category);

#endif
