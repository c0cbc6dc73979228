/*
 * render_cache.c — see render_cache.h.
 *
 * A body is kept once, in a block with a count of its holders: the cache's
 * slot and every request reading it. A hit lends the block to the
 * request's arena (released when the arena is reset, after the response
 * has been sent) instead of copying it, so the lock is held for a lookup
 * only and a replaced body lives on until its last reader is done.
 */
#include "web/render_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct body {
	atomic_uint holders;
	struct render_cache_aside aside;
	size_t n;
	char text[]; /* n bytes and a NUL */
};

struct slot {
	char key[RENDER_CACHE_KEY_MAX];
	struct body *body;
	bool used; /* read since its set last looked for a victim */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[RENDER_CACHE_SETS][RENDER_CACHE_WAYS];

/* FNV-1a: keys are short and chosen by the program. */
static size_t set_of(const char *key)
{
	uint64_t h = 1469598103934665603u;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return (size_t)(h % RENDER_CACHE_SETS);
}

static void body_release(void *p)
{
	struct body *b = p;
	if (b && atomic_fetch_sub_explicit(&b->holders, 1, memory_order_acq_rel) == 1)
		free(b);
}

bool render_cache_get(struct arena *a, const char *key, struct str *body)
{
	return render_cache_get_aside(a, key, body, NULL);
}

bool render_cache_get_aside(struct arena *a, const char *key, struct str *body,
                            struct render_cache_aside *aside)
{
	if (strlen(key) >= RENDER_CACHE_KEY_MAX)
		return false;
	struct slot *ways = slots[set_of(key)];
	struct body *found = NULL;
	pthread_mutex_lock(&lock);
	for (size_t w = 0; w < RENDER_CACHE_WAYS; w++) {
		struct slot *s = &ways[w];
		if (!s->body || strcmp(s->key, key) != 0)
			continue;
		found = s->body;
		atomic_fetch_add_explicit(&found->holders, 1, memory_order_relaxed);
		s->used = true;
		break;
	}
	pthread_mutex_unlock(&lock);
	if (!found)
		return false;
	if (!arena_on_reset(a, body_release, found)) {
		body_release(found);
		return false;
	}
	*body = (struct str){found->text, found->n};
	if (aside)
		*aside = found->aside;
	return true;
}

/* The slot for key in its set: its own, an empty one, or the first not
 * read since the last search (second chance), clearing the marks it
 * passes. */
static struct slot *victim(struct slot *ways, const char *key)
{
	for (size_t w = 0; w < RENDER_CACHE_WAYS; w++)
		if (ways[w].body && strcmp(ways[w].key, key) == 0)
			return &ways[w];
	for (size_t w = 0; w < RENDER_CACHE_WAYS; w++)
		if (!ways[w].body)
			return &ways[w];
	for (size_t w = 0; w < RENDER_CACHE_WAYS; w++) {
		if (!ways[w].used)
			return &ways[w];
		ways[w].used = false;
	}
	return &ways[0];
}

void render_cache_put(const char *key, struct str body)
{
	static const struct render_cache_aside none;
	render_cache_put_aside(key, body, &none);
}

void render_cache_put_aside(const char *key, struct str body,
                            const struct render_cache_aside *aside)
{
	size_t klen = strlen(key);
	if (klen >= RENDER_CACHE_KEY_MAX || body.n > RENDER_CACHE_MAX_BODY)
		return;
	struct body *copy = malloc(sizeof *copy + body.n + 1);
	if (!copy)
		return;                 /* a cache may forget */
	atomic_init(&copy->holders, 1); /* the slot's */
	copy->aside = *aside;
	copy->n = body.n;
	if (body.n)
		memcpy(copy->text, body.p, body.n);
	copy->text[body.n] = '\0';
	pthread_mutex_lock(&lock);
	struct slot *s = victim(slots[set_of(key)], key);
	struct body *old = s->body;
	memcpy(s->key, key, klen + 1);
	s->body = copy;
	s->used = false;
	pthread_mutex_unlock(&lock);
	body_release(old);
}

static unsigned char hash_key[crypto_generichash_KEYBYTES];
static bool hash_key_ok;
static pthread_once_t hash_key_once = PTHREAD_ONCE_INIT;

static void hash_key_init(void)
{
	if (sodium_init() < 0)
		return;
	randombytes_buf(hash_key, sizeof hash_key);
	hash_key_ok = true;
}

bool render_cache_key(char key[RENDER_CACHE_KEY_MAX], const char *prefix, struct str text)
{
	unsigned char hash[16];
	size_t n = strlen(prefix);
	/* prefix, ":", 32 hex digits, NUL */
	if (n + 1 + 2 * sizeof hash + 1 > RENDER_CACHE_KEY_MAX ||
	    pthread_once(&hash_key_once, hash_key_init) != 0 || !hash_key_ok ||
	    crypto_generichash(hash, sizeof hash, (const unsigned char *)text.p, text.n, hash_key,
	                       sizeof hash_key) != 0)
		return false;
	memcpy(key, prefix, n);
	key[n] = ':';
	sodium_bin2hex(key + n + 1, 2 * sizeof hash + 1, hash, sizeof hash);
	return true;
}

void render_cache_free(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < RENDER_CACHE_SETS; i++)
		for (size_t w = 0; w < RENDER_CACHE_WAYS; w++) {
			body_release(slots[i][w].body);
			slots[i][w] = (struct slot){0};
		}
	pthread_mutex_unlock(&lock);
}
