/*
 * html_context.c — see html_context.h.
 */
#include "view/html_context.h"

#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void tag_finished(struct html_ctx *h)
{
	h->tag[h->tag_n < sizeof h->tag ? h->tag_n : sizeof h->tag - 1] = '\0';
	if (!h->end_tag && (strcmp(h->tag, "script") == 0 || strcmp(h->tag, "style") == 0)) {
		memcpy(h->rawtext_tag, h->tag, sizeof h->tag);
		h->state = HS_RAWTEXT;
	} else {
		h->state = HS_DATA;
	}
}

void html_context_advance(struct html_ctx *h, struct str s)
{
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		switch (h->state) {
		case HS_DATA:
			if (c == '<') {
				if (s.n - i >= 4 && memcmp(s.p + i, "<!--", 4) == 0) {
					h->state = HS_COMMENT;
					i += 3;
				} else {
					h->state = HS_TAG_OPEN;
					h->tag_n = 0;
					h->end_tag = false;
				}
			}
			break;
		case HS_TAG_OPEN:
			if (c == '/') {
				h->end_tag = true;
			} else if (c == '!' || c == '?' || (lower(c) >= 'a' && lower(c) <= 'z')) {
				h->state = HS_TAG_NAME;
				if (h->tag_n < sizeof h->tag - 1)
					h->tag[h->tag_n++] = lower(c);
			} else {
				h->state = HS_DATA; /* a lone '<' in text */
			}
			break;
		case HS_TAG_NAME:
			if (is_space(c)) {
				h->state = HS_IN_TAG;
			} else if (c == '>') {
				tag_finished(h);
			} else if (c == '/') {
				h->state = HS_IN_TAG;
			} else if (h->tag_n < sizeof h->tag - 1) {
				h->tag[h->tag_n++] = lower(c);
			}
			break;
		case HS_IN_TAG:
		case HS_AFTER_ATTR_NAME:
			if (c == '>') {
				tag_finished(h);
			} else if (c == '=' && h->state == HS_AFTER_ATTR_NAME) {
				h->state = HS_BEFORE_VALUE;
			} else if (!is_space(c) && c != '/') {
				h->state = HS_ATTR_NAME;
				h->attr_n = 0;
				h->attr[h->attr_n++] = lower(c);
			}
			break;
		case HS_ATTR_NAME:
			if (c == '=') {
				h->state = HS_BEFORE_VALUE;
			} else if (is_space(c)) {
				h->state = HS_AFTER_ATTR_NAME;
			} else if (c == '>') {
				tag_finished(h);
			} else if (h->attr_n < sizeof h->attr - 1) {
				h->attr[h->attr_n++] = lower(c);
			}
			break;
		case HS_BEFORE_VALUE:
			h->value_empty = true;
			if (c == '"')
				h->state = HS_VALUE_DQ;
			else if (c == '\'')
				h->state = HS_VALUE_SQ;
			else if (c == '>')
				tag_finished(h);
			else if (!is_space(c)) {
				h->state = HS_VALUE_UNQ;
				h->value_empty = false;
			}
			break;
		case HS_VALUE_DQ:
		case HS_VALUE_SQ:
			if (c == (h->state == HS_VALUE_DQ ? '"' : '\''))
				h->state = HS_IN_TAG;
			else
				h->value_empty = false;
			break;
		case HS_VALUE_UNQ:
			if (is_space(c))
				h->state = HS_IN_TAG;
			else if (c == '>')
				tag_finished(h);
			break;
		case HS_COMMENT:
			if (c == '>' && i >= 2 && s.p[i - 1] == '-' && s.p[i - 2] == '-')
				h->state = HS_DATA;
			break;
		case HS_RAWTEXT: {
			size_t tn = strlen(h->rawtext_tag);
			if (c == '<' && s.n - i >= tn + 2 && s.p[i + 1] == '/') {
				bool same = true;
				for (size_t k = 0; k < tn; k++)
					if (lower(s.p[i + 2 + k]) != h->rawtext_tag[k])
						same = false;
				if (same) {
					h->state = HS_TAG_NAME;
					h->end_tag = true;
					h->tag_n = 0;
					i += 1;
				}
			}
			break;
		}
		}
	}
}

int html_state_class(enum html_state s)
{
	if (s == HS_ATTR_NAME || s == HS_AFTER_ATTR_NAME)
		return HS_IN_TAG;
	return (int)s;
}

bool html_context_in_url(const struct html_ctx *h)
{
	static const char *const url_attrs[] = {"href",   "src",  "action", "formaction",
	                                        "poster", "cite", "data",   "srcset"};
	char name[sizeof h->attr];
	memcpy(name, h->attr, h->attr_n);
	name[h->attr_n] = '\0';
	for (size_t i = 0; i < sizeof url_attrs / sizeof url_attrs[0]; i++)
		if (strcmp(name, url_attrs[i]) == 0)
			return true;
	return false;
}
