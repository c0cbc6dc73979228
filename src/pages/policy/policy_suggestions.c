/*
 * policy_suggestions.c — see policy_suggestions.h. The files
 * content/policy/v1/suggestions.ja.json and suggestions.en.json:
 *
 *   {"sections": {"preamble": [text, …], "commitment-1": [...], … "commitment-5": [...]},
 *    "weak_items": [{"item": 24, "section": "commitment-5", "text": …, "why": …}, …]}
 *
 * Checked on load: no key twice and no unknown key; every section has
 * 2–3 texts, the same number in both languages; weak items name an item
 * 1–25 and a commitment or the preamble, and are the same items in the
 * same order in both languages; every text is present, without surrounding
 * spaces, and fits both its limit and the section's (so a suggestion can
 * always be taken as it is). Loaded once (pthread_once) into a
 * process-long arena; read-only afterwards.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "pages/policy/policy_suggestions.h"

#define CONTENT_DIR "content/policy/" POLICY_CONTENT_VERSION "/"
#define CONTENT_ARENA_MAX (1024u * 1024)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct arena content_arena;
static struct policy_suggestions loaded;
static bool loaded_ok;

static bool fail(char err[TPL_ERR_MAX], const char *lang, const char *what)
{
	snprintf(err, TPL_ERR_MAX, "%ssuggestions.%s.json: %s", CONTENT_DIR, lang, what);
	return false;
}

/* A text as the content must give it; copied into the arena. */
static bool take_text(struct arena *a, json_t *v, size_t max_chars, struct str *out)
{
	if (!json_is_string(v))
		return false;
	struct str s = {json_string_value(v), json_string_length(v)};
	if (s.n == 0 || !utf8_valid(s) || str_trim(s).n != s.n || utf8_length(s) > max_chars)
		return false;
	char *copy = arena_strndup(a, s.p, s.n);
	*out = (struct str){copy, s.n};
	return copy != NULL;
}

static bool parse_sections(struct arena *a, json_t *sections, enum lang l,
                           struct policy_suggestions *out, char err[TPL_ERR_MAX])
{
	const char *code = lang_code(l);
	if (!json_is_object(sections) || json_object_size(sections) != POLICY_SECTION_COUNT)
		return fail(err, code,
		            "\"sections\" must name the preamble and the five commitments");
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		json_t *list = json_object_get(sections, core_policy_step_name(i));
		size_t n = json_array_size(list);
		if (!json_is_array(list) || n < POLICY_SUGGESTIONS_MIN ||
		    n > POLICY_SUGGESTIONS_MAX)
			return fail(err, code, "each section needs 2 or 3 texts");
		if (l != LANG_JA && n != out->count[i])
			return fail(err, code,
			            "a section has another number of texts than in Japanese");
		out->count[i] = n;
		size_t max = core_policy_section_max_chars(i);
		for (size_t k = 0; k < n; k++)
			if (!take_text(a, json_array_get(list, k), max, &out->text[l][i][k]))
				return fail(err, code,
				            "a section text is empty, padded or too long");
	}
	return true;
}

static bool parse_rule(struct arena *a, json_t *rule, enum lang l, size_t i,
                       struct policy_suggestions *out, char err[TPL_ERR_MAX])
{
	const char *code = lang_code(l);
	json_t *item = json_object_get(rule, "item");
	json_t *section = json_object_get(rule, "section");
	size_t step;
	if (!json_is_object(rule) || json_object_size(rule) != 4 || !json_is_integer(item) ||
	    json_integer_value(item) < 1 || json_integer_value(item) > ASSESSMENT_ITEM_COUNT ||
	    !json_is_string(section) ||
	    !core_policy_step_parse(str_from(json_string_value(section)), &step) ||
	    step >= POLICY_SECTION_COUNT)
		return fail(err, code, "a weak item needs item 1-25, a section, text and why");
	struct policy_weak_rule r = {(int)json_integer_value(item), (enum policy_section)step};
	if (l == LANG_JA)
		out->rules[i] = r;
	else if (out->rules[i].item != r.item || out->rules[i].section != r.section)
		return fail(err, code, "weak items differ from the Japanese ones");
	size_t max = core_policy_section_max_chars(r.section);
	if (!take_text(a, json_object_get(rule, "text"), max, &out->rule_text[l][i]) ||
	    !take_text(a, json_object_get(rule, "why"), POLICY_CONTENT_TEXT_MAX,
	               &out->rule_why[l][i]))
		return fail(err, code, "a weak item's text or why is empty, padded or too long");
	return true;
}

static bool parse_one(struct arena *a, struct str text, enum lang l, struct policy_suggestions *out,
                      char err[TPL_ERR_MAX])
{
	const char *code = lang_code(l);
	json_error_t je;
	json_t *root = json_loadb(text.p, text.n, JSON_REJECT_DUPLICATES, &je);
	bool ok = false;
	if (!root)
		return fail(err, code, je.text);
	json_t *rules = json_object_get(root, "weak_items");
	size_t n = json_array_size(rules);
	if (!json_is_object(root) || json_object_size(root) != 2 || !json_is_array(rules) ||
	    n > POLICY_WEAK_RULES_MAX) {
		fail(err, code, "the file must hold \"sections\" and \"weak_items\" (at most 64)");
		goto done;
	}
	if (l != LANG_JA && n != out->rule_count) {
		fail(err, code, "weak items differ from the Japanese ones");
		goto done;
	}
	out->rule_count = n;
	if (!parse_sections(a, json_object_get(root, "sections"), l, out, err))
		goto done;
	for (size_t i = 0; i < n; i++)
		if (!parse_rule(a, json_array_get(rules, i), l, i, out, err))
			goto done;
	ok = true;
done:
	json_decref(root);
	return ok;
}

enum mm_err policy_suggestions_parse(struct arena *a, const struct str json[LANG_COUNT],
                                     struct policy_suggestions *out, char err[TPL_ERR_MAX])
{
	memset(out, 0, sizeof *out);
	/* Japanese first: English is checked against it. */
	for (size_t l = 0; l < LANG_COUNT; l++)
		if (!parse_one(a, json[l], (enum lang)l, out, err))
			return MM_ERR_INVALID;
	return MM_OK;
}

static void load(void)
{
	struct str json[LANG_COUNT];
	char err[TPL_ERR_MAX];
	for (size_t l = 0; l < LANG_COUNT; l++) {
		char name[64];
		snprintf(name, sizeof name, CONTENT_DIR "suggestions.%s.json",
		         lang_code((enum lang)l));
		const struct embedded_file *f = embedded_find(name);
		if (!f) {
			log_error("policy: %s is missing", name);
			return;
		}
		json[l] = embedded_str(f);
	}
	arena_init(&content_arena, CONTENT_ARENA_MAX);
	if (policy_suggestions_parse(&content_arena, json, &loaded, err)) {
		log_error("policy: %s", err);
		return;
	}
	loaded_ok = true;
}

const struct policy_suggestions *policy_suggestions(void)
{
	pthread_once(&once, load);
	return loaded_ok ? &loaded : NULL;
}
