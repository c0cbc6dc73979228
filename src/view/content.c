/*
 * content.c — see content.h.
 */
#include "view/content.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"

static struct rule rules[LANG_COUNT][RULE_COUNT];

enum mm_err markdown_render(struct arena *a, struct str src, struct str *html)
{
	char *out = cmark_markdown_to_html(src.p, src.n, CMARK_OPT_SAFE | CMARK_OPT_SMART);
	if (!out)
		return MM_ERR_NOMEM;
	size_t n = strlen(out);
	char *copy = arena_strndup(a, out, n);
	free(out);
	if (!copy)
		return MM_ERR_NOMEM;
	*html = (struct str){copy, n};
	return MM_OK;
}

enum mm_err markdown_titled(struct arena *a, struct str src, struct str *title, struct str *html)
{
	if (!str_starts_with(src, "# "))
		return MM_ERR_INVALID;
	long eol = str_index(src, '\n');
	if (eol < 0)
		return MM_ERR_INVALID;
	struct str t = str_trim((struct str){src.p + 2, (size_t)eol - 2});
	char *copy = str_dup(a, t);
	if (!copy || t.n == 0)
		return copy ? MM_ERR_INVALID : MM_ERR_NOMEM;
	*title = (struct str){copy, t.n};
	return markdown_render(a, (struct str){src.p + eol + 1, src.n - (size_t)eol - 1}, html);
}

enum mm_err content_load(struct arena *a, char err[TPL_ERR_MAX])
{
	for (int l = 0; l < LANG_COUNT; l++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			char name[64];
			snprintf(name, sizeof name, "content/rules/rule-%d.%s.md", i + 1,
			         lang_code((enum lang)l));
			const struct embedded_file *f = embedded_find(name);
			if (!f) {
				snprintf(err, TPL_ERR_MAX, "%s is missing", name);
				return MM_ERR_NOT_FOUND;
			}
			struct rule *r = &rules[l][i];
			r->number = i + 1;
			enum mm_err e = markdown_titled(a, embedded_str(f), &r->title, &r->html);
			if (e) {
				snprintf(err, TPL_ERR_MAX, "%s: must start with a '# Title' line",
				         name);
				return e;
			}
		}
	}
	return MM_OK;
}

const struct rule *content_rules(enum lang l)
{
	return rules[l < LANG_COUNT ? l : LANG_JA];
}
