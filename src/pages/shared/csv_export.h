/*
 * csv_export.h — what the CSV downloads people open in a spreadsheet
 * (/org/members.csv, /org/audit.csv, /admin/audit.csv, an event's
 * attendees, a check's result) begin with alike: the UTF-8 BOM, so that
 * Excel reads the file as UTF-8, and a header row of catalogue texts in
 * the request's language. Their cells go through lib/str.h's
 * buf_append_csv, which makes a cell a spreadsheet would run as a formula
 * plain text; times in them are ISO 8601 UTC.
 */
#ifndef MM_PAGES_SHARED_CSV_EXPORT_H
#define MM_PAGES_SHARED_CSV_EXPORT_H

#include "lib/str.h"
#include "web/req.h"

/* Appends the BOM and the header row of the catalogue texts keys[0..n)
 * to b. */
MM_MUST_USE enum mm_err csv_export_head(struct req *r, struct buf *b, const char *const keys[],
                                        size_t n);

#endif
