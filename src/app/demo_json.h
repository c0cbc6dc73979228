/*
 * demo_json.h — what the demo and seed loaders share: opening one of the
 * embedded JSON files of content/demo/ with the list it must hold, and
 * reading a string member. Errors go into the caller's err[256] for the
 * command line.
 */
#ifndef MM_DEMO_JSON_H
#define MM_DEMO_JSON_H

#include <jansson.h>

#include "lib/str.h"

/* The embedded file at path parsed into *root (for json_decref), whose
 * member list is an array. Otherwise *root is NULL and err says why:
 * MM_ERR_NOT_FOUND ("PATH is missing"), or MM_ERR_INVALID ("PATH: " and the
 * parser's reason, or no_list when the document lacks the list). */
MM_MUST_USE enum mm_err demo_json_open(const char *path, const char *list, const char *no_list,
                                       json_t **root, char err[256]);

/* The string member key of o ("" when absent or not a string); it lives
 * as long as the document. */
struct str demo_json_str(json_t *o, const char *key);

#endif
