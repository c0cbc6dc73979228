/*
 * catalogue_format.h — the CSV import's columns described for the
 * administrators' page (/admin/services): each column's name, what it
 * holds, whether it is required, its limit and the words it may hold,
 * made from the definitions the import checks lines against
 * (catalogue_fields.h), so the page cannot say other than the import does.
 */
#ifndef MM_PAGES_CATALOGUE_FORMAT_H
#define MM_PAGES_CATALOGUE_FORMAT_H

#include "view/value.h"
#include "web/req.h"

/* ctx.csv_columns: a row {name, label, need, limit, has_limit, values,
 * has_values, several, note, has_note} per column, in the file's order. */
MM_MUST_USE enum mm_err catalogue_format_set(struct req *r, struct val *ctx);

#endif
