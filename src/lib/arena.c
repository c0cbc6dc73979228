/*
 * arena.c — bump allocator over a list of blocks. Blocks grow
 * geometrically; a request that asks for more than a block gets a block of
 * its own. Never frees individual allocations.
 *
 * Big blocks (ARENA_MAP_MIN and more) are mapped from the kernel and
 * unmapped when the arena is reset, so the memory of one big request goes
 * back to the system when it ends. Through malloc they would not: glibc
 * raises its mmap threshold to the size of the largest block freed, after
 * which such blocks come from the serving thread's heap and stay there
 * (measured: 20 MB chunked uploads kept about 26 MB per serving thread).
 */
#include "lib/arena.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes in data */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *arg;
};

enum { ARENA_FIRST_BLOCK = 8 * 1024, ARENA_ALIGN = 16, ARENA_MAP_MIN = 256 * 1024 };

static struct arena_block *block_new(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct arena_block))
		return NULL;
	size_t total = sizeof(struct arena_block) + size;
	if (total < ARENA_MAP_MIN)
		return malloc(total);
	void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void block_free(struct arena_block *b)
{
	size_t total = sizeof *b + b->size;
	if (total < ARENA_MAP_MIN)
		free(b);
	else
		munmap(b, total);
}

void arena_init(struct arena *a, size_t max)
{
	a->head = NULL;
	a->cleanups = NULL;
	a->used = 0;
	a->reserved = 0;
	a->max = max;
}

static void run_cleanups(struct arena *a)
{
	for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->arg);
	a->cleanups = NULL;
}

bool arena_on_reset(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof *c);
	if (!c)
		return false;
	*c = (struct arena_cleanup){a->cleanups, fn, arg};
	a->cleanups = c;
	return true;
}

void arena_free(struct arena *a)
{
	run_cleanups(a);
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		block_free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->reserved = 0;
}

void arena_reset(struct arena *a)
{
	run_cleanups(a);
	if (!a->head)
		return;
	struct arena_block *b = a->head, *last = NULL;
	while (b) {
		struct arena_block *next = b->next;
		if (!next)
			last = b;
		else
			block_free(b);
		b = next;
	}
	a->head = last;
	last->used = 0;
	a->used = 0;
	a->reserved = last->size;
}

static struct arena_block *arena_grow(struct arena *a, size_t n)
{
	size_t size = a->head ? a->head->size * 2 : ARENA_FIRST_BLOCK;
	if (size < n)
		size = n;
	if (size > a->max - a->reserved)
		size = n;
	if (n > a->max || a->reserved > a->max - n)
		return NULL;
	struct arena_block *b = block_new(size);
	if (!b)
		return NULL;
	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	a->reserved += size;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		b = arena_grow(a, n);
		if (!b)
			return NULL;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->used += n;
	/* The bump never passes its block, and the arena never holds more
	 * than its limit allows. */
	assert(b->used <= b->size && a->reserved <= a->max);
	assert(((uintptr_t)p & (ARENA_ALIGN - 1)) == 0);
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	char *p = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
	if (p && (size_t)n < sizeof small)
		memcpy(p, small, (size_t)n + 1);
	else if (p && vsnprintf(p, (size_t)n + 1, fmt, again) != n)
		p = NULL;
	va_end(again);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_realloc(struct arena *a, void *p, size_t old_n, size_t new_n)
{
	if (new_n <= old_n)
		return p;
	struct arena_block *b = a->head;
	size_t old_r = (old_n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	size_t new_r = (new_n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	/* Extend in place when p is the last allocation of the newest block. */
	if (p && b && (unsigned char *)p + old_r == b->data + b->used &&
	    new_r - old_r <= b->size - b->used) {
		b->used += new_r - old_r;
		a->used += new_r - old_r;
		return p;
	}
	void *q = arena_alloc(a, new_n);
	if (q && p && old_n)
		memcpy(q, p, old_n);
	return q;
}
