/*
 * identity_code.h — the rules of the one-time code posted to a firm's
 * registered head office (store/identity.h): its shape (12 digits, printed
 * in groups of four), reading it as people type it, how long a letter
 * stays good, how many wrong codes it takes, and the state of a letter at
 * a given time. Pure: the random digits and the time are handed in.
 */
#ifndef MM_IDENTITY_CODE_H
#define MM_IDENTITY_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/str.h"

#define IDENTITY_CODE_DIGITS 12
#define IDENTITY_LETTER_DAYS 60       /* a letter's code is good this long */
#define IDENTITY_CODE_ATTEMPTS 5      /* wrong codes before the letter is cancelled */
#define IDENTITY_LETTERS_PER_PERIOD 3 /* letters an organisation may ask for per 60 days */

enum identity_letter_state {
	IDENTITY_LETTER_WAITING, /* asked for, not printed yet */
	IDENTITY_LETTER_POSTED,  /* printed: the code may be typed */
	IDENTITY_LETTER_USED,
	IDENTITY_LETTER_CANCELLED, /* a newer letter, or too many wrong codes */
	IDENTITY_LETTER_EXPIRED,
};

/* The code of 12 random digits (each 0…9, as randombytes_uniform(10)
 * gives them) into out, NUL-terminated. */
void identity_code_make(const uint8_t digits[IDENTITY_CODE_DIGITS],
                        char out[IDENTITY_CODE_DIGITS + 1]);

/* "1234-5678-9012": the code as printed. */
void identity_code_grouped(const char code[IDENTITY_CODE_DIGITS + 1], char out[16]);

/* What was typed (full-width digits, spaces and hyphens allowed) as the
 * 12 digits; false when it is not 12 digits. */
bool identity_code_read(struct arena *a, struct str typed, struct str *out);

/* When a letter asked for at created_at stops being good. */
int64_t identity_letter_expires(int64_t created_at);

/* A letter's state at now from its times (0: not happened). */
enum identity_letter_state identity_letter_state(int64_t printed_at, int64_t used_at,
                                                 int64_t cancelled_at, int64_t expires_at,
                                                 int64_t now);

#endif
