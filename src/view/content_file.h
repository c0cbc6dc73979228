/*
 * content_file.h — what the readers of versioned content files (the
 * self-assessment's questionnaire, view/questionnaire.c; the management
 * self-check's, view/management_content.c) share: where a refusal is
 * written, version directory names, finding and loading the versions
 * among the embedded files, keeping the loaded ones in order and finding
 * them by name, JSON objects read strictly.
 */
#ifndef MM_VIEW_CONTENT_FILE_H
#define MM_VIEW_CONTENT_FILE_H

#include <jansson.h>
#include <stdbool.h>

#include "lib/arena.h"
#include "lib/embedded.h"
#include "lib/err.h"
#include "lib/str.h"
#include "view/template.h"

/* The file being checked and where its one-line refusal (TPL_ERR_MAX
 * bytes) goes. */
struct content_place {
	const char *file;
	char *err;
};

/* Writes "FILE: message" into at->err; returns e. */
MM_MUST_USE enum mm_err content_fail(const struct content_place *at, enum mm_err e, const char *fmt,
                                     ...) __attribute__((format(printf, 3, 4)));
/* A version's name: "v" and 1–3 digits without a leading zero. */
bool content_version_number(struct str name, int *out);
/* Refuses an obj that is not an object, or has a key outside known[] (a
 * key we do not know is most likely a misspelt one we do); where begins
 * the message ("item 7: "). */
MM_MUST_USE enum mm_err content_check_keys(const struct content_place *at, const char *where,
                                           json_t *obj, const char *const known[],
                                           size_t known_count);
/* A JSON object (no duplicate keys) parsed from text; NULL and *e set
 * when it is not. The caller json_decref()s it. */
json_t *content_parse_json(const struct content_place *at, struct str text, enum mm_err *e);

/* Where a kind of versioned content lives among the embedded files. */
struct content_tree {
	const char *dir;  /* "content/assessment/": a directory vN per version */
	const char *base; /* each holding meta.json and BASE.LANG.json per language */
	const char *what; /* what is missing when there is none: "no WHAT under DIR" */
};
/* The version directories of tree among files, in the order first met
 * (names point into the file names; at most max of them). A file directly
 * in tree->dir is a note for writers and passed over; any other file is
 * refused. NOT_FOUND when there is no version. */
MM_MUST_USE enum mm_err content_find_versions(const struct embedded_file *files, size_t file_count,
                                              const struct content_tree *tree, struct str names[],
                                              size_t max, size_t *count, char err[TPL_ERR_MAX]);

/* The versions of one kind of content loaded so far, in order of their
 * number (v2 before v10), each pointing at the reader's own struct. */
#define CONTENT_VERSIONS_MAX 64
struct content_version {
	int number;       /* 2 for "v2" */
	const char *name; /* "v2" */
	const void *content;
};
struct content_versions {
	struct content_version at[CONTENT_VERSIONS_MAX];
	size_t count;
};
/* Adds content, named name (which must live as long as it), in its place
 * by number; the caller has made sure there is room. */
void content_versions_add(struct content_versions *vs, int number, const char *name,
                          const void *content);
/* The content of the version named exactly so ("v1"), or NULL. */
const void *content_versions_find(const struct content_versions *vs, struct str name);
/* The content of the version with the highest number, or NULL when none. */
const void *content_versions_latest(const struct content_versions *vs);

/* Reads one version directory (its name among the embedded files) and
 * adds it to the reader's versions; err as in content_fail. */
typedef enum mm_err (*content_version_loader)(struct arena *a, const struct embedded_file *files,
                                              size_t file_count, struct str version,
                                              char err[TPL_ERR_MAX]);
/* Forgets the versions in vs, then loads every version of tree among
 * files (at most max, no more than CONTENT_VERSIONS_MAX) through load; on
 * failure none stays loaded and err names the file and the problem. */
MM_MUST_USE enum mm_err content_load_versions(struct arena *a, const struct embedded_file *files,
                                              size_t file_count, const struct content_tree *tree,
                                              size_t max, content_version_loader load,
                                              struct content_versions *vs, char err[TPL_ERR_MAX]);

/* One line of text a person will read, copied into a: valid UTF-8, not
 * empty, without surrounding spaces or control characters, at most
 * max_chars characters; what names it in a refusal ("\"why\""). */
MM_MUST_USE enum mm_err content_copy_text(struct arena *a, const struct content_place *at,
                                          const char *where, const char *what, struct str s,
                                          size_t max_chars, struct str *out);

#endif
