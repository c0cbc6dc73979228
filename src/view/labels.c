/*
 * labels.c — see labels.h.
 */
#include "view/labels.h"

#include <stdio.h>
#include <string.h>

#include "core/org_fields.h"

/* "1" … "47": the prefectures' codes as options and keys write them. */
static const char *const prefecture_codes[PREFECTURE_COUNT + 1] = {
    "",   "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47"};

/* Labels are read on every request (a search page asks for ~100): the key
 * is put together without printf. */
struct str labels_keyed(enum lang l, const char *prefix, struct str value)
{
	char key[64];
	size_t p = strlen(prefix);
	if (p + 1 + value.n >= sizeof key)
		return STR("");
	memcpy(key, prefix, p);
	key[p] = '.';
	if (value.n)
		memcpy(key + p + 1, value.p, value.n);
	return i18n_get(l, (struct str){key, p + 1 + value.n});
}

struct str labels_prefecture(enum lang l, int prefecture)
{
	if (prefecture < 1 || prefecture > PREFECTURE_COUNT)
		return STR("");
	return labels_keyed(l, "pref", str_from(prefecture_codes[prefecture]));
}

struct str labels_industry(enum lang l, struct str industry)
{
	return industry.n == 1 ? labels_keyed(l, "industry", industry) : STR("");
}

struct str labels_fill(struct arena *a, enum lang l, const char *key, const char *const names[],
                       const struct str values[], size_t n)
{
	char *text = i18n_fill(a, l, key, names, values, n);
	return text ? str_from(text) : STR("");
}

char *labels_format_count(struct arena *a, int64_t v)
{
	char digits[24], out[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? 0 : v));
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	return arena_strndup(a, out, k);
}

/* One option of a select, selected when its value is selected; value or
 * label NULL is an allocation that failed. */
static enum mm_err option_push(struct arena *a, struct val *list, const char *value,
                               struct str label, struct str selected)
{
	struct val *o = value && label.p ? val_list_push_obj(a, list) : NULL;
	if (!o || !val_set_cstr(a, o, "value", value) || !val_set_str(a, o, "label", label) ||
	    !val_set_bool(a, o, "selected", str_eq_lit(selected, value)))
		return MM_ERR_NOMEM;
	return MM_OK;
}

enum mm_err labels_options_prefecture(struct arena *a, enum lang l, struct val *ctx,
                                      const char *name, struct str selected)
{
	struct val *list = val_set_list(a, ctx, name);
	enum mm_err e = list ? MM_OK : MM_ERR_NOMEM;
	for (int p = 1; !e && p <= PREFECTURE_COUNT; p++)
		e = option_push(a, list, prefecture_codes[p], labels_prefecture(l, p), selected);
	return e;
}

enum mm_err labels_options_industry(struct arena *a, enum lang l, struct val *ctx, const char *name,
                                    struct str selected)
{
	struct val *list = val_set_list(a, ctx, name);
	enum mm_err e = list ? MM_OK : MM_ERR_NOMEM;
	for (char d = 'A'; !e && d <= 'T'; d++) {
		struct str label = labels_industry(l, (struct str){&d, 1});
		e = option_push(a, list, arena_strndup(a, &d, 1),
		                str_from(arena_printf(a, "%c %.*s", d, (int)label.n, label.p)),
		                selected);
	}
	return e;
}

enum mm_err labels_options_fixed(struct arena *a, enum lang l, struct val *ctx, const char *name,
                                 const char *const values[], size_t n, const char *prefix,
                                 struct str selected)
{
	struct val *list = val_set_list(a, ctx, name);
	enum mm_err e = list ? MM_OK : MM_ERR_NOMEM;
	for (size_t i = 0; !e && i < n; i++)
		e = option_push(a, list, values[i], labels_keyed(l, prefix, str_from(values[i])),
		                selected);
	return e;
}
