/*
 * render_cache.c — see render_cache.h.
 */
#include "web/render_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char key[RENDER_CACHE_KEY_MAX];
	char *body;
	size_t n;
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

bool render_cache_get(struct arena *a, const char *key, struct str *body)
{
	if (strlen(key) >= RENDER_CACHE_KEY_MAX)
		return false;
	struct slot *ways = slots[set_of(key)];
	bool hit = false;
	pthread_mutex_lock(&lock);
	for (size_t w = 0; w < RENDER_CACHE_WAYS; w++) {
		struct slot *s = &ways[w];
		if (!s->body || strcmp(s->key, key) != 0)
			continue;
		char *copy = arena_alloc(a, s->n + 1);
		if (copy) {
			memcpy(copy, s->body, s->n);
			copy[s->n] = '\0';
			*body = (struct str){copy, s->n};
			s->used = true;
			hit = true;
		}
		break;
	}
	pthread_mutex_unlock(&lock);
	return hit;
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
	size_t klen = strlen(key);
	if (klen >= RENDER_CACHE_KEY_MAX || body.n > RENDER_CACHE_MAX_BODY)
		return;
	char *copy = malloc(body.n ? body.n : 1);
	if (!copy)
		return; /* a cache may forget */
	memcpy(copy, body.p, body.n);
	pthread_mutex_lock(&lock);
	struct slot *s = victim(slots[set_of(key)], key);
	free(s->body);
	memcpy(s->key, key, klen + 1);
	s->body = copy;
	s->n = body.n;
	s->used = false;
	pthread_mutex_unlock(&lock);
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
			free(slots[i][w].body);
			slots[i][w] = (struct slot){0};
		}
	pthread_mutex_unlock(&lock);
}
