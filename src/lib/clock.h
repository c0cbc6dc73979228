/*
 * clock.h — milliseconds on the monotonic clock: for "how long since" and
 * "fresh for N ms" (caches, back-off, deadlines), never for dates (those
 * are UTC seconds, lib/civil.h).
 */
#ifndef MM_LIB_CLOCK_H
#define MM_LIB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t clock_monotonic_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

#endif
