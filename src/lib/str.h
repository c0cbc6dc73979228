/*
 * str.h — length-carrying strings and bounded growable buffers.
 * A struct str never owns its bytes; they live in an arena or in static
 * data. A struct buf grows inside an arena up to its own maximum, so that
 * input can never grow it without bound (curl's dynbuf, in miniature).
 */
#ifndef MM_STR_H
#define MM_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/err.h"

struct str {
	const char *p;
	size_t n;
};

#define STR(lit) ((struct str){(lit), sizeof(lit) - 1})
#define STR_NULL ((struct str){NULL, 0})

struct str str_from(const char *s); /* s may be NULL */
bool str_eq(struct str a, struct str b);
bool str_eq_lit(struct str a, const char *lit);
bool str_eq_nocase(struct str a, const char *lit);
bool str_starts_with(struct str s, const char *prefix);
bool str_ends_with(struct str s, const char *suffix);
struct str str_trim(struct str s);            /* ASCII white space and U+3000 */
char *str_dup(struct arena *a, struct str s); /* NUL-terminated copy */
/* Position of c in s, or -1. */
long str_index(struct str s, char c);
/* True when s is 1 to max bytes of ASCII letters, digits, '-', '_' and
 * '.' only: a name that is safe as it stands in a MIME parameter, a file
 * name or a URL path (an attachment's name, an import's external key). */
bool str_is_plain_name(struct str s, size_t max);
/* True when every byte of s is an ASCII digit 0-9 (true for "": the
 * caller checks the length it needs). */
bool str_all_digits(struct str s);
/* The next item of a list separated by sep (an HTTP header's "a, b;q=0"),
 * trimmed, into *item, and *list moved past it and its separator; false
 * when *list is empty. Empty items are handed back as they come. */
bool str_next_item(struct str *list, char sep, struct str *item);
/* Parses a whole decimal number in [min, max]; MM_ERR_INVALID otherwise. */
MM_MUST_USE enum mm_err str_to_long(struct str s, long min, long max, long *out);

struct buf {
	struct arena *arena;
	char *p;
	size_t n, cap, max;
};

void buf_init(struct buf *b, struct arena *a, size_t max);
MM_MUST_USE enum mm_err buf_append(struct buf *b, const void *p, size_t n);
MM_MUST_USE enum mm_err buf_append_str(struct buf *b, struct str s);
/* Room for extra more bytes in one allocation, when the size to come is
 * known (instead of the doublings appending would make). */
MM_MUST_USE enum mm_err buf_expect(struct buf *b, size_t extra);
MM_MUST_USE enum mm_err buf_append_cstr(struct buf *b, const char *s);
MM_MUST_USE enum mm_err buf_append_char(struct buf *b, char c);
MM_MUST_USE enum mm_err buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends v in decimal digits (a leading '-' when negative), without the
 * cost of a format string: for keys and cells written on every request. */
MM_MUST_USE enum mm_err buf_append_int(struct buf *b, int64_t v);
/* Appends s with & < > " ' replaced by entities: safe in text and in a
 * quoted attribute value. */
MM_MUST_USE enum mm_err buf_append_html(struct buf *b, struct str s);
/* Appends s as one quoted CSV cell (quotes doubled) followed by ',' or,
 * when last, CRLF. A leading = + - @ tab or CR (a formula to a
 * spreadsheet) is made text with a leading apostrophe. */
MM_MUST_USE enum mm_err buf_append_csv(struct buf *b, struct str s, bool last);
/* Appends v as one CSV cell that a spreadsheet reads as a number: its
 * digits unquoted ("-1" stays a number, unlike text through
 * buf_append_csv), then ',' or, when last, CRLF. */
MM_MUST_USE enum mm_err buf_append_csv_int(struct buf *b, int64_t v, bool last);
/* Appends s percent-encoded for a URL query component. */
MM_MUST_USE enum mm_err buf_append_urlenc(struct buf *b, struct str s);
struct str buf_str(const struct buf *b);
/* NUL-terminates and returns the bytes (still owned by the arena). */
char *buf_cstr(struct buf *b);

#endif
