/*
 * corporate_number.h — Japan's 13-digit corporate number (法人番号): the
 * first digit checks the other twelve. Pure: no I/O; only
 * core_corporate_number_read allocates, in the arena it is handed.
 */
#ifndef MM_CORPORATE_NUMBER_H
#define MM_CORPORATE_NUMBER_H

#include <stdbool.h>

#include "lib/str.h"

#define CORPORATE_NUMBER_DIGITS 13

/* The check digit for the twelve digits body (P12…P1 left to right). */
int core_corporate_number_check_digit(const char body[12]);
/* Exactly 13 ASCII digits with a correct check digit. Normalise (NFKC,
 * strip hyphens and spaces) before calling. */
bool core_corporate_number_valid(struct str s);
/* A corporate number as people type it (core/digits.h), read and checked:
 * true when it is a valid 13-digit number. *out holds what was read, also
 * when that is not valid ("" when unreadable, or when in is empty). */
bool core_corporate_number_read(struct arena *a, struct str in, struct str *out);

#endif
