/*
 * words.c — see words.h.
 */
#include "pages/shared/words.h"

#include "view/i18n.h"

struct str words_fill(struct req *r, const char *key, const char *const names[],
                      const struct str values[], size_t n)
{
	char *text = i18n_fill(r->arena, r->lang, key, names, values, n);
	return text ? str_from(text) : STR("");
}

struct str words_int(struct req *r, long v)
{
	char *s = arena_printf(r->arena, "%ld", v);
	return s ? str_from(s) : STR("");
}
