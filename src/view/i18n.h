/*
 * i18n.h — the message catalogues (content/i18n/AREA.ja.json and
 * AREA.en.json, one pair per area of the site, merged at load), the
 * choice of a request's language and dates formatted per language.
 * Japanese is the default and the fallback: a key missing in English shows
 * the Japanese text rather than nothing. No user-visible text lives in C;
 * C names keys.
 */
#ifndef MM_I18N_H
#define MM_I18N_H

#include "lib/str.h"
#include "view/template.h"

enum lang { LANG_JA, LANG_EN, LANG_COUNT };

#define I18N_MAX_KEYS 4096

/* Loads the embedded catalogues into a (which must live as long as the
 * process). err receives a one-line reason on failure. */
MM_MUST_USE enum mm_err i18n_load(struct arena *a, char err[TPL_ERR_MAX]);
/* Loads catalogues given as JSON text (for tests); index = enum lang. */
MM_MUST_USE enum mm_err i18n_load_json(struct arena *a, const struct str json[LANG_COUNT],
                                       char err[TPL_ERR_MAX]);

const char *lang_code(enum lang l);
/* "ja" / "en"; false for anything else. */
bool lang_from_code(struct str code, enum lang *out);
/* First supported language in an Accept-Language header (by q), or ja. */
enum lang lang_from_accept(struct str header);

/* The text for key in l, falling back to Japanese, then to the key itself
 * (which the template tests forbid). */
struct str i18n_get(enum lang l, struct str key);
bool i18n_has(enum lang l, struct str key);
/* Keys present in one catalogue and absent in the other, for tests. */
size_t i18n_missing_count(enum lang l);

/* The compile-time view (key exists in every language) and a language's
 * render-time view, for the template engine. */
const struct tpl_i18n *i18n_for_compile(void);
const struct tpl_i18n *i18n_for(enum lang l);

/* The catalogue text for key with each {name} replaced by its value
 * (names[i] ↔ values[i]); unknown {names} stay as they are. */
char *i18n_fill(struct arena *a, enum lang l, const char *key, const char *const names[],
                const struct str values[], size_t n);

/* 2026年11月25日 / 25 Nov 2026. NULL when the arena is full. */
char *i18n_format_date(struct arena *a, enum lang l, int year, int month, int day);

#endif
