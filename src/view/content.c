/*
 * content.c — see content.h.
 */
#include "view/content.h"

#include <assert.h>
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/help.h"
#include "lib/embedded.h"

static struct rule rules[LANG_COUNT][RULE_COUNT];
static struct help_page help_pages[LANG_COUNT][HELP_SITUATION_COUNT];

#define MARKDOWN_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_SMART)
#define HTML_HEADING_LEVEL_MAX 6

/* Copies cmark's malloc'd output into the arena and frees it. */
static enum mm_err html_into_arena(struct arena *a, char *out, struct str *html)
{
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

enum mm_err markdown_render(struct arena *a, struct str src, struct str *html)
{
	return html_into_arena(a, cmark_markdown_to_html(src.p, src.n, MARKDOWN_OPTIONS), html);
}

/* Sets the level of heading, one of a user's, to show it under level
 * `under`: one below the nearest earlier heading written at a higher level
 * (under + 1 when there is none), so no level is skipped, none below h6.
 * written[0..*open) are the levels, as written, of those earlier headings
 * still open, rising. */
static void nest_heading(cmark_node *heading, int under, int written[], size_t *open)
{
	int level = cmark_node_get_heading_level(heading);
	while (*open > 0 && written[*open - 1] >= level)
		--*open;
	int shown = under + 1 + (int)*open;
	cmark_node_set_heading_level(
	    heading, shown < HTML_HEADING_LEVEL_MAX ? shown : HTML_HEADING_LEVEL_MAX);
	assert(*open < HTML_HEADING_LEVEL_MAX); /* those left were written above level */
	written[(*open)++] = level;
}

/* Makes the headings of doc an outline below a heading of level under. */
static void nest_headings(cmark_node *doc, int under)
{
	int written[HTML_HEADING_LEVEL_MAX];
	size_t open = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING)
			nest_heading(node, under, written, &open);
	}
	cmark_iter_free(it);
}

enum mm_err markdown_render_under(struct arena *a, struct str src, int heading_level,
                                  struct str *html)
{
	assert(heading_level >= 1 && heading_level < HTML_HEADING_LEVEL_MAX);
	cmark_node *doc = cmark_parse_document(src.p, src.n, MARKDOWN_OPTIONS);
	if (!doc)
		return MM_ERR_NOMEM;
	nest_headings(doc, heading_level);
	char *out = cmark_render_html(doc, MARKDOWN_OPTIONS);
	cmark_node_free(doc);
	return html_into_arena(a, out, html);
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

/* Renders the embedded file name as a titled page. */
static enum mm_err load_titled(struct arena *a, const char *name, struct str *title,
                               struct str *html, char err[TPL_ERR_MAX])
{
	const struct embedded_file *f = embedded_find(name);
	if (!f) {
		snprintf(err, TPL_ERR_MAX, "%s is missing", name);
		return MM_ERR_NOT_FOUND;
	}
	enum mm_err e = markdown_titled(a, embedded_str(f), title, html);
	if (e)
		snprintf(err, TPL_ERR_MAX, "%s: must start with a '# Title' line", name);
	return e;
}

/* The first "<ol>…</ol>" of rendered html (lists are not nested in the
 * help pages, which are ours). */
static bool first_list(struct str html, struct str *out)
{
	const char *start = memmem(html.p, html.n, "<ol>", 4);
	if (!start)
		return false;
	size_t rest = html.n - (size_t)(start - html.p);
	const char *end = memmem(start, rest, "</ol>", 5);
	if (!end)
		return false;
	*out = (struct str){start, (size_t)(end - start) + 5};
	return true;
}

/* Just after the "<ul>" that follows the last "<h2>" of html (the contacts
 * of a help page); 0 when there is none. */
static size_t contacts_start(struct str html)
{
	const char *h2 = NULL;
	for (const char *at = html.p; (at = memmem(at, html.n - (size_t)(at - html.p), "<h2>", 4));
	     at += 4)
		h2 = at;
	if (!h2)
		return 0;
	const char *ul = memmem(h2, html.n - (size_t)(h2 - html.p), "<ul>\n", 5);
	return ul ? (size_t)(ul - html.p) + 5 : 0;
}

static enum mm_err help_load(struct arena *a, char err[TPL_ERR_MAX])
{
	for (int l = 0; l < LANG_COUNT; l++) {
		for (size_t i = 0; i < HELP_SITUATION_COUNT; i++) {
			char name[96];
			snprintf(name, sizeof name, "content/help/%s.%s.md",
			         help_situations[i].slug, lang_code((enum lang)l));
			struct help_page *p = &help_pages[l][i];
			enum mm_err e = load_titled(a, name, &p->title, &p->html, err);
			if (e)
				return e;
			if (!first_list(p->html, &p->first_steps)) {
				snprintf(err, TPL_ERR_MAX, "%s: no list of steps", name);
				return MM_ERR_INVALID;
			}
			if (!(p->contacts_at = contacts_start(p->html))) {
				snprintf(err, TPL_ERR_MAX,
				         "%s: no list of contacts in its last section", name);
				return MM_ERR_INVALID;
			}
		}
	}
	return MM_OK;
}

enum mm_err content_load(struct arena *a, char err[TPL_ERR_MAX])
{
	for (int l = 0; l < LANG_COUNT; l++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			char name[64];
			snprintf(name, sizeof name, "content/rules/rule-%d.%s.md", i + 1,
			         lang_code((enum lang)l));
			struct rule *r = &rules[l][i];
			r->number = i + 1;
			enum mm_err e = load_titled(a, name, &r->title, &r->html, err);
			if (e)
				return e;
		}
	}
	return help_load(a, err);
}

const struct rule *content_rules(enum lang l)
{
	return rules[l < LANG_COUNT ? l : LANG_JA];
}

const struct help_page *content_help(enum lang l, size_t i)
{
	return &help_pages[l < LANG_COUNT ? l : LANG_JA][i < HELP_SITUATION_COUNT ? i : 0];
}
