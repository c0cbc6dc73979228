/*
 * html_context.h — the small HTML tokenizer the template compiler runs
 * over a template's literal text, so that it knows, at each substitution,
 * whether it stands in text, in an attribute value (and whether that value
 * is a URL), in an unquoted value, in a comment or in <script>/<style>.
 * Not a full HTML parser: it tracks exactly what decides how a
 * substitution must be escaped, and what the compiler must refuse. It
 * never allocates; a tag or attribute name longer than its buffer is cut,
 * and a cut name is longer than any name it looks for.
 */
#ifndef MM_VIEW_HTML_CONTEXT_H
#define MM_VIEW_HTML_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/str.h"

enum html_state {
	HS_DATA,
	HS_TAG_OPEN, /* after '<' */
	HS_TAG_NAME,
	HS_IN_TAG, /* between attributes */
	HS_ATTR_NAME,
	HS_AFTER_ATTR_NAME,
	HS_BEFORE_VALUE,
	HS_VALUE_DQ,
	HS_VALUE_SQ,
	HS_VALUE_UNQ,
	HS_COMMENT,
	HS_RAWTEXT, /* content of <script> or <style> */
};

struct html_ctx {
	enum html_state state;
	char tag[16];
	size_t tag_n;
	bool end_tag;
	char attr[32];
	size_t attr_n;
	bool value_empty; /* nothing yet in the current attribute value */
	char rawtext_tag[16];
};

/* Advances the tokenizer over literal text s (start from a zeroed
 * struct html_ctx: HS_DATA). */
void html_context_advance(struct html_ctx *h, struct str s);
/* s, with the states that are the same for the purpose of a section
 * boundary made one (an attribute's name and the space after it count as
 * "in a tag"). */
int html_state_class(enum html_state s);
/* Whether the attribute being read (the state is in its value) takes a
 * URL: href, src, action, formaction, poster, cite, data, srcset. */
bool html_context_in_url(const struct html_ctx *h);

#endif
