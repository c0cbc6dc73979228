/*
 * questionnaire.c — see questionnaire.h. The loaded versions are kept in
 * version order (struct content_versions, view/content_file.h); every
 * text is copied into the caller's arena, so nothing points into
 * jansson's memory once a file is checked. Every refusal names the file
 * and, where there is one, the part or item.
 */
#include "view/questionnaire.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/utf8.h"
#include "view/content_file.h"

#define PATH_MAX_BYTES 128
#define WHERE_MAX 32 /* "item 25: " */
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

_Static_assert(QUESTIONNAIRE_VERSIONS_MAX <= CONTENT_VERSIONS_MAX, "the versions fit");
static struct content_versions versions;

static bool whole_number(json_t *v, long long *out)
{
	if (!json_is_integer(v))
		return false;
	*out = (long long)json_integer_value(v);
	return true;
}

static enum mm_err take_text(struct arena *a, const struct content_place *at, const char *where,
                             json_t *obj, const char *key, size_t max_chars, struct str *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" is missing", where, key);
	if (!json_is_string(v))
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" is not a string", where, key);
	char what[64];
	snprintf(what, sizeof what, "\"%s\"", key);
	return content_copy_text(a, at, where, what,
	                         (struct str){json_string_value(v), json_string_length(v)},
	                         max_chars, out);
}

/* "partly" / "not_done": a list of 2–4 first steps. */
static enum mm_err take_steps(struct arena *a, const struct content_place *at, const char *where,
                              json_t *obj, const char *key, struct questionnaire_advice *out)
{
	json_t *list = json_object_get(obj, key);
	if (!list)
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" is missing", where, key);
	if (!json_is_array(list))
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" is not a list of steps", where,
		                    key);
	size_t n = json_array_size(list);
	if (n < QUESTIONNAIRE_STEPS_MIN || n > QUESTIONNAIRE_STEPS_MAX)
		return content_fail(at, MM_ERR_INVALID, "%s\"%s\" needs %d to %d steps, not %zu",
		                    where, key, QUESTIONNAIRE_STEPS_MIN, QUESTIONNAIRE_STEPS_MAX,
		                    n);
	for (size_t i = 0; i < n; i++) {
		json_t *step = json_array_get(list, i);
		char what[64];
		snprintf(what, sizeof what, "\"%s\" step %zu", key, i + 1);
		if (!json_is_string(step))
			return content_fail(at, MM_ERR_INVALID, "%s%s is not a string", where,
			                    what);
		enum mm_err e = content_copy_text(
		    a, at, where, what,
		    (struct str){json_string_value(step), json_string_length(step)},
		    QUESTIONNAIRE_STEP_MAX, &out->steps[i]);
		if (e)
			return e;
	}
	out->step_count = n;
	return MM_OK;
}

/* "dont_know": how to find out, and one first step. */
static enum mm_err take_dont_know(struct arena *a, const struct content_place *at,
                                  const char *where, json_t *obj, struct questionnaire_advice *out)
{
	static const char *const keys[] = {"find_out", "first_step"};
	json_t *dk = json_object_get(obj, "dont_know");
	if (!dk)
		return content_fail(at, MM_ERR_INVALID, "%s\"dont_know\" is missing", where);
	if (!json_is_object(dk))
		return content_fail(at, MM_ERR_INVALID, "%s\"dont_know\" is not an object", where);
	char inner[48];
	snprintf(inner, sizeof inner, "%s\"dont_know\": ", where);
	enum mm_err e;
	if ((e = content_check_keys(at, inner, dk, keys, COUNT(keys))) ||
	    (e = take_text(a, at, inner, dk, "find_out", QUESTIONNAIRE_FIND_OUT_MAX,
	                   &out->find_out)) ||
	    (e = take_text(a, at, inner, dk, "first_step", QUESTIONNAIRE_STEP_MAX, &out->steps[0])))
		return e;
	out->step_count = 1;
	return MM_OK;
}

static enum mm_err take_item(struct arena *a, const struct content_place *at, const char *where,
                             json_t *obj, struct questionnaire_item *it)
{
	enum mm_err e;
	if ((e = take_text(a, at, where, obj, "question", QUESTIONNAIRE_QUESTION_MAX,
	                   &it->question)) ||
	    (e = take_text(a, at, where, obj, "why", QUESTIONNAIRE_WHY_MAX, &it->why)) ||
	    (e = take_text(a, at, where, obj, "done_example", QUESTIONNAIRE_DONE_EXAMPLE_MAX,
	                   &it->done_example)) ||
	    (e = take_steps(a, at, where, obj, "partly", &it->advice[ANSWER_PARTLY])) ||
	    (e = take_steps(a, at, where, obj, "not_done", &it->advice[ANSWER_NOT_DONE])))
		return e;
	return take_dont_know(a, at, where, obj, &it->advice[ANSWER_DONT_KNOW]);
}

/* One entry of a list of parts or items: an object whose "id" is in 1…max
 * and not seen before. Marks it seen; where receives "part 2: " or
 * "item 7: " to begin the messages about the rest of the entry. */
static enum mm_err take_entry_id(const struct content_place *at, const char *what, json_t *entry,
                                 size_t index, int max, bool seen[], int *id, char where[WHERE_MAX])
{
	long long n;
	if (!json_is_object(entry))
		return content_fail(at, MM_ERR_INVALID, "%s entry %zu is not an object", what,
		                    index + 1);
	if (!whole_number(json_object_get(entry, "id"), &n))
		return content_fail(at, MM_ERR_INVALID,
		                    "%s entry %zu: \"id\" is missing or not a whole number", what,
		                    index + 1);
	if (n < 1 || n > max)
		return content_fail(at, MM_ERR_INVALID, "%s %lld: no such %s (they are 1 to %d)",
		                    what, n, what, max);
	if (seen[n])
		return content_fail(at, MM_ERR_DUPLICATE, "%s %lld appears twice", what, n);
	seen[n] = true;
	*id = (int)n;
	snprintf(where, WHERE_MAX, "%s %d: ", what, *id);
	return MM_OK;
}

static enum mm_err check_all_seen(const struct content_place *at, const char *what,
                                  const bool seen[], int max)
{
	for (int i = 1; i <= max; i++)
		if (!seen[i])
			return content_fail(at, MM_ERR_INVALID, "%s %d is missing", what, i);
	return MM_OK;
}

static json_t *list_of(const struct content_place *at, json_t *root, const char *key,
                       enum mm_err *e)
{
	json_t *list = json_object_get(root, key);
	if (!json_is_array(list)) {
		*e = content_fail(at, MM_ERR_INVALID, "\"%s\" is missing or not a list", key);
		return NULL;
	}
	return list;
}

/* The entries of a list of root ("parts", "items"): objects whose "id"
 * numbers them (1 to max, each once, none missing; what names them in
 * errors), with only keys, each read by read. */
struct entries {
	const char *list, *what;
	int max;
	const char *const *keys;
	size_t n_keys;
	enum mm_err (*read)(const struct content_place *at, const char *where, json_t *entry,
	                    int id, void *ctx);
};

static enum mm_err take_entries(const struct content_place *at, json_t *root,
                                const struct entries *l, void *ctx)
{
	bool seen[ASSESSMENT_ITEM_COUNT + 1] = {false};
	enum mm_err e = MM_OK;
	json_t *list = list_of(at, root, l->list, &e), *entry;
	size_t i;
	char where[WHERE_MAX];
	int id = 0;
	assert(l->max <= ASSESSMENT_ITEM_COUNT);
	if (!list)
		return e;
	json_array_foreach(list, i, entry)
	{
		if ((e = take_entry_id(at, l->what, entry, i, l->max, seen, &id, where)) ||
		    (e = content_check_keys(at, where, entry, l->keys, l->n_keys)) ||
		    (e = l->read(at, where, entry, id, ctx)))
			return e;
	}
	return check_all_seen(at, l->what, seen, l->max);
}

/* questionnaire.LANG.json */
struct text {
	struct arena *a;
	struct questionnaire_part *parts;
	struct questionnaire_item *items;
};

static enum mm_err read_part_text(const struct content_place *at, const char *where, json_t *entry,
                                  int id, void *ctx)
{
	struct text *x = ctx;
	struct questionnaire_part *p = &x->parts[id - 1];
	enum mm_err e;
	p->number = id;
	if ((e = take_text(x->a, at, where, entry, "title", QUESTIONNAIRE_TITLE_MAX, &p->title)))
		return e;
	return take_text(x->a, at, where, entry, "intro", QUESTIONNAIRE_INTRO_MAX, &p->intro);
}

static enum mm_err read_item_text(const struct content_place *at, const char *where, json_t *entry,
                                  int id, void *ctx)
{
	struct text *x = ctx;
	struct questionnaire_item *it = &x->items[id - 1];
	it->number = id;
	it->part = core_assessment_part_of(id);
	return take_item(x->a, at, where, entry, it);
}

static enum mm_err parse_text(struct arena *a, const struct content_place *at, json_t *root,
                              struct questionnaire_part parts[ASSESSMENT_PART_COUNT],
                              struct questionnaire_item items[ASSESSMENT_ITEM_COUNT])
{
	static const char *const keys[] = {"parts", "items"};
	static const char *const part_keys[] = {"id", "title", "intro"};
	static const char *const item_keys[] = {"id",     "question", "why",      "done_example",
	                                        "partly", "not_done", "dont_know"};
	static const struct entries part_entries = {
	    "parts", "part", ASSESSMENT_PART_COUNT, part_keys, COUNT(part_keys), read_part_text};
	static const struct entries item_entries = {
	    "items", "item", ASSESSMENT_ITEM_COUNT, item_keys, COUNT(item_keys), read_item_text};
	struct text x = {a, parts, items};
	enum mm_err e;
	if ((e = content_check_keys(at, "", root, keys, COUNT(keys))) ||
	    (e = take_entries(at, root, &part_entries, &x)))
		return e;
	return take_entries(at, root, &item_entries, &x);
}

/* A part of meta.json: the items it lists, each once in the whole file
 * (item_seen, the context) and in the part core/assessment.h puts it in. */
static enum mm_err read_part_items(const struct content_place *at, const char *where, json_t *entry,
                                   int part, void *ctx)
{
	bool *item_seen = ctx;
	json_t *items = json_object_get(entry, "items");
	if (!json_is_array(items))
		return content_fail(at, MM_ERR_INVALID, "%s\"items\" is missing or not a list",
		                    where);
	size_t k;
	json_t *item;
	json_array_foreach(items, k, item)
	{
		long long n;
		if (!whole_number(item, &n))
			return content_fail(at, MM_ERR_INVALID, "%sentry %zu is not a whole number",
			                    where, k + 1);
		if (n < 1 || n > ASSESSMENT_ITEM_COUNT)
			return content_fail(at, MM_ERR_INVALID,
			                    "%sitem %lld: no such item (they are 1 to %d)", where,
			                    n, ASSESSMENT_ITEM_COUNT);
		if (item_seen[n])
			return content_fail(at, MM_ERR_DUPLICATE, "item %lld is listed twice", n);
		item_seen[n] = true;
		if (core_assessment_part_of((int)n) != part)
			return content_fail(at, MM_ERR_INVALID,
			                    "item %lld is listed in part %d but belongs to part %d",
			                    n, part, core_assessment_part_of((int)n));
	}
	return MM_OK;
}

/* meta.json: the version's own name, and the parts as core/assessment.h
 * defines them (written out so that a writer sees the structure, and
 * checked so that the words can never drift from the scoring). */
static enum mm_err parse_meta(const struct content_place *at, json_t *root, struct str version)
{
	static const char *const keys[] = {"version", "parts"};
	static const char *const part_keys[] = {"id", "items"};
	static const struct entries part_entries = {
	    "parts", "part", ASSESSMENT_PART_COUNT, part_keys, COUNT(part_keys), read_part_items};
	bool item_seen[ASSESSMENT_ITEM_COUNT + 1] = {false};
	enum mm_err e;
	if ((e = content_check_keys(at, "", root, keys, COUNT(keys))))
		return e;
	json_t *name = json_object_get(root, "version");
	if (!json_is_string(name))
		return content_fail(at, MM_ERR_INVALID, "\"version\" is missing or not a string");
	if (!str_eq((struct str){json_string_value(name), json_string_length(name)}, version))
		return content_fail(at, MM_ERR_INVALID,
		                    "\"version\" is \"%.16s\" but the version is %.*s",
		                    json_string_value(name), (int)version.n, version.p);
	if ((e = take_entries(at, root, &part_entries, item_seen)))
		return e;
	return check_all_seen(at, "item", item_seen, ASSESSMENT_ITEM_COUNT);
}

/* prefix is what file names are shown under ("content/assessment/" or ""). */
static enum mm_err load_version(struct arena *a, const char *prefix,
                                const struct questionnaire_source *src, char err[TPL_ERR_MAX])
{
	char file[PATH_MAX_BYTES];
	struct content_place at = {file, err};
	struct str v = src->version;
	int number;
	enum mm_err e = MM_OK;
	snprintf(file, sizeof file, "%s%.*s", prefix, (int)(v.n < 16 ? v.n : 16), v.p ? v.p : "");
	if (!content_version_number(v, &number))
		return content_fail(&at, MM_ERR_INVALID, "not a version name (v1, v2, … v999)");
	if (questionnaire_find(v))
		return content_fail(&at, MM_ERR_DUPLICATE, "this version is loaded already");
	if (versions.count == QUESTIONNAIRE_VERSIONS_MAX)
		return content_fail(&at, MM_ERR_TOO_LONG, "more than %d versions",
		                    QUESTIONNAIRE_VERSIONS_MAX);
	struct questionnaire *q = arena_zalloc(a, sizeof *q);
	if (!q)
		return content_fail(&at, MM_ERR_NOMEM, "out of memory");
	memcpy(q->version, v.p, v.n);
	q->number = number;

	snprintf(file, sizeof file, "%s%s/meta.json", prefix, q->version);
	json_t *root = content_parse_json(&at, src->meta, &e);
	if (!root)
		return e;
	e = parse_meta(&at, root, v);
	json_decref(root);
	if (e)
		return e;
	for (int l = 0; l < LANG_COUNT; l++) {
		snprintf(file, sizeof file, "%s%s/questionnaire.%s.json", prefix, q->version,
		         lang_code((enum lang)l));
		if (!(root = content_parse_json(&at, src->text[l], &e)))
			return e;
		e = parse_text(a, &at, root, q->parts[l], q->items[l]);
		json_decref(root);
		if (e)
			return e;
	}
	content_versions_add(&versions, q->number, q->version, q);
	return MM_OK;
}

enum mm_err questionnaire_load_json(struct arena *a, const struct questionnaire_source *src,
                                    char err[TPL_ERR_MAX])
{
	return load_version(a, "", src, err);
}

static struct str find_file(const struct embedded_file *files, size_t file_count,
                            struct str version, const char *file, char err[TPL_ERR_MAX])
{
	char name[PATH_MAX_BYTES];
	snprintf(name, sizeof name, "%s%.*s/%s", QUESTIONNAIRE_DIR, (int)version.n, version.p,
	         file);
	const struct embedded_file *f = embedded_find_in(files, file_count, name);
	if (f)
		return embedded_str(f);
	snprintf(err, TPL_ERR_MAX, "%s is missing", name);
	return STR_NULL;
}

static enum mm_err load_directory(struct arena *a, const struct embedded_file *files,
                                  size_t file_count, struct str version, char err[TPL_ERR_MAX])
{
	struct questionnaire_source src = {.version = version};
	if (!(src.meta = find_file(files, file_count, version, "meta.json", err)).p)
		return MM_ERR_NOT_FOUND;
	for (int l = 0; l < LANG_COUNT; l++) {
		char file[32];
		snprintf(file, sizeof file, "questionnaire.%s.json", lang_code((enum lang)l));
		if (!(src.text[l] = find_file(files, file_count, version, file, err)).p)
			return MM_ERR_NOT_FOUND;
	}
	return load_version(a, QUESTIONNAIRE_DIR, &src, err);
}

enum mm_err questionnaire_load_files(struct arena *a, const struct embedded_file *files,
                                     size_t file_count, char err[TPL_ERR_MAX])
{
	static const struct content_tree tree = {QUESTIONNAIRE_DIR, "questionnaire",
	                                         "questionnaire version"};
	return content_load_versions(a, files, file_count, &tree, QUESTIONNAIRE_VERSIONS_MAX,
	                             load_directory, &versions, err);
}

enum mm_err questionnaire_load(struct arena *a, char err[TPL_ERR_MAX])
{
	return questionnaire_load_files(a, embedded_files, embedded_count, err);
}

size_t questionnaire_count(void)
{
	return versions.count;
}

const struct questionnaire *questionnaire_at(size_t i)
{
	return i < versions.count ? versions.at[i].content : NULL;
}

const struct questionnaire *questionnaire_find(struct str version)
{
	return content_versions_find(&versions, version);
}

const struct questionnaire *questionnaire_latest(void)
{
	return content_versions_latest(&versions);
}

const struct questionnaire_part *questionnaire_part(const struct questionnaire *q, enum lang l,
                                                    int part)
{
	if (!q || part < 1 || part > ASSESSMENT_PART_COUNT)
		return NULL;
	return &q->parts[l < LANG_COUNT ? l : LANG_JA][part - 1];
}

const struct questionnaire_item *questionnaire_item(const struct questionnaire *q, enum lang l,
                                                    int item)
{
	if (!q || item < 1 || item > ASSESSMENT_ITEM_COUNT)
		return NULL;
	return &q->items[l < LANG_COUNT ? l : LANG_JA][item - 1];
}

const struct questionnaire_advice *questionnaire_advice(const struct questionnaire_item *item,
                                                        enum assessment_answer answer)
{
	if (!item ||
	    (answer != ANSWER_PARTLY && answer != ANSWER_NOT_DONE && answer != ANSWER_DONT_KNOW))
		return NULL;
	return &item->advice[answer];
}
