/*
 * declarants_cache.c — see declarants_cache.h.
 */
#include "pages/verify/declarants_cache.h"

#include <string.h>

#include "lib/setting.h"
#include "view/i18n.h"
#include "web/verify_cache.h"

/* Set before the serving threads start; on by default. */
static bool kept = true;

bool declarants_cache_configure(const char *value, char err[256])
{
	return setting_flag("MAMORI_SEARCH_CACHE", value, true, &kept, err);
}

enum mm_err declarants_cache_key(struct req *r, enum declarants_answer kind,
                                 const struct declarant_query *q, char key[RENDER_CACHE_KEY_MAX],
                                 bool *cacheable)
{
	*cacheable = false;
	if (!r->store || !kept)
		return MM_OK;
	/* Read before the rows, so that an answer is never older than the
	 * generation it is kept under. */
	verify_cache_sync(r->store, r->arena);
	int64_t generation = verify_cache_generation();
	if (generation < 0)
		return MM_OK;
	/* One field a line, the text last: whatever it holds cannot be read
	 * as another field (the cursor and the industry hold no line break). */
	char *text = arena_printf(r->arena, "%s\n%lld\n%d\n%.*s\n%d\n%d\n%lld\n%.*s\n%.*s",
	                          kind == DECLARANTS_PAGE ? lang_code(r->lang) : "",
	                          (long long)generation, q->prefecture, (int)q->industry.n,
	                          q->industry.p, q->level, q->with_ended, (long long)q->page,
	                          (int)q->after.n, q->after.p, (int)q->text.n, q->text.p);
	if (!text)
		return MM_ERR_NOMEM;
	*cacheable = render_cache_key(
	    key, kind == DECLARANTS_PAGE ? "declarants" : "api-declarants", str_from(text));
	return MM_OK;
}
