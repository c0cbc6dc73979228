/*
 * ratelimit.h — token buckets in memory, one per key (a client's network,
 * an e-mail address), for what is cheap to ask and costly to answer: the
 * public verification API and pages, and the forms that send a mail and
 * hash a password. It costs no database write: the buckets live in this
 * process only, so with several instances each counts for itself (the
 * README shows the matching nginx limit_req for a shared limit).
 *
 * A limiter holds RATE tokens per PERIOD seconds, at most BURST at once;
 * a request takes its cost. A cost larger than the bucket is taken from a
 * full one and leaves a debt that time pays back, so a big request is
 * never free and never impossible.
 *
 * The verification limiter is configured from MAMORI_VERIFY_RATE="RATE/BURST"
 * (requests per second per network, bucket size); "0" turns it off
 * (benchmarks, or when the proxy in front limits). Default
 * RATELIMIT_DEFAULT_RATE / RATELIMIT_DEFAULT_BURST.
 *
 * Each table has a fixed number of slots; when every slot of a probe run is
 * taken, the longest-idle one is reused, so an attacker with many keys
 * cannot grow memory (at worst a reused key gets a full bucket again).
 * Keys are stored as a keyed hash (SipHash, with a key drawn at start), so
 * nobody can choose keys that collide with someone else's.
 */
#ifndef MM_RATELIMIT_H
#define MM_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

#define RATELIMIT_DEFAULT_RATE 20  /* requests per second, per network */
#define RATELIMIT_DEFAULT_BURST 60 /* requests at once after a pause */
#define RATELIMIT_SLOTS 8192
#define RATELIMIT_PROBE 16

struct ratelimit_bucket;

/* A limiter: define one with RATELIMIT_INIT(rate, period_s, burst). */
struct ratelimit {
	unsigned rate, period_s, burst; /* rate 0: off */
	pthread_mutex_t lock;
	struct ratelimit_bucket *table; /* RATELIMIT_SLOTS, allocated at first use */
};
#define RATELIMIT_INIT(rate_, period_, burst_)                                                     \
	{                                                                                          \
		(rate_), (period_), (burst_), PTHREAD_MUTEX_INITIALIZER, NULL                      \
	}

/* Sets the limiter's rule and forgets its buckets. */
void ratelimit_set(struct ratelimit *rl, unsigned rate, unsigned period_s, unsigned burst);

/* Takes cost tokens for key at now_us (a monotonic clock). False when the
 * bucket holds too few; *retry_after_s then says when to try again. An
 * empty key (no address: a socket pair in tests) is never limited. */
bool ratelimit_take_key(struct ratelimit *rl, struct str key, uint64_t now_us, unsigned cost,
                        unsigned *retry_after_s);

/* Reads MAMORI_VERIFY_RATE; false (and a reason) when it is malformed. */
bool ratelimit_configure(const char *spec, char err[256]);

/* ratelimit_take_key() of the verification limiter, keyed by the network
 * of ip (ip_address_network). */
bool ratelimit_take(struct str ip, uint64_t now_us, unsigned cost, unsigned *retry_after_s);

/* An hourly allowance counted twice: per client network and per a key the
 * caller names (a firm, a mail address), as the fetch and mail limits
 * (web/fetch_rate.h, web/mail_rate.h) use it. Each holds as many tokens as
 * its hourly rate. */
struct ratelimit_pair {
	struct ratelimit network, key;
};
#define RATELIMIT_PAIR_INIT(network_per_hour, key_per_hour)                                        \
	{                                                                                          \
		RATELIMIT_INIT((network_per_hour), 3600, (network_per_hour)),                      \
		    RATELIMIT_INIT((key_per_hour), 3600, (key_per_hour))                           \
	}
#define RATELIMIT_PAIR_MAX 100000 /* per hour: beyond it, say "0" */

/* Reads spec "NETWORK/KEY" (each 1 to RATELIMIT_PAIR_MAX an hour), "0"
 * (off), or NULL or "" (the defaults) into p; false when malformed. */
bool ratelimit_pair_configure(struct ratelimit_pair *p, const char *spec, unsigned network_per_hour,
                              unsigned key_per_hour);

/* The setting of a pair, its defaults and what its error message says. */
struct ratelimit_pair_setting {
	const char *variable;                    /* "MAMORI_MAIL_RATE" */
	const char *form;                        /* "NETWORK/ADDRESS, mails" */
	unsigned network_per_hour, key_per_hour; /* the defaults */
};
/* ratelimit_pair_configure() of the setting's value spec; when it is
 * malformed, false and the one-line reason "VARIABLE=VALUE: expected FORM
 * per hour (e.g. N/K), or 0" in err. */
bool ratelimit_pair_setting_read(struct ratelimit_pair *p, const struct ratelimit_pair_setting *s,
                                 const char *spec, char err[256]);

/* Takes one token of the network of ip and, only when that one was there
 * (so that a flood from one network does not spend the allowance of a key
 * it names), one of key. False when either is spent; *retry_after_s then
 * says when to try again. */
bool ratelimit_pair_take(struct ratelimit_pair *p, struct str ip, struct str key,
                         unsigned *retry_after_s);

/* Microseconds of CLOCK_MONOTONIC. */
uint64_t ratelimit_now_us(void);

#endif
