/*
 * i18n.c — see i18n.h. Catalogues are sorted arrays searched by binary
 * search; they are loaded once and read by every thread without locks.
 */
#include "view/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"

struct entry {
	struct str key, text;
};

struct catalogue {
	struct entry *entries;
	size_t n;
};

static struct catalogue catalogues[LANG_COUNT];
static const char *const codes[LANG_COUNT] = {"ja", "en"};

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	size_t n = x->key.n < y->key.n ? x->key.n : y->key.n;
	int c = memcmp(x->key.p, y->key.p, n);
	return c ? c : (x->key.n > y->key.n) - (x->key.n < y->key.n);
}

/* Adds the strings of one JSON object to the entries. */
static enum mm_err load_json(struct arena *a, enum lang l, const char *name, struct str json,
                             struct entry **entries, size_t *n, size_t *cap, char err[TPL_ERR_MAX])
{
	json_error_t jerr;
	json_t *root = json_loadb(json.p, json.n, JSON_REJECT_DUPLICATES, &jerr);
	enum mm_err e = MM_OK;
	const char *key;
	json_t *value;
	if (!root || !json_is_object(root)) {
		snprintf(err, TPL_ERR_MAX, "%s: line %d: %s", name, jerr.line,
		         root ? "not an object" : jerr.text);
		json_decref(root);
		return MM_ERR_INVALID;
	}
	json_object_foreach(root, key, value)
	{
		if (!json_is_string(value)) {
			snprintf(err, TPL_ERR_MAX, "%s: %s is not a string", name, key);
			e = MM_ERR_INVALID;
			break;
		}
		if (*n == I18N_MAX_KEYS) {
			snprintf(err, TPL_ERR_MAX, "catalogue %s: more than %d keys", codes[l],
			         I18N_MAX_KEYS);
			e = MM_ERR_TOO_LONG;
			break;
		}
		if (*n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 256;
			struct entry *grown = arena_realloc(a, *entries, *cap * sizeof **entries,
			                                    ncap * sizeof **entries);
			if (!grown) {
				e = MM_ERR_NOMEM;
				break;
			}
			*entries = grown;
			*cap = ncap;
		}
		struct entry *en = &(*entries)[(*n)++];
		en->key = (struct str){arena_strdup(a, key), strlen(key)};
		en->text = (struct str){
		    arena_strndup(a, json_string_value(value), json_string_length(value)),
		    json_string_length(value)};
		if (!en->key.p || !en->text.p) {
			e = MM_ERR_NOMEM;
			break;
		}
	}
	json_decref(root);
	return e;
}

/* Sorts a language's entries and refuses a key defined twice. */
static enum mm_err finish_catalogue(enum lang l, struct entry *entries, size_t n,
                                    char err[TPL_ERR_MAX])
{
	qsort(entries, n, sizeof *entries, entry_cmp);
	for (size_t i = 1; i < n; i++) {
		if (entry_cmp(&entries[i - 1], &entries[i]) == 0) {
			snprintf(err, TPL_ERR_MAX, "catalogue %s: key %s is defined twice",
			         codes[l], entries[i].key.p);
			return MM_ERR_DUPLICATE;
		}
	}
	catalogues[l] = (struct catalogue){entries, n};
	return MM_OK;
}

enum mm_err i18n_load_json(struct arena *a, const struct str json[LANG_COUNT],
                           char err[TPL_ERR_MAX])
{
	for (int l = 0; l < LANG_COUNT; l++) {
		struct entry *entries = NULL;
		size_t n = 0, cap = 0;
		enum mm_err e =
		    load_json(a, (enum lang)l, codes[l], json[l], &entries, &n, &cap, err);
		if (e || (e = finish_catalogue((enum lang)l, entries, n, err)))
			return e;
	}
	return MM_OK;
}

/* Every content/i18n/AREA.LANG.json, one file per area of the site. */
enum mm_err i18n_load(struct arena *a, char err[TPL_ERR_MAX])
{
	static const char prefix[] = "content/i18n/";
	for (int l = 0; l < LANG_COUNT; l++) {
		struct entry *entries = NULL;
		size_t n = 0, cap = 0, files = 0;
		char suffix[16];
		snprintf(suffix, sizeof suffix, ".%s.json", codes[l]);
		for (size_t i = 0; i < embedded_count; i++) {
			struct str name = str_from(embedded_files[i].name);
			if (!str_starts_with(name, prefix) || !str_ends_with(name, suffix))
				continue;
			enum mm_err e =
			    load_json(a, (enum lang)l, embedded_files[i].name,
			              embedded_str(&embedded_files[i]), &entries, &n, &cap, err);
			if (e)
				return e;
			files++;
		}
		if (!files) {
			snprintf(err, TPL_ERR_MAX, "no catalogue for %s under %s", codes[l],
			         prefix);
			return MM_ERR_NOT_FOUND;
		}
		enum mm_err e = finish_catalogue((enum lang)l, entries, n, err);
		if (e)
			return e;
	}
	return MM_OK;
}

const char *lang_code(enum lang l)
{
	return codes[l < LANG_COUNT ? l : LANG_JA];
}

bool lang_from_code(struct str code, enum lang *out)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (str_eq_nocase(code, codes[l])) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

/* "en-US,en;q=0.9,ja;q=0.8": the supported primary tag with the highest q
 * (ties: the first). q=0 means "not this one". */
enum lang lang_from_accept(struct str header)
{
	enum lang best = LANG_JA;
	int best_q = -1;
	struct str item;
	while (str_next_item(&header, ',', &item)) {
		long semi = str_index(item, ';');
		struct str tag = str_trim(semi < 0 ? item : (struct str){item.p, (size_t)semi});
		long dash = str_index(tag, '-');
		struct str primary = dash < 0 ? tag : (struct str){tag.p, (size_t)dash};
		int q = 1000;
		if (semi >= 0) {
			struct str params =
			    str_trim((struct str){item.p + semi + 1, item.n - (size_t)semi - 1});
			if (str_starts_with(params, "q=")) {
				/* q=0.xyz → thousandths; anything malformed counts as 0 */
				q = 0;
				struct str v = {params.p + 2, params.n - 2};
				if (v.n >= 1 && v.p[0] == '1')
					q = 1000;
				else if (v.n >= 3 && v.p[0] == '0' && v.p[1] == '.') {
					int scale = 100;
					for (size_t i = 2;
					     i < v.n && i < 5 && v.p[i] >= '0' && v.p[i] <= '9';
					     i++) {
						q += (v.p[i] - '0') * scale;
						scale /= 10;
					}
				}
			}
		}
		enum lang l;
		if (q > 0 && q > best_q && lang_from_code(primary, &l)) {
			best = l;
			best_q = q;
		}
	}
	return best;
}

static const struct entry *find(enum lang l, struct str key)
{
	const struct catalogue *c = &catalogues[l < LANG_COUNT ? l : LANG_JA];
	size_t lo = 0, hi = c->n;
	struct entry probe = {key, STR_NULL};
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = entry_cmp(&probe, &c->entries[mid]);
		if (cmp == 0)
			return &c->entries[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool i18n_has(enum lang l, struct str key)
{
	return find(l, key) != NULL;
}

struct str i18n_get(enum lang l, struct str key)
{
	const struct entry *e = find(l, key);
	if (!e && l != LANG_JA)
		e = find(LANG_JA, key);
	return e ? e->text : key;
}

size_t i18n_missing_count(enum lang l)
{
	size_t missing = 0;
	for (int other = 0; other < LANG_COUNT; other++) {
		if (other == (int)l)
			continue;
		for (size_t i = 0; i < catalogues[other].n; i++)
			missing += !find(l, catalogues[other].entries[i].key);
	}
	return missing;
}

static bool has_everywhere(void *data, struct str key)
{
	(void)data;
	for (int l = 0; l < LANG_COUNT; l++)
		if (!find((enum lang)l, key))
			return false;
	return true;
}

static struct str get_for(void *data, struct str key)
{
	return i18n_get((enum lang)(long)(size_t)data, key);
}

static struct str get_variant(int variant, struct str key)
{
	return i18n_get((enum lang)variant, key);
}

/* Templates are compiled after the catalogues are loaded and the
 * catalogues never change afterwards: every {{t}} is resolved at compile
 * time for each language (the variant is the language). */
const struct tpl_i18n *i18n_for_compile(void)
{
	static const struct tpl_i18n compile = {
	    has_everywhere, get_for, (void *)(size_t)LANG_JA, -1, LANG_COUNT, get_variant};
	return &compile;
}

const struct tpl_i18n *i18n_for(enum lang l)
{
	static const struct tpl_i18n views[LANG_COUNT] = {
	    {has_everywhere, get_for, (void *)(size_t)LANG_JA, LANG_JA, 0, NULL},
	    {has_everywhere, get_for, (void *)(size_t)LANG_EN, LANG_EN, 0, NULL},
	};
	return &views[l < LANG_COUNT ? l : LANG_JA];
}

/* The decimal digits of v, written at the end of out. */
static struct str uint_text(char out[12], unsigned v)
{
	size_t n = 12;
	do {
		out[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n);
	return (struct str){out + n, 12 - n};
}

/* Length of the literal text before the next '{' (or the end). */
static size_t literal_run(struct str text, size_t from)
{
	const char *brace = memchr(text.p + from, '{', text.n - from);
	return brace ? (size_t)(brace - (text.p + from)) : text.n - from;
}

/* The catalogue's date.format with {y} {m} {d} {mon} filled in. */
char *i18n_format_date(struct arena *a, enum lang l, int year, int month, int day)
{
	if (month < 1 || month > 12 || year < 0 || day < 0)
		return NULL;
	static const char *const mon_keys[] = {
	    "date.mon.1", "date.mon.2", "date.mon.3", "date.mon.4",  "date.mon.5",  "date.mon.6",
	    "date.mon.7", "date.mon.8", "date.mon.9", "date.mon.10", "date.mon.11", "date.mon.12"};
	static const char *const names[] = {"y", "m", "d", "mon"};
	char y[12], m[12], d[12];
	const struct str values[] = {uint_text(y, (unsigned)year), uint_text(m, (unsigned)month),
	                             uint_text(d, (unsigned)day),
	                             i18n_get(l, str_from(mon_keys[month - 1]))};
	return i18n_fill(a, l, "date.format", names, values, 4);
}

char *i18n_fill(struct arena *a, enum lang l, const char *key, const char *const names[],
                const struct str values[], size_t n)
{
	struct str text = i18n_get(l, str_from(key));
	struct buf b;
	buf_init(&b, a, text.n + 64 * 1024);
	for (size_t i = 0; i < text.n;) {
		size_t run = literal_run(text, i);
		if (run) {
			if (buf_append(&b, text.p + i, run))
				return NULL;
			i += run;
			continue;
		}
		/* text.p[i] is '{': one of the given {name}s, or a literal brace */
		bool replaced = false;
		for (size_t k = 0; k < n && !replaced; k++) {
			size_t len = strlen(names[k]);
			if (i + len + 1 < text.n && memcmp(text.p + i + 1, names[k], len) == 0 &&
			    text.p[i + 1 + len] == '}') {
				if (buf_append_str(&b, values[k]))
					return NULL;
				i += len + 2;
				replaced = true;
			}
		}
		if (!replaced) {
			if (buf_append_char(&b, '{'))
				return NULL;
			i++;
		}
	}
	return buf_cstr(&b);
}
