/*
 * ratelimit.c — see ratelimit.h. One mutex per limiter around a small
 * open-addressing table: a take is a hash, a few comparisons and some
 * arithmetic, far cheaper than the request it guards.
 */
#include "web/ratelimit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/ip_address.h"
#include "lib/log.h"

#define MICRO 1000000u

struct ratelimit_bucket {
	uint64_t key;
	int64_t tokens_micro; /* tokens × MICRO, so refills need no floats; < 0: a debt */
	uint64_t last_us;     /* 0: free slot */
};

static struct ratelimit verify_limit =
    RATELIMIT_INIT(RATELIMIT_DEFAULT_RATE, 1, RATELIMIT_DEFAULT_BURST);
static bool verify_configured; /* under verify_limit.lock */

static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t hash_key_once = PTHREAD_ONCE_INIT;

static void hash_key_init(void)
{
	randombytes_buf(hash_key, sizeof hash_key);
}

void ratelimit_set(struct ratelimit *rl, unsigned rate, unsigned period_s, unsigned burst)
{
	pthread_mutex_lock(&rl->lock);
	rl->rate = rate, rl->period_s = period_s ? period_s : 1, rl->burst = burst;
	if (rl->table)
		memset(rl->table, 0, RATELIMIT_SLOTS * sizeof *rl->table);
	pthread_mutex_unlock(&rl->lock);
}

uint64_t ratelimit_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * MICRO + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t key_of(struct str key)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t k;
	pthread_once(&hash_key_once, hash_key_init);
	crypto_shorthash(h, (const unsigned char *)key.p, key.n, hash_key);
	memcpy(&k, h, sizeof k);
	return k ? k : 1; /* 0 is never a key: it reads as a free slot's */
}

/* Tokens × MICRO that `elapsed_us` adds at the limiter's rate. */
static uint64_t refill_of(const struct ratelimit *rl, uint64_t elapsed_us)
{
	/* µs × tokens / period s = tokens × MICRO / period; capped well before
	 * the product can overflow (a day fills any bucket). */
	if (elapsed_us > 86400ull * MICRO)
		elapsed_us = 86400ull * MICRO;
	return elapsed_us * rl->rate / rl->period_s;
}

static struct ratelimit_bucket *find_or_claim(struct ratelimit *rl, uint64_t key, uint64_t now_us)
{
	size_t start = (size_t)(key % RATELIMIT_SLOTS);
	struct ratelimit_bucket *oldest = NULL;
	uint64_t cap = (uint64_t)rl->burst * MICRO;
	for (size_t k = 0; k < RATELIMIT_PROBE; k++) {
		struct ratelimit_bucket *b = &rl->table[(start + k) % RATELIMIT_SLOTS];
		if (b->last_us && b->key == key)
			return b;
		/* an idle bucket that has refilled completely is as good as free */
		if (!b->last_us ||
		    (int64_t)refill_of(rl, now_us - b->last_us) + b->tokens_micro >= (int64_t)cap) {
			oldest = b;
			break;
		}
		if (!oldest || b->last_us < oldest->last_us)
			oldest = b;
	}
	oldest->key = key;
	oldest->tokens_micro = (int64_t)cap;
	oldest->last_us = now_us;
	return oldest;
}

bool ratelimit_take_key(struct ratelimit *rl, struct str key, uint64_t now_us, unsigned cost,
                        unsigned *retry_after_s)
{
	bool ok = true;
	*retry_after_s = 0;
	if (key.n == 0 || now_us == 0)
		return true;
	uint64_t k = key_of(key);
	pthread_mutex_lock(&rl->lock);
	if (rl->rate == 0)
		goto out;
	if (!rl->table && !(rl->table = calloc(RATELIMIT_SLOTS, sizeof *rl->table))) {
		log_error("ratelimit: out of memory; not limiting");
		goto out;
	}
	struct ratelimit_bucket *b = find_or_claim(rl, k, now_us);
	int64_t cap = (int64_t)rl->burst * MICRO, need = (int64_t)cost * MICRO;
	uint64_t elapsed = now_us > b->last_us ? now_us - b->last_us : 0;
	int64_t refilled = b->tokens_micro + (int64_t)refill_of(rl, elapsed);
	b->tokens_micro = refilled > cap ? cap : refilled;
	b->last_us = now_us;
	/* A full bucket pays for any cost, going into debt beyond its size. */
	int64_t enough = need < cap ? need : cap;
	if (b->tokens_micro >= enough) {
		b->tokens_micro -= need;
	} else {
		ok = false;
		uint64_t missing = (uint64_t)(enough - b->tokens_micro);
		/* seconds = missing / (MICRO × rate / period), rounded up */
		uint64_t per_second = (uint64_t)MICRO * rl->rate;
		uint64_t seconds = (missing * rl->period_s + per_second - 1) / per_second;
		*retry_after_s = seconds == 0 ? 1 : seconds > 86400 ? 86400 : (unsigned)seconds;
	}
out:
	pthread_mutex_unlock(&rl->lock);
	return ok;
}

/* "RATE/BURST", each from 1 to 1000000. */
static bool parse_rate_burst(const char *spec, unsigned *rate_out, unsigned *burst_out)
{
	char *end;
	unsigned long rate = strtoul(spec, &end, 10);
	if (end == spec || *end != '/' || rate == 0 || rate > 1000000)
		return false;
	const char *second = end + 1;
	unsigned long burst = strtoul(second, &end, 10);
	if (end == second || *end || burst == 0 || burst > 1000000)
		return false;
	*rate_out = (unsigned)rate, *burst_out = (unsigned)burst;
	return true;
}

/* MAMORI_VERIFY_RATE: unset for the default, "0" for off, or RATE/BURST. */
static bool parse_spec(const char *spec, unsigned *rate_out, unsigned *burst_out, char err[256])
{
	*rate_out = RATELIMIT_DEFAULT_RATE, *burst_out = RATELIMIT_DEFAULT_BURST;
	if (spec && strcmp(spec, "0") == 0) {
		*rate_out = 0;
	} else if (spec && !parse_rate_burst(spec, rate_out, burst_out)) {
		char shown[LOG_SETTING_SHOWN_BYTES];
		snprintf(err, 256, "MAMORI_VERIFY_RATE=%s: expected RATE/BURST (e.g. 20/60) or 0",
		         log_setting_shown(shown, spec));
		return false;
	}
	return true;
}

bool ratelimit_configure(const char *spec, char err[256])
{
	unsigned r, b;
	if (!parse_spec(spec, &r, &b, err))
		return false;
	ratelimit_set(&verify_limit, r, 1, b);
	pthread_mutex_lock(&verify_limit.lock);
	verify_configured = true;
	pthread_mutex_unlock(&verify_limit.lock);
	return true;
}

bool ratelimit_take(struct str ip, uint64_t now_us, unsigned cost, unsigned *retry_after_s)
{
	pthread_mutex_lock(&verify_limit.lock);
	if (!verify_configured) {
		/* First use without ratelimit_configure() (`serve` calls it at
		 * start and stops on a malformed value): the environment, or the
		 * default when it is malformed (the log says so once). The table
		 * is still empty. */
		char err[256];
		unsigned r, b;
		if (!parse_spec(getenv("MAMORI_VERIFY_RATE"), &r, &b, err)) {
			log_error("ratelimit: %s; using %u/%u", err, RATELIMIT_DEFAULT_RATE,
			          RATELIMIT_DEFAULT_BURST);
			r = RATELIMIT_DEFAULT_RATE, b = RATELIMIT_DEFAULT_BURST;
		}
		verify_limit.rate = r, verify_limit.burst = b;
		verify_configured = true;
	}
	pthread_mutex_unlock(&verify_limit.lock);
	char network[IP_NETWORK_TEXT_BYTES];
	ip_address_network(ip, network);
	return ratelimit_take_key(&verify_limit, str_from(network), now_us, cost, retry_after_s);
}

/* One positive number up to RATELIMIT_PAIR_MAX at *p, ending at stop. */
static bool parse_hourly(const char *p, char stop, unsigned long *out, const char **end)
{
	char *e;
	*out = strtoul(p, &e, 10);
	*end = e;
	return e != p && *e == stop && *p != '-' && *out > 0 && *out <= RATELIMIT_PAIR_MAX;
}

bool ratelimit_pair_configure(struct ratelimit_pair *p, const char *spec, unsigned network_per_hour,
                              unsigned key_per_hour)
{
	unsigned long network = network_per_hour, key = key_per_hour;
	if (spec && strcmp(spec, "0") == 0) {
		network = key = 0;
	} else if (spec && *spec) {
		const char *end;
		if (!parse_hourly(spec, '/', &network, &end) ||
		    !parse_hourly(end + 1, '\0', &key, &end))
			return false;
	}
	ratelimit_set(&p->network, (unsigned)network, 3600, (unsigned)network);
	ratelimit_set(&p->key, (unsigned)key, 3600, (unsigned)key);
	return true;
}

bool ratelimit_pair_setting_read(struct ratelimit_pair *p, const struct ratelimit_pair_setting *s,
                                 const char *spec, char err[256])
{
	if (ratelimit_pair_configure(p, spec, s->network_per_hour, s->key_per_hour))
		return true;
	char shown[LOG_SETTING_SHOWN_BYTES];
	snprintf(err, 256, "%s=%s: expected %s per hour (e.g. %u/%u), or 0", s->variable,
	         log_setting_shown(shown, spec), s->form, s->network_per_hour, s->key_per_hour);
	return false;
}

bool ratelimit_pair_take(struct ratelimit_pair *p, struct str ip, struct str key,
                         unsigned *retry_after_s)
{
	char network[IP_NETWORK_TEXT_BYTES];
	uint64_t now = ratelimit_now_us();
	unsigned retry_network = 0, retry_key = 0;
	ip_address_network(ip, network);
	bool ok = ratelimit_take_key(&p->network, str_from(network), now, 1, &retry_network);
	if (ok)
		ok = ratelimit_take_key(&p->key, key, now, 1, &retry_key);
	*retry_after_s = retry_network > retry_key ? retry_network : retry_key;
	return ok;
}
