/*
 * embedded.h — the files under templates/, static/, content/ and the SQL
 * migrations, compiled into the binary by tools/embed.c so that `mamori`
 * runs from any directory with nothing beside it. Read-only, process-long.
 */
#ifndef MM_EMBEDDED_H
#define MM_EMBEDDED_H

#include <stddef.h>

#include "lib/str.h"

struct embedded_file {
	const char *name;          /* relative to the repository: "templates/layout.html" */
	const unsigned char *data; /* followed by a NUL byte */
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* The file with exactly this name, or NULL. */
const struct embedded_file *embedded_find(const char *name);
/* The same in files[0..count) (a set the tests make, or embedded_files). */
const struct embedded_file *embedded_find_in(const struct embedded_file *files, size_t count,
                                             const char *name);
static inline struct str embedded_str(const struct embedded_file *f)
{
	return (struct str){(const char *)f->data, f->len};
}

#endif
