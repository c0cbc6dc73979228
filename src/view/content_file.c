/*
 * content_file.c — see content_file.h.
 */
#include "view/content_file.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"
#include "view/i18n.h"

#define VERSION_DIGITS_MAX 3 /* v1 … v999 */

enum mm_err content_fail(const struct content_place *at, enum mm_err e, const char *fmt, ...)
{
	int n = snprintf(at->err, TPL_ERR_MAX, "%s: ", at->file);
	if (n > 0 && n < TPL_ERR_MAX) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(at->err + n, TPL_ERR_MAX - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return e;
}

bool content_version_number(struct str name, int *out)
{
	if (name.n < 2 || name.n > 1 + VERSION_DIGITS_MAX || name.p[0] != 'v' || name.p[1] == '0')
		return false;
	int n = 0;
	for (size_t i = 1; i < name.n; i++) {
		if (name.p[i] < '0' || name.p[i] > '9')
			return false;
		n = n * 10 + (name.p[i] - '0');
	}
	*out = n;
	return true;
}

/* The files a version directory may hold. */
static bool version_file(const struct content_tree *tree, struct str name)
{
	if (str_eq_lit(name, "meta.json"))
		return true;
	for (int l = 0; l < LANG_COUNT; l++) {
		char expected[64];
		int n = snprintf(expected, sizeof expected, "%s.%s.json", tree->base,
		                 lang_code((enum lang)l));
		if (n > 0 && (size_t)n < sizeof expected && str_eq_lit(name, expected))
			return true;
	}
	return false;
}

enum mm_err content_find_versions(const struct embedded_file *files, size_t file_count,
                                  const struct content_tree *tree, struct str names[], size_t max,
                                  size_t *count, char err[TPL_ERR_MAX])
{
	const size_t prefix_n = strlen(tree->dir);
	*count = 0;
	for (size_t i = 0; i < file_count; i++) {
		struct content_place at = {files[i].name, err};
		struct str name = str_from(files[i].name);
		if (!str_starts_with(name, tree->dir))
			continue;
		struct str rest = {name.p + prefix_n, name.n - prefix_n};
		long slash = str_index(rest, '/');
		if (slash < 0)
			continue; /* notes for writers beside the versions */
		struct str dir = {rest.p, (size_t)slash};
		struct str file = {rest.p + slash + 1, rest.n - (size_t)slash - 1};
		int number;
		if (!content_version_number(dir, &number))
			return content_fail(&at, MM_ERR_INVALID,
			                    "not in a version directory (v1, v2, … v999)");
		if (!version_file(tree, file))
			return content_fail(&at, MM_ERR_INVALID,
			                    "unexpected file; a version holds meta.json and "
			                    "%s.LANG.json",
			                    tree->base);
		size_t k = 0;
		while (k < *count && !str_eq(names[k], dir))
			k++;
		if (k < *count)
			continue;
		if (*count == max)
			return content_fail(&at, MM_ERR_TOO_LONG, "more than %zu versions", max);
		names[(*count)++] = dir;
	}
	if (*count == 0) {
		snprintf(err, TPL_ERR_MAX, "no %s under %s", tree->what, tree->dir);
		return MM_ERR_NOT_FOUND;
	}
	return MM_OK;
}

void content_versions_add(struct content_versions *vs, int number, const char *name,
                          const void *content)
{
	assert(vs->count < CONTENT_VERSIONS_MAX);
	size_t i = vs->count;
	while (i > 0 && vs->at[i - 1].number > number) {
		vs->at[i] = vs->at[i - 1];
		i--;
	}
	vs->at[i] = (struct content_version){number, name, content};
	vs->count++;
}

const void *content_versions_find(const struct content_versions *vs, struct str name)
{
	for (size_t i = 0; i < vs->count; i++)
		if (str_eq_lit(name, vs->at[i].name))
			return vs->at[i].content;
	return NULL;
}

const void *content_versions_latest(const struct content_versions *vs)
{
	return vs->count ? vs->at[vs->count - 1].content : NULL;
}

enum mm_err content_load_versions(struct arena *a, const struct embedded_file *files,
                                  size_t file_count, const struct content_tree *tree, size_t max,
                                  content_version_loader load, struct content_versions *vs,
                                  char err[TPL_ERR_MAX])
{
	struct str names[CONTENT_VERSIONS_MAX];
	size_t count;
	assert(max <= CONTENT_VERSIONS_MAX);
	vs->count = 0;
	enum mm_err e = content_find_versions(files, file_count, tree, names, max, &count, err);
	for (size_t i = 0; !e && i < count; i++)
		e = load(a, files, file_count, names[i], err);
	if (e)
		vs->count = 0;
	return e;
}

enum mm_err content_check_keys(const struct content_place *at, const char *where, json_t *obj,
                               const char *const known[], size_t known_count)
{
	const char *key;
	json_t *value;
	if (!json_is_object(obj))
		return content_fail(at, MM_ERR_INVALID, "%snot an object", where);
	json_object_foreach(obj, key, value)
	{
		(void)value;
		size_t i = 0;
		while (i < known_count && strcmp(key, known[i]) != 0)
			i++;
		if (i == known_count)
			return content_fail(at, MM_ERR_INVALID, "%sunknown key \"%.40s\"", where,
			                    key);
	}
	return MM_OK;
}

json_t *content_parse_json(const struct content_place *at, struct str text, enum mm_err *e)
{
	json_error_t jerr;
	json_t *root = json_loadb(text.p, text.n, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		*e = content_fail(at, MM_ERR_INVALID, "line %d: %s", jerr.line, jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		*e = content_fail(at, MM_ERR_INVALID, "not a JSON object");
		return NULL;
	}
	return root;
}

enum mm_err content_copy_text(struct arena *a, const struct content_place *at, const char *where,
                              const char *what, struct str s, size_t max_chars, struct str *out)
{
	if (!utf8_valid(s))
		return content_fail(at, MM_ERR_INVALID, "%s%s is not valid UTF-8", where, what);
	struct str trimmed = str_trim(s);
	if (trimmed.n == 0)
		return content_fail(at, MM_ERR_INVALID, "%s%s is empty", where, what);
	if (trimmed.n != s.n)
		return content_fail(at, MM_ERR_INVALID, "%s%s begins or ends with spaces", where,
		                    what);
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return content_fail(at, MM_ERR_INVALID,
			                    "%s%s contains a line break or control character",
			                    where, what);
	if (utf8_length(s) > max_chars)
		return content_fail(at, MM_ERR_TOO_LONG, "%s%s is longer than %zu characters",
		                    where, what, max_chars);
	char *copy = str_dup(a, s);
	if (!copy)
		return content_fail(at, MM_ERR_NOMEM, "out of memory");
	*out = (struct str){copy, s.n};
	return MM_OK;
}
