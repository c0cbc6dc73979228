/*
 * policy.c — see policy.h. Nothing here allocates; every string handed
 * back is a slice of the caller's text.
 */
#include "core/policy.h"

#include <assert.h>
#include <string.h>

#include "lib/utf8.h"

static const char *const step_names[POLICY_STEP_COUNT] = {
    "preamble",     "commitment-1", "commitment-2", "commitment-3",
    "commitment-4", "commitment-5", "footer"};

const char *core_policy_step_name(size_t step)
{
	return step < POLICY_STEP_COUNT ? step_names[step] : NULL;
}

bool core_policy_step_parse(struct str name, size_t *step)
{
	for (size_t i = 0; i < POLICY_STEP_COUNT; i++)
		if (str_eq_lit(name, step_names[i])) {
			*step = i;
			return true;
		}
	return false;
}

size_t core_policy_section_max_chars(enum policy_section section)
{
	return section == POLICY_PREAMBLE ? POLICY_PREAMBLE_MAX_CHARS : POLICY_COMMITMENT_MAX_CHARS;
}

static bool within(struct str s, size_t max_chars)
{
	return utf8_valid(s) && utf8_length(s) <= max_chars;
}

enum policy_problem core_policy_check_section(enum policy_section section, struct str text)
{
	assert(section < POLICY_SECTION_COUNT);
	return within(text, core_policy_section_max_chars(section)) ? POLICY_OK : POLICY_TOO_LONG;
}

static int digits(struct str s, size_t from, size_t n)
{
	int v = 0;
	for (size_t i = from; i < from + n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

bool core_policy_date_valid(struct str date)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (date.n != POLICY_DATE_CHARS || date.p[4] != '-' || date.p[7] != '-')
		return false;
	int y = digits(date, 0, 4), m = digits(date, 5, 2), d = digits(date, 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* Reads a number of 1 to max digits at s[*i]; -1 when there is none. */
static int read_number(struct str s, size_t *i, size_t max)
{
	int v = 0;
	size_t start = *i;
	while (*i < s.n && *i - start < max && s.p[*i] >= '0' && s.p[*i] <= '9')
		v = v * 10 + (s.p[(*i)++] - '0');
	return *i > start && (*i == s.n || s.p[*i] < '0' || s.p[*i] > '9') ? v : -1;
}

/* Skips the separator sep (a C string) at s[*i]. */
static bool skip(struct str s, size_t *i, const char *sep)
{
	struct str rest = {s.p + *i, s.n - *i};
	if (!str_starts_with(rest, sep))
		return false;
	*i += strlen(sep);
	return true;
}

bool core_policy_date_read(struct arena *a, struct str in, struct str *iso)
{
	struct str s;
	size_t i = 0;
	*iso = STR("");
	if (in.n > POLICY_DATE_CHARS * 4 || utf8_nfkc(a, str_trim(in), &s))
		return false;
	int y = read_number(s, &i, 4);
	bool kanji = skip(s, &i, "年");
	char sep = kanji || i >= s.n ? 0 : s.p[i];
	if (y < 0 || (!kanji && sep != '-' && sep != '/') ||
	    (!kanji && !skip(s, &i, (char[]){sep, 0})))
		return false;
	int m = read_number(s, &i, 2);
	if (m < 0 || !(kanji ? skip(s, &i, "月") : skip(s, &i, (char[]){sep, 0})))
		return false;
	int d = read_number(s, &i, 2);
	if (d < 0 || (kanji && !skip(s, &i, "日")) || i != s.n)
		return false;
	char *out = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	if (!out || !core_policy_date_valid(str_from(out)))
		return false;
	*iso = str_from(out);
	return true;
}

static enum policy_problem check_field(struct str s, size_t max_chars)
{
	if (s.n == 0)
		return POLICY_EMPTY;
	return within(s, max_chars) ? POLICY_OK : POLICY_TOO_LONG;
}

enum policy_problem core_policy_check_complete(const struct policy_text *t, size_t *where)
{
	enum policy_problem p;
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++) {
		*where = i;
		if ((p = check_field(t->section[i], core_policy_section_max_chars(i))))
			return p;
	}
	*where = POLICY_STEP_FOOTER;
	if (!str_eq_lit(t->lang, "ja") && !str_eq_lit(t->lang, "en"))
		return POLICY_BAD_LANG;
	if (t->established_on.n == 0)
		return POLICY_EMPTY;
	if (!core_policy_date_valid(t->established_on))
		return POLICY_BAD_DATE;
	if ((p = check_field(t->organisation_name, POLICY_ORGANISATION_MAX_CHARS)) ||
	    (p = check_field(t->representative_title, POLICY_TITLE_MAX_CHARS)) ||
	    (p = check_field(t->representative_name, POLICY_PERSON_MAX_CHARS)))
		return p;
	return POLICY_OK;
}

bool core_policy_text_equal(const struct policy_text *a, const struct policy_text *b)
{
	for (size_t i = 0; i < POLICY_SECTION_COUNT; i++)
		if (!str_eq(a->section[i], b->section[i]))
			return false;
	return str_eq(a->lang, b->lang) && str_eq(a->established_on, b->established_on) &&
	       str_eq(a->organisation_name, b->organisation_name) &&
	       str_eq(a->representative_title, b->representative_title) &&
	       str_eq(a->representative_name, b->representative_name);
}

/* The line that starts at *at (without its LF); *at moves past the LF. */
static struct str next_line(struct str text, size_t *at)
{
	size_t start = *at, end = start;
	while (end < text.n && text.p[end] != '\n')
		end++;
	*at = end < text.n ? end + 1 : end;
	return (struct str){text.p + start, end - start};
}

size_t core_policy_paragraphs(struct str text, struct str out[], size_t max)
{
	size_t n = 0, at = 0;
	const char *start = NULL, *end = NULL;
	if (max == 0)
		return 0;
	while (at < text.n) {
		struct str line = next_line(text, &at);
		if (str_trim(line).n == 0) {
			if (start && n + 1 < max) {
				out[n++] = str_trim((struct str){start, (size_t)(end - start)});
				start = NULL;
			}
			continue;
		}
		if (!start)
			start = line.p;
		end = line.p + line.n;
	}
	if (start)
		out[n++] = str_trim((struct str){start, (size_t)(end - start)});
	return n;
}

size_t core_policy_lines(struct str paragraph, struct str out[], size_t max)
{
	size_t n = 0, at = 0;
	const char *join_from = NULL;
	while (at < paragraph.n && max > 0) {
		struct str line = str_trim(next_line(paragraph, &at));
		if (line.n == 0)
			continue;
		if (n + 1 < max) {
			out[n++] = line;
			continue;
		}
		/* The last slot takes this line and every one after it. */
		if (!join_from)
			join_from = line.p;
		out[n] = str_trim((struct str){join_from, (size_t)(line.p + line.n - join_from)});
	}
	return join_from ? n + 1 : n;
}

bool core_policy_item_weak(enum assessment_answer answer)
{
	return answer != ANSWER_DONE;
}

size_t core_policy_weak_suggestions(const struct policy_weak_rule rules[], size_t rule_count,
                                    const enum assessment_answer answers[ASSESSMENT_ITEM_COUNT],
                                    enum policy_section section, size_t out[], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rule_count && n < max; i++) {
		int item = rules[i].item;
		if (rules[i].section != section || item < 1 || item > ASSESSMENT_ITEM_COUNT)
			continue;
		if (core_policy_item_weak(answers[item - 1]))
			out[n++] = i;
	}
	return n;
}
