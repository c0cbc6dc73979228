/*
 * file_row.h — an uploaded file as a row of a page's list (a consultation's
 * attachments, an event's materials): its name, where to fetch it and its
 * size in KiB rounded up, as the templates show them.
 */
#ifndef MM_PAGES_SHARED_FILE_ROW_H
#define MM_PAGES_SHARED_FILE_ROW_H

#include <stdint.h>

#include "lib/arena.h"
#include "view/value.h"

/* Appends {filename, url, size} to list; the row (for more fields), or
 * NULL when the arena is full. */
struct val *file_row_push(struct arena *a, struct val *list, struct str filename, const char *url,
                          int64_t size);

#endif
