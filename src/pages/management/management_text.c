/*
 * management_text.c — see management_text.h.
 */
#include "pages/management/management_text.h"

#include "web/page.h"

struct str management_score_text(struct req *r, int score)
{
	char buf[8];
	char *s = arena_strdup(r->arena, core_management_format(score, buf));
	return s ? str_from(s) : STR("");
}

struct str management_answer_label(struct req *r, enum management_answer a)
{
	if (a == MANAGEMENT_ANSWER_DONT_KNOW)
		return page_t(r, "management.answer.dont_know");
	if (a == MANAGEMENT_ANSWER_NONE)
		return page_t(r, "management.answer.none");
	const char *const names[] = {"level"};
	const struct str values[] = {words_int(r, core_management_answer_level(a))};
	return words_fill(r, "management.answer.level", names, values, 1);
}

struct str management_directive_heading(struct req *r, const struct management_content *c,
                                        int directive)
{
	const struct management_directive_text *d = management_directive(c, r->lang, directive);
	const char *const names[] = {"number", "title"};
	const struct str values[] = {words_int(r, directive), d ? d->title : STR("")};
	return words_fill(r, "management.directive.heading", names, values, 2);
}
