/*
 * assessment_text.c — see assessment_text.h.
 */
#include "pages/assessment/assessment_text.h"

#include <stdio.h>

#include "web/page.h"

struct str assessment_answer_label(struct req *r, enum assessment_answer a)
{
	const char *name = core_assessment_answer_name(a);
	char key[64];
	int n = snprintf(key, sizeof key, "assessment.answer.%s", name ? name : "none");
	return n > 0 && (size_t)n < sizeof key ? page_t(r, key) : STR("");
}

struct str assessment_band_text(struct req *r, enum assessment_band band, const char *what)
{
	const char *name = core_assessment_band_name(band);
	char key[64];
	int n = snprintf(key, sizeof key, "assessment.band.%s.%s", name ? name : "urgent", what);
	return n > 0 && (size_t)n < sizeof key ? page_t(r, key) : STR("");
}

struct str assessment_signed(struct req *r, long v)
{
	char *s = v > 0   ? arena_printf(r->arena, "+%ld", v)
	          : v < 0 ? arena_printf(r->arena, "\xe2\x88\x92%ld", -v)
	                  : arena_strdup(r->arena, "\xc2\xb1"
	                                           "0");
	return s ? str_from(s) : STR("");
}
