/*
 * guard.c — see guard.h.
 *
 * The open connections live in a fixed table of slots (one per connection
 * the engine may hold, plus a margin) under one mutex, taken when a
 * connection opens or closes, by the accept policy and by each sweep of
 * the reaper. A request's progress (phase, since when, body bytes) is
 * written with atomics by the serving threads, without the lock: the time
 * is stored before the phase, so a sweep that sees a new phase also sees
 * its start and never cuts a connection for the time of its previous
 * phase.
 */
#include "http/guard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "http/server.h"
#include "lib/log.h"

enum phase { WAITING_HEAD, READING_BODY, ANSWERING };

struct guard_conn {
	bool used;
	bool cut; /* shut down by the guard; the engine has not closed it yet */
	int fd;
	unsigned char key[16]; /* the address; IPv6 by its /64 */
	_Atomic int phase;
	_Atomic uint64_t since_ms; /* start of the phase */
	_Atomic uint64_t body_bytes;
};

#define GUARD_SLOTS (HTTP_CONNECTION_LIMIT + 64)

static struct guard_conn slots[GUARD_SLOTS];
static unsigned free_slots[GUARD_SLOTS];
static unsigned free_n;
static bool slots_listed;
static unsigned held;
static unsigned limit = HTTP_CONNECTION_LIMIT;
static unsigned per_address_max = HTTP_PER_IP_CONNECTION_LIMIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_t reaper;
static bool reaper_running;
static atomic_bool stopping;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* How long since `since`; 0 when a serving thread stamped the phase after
 * the caller read the clock. */
static uint64_t age_ms(uint64_t now, const struct guard_conn *g)
{
	uint64_t since = atomic_load(&g->since_ms);
	return since < now ? now - since : 0;
}

static void address_key(const struct sockaddr *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		bool mapped = IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr);
		memcpy(key, &in6->sin6_addr, mapped ? 16 : 8);
	}
}

/* What one address may hold while `held` slots of `limit` are taken: the
 * whole per-address limit while at most half the slots are held (a client
 * with 64 connections — a batch tool, a benchmark — is never cut on a
 * quiet server), then the limit scaled by the free share of the upper
 * half, at least 1 while any slot is free. 16 addresses at their share then
 * hold about 670 slots, never all of them, so a new address gets in. */
static unsigned address_share(void)
{
	unsigned half = limit / 2;
	if (held >= limit)
		return 0;
	if (held <= half)
		return per_address_max;
	unsigned span = limit - half;
	return (unsigned)(((uint64_t)per_address_max * (limit - held) + span - 1) / span);
}

/* Under the lock. */
static void cut(struct guard_conn *g)
{
	if (shutdown(g->fd, SHUT_RDWR) && errno != ENOTCONN)
		log_error("http: cannot cut a slow connection: %s", strerror(errno));
	g->cut = true;
}

bool guard_admit(const struct sockaddr *sa, socklen_t len)
{
	(void)len;
	unsigned char key[16];
	address_key(sa, key);
	uint64_t now = now_ms();
	pthread_mutex_lock(&lock);
	unsigned count = 0;
	struct guard_conn *stalled = NULL;
	for (unsigned i = 0; i < GUARD_SLOTS; i++) {
		struct guard_conn *g = &slots[i];
		if (!g->used || g->cut || memcmp(g->key, key, 16))
			continue;
		count++;
		if (atomic_load(&g->phase) == WAITING_HEAD && age_ms(now, g) >= GUARD_STALLED_MS &&
		    (!stalled || age_ms(now, g) > age_ms(now, stalled)))
			stalled = g;
	}
	bool admit = count < address_share();
	if (!admit && stalled) {
		cut(stalled);
		admit = true;
	}
	pthread_mutex_unlock(&lock);
	return admit;
}

struct guard_conn *guard_opened(int fd, const struct sockaddr *sa)
{
	struct guard_conn *g = NULL;
	pthread_mutex_lock(&lock);
	if (!slots_listed) {
		for (unsigned i = 0; i < GUARD_SLOTS; i++)
			free_slots[free_n++] = GUARD_SLOTS - 1 - i;
		slots_listed = true;
	}
	if (free_n > 0) {
		g = &slots[free_slots[--free_n]];
		g->used = true;
		g->cut = false;
		g->fd = fd;
		address_key(sa, g->key);
		atomic_store(&g->body_bytes, 0);
		atomic_store(&g->since_ms, now_ms());
		atomic_store(&g->phase, WAITING_HEAD);
		held++;
	}
	pthread_mutex_unlock(&lock);
	return g;
}

void guard_closed(struct guard_conn *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&lock);
	g->used = false;
	g->fd = -1;
	free_slots[free_n++] = (unsigned)(g - slots);
	held--;
	pthread_mutex_unlock(&lock);
}

static void enter(struct guard_conn *g, enum phase p)
{
	atomic_store(&g->since_ms, now_ms());
	atomic_store(&g->phase, p);
}

void guard_head_received(struct guard_conn *g)
{
	if (!g)
		return;
	atomic_store(&g->body_bytes, 0);
	enter(g, READING_BODY);
}

void guard_body_received(struct guard_conn *g, size_t n)
{
	if (g)
		atomic_fetch_add(&g->body_bytes, n);
}

void guard_answering(struct guard_conn *g)
{
	if (g)
		atomic_store(&g->phase, ANSWERING);
}

void guard_request_done(struct guard_conn *g)
{
	if (g)
		enter(g, WAITING_HEAD);
}

/* One sweep; returns how many connections were cut, by phase. */
static void sweep(unsigned *heads, unsigned *bodies)
{
	uint64_t now = now_ms();
	pthread_mutex_lock(&lock);
	uint64_t head_ms =
	    (held > limit / 4 * 3 ? GUARD_HEAD_DEADLINE_BUSY_S : GUARD_HEAD_DEADLINE_S) * 1000u;
	for (unsigned i = 0; i < GUARD_SLOTS; i++) {
		struct guard_conn *g = &slots[i];
		if (!g->used || g->cut)
			continue;
		int phase = atomic_load(&g->phase);
		uint64_t age = age_ms(now, g);
		if (phase == WAITING_HEAD && age > head_ms) {
			cut(g);
			(*heads)++;
		} else if (phase == READING_BODY &&
		           age > GUARD_BODY_GRACE_S * 1000u +
		                     atomic_load(&g->body_bytes) * 1000u / GUARD_BODY_MIN_RATE) {
			cut(g);
			(*bodies)++;
		}
	}
	pthread_mutex_unlock(&lock);
}

static void *reap(void *arg)
{
	(void)arg;
	const struct timespec pause = {0, GUARD_SWEEP_MS * 1000000L};
	while (!atomic_load(&stopping)) {
		nanosleep(&pause, NULL);
		unsigned heads = 0, bodies = 0;
		sweep(&heads, &bodies);
		if (heads || bodies)
			log_info("http: closed %u connections that did not send their request head "
			         "in time and %u that sent their body below %d bytes/s",
			         heads, bodies, GUARD_BODY_MIN_RATE);
	}
	return NULL;
}

enum mm_err guard_start(unsigned connection_limit, unsigned per_address)
{
	pthread_mutex_lock(&lock);
	limit = connection_limit && connection_limit <= HTTP_CONNECTION_LIMIT
	            ? connection_limit
	            : HTTP_CONNECTION_LIMIT;
	per_address_max = per_address ? per_address : HTTP_PER_IP_CONNECTION_LIMIT;
	pthread_mutex_unlock(&lock);
	atomic_store(&stopping, false);
	int rc = pthread_create(&reaper, NULL, reap, NULL);
	if (rc) {
		log_error("http: cannot start the slow-connection reaper: %s", strerror(rc));
		return MM_ERR_IO;
	}
	reaper_running = true;
	return MM_OK;
}

void guard_stop(void)
{
	if (!reaper_running)
		return;
	atomic_store(&stopping, true);
	pthread_join(reaper, NULL);
	reaper_running = false;
}
