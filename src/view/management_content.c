/*
 * management_content.c — see management_content.h. Every text is copied
 * into the caller's arena, so nothing points into jansson's memory once a
 * file is checked. Every refusal names the file and, where there is one,
 * the directive or question.
 */
#include "view/management_content.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"
#include "view/content_file.h"

#define PATH_MAX_BYTES 128
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

_Static_assert(MANAGEMENT_VERSIONS_MAX <= CONTENT_VERSIONS_MAX, "the versions fit");
static struct content_versions versions;

/* One line of text a person will read (content_copy_text). */
static enum mm_err copy_text(struct arena *a, const struct content_place *at, const char *where,
                             const char *what, json_t *v, size_t max_chars, struct str *out)
{
	if (!json_is_string(v))
		return content_fail(at, MM_ERR_INVALID, "%s%s is missing or not a string", where,
		                    what);
	return content_copy_text(a, at, where, what,
	                         (struct str){json_string_value(v), json_string_length(v)},
	                         max_chars, out);
}

/* A list of exactly n texts under key. */
static enum mm_err copy_texts(struct arena *a, const struct content_place *at, const char *where,
                              json_t *obj, const char *key, size_t n, size_t max_chars,
                              struct str *out)
{
	json_t *list = json_object_get(obj, key);
	if (!json_is_array(list) || json_array_size(list) != n)
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" must be a list of %zu texts",
		                    where, key, n);
	for (size_t i = 0; i < n; i++) {
		char what[48];
		snprintf(what, sizeof what, "\"%s\" %zu", key, i);
		enum mm_err e =
		    copy_text(a, at, where, what, json_array_get(list, i), max_chars, &out[i]);
		if (e)
			return e;
	}
	return MM_OK;
}

/* An entry's "id": a whole number in 1…max, not seen before. */
static enum mm_err entry_id(const struct content_place *at, const char *what, json_t *entry,
                            int max, bool seen[], int *id, char where[48])
{
	json_t *v = json_is_object(entry) ? json_object_get(entry, "id") : NULL;
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
		return content_fail(at, MM_ERR_INVALID, "a %s without an \"id\" in 1 to %d", what,
		                    max);
	*id = (int)json_integer_value(v);
	if (seen[*id])
		return content_fail(at, MM_ERR_DUPLICATE, "%s %d appears twice", what, *id);
	seen[*id] = true;
	snprintf(where, 48, "%s %d: ", what, *id);
	return MM_OK;
}

/* meta.json: the layout. */
static enum mm_err parse_meta(const struct content_place *at, json_t *root, struct str version,
                              struct management_content *c)
{
	static const char *const keys[] = {"version", "directives"};
	static const char *const directive_keys[] = {"id", "questions"};
	bool seen[MANAGEMENT_DIRECTIVES + 1] = {false};
	char where[48];
	enum mm_err e;
	if ((e = content_check_keys(at, "", root, keys, COUNT(keys))))
		return e;
	json_t *name = json_object_get(root, "version");
	if (!json_is_string(name) ||
	    !str_eq((struct str){json_string_value(name), json_string_length(name)}, version))
		return content_fail(at, MM_ERR_INVALID, "\"version\" must be \"%.*s\"",
		                    (int)version.n, version.p);
	json_t *list = json_object_get(root, "directives"), *entry;
	size_t i;
	if (!json_is_array(list) || json_array_size(list) != MANAGEMENT_DIRECTIVES)
		return content_fail(at, MM_ERR_INVALID,
		                    "\"directives\" must list the %d directives",
		                    MANAGEMENT_DIRECTIVES);
	json_array_foreach(list, i, entry)
	{
		int d;
		if ((e = entry_id(at, "directive", entry, MANAGEMENT_DIRECTIVES, seen, &d,
		                  where)) ||
		    (e = content_check_keys(at, where, entry, directive_keys,
		                            COUNT(directive_keys))))
			return e;
		json_t *qs = json_object_get(entry, "questions"), *q;
		size_t k;
		if (!json_is_array(qs) || json_array_size(qs) == 0)
			return content_fail(at, MM_ERR_INVALID,
			                    "%s\"questions\" must be a list of numbers", where);
		json_array_foreach(qs, k, q)
		{
			long long n = json_is_integer(q) ? json_integer_value(q) : 0;
			if (n < 1 || n > MANAGEMENT_QUESTIONS_MAX)
				return content_fail(at, MM_ERR_INVALID,
				                    "%squestion numbers are 1 to %d", where,
				                    MANAGEMENT_QUESTIONS_MAX);
			if (c->layout.directive_of[n - 1])
				return content_fail(at, MM_ERR_DUPLICATE,
				                    "question %lld is listed twice", n);
			c->layout.directive_of[n - 1] = d;
			c->questions_of[d - 1][c->question_count[d - 1]++] = (int)n;
			if (n > c->layout.question_count)
				c->layout.question_count = (int)n;
		}
	}
	for (int q = 0; q < c->layout.question_count; q++)
		if (!c->layout.directive_of[q])
			return content_fail(at, MM_ERR_INVALID, "question %d is in no directive",
			                    q + 1);
	if (!core_management_layout_valid(&c->layout))
		return content_fail(at, MM_ERR_INVALID, "not a valid layout");
	return MM_OK;
}

/* management.LANG.json */
static enum mm_err parse_text(struct arena *a, const struct content_place *at, json_t *root,
                              struct management_content *c, enum lang l)
{
	static const char *const keys[] = {"directives", "questions"};
	static const char *const directive_keys[] = {"id", "title", "why", "next"};
	static const char *const question_keys[] = {"id", "question", "levels"};
	bool seen_d[MANAGEMENT_DIRECTIVES + 1] = {false},
	                                    seen_q[MANAGEMENT_QUESTIONS_MAX + 1] = {false};
	char where[48];
	json_t *entry;
	size_t i;
	enum mm_err e;
	if ((e = content_check_keys(at, "", root, keys, COUNT(keys))))
		return e;
	json_t *ds = json_object_get(root, "directives"), *qs = json_object_get(root, "questions");
	if (!json_is_array(ds) || json_array_size(ds) != MANAGEMENT_DIRECTIVES)
		return content_fail(at, MM_ERR_INVALID,
		                    "\"directives\" must hold the %d directives",
		                    MANAGEMENT_DIRECTIVES);
	json_array_foreach(ds, i, entry)
	{
		int d;
		struct management_directive_text *t;
		if ((e = entry_id(at, "directive", entry, MANAGEMENT_DIRECTIVES, seen_d, &d,
		                  where)) ||
		    (e = content_check_keys(at, where, entry, directive_keys,
		                            COUNT(directive_keys))))
			return e;
		t = &c->directives[l][d - 1];
		t->number = d;
		if ((e = copy_text(a, at, where, "\"title\"", json_object_get(entry, "title"),
		                   MANAGEMENT_TITLE_MAX, &t->title)) ||
		    (e = copy_text(a, at, where, "\"why\"", json_object_get(entry, "why"),
		                   MANAGEMENT_WHY_MAX, &t->why)) ||
		    (e = copy_texts(a, at, where, entry, "next", MANAGEMENT_LEVEL_MAX,
		                    MANAGEMENT_NEXT_MAX, t->next)))
			return e;
	}
	if (!json_is_array(qs) || json_array_size(qs) != (size_t)c->layout.question_count)
		return content_fail(at, MM_ERR_INVALID,
		                    "\"questions\" must hold the %d questions of meta.json",
		                    c->layout.question_count);
	json_array_foreach(qs, i, entry)
	{
		int q;
		struct management_question_text *t;
		if ((e = entry_id(at, "question", entry, c->layout.question_count, seen_q, &q,
		                  where)) ||
		    (e = content_check_keys(at, where, entry, question_keys, COUNT(question_keys))))
			return e;
		t = &c->questions[l][q - 1];
		t->number = q;
		t->directive = c->layout.directive_of[q - 1];
		if ((e = copy_text(a, at, where, "\"question\"", json_object_get(entry, "question"),
		                   MANAGEMENT_QUESTION_MAX, &t->question)) ||
		    (e = copy_texts(a, at, where, entry, "levels", MANAGEMENT_LEVEL_MAX + 1,
		                    MANAGEMENT_LEVEL_TEXT_MAX, t->levels)))
			return e;
	}
	return MM_OK;
}

static struct str find_file(const struct embedded_file *files, size_t file_count, const char *name)
{
	const struct embedded_file *f = embedded_find_in(files, file_count, name);
	return f ? embedded_str(f) : STR_NULL;
}

static enum mm_err load_version(struct arena *a, const struct embedded_file *files,
                                size_t file_count, struct str version, char err[TPL_ERR_MAX])
{
	char file[PATH_MAX_BYTES];
	struct content_place at = {file, err};
	enum mm_err e = MM_OK;
	int number;
	snprintf(file, sizeof file, MANAGEMENT_CONTENT_DIR "%.*s", (int)version.n, version.p);
	if (!content_version_number(version, &number))
		return content_fail(&at, MM_ERR_INVALID, "not a version name (v1, v2, … v999)");
	if (versions.count == MANAGEMENT_VERSIONS_MAX)
		return content_fail(&at, MM_ERR_TOO_LONG, "more than %d versions",
		                    MANAGEMENT_VERSIONS_MAX);
	struct management_content *c = arena_zalloc(a, sizeof *c);
	if (!c)
		return content_fail(&at, MM_ERR_NOMEM, "out of memory");
	memcpy(c->version, version.p, version.n);
	c->number = number;
	for (int l = -1; l < LANG_COUNT; l++) {
		if (l < 0)
			snprintf(file, sizeof file, MANAGEMENT_CONTENT_DIR "%s/meta.json",
			         c->version);
		else
			snprintf(file, sizeof file, MANAGEMENT_CONTENT_DIR "%s/management.%s.json",
			         c->version, lang_code((enum lang)l));
		struct str text = find_file(files, file_count, file);
		if (!text.p)
			return content_fail(&at, MM_ERR_NOT_FOUND, "missing");
		json_t *root = content_parse_json(&at, text, &e);
		if (!root)
			return e;
		e = l < 0 ? parse_meta(&at, root, version, c)
		          : parse_text(a, &at, root, c, (enum lang)l);
		json_decref(root);
		if (e)
			return e;
	}
	content_versions_add(&versions, c->number, c->version, c);
	return MM_OK;
}

enum mm_err management_content_load_files(struct arena *a, const struct embedded_file *files,
                                          size_t file_count, char err[TPL_ERR_MAX])
{
	static const struct content_tree tree = {MANAGEMENT_CONTENT_DIR, "management",
	                                         "management content"};
	return content_load_versions(a, files, file_count, &tree, MANAGEMENT_VERSIONS_MAX,
	                             load_version, &versions, err);
}

enum mm_err management_content_load(struct arena *a, char err[TPL_ERR_MAX])
{
	return management_content_load_files(a, embedded_files, embedded_count, err);
}

const struct management_content *management_content_find(struct str version)
{
	return content_versions_find(&versions, version);
}

const struct management_content *management_content_latest(void)
{
	return content_versions_latest(&versions);
}

const struct management_directive_text *management_directive(const struct management_content *c,
                                                             enum lang l, int directive)
{
	if (!c || directive < 1 || directive > MANAGEMENT_DIRECTIVES)
		return NULL;
	return &c->directives[l < LANG_COUNT ? l : LANG_JA][directive - 1];
}

const struct management_question_text *management_question(const struct management_content *c,
                                                           enum lang l, int question)
{
	if (!c || question < 1 || question > c->layout.question_count)
		return NULL;
	return &c->questions[l < LANG_COUNT ? l : LANG_JA][question - 1];
}
