/*
 * json_export.h — what the JSON data exports (/account/export.json,
 * /org/export.json, a check's result as JSON) write alike: text, times as
 * ISO 8601 UTC, objects built field by field with one check at the end,
 * and the finished document as indented text in the request's arena.
 */
#ifndef MM_PAGES_SHARED_JSON_EXPORT_H
#define MM_PAGES_SHARED_JSON_EXPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/arena.h"
#include "lib/str.h"
#include "lib/err.h"

/* A JSON string of s (an empty one for a NULL s). */
json_t *json_export_str(struct str s);
/* "2026-11-25T19:21:40Z"; null for 0 or less (not set). */
json_t *json_export_time(int64_t t);
/* Builds a JSON document field by field: each call takes its value (also
 * when it fails, so nothing leaks) and the first failure sticks, so a
 * sequence of calls needs one check of failed at the end. */
struct json_builder {
	bool failed;
};

/* obj[key] = value; a NULL value (one that could not be made) fails. */
void json_builder_set(struct json_builder *b, json_t *obj, const char *key, json_t *value);
/* Appends value to list; a NULL value fails. */
void json_builder_push(struct json_builder *b, json_t *list, json_t *value);
/* A new array, set as obj[key]; NULL once anything has failed. */
json_t *json_builder_set_list(struct json_builder *b, json_t *obj, const char *key);
/* A new object, appended to list; NULL once anything has failed. */
json_t *json_builder_push_obj(struct json_builder *b, json_t *list);

/* root as text indented by two, keys in the order they were set, copied
 * into a; MM_ERR_NOMEM when it cannot be. root stays the caller's. */
MM_MUST_USE enum mm_err json_export_text(struct arena *a, const json_t *root, struct str *out);
/* The same with its reals written with at most precision significant
 * digits (3: 2.25). */
MM_MUST_USE enum mm_err json_export_text_precise(struct arena *a, const json_t *root, int precision,
                                                 struct str *out);

#endif
