/*
 * demo_json.h — what the demo and seed loaders share: opening one of the
 * embedded JSON files of content/demo/ with the list it must hold, loading
 * each item of that list, and reading a string member or an organisation.
 * Errors go into the caller's err[256] for the command line.
 */
#ifndef MM_DEMO_JSON_H
#define MM_DEMO_JSON_H

#include <jansson.h>

#include "lib/str.h"
#include "store/store.h"

/* The embedded file at path parsed into *root (for json_decref), whose
 * member list is an array. Otherwise *root is NULL and err says why:
 * MM_ERR_NOT_FOUND ("PATH is missing"), or MM_ERR_INVALID ("PATH: " and the
 * parser's reason, or no_list when the document lacks the list). */
MM_MUST_USE enum mm_err demo_json_open(const char *path, const char *list, const char *no_list,
                                       json_t **root, char err[256]);

/* Loads one item of a demo list: *added when it was new (false when it
 * was loaded before); on failure err says why. ctx is the caller's. */
typedef enum mm_err (*demo_json_item_loader)(struct store *s, json_t *item, void *ctx, bool *added,
                                             char err[256]);

/* Each item of the list in the embedded file at path (demo_json_open())
 * through load, in order, stopping at the first failure; *inserted counts
 * the items added. */
MM_MUST_USE enum mm_err demo_json_load_each(struct store *s, const char *path, const char *list,
                                            const char *no_list, demo_json_item_loader load,
                                            void *ctx, int *inserted, char err[256]);

/* The string member key of o ("" when absent or not a string); it lives
 * as long as the document. */
struct str demo_json_str(json_t *o, const char *key);

/* The organisation item describes, as the demo files write one (public_id,
 * name, name_kana, name_en, corporate_number, prefecture, industry,
 * employees, capital_yen): an absent string reads "", an absent number 0.
 * Its strings live as long as the document; the caller checks them. */
struct organisation demo_json_organisation(json_t *item);

#endif
