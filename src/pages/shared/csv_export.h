/*
 * csv_export.h — what the CSV downloads people open in a spreadsheet
 * (/org/members.csv, /org/audit.csv, /admin/audit.csv, an event's
 * attendees, a check's result) begin with alike: the UTF-8 BOM, so that
 * Excel reads the file as UTF-8, and a header row of catalogue texts in
 * the request's language. Their cells go through lib/str.h's
 * buf_append_csv, which makes a cell a spreadsheet would run as a formula
 * plain text. Their times are Japan's, as the pages show them: a moment
 * through csv_export_time (ISO 8601 with the +09:00 offset), a date as
 * the day in Japan. Files for programs (the JSON exports, the statistics
 * and open data, the service catalogue) keep their own documented forms.
 */
#ifndef MM_PAGES_SHARED_CSV_EXPORT_H
#define MM_PAGES_SHARED_CSV_EXPORT_H

#include "lib/str.h"
#include "web/req.h"

/* Appends the BOM and the header row of the catalogue texts keys[0..n)
 * to b. */
MM_MUST_USE enum mm_err csv_export_head(struct req *r, struct buf *b, const char *const keys[],
                                        size_t n);

/* Appends unix_s as a cell in Japan time with its offset,
 * "2026-12-06T13:00:00+09:00" (civil_iso_japan), the row's last when last
 * is true. */
MM_MUST_USE enum mm_err csv_export_time(struct buf *b, int64_t unix_s, bool last);

#endif
