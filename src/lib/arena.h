/*
 * arena.h — region allocator. Every allocation made while serving a request
 * comes from the request's arena and is released at once when the response
 * has been sent. An arena has a hard maximum so that no input can grow it
 * without bound; allocation beyond it returns NULL (MM_ERR_NOMEM upstream).
 */
#ifndef MM_ARENA_H
#define MM_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
	struct arena_block *head;       /* newest block first */
	struct arena_cleanup *cleanups; /* newest first */
	size_t used;                    /* bytes handed out, all blocks */
	size_t reserved;                /* bytes obtained from malloc */
	size_t max;                     /* reserved never exceeds this */
};

/* A request arena may hold this much: bodies (10 MiB uploads) plus parsing. */
#define ARENA_REQUEST_MAX (48u * 1024 * 1024)

void arena_init(struct arena *a, size_t max);
void arena_free(struct arena *a);
/* Releases everything but keeps the first block for reuse. */
void arena_reset(struct arena *a);

/* Calls fn(arg) when the arena is next reset or freed (newest first,
 * before its memory goes): for what an allocation borrows from elsewhere
 * (a reference to a shared cache entry). False, without calling fn, when
 * the arena is full. */
bool arena_on_reset(struct arena *a, void (*fn)(void *), void *arg);

/* 16-byte aligned; NULL when the arena's maximum would be exceeded. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* NUL-terminated copy of n bytes. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Formatted string; NULL on overflow or when the arena is full. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list (which it reads, leaving ap for va_end). */
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Grows the allocation p (of old_n bytes, the most recent one if possible). */
void *arena_realloc(struct arena *a, void *p, size_t old_n, size_t new_n);

#endif
