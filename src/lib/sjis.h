/*
 * sjis.h — reading text written in Shift_JIS (as Windows writes it, code
 * page 932: what Excel saves a Japanese CSV in) as UTF-8, with glibc's
 * iconv. The rest of the program speaks UTF-8 only; this is the one door
 * for files that arrive in the older encoding.
 *
 * It never guesses: the caller decides that the input is not UTF-8
 * (utf8_valid) before asking. Every byte of the output lies in the arena
 * handed in; the input is never modified.
 */
#ifndef MM_SJIS_H
#define MM_SJIS_H

#include "lib/arena.h"
#include "lib/str.h"

/* A converter, opened once for the many lines of one file. */
struct sjis_reader {
	void *cd; /* iconv_t; NULL when it could not be opened */
};

void sjis_open(struct sjis_reader *s);
void sjis_close(struct sjis_reader *s);

/* in, read as Shift_JIS (CP932), into *out as UTF-8 in the arena.
 * MM_ERR_INVALID when in is not Shift_JIS (or the converter could not be
 * opened), MM_ERR_NOMEM when the arena is full. */
MM_MUST_USE enum mm_err sjis_to_utf8(struct sjis_reader *s, struct arena *a, struct str in,
                                     struct str *out);

#endif
