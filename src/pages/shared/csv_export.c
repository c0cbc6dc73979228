/*
 * csv_export.c — see csv_export.h.
 */
#include "pages/shared/csv_export.h"

#include "lib/civil.h"
#include "web/page.h"

enum mm_err csv_export_head(struct req *r, struct buf *b, const char *const keys[], size_t n)
{
	enum mm_err e = buf_append_cstr(b, "\xEF\xBB\xBF");
	for (size_t k = 0; !e && k < n; k++)
		e = buf_append_csv(b, page_t(r, keys[k]), k == n - 1);
	return e;
}

enum mm_err csv_export_time(struct buf *b, int64_t unix_s, bool last)
{
	char at[CIVIL_ISO_JAPAN_BYTES];
	civil_iso_japan(unix_s, at);
	return buf_append_csv(b, str_from(at), last);
}
