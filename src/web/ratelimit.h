/*
 * ratelimit.h — a per-IP token bucket in memory, for the public
 * verification API and pages. It costs no database write: the buckets live
 * in this process only, so with several instances each counts for itself
 * (the README shows the matching nginx limit_req for a shared limit).
 *
 * Configured once from MAMORI_VERIFY_RATE="RATE/BURST" (requests per second
 * per address, bucket size); "0" turns the limit off (benchmarks, or when
 * the proxy in front limits). Default RATELIMIT_DEFAULT_RATE /
 * RATELIMIT_DEFAULT_BURST.
 *
 * The table has a fixed number of slots; when every slot of a probe run is
 * taken, the longest-idle one is reused, so an attacker with many addresses
 * cannot grow memory (at worst a reused address gets a full bucket again).
 */
#ifndef MM_RATELIMIT_H
#define MM_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

#define RATELIMIT_DEFAULT_RATE 20  /* requests per second, per address */
#define RATELIMIT_DEFAULT_BURST 60 /* requests at once after a pause */
#define RATELIMIT_SLOTS 8192
#define RATELIMIT_PROBE 16

/* Reads MAMORI_VERIFY_RATE; false (and a reason) when it is malformed. */
bool ratelimit_configure(const char *spec, char err[128]);

/* Takes cost tokens for ip at now_us (a monotonic clock). False when the
 * bucket holds too few; *retry_after_s then says when to try again. */
bool ratelimit_take(struct str ip, uint64_t now_us, unsigned cost, unsigned *retry_after_s);

/* Microseconds of CLOCK_MONOTONIC. */
uint64_t ratelimit_now_us(void);

#endif
