/*
 * ratelimit.c — see ratelimit.h. One mutex around a small open-addressing
 * table: a take is a hash, a few comparisons and some arithmetic, far
 * cheaper than the request it guards.
 */
#include "web/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"

#define IP_MAX 46 /* INET6_ADDRSTRLEN */
#define MICRO 1000000u

struct bucket {
	char ip[IP_MAX];
	uint64_t tokens_micro; /* tokens × MICRO, so refills need no floats */
	uint64_t last_us;      /* 0: free slot */
};

static struct bucket table[RATELIMIT_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned rate = RATELIMIT_DEFAULT_RATE, burst = RATELIMIT_DEFAULT_BURST;
static bool configured; /* under lock */

static bool parse_spec(const char *spec, unsigned *rate_out, unsigned *burst_out, char err[128])
{
	unsigned r = RATELIMIT_DEFAULT_RATE, b = RATELIMIT_DEFAULT_BURST;
	if (spec && strcmp(spec, "0") == 0) {
		r = 0;
	} else if (spec) {
		char *end;
		unsigned long rr = strtoul(spec, &end, 10), bb;
		if (end == spec || *end != '/' || rr == 0 || rr > 1000000) {
			snprintf(err, 128,
			         "MAMORI_VERIFY_RATE=%s: expected RATE/BURST (e.g. 20/60) or 0",
			         spec);
			return false;
		}
		const char *second = end + 1;
		bb = strtoul(second, &end, 10);
		if (end == second || *end || bb == 0 || bb > 1000000) {
			snprintf(err, 128,
			         "MAMORI_VERIFY_RATE=%s: expected RATE/BURST (e.g. 20/60) or 0",
			         spec);
			return false;
		}
		r = (unsigned)rr, b = (unsigned)bb;
	}
	*rate_out = r, *burst_out = b;
	return true;
}

bool ratelimit_configure(const char *spec, char err[128])
{
	unsigned r, b;
	if (!parse_spec(spec, &r, &b, err))
		return false;
	pthread_mutex_lock(&lock);
	rate = r, burst = b;
	configured = true;
	memset(table, 0, sizeof table);
	pthread_mutex_unlock(&lock);
	return true;
}

uint64_t ratelimit_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * MICRO + (uint64_t)ts.tv_nsec / 1000u;
}

/* FNV-1a: addresses are short and the table is not exposed to lookups by
 * content, only to a slot choice. */
static size_t slot_of(struct str ip)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < ip.n; i++)
		h = (h ^ (unsigned char)ip.p[i]) * 1099511628211u;
	return (size_t)(h % RATELIMIT_SLOTS);
}

static struct bucket *find_or_claim(struct str ip, uint64_t now_us)
{
	size_t start = slot_of(ip);
	struct bucket *oldest = NULL;
	for (size_t k = 0; k < RATELIMIT_PROBE; k++) {
		struct bucket *b = &table[(start + k) % RATELIMIT_SLOTS];
		if (b->last_us && strlen(b->ip) == ip.n && memcmp(b->ip, ip.p, ip.n) == 0)
			return b;
		/* an idle bucket that has refilled completely is as good as free */
		if (!b->last_us || (now_us - b->last_us) / MICRO * rate >= burst) {
			oldest = b;
			break;
		}
		if (!oldest || b->last_us < oldest->last_us)
			oldest = b;
	}
	memcpy(oldest->ip, ip.p, ip.n);
	oldest->ip[ip.n] = '\0';
	oldest->tokens_micro = (uint64_t)burst * MICRO;
	oldest->last_us = now_us;
	return oldest;
}

bool ratelimit_take(struct str ip, uint64_t now_us, unsigned cost, unsigned *retry_after_s)
{
	bool ok = true;
	*retry_after_s = 0;
	if (ip.n == 0 || ip.n >= IP_MAX || now_us == 0)
		return true; /* no address (a socket pair in tests): nothing to count */
	pthread_mutex_lock(&lock);
	if (!configured) {
		/* First use: the environment, or the default when it is malformed
		 * (the log says so once). */
		char err[128];
		if (!parse_spec(getenv("MAMORI_VERIFY_RATE"), &rate, &burst, err)) {
			log_error("ratelimit: %s; using %u/%u", err, RATELIMIT_DEFAULT_RATE,
			          RATELIMIT_DEFAULT_BURST);
			rate = RATELIMIT_DEFAULT_RATE, burst = RATELIMIT_DEFAULT_BURST;
		}
		configured = true;
	}
	if (rate == 0)
		goto out;
	if (cost > burst)
		cost = burst;
	struct bucket *b = find_or_claim(ip, now_us);
	uint64_t cap = (uint64_t)burst * MICRO, need = (uint64_t)cost * MICRO;
	uint64_t elapsed = now_us > b->last_us ? now_us - b->last_us : 0;
	uint64_t refill = elapsed * rate; /* µs × tokens/s = tokens × MICRO */
	b->tokens_micro = b->tokens_micro + refill > cap ? cap : b->tokens_micro + refill;
	b->last_us = now_us;
	if (b->tokens_micro >= need) {
		b->tokens_micro -= need;
	} else {
		ok = false;
		uint64_t missing = need - b->tokens_micro;
		uint64_t wait_us = (missing + rate - 1) / rate;
		*retry_after_s = (unsigned)((wait_us + MICRO - 1) / MICRO);
		if (*retry_after_s == 0)
			*retry_after_s = 1;
	}
out:
	pthread_mutex_unlock(&lock);
	return ok;
}
