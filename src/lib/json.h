/*
 * json.h — a small JSON writer into a bounded buffer. Parsing is jansson's
 * job; writing goes through here so that every string is escaped the same
 * way and the output is well-formed by construction (commas and nesting are
 * tracked, not typed by hand).
 *
 * Errors are sticky, as in curl's dynbuf: the first failure (buffer limit,
 * invalid UTF-8 in a string, nesting deeper than JSON_MAX_DEPTH, a key
 * outside an object) is kept, later calls do nothing, and json_finish()
 * reports it. Callers check json_finish() once at the end.
 *
 * Strings must be valid UTF-8. Besides what JSON requires (quote,
 * backslash, control characters), '<', '>', '&', U+2028 and U+2029 are
 * written as \u escapes so that the output is safe to embed anywhere.
 */
#ifndef MM_JSON_H
#define MM_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

#define JSON_MAX_DEPTH 16

struct json {
	struct buf *out;
	enum mm_err err;
	unsigned depth;
	/* Per level: an object (keys expected) or an array, and whether a
	 * value has been written at that level (a comma is due). */
	bool is_object[JSON_MAX_DEPTH];
	bool has_value[JSON_MAX_DEPTH];
	bool after_key; /* a key was written; its value comes next */
};

void json_init(struct json *j, struct buf *out);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
/* The key of the next member (an object must be open). */
void json_key(struct json *j, const char *key);
void json_write_string(struct json *j, struct str s);
void json_write_cstring(struct json *j, const char *s);
void json_write_int(struct json *j, int64_t n);
void json_write_bool(struct json *j, bool b);
void json_write_null(struct json *j);
/* A string, or null when s is empty. */
void json_write_string_or_null(struct json *j, struct str s);
/* A member of the open object: its key, then its value. */
void json_member_string(struct json *j, const char *key, struct str s);
void json_member_cstring(struct json *j, const char *key, const char *s);
void json_member_int(struct json *j, const char *key, int64_t n);
void json_member_bool(struct json *j, const char *key, bool b);
void json_member_string_or_null(struct json *j, const char *key, struct str s);
/* MM_OK when the document is complete (all levels closed) and nothing
 * failed; else the first error (MM_ERR_INVALID for misuse). */
MM_MUST_USE enum mm_err json_finish(struct json *j);

/* Appends s escaped as a JSON string (with quotes) to b. */
MM_MUST_USE enum mm_err json_append_escaped(struct buf *b, struct str s);

#endif
