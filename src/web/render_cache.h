/*
 * render_cache.h — rendered page bodies that never change, kept in memory
 * so that a popular one is not rendered again for every request. Only for
 * content that is immutable for its key (a submitted assessment result in
 * one language, for one kind of viewer): callers still check existence and
 * rights on every request, and the layout (header, language switch, the
 * viewer's own links) is rendered around the body each time.
 *
 * Bounded: RENDER_CACHE_SLOTS entries of at most RENDER_CACHE_MAX_BODY
 * bytes, in sets of RENDER_CACHE_WAYS chosen by the key's hash (a new
 * body replaces the first of its set not read since the set last
 * replaced one: keys that share a set do not keep pushing each other out,
 * as they would with one slot each). Thread-safe; freed at shutdown. Content that can
 * change (the service catalogue's pages) is cached under a key that
 * names every input it depends on, including a generation that the
 * store bumps on each change (store_catalogue_generation).
 */
#ifndef MM_RENDER_CACHE_H
#define MM_RENDER_CACHE_H

#include "lib/str.h"

#define RENDER_CACHE_WAYS 4
#define RENDER_CACHE_SETS 256
#define RENDER_CACHE_SLOTS (RENDER_CACHE_SETS * RENDER_CACHE_WAYS)
#define RENDER_CACHE_MAX_BODY (128u * 1024)
#define RENDER_CACHE_KEY_MAX 96
/* What a page keeps beside a body, to use it without reading it again:
 * where in the body it puts sections made per request (offsets), and a
 * few bytes of its own that the body was made from (a result's answers,
 * which those sections need as well). */
#define RENDER_CACHE_CUTS 2
#define RENDER_CACHE_NOTE_MAX 64
struct render_cache_aside {
	size_t cuts[RENDER_CACHE_CUTS];
	unsigned char note[RENDER_CACHE_NOTE_MAX];
};

/* The body cached under key (NUL-terminated, read-only), lent to the
 * arena: it stays valid until the arena is reset or freed, whatever the
 * cache does meanwhile. False on a miss. */
bool render_cache_get(struct arena *a, const char *key, struct str *body);
void render_cache_put(const char *key, struct str body);
/* The same with what the page keeps beside the body: it finds its
 * places and notes what it needs once, when it renders, not on every
 * request. */
bool render_cache_get_aside(struct arena *a, const char *key, struct str *body,
                            struct render_cache_aside *aside);
void render_cache_put_aside(const char *key, struct str body,
                            const struct render_cache_aside *aside);
void render_cache_free(void);

/* Writes to key "prefix:" and 32 hex digits, a keyed hash (BLAKE2b, 16
 * bytes, a key drawn at random once a process) of text: a key for
 * content that depends on more than RENDER_CACHE_KEY_MAX characters say
 * (a search's whole filter). The same text gives the same key within a
 * process; false when prefix is too long (or the hash cannot be made). */
MM_MUST_USE bool render_cache_key(char key[RENDER_CACHE_KEY_MAX], const char *prefix,
                                  struct str text);

#endif
