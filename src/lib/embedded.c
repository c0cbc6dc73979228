/*
 * embedded.c — lookup in the generated table (a linear scan: it runs at
 * start-up only; request paths use the indexes built from it).
 */
#include "lib/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find_in(const struct embedded_file *files, size_t count,
                                             const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(files[i].name, name) == 0)
			return &files[i];
	return NULL;
}

const struct embedded_file *embedded_find(const char *name)
{
	return embedded_find_in(embedded_files, embedded_count, name);
}
