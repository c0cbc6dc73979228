/*
 * words.h — catalogue text with {names} filled in, and whole numbers
 * written for people, in the request's arena: what the pages of both
 * questionnaire checks (pages/assessment/, pages/management/) write their
 * sentences with. When the arena is full a text comes back empty rather
 * than failing.
 */
#ifndef MM_PAGES_SHARED_WORDS_H
#define MM_PAGES_SHARED_WORDS_H

#include "web/req.h"

/* Catalogue text key with each {name} replaced by its value (names[i] ↔
 * values[i]). */
struct str words_fill(struct req *r, const char *key, const char *const names[],
                      const struct str values[], size_t n);
/* "12". */
struct str words_int(struct req *r, long v);

#endif
