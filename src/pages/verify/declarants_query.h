/*
 * declarants_query.h — the search of the public list of declarants, as
 * the page "/declarants" and the API "/api/v1/declarants" both take it:
 * ?q=&prefecture=&industry=&level=&page=&after=&include_ended=, all
 * optional (include_ended=1 adds the withdrawn and revoked declarations,
 * left out unless asked for): after is
 * the cursor of a "next" link (the public ID of the last row of the page
 * before), page the number shown beside it, or without it the page whose
 * rows are skipped to (up to DECLARANTS_MAX_PAGE). The text is
 * NFKC-normalised and searched in both kana forms (core/kana.h), so
 * "さくら" finds "サクラ精密".
 *
 * It only reads the query string: a field that is malformed or given twice
 * refuses the whole query (the caller answers 400), so a search never
 * silently drops a filter. Never reads the database.
 */
#ifndef MM_DECLARANTS_QUERY_H
#define MM_DECLARANTS_QUERY_H

#include "store/verification.h"
#include "web/req.h"

#define DECLARANTS_QUERY_MAX 100 /* code points of a search text */
#define DECLARANTS_CURSOR_MAX 32 /* bytes of a cursor (a public ID) */

/* Reads the query string into q; false when a field is malformed or
 * repeated. */
bool declarants_query_read(struct req *r, struct declarant_query *q);

#endif
