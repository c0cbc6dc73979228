/*
 * verify_cache.c — see verify_cache.h.
 *
 * A set-associative table: an ID and a kind make a 64-bit key (11 digits
 * fit), hashed to a set of VERIFY_CACHE_WAYS slots guarded by one of
 * LOCKS mutexes. Values are malloc'd copies. The table is allocated at the
 * first use, with the size verify_cache_configure() was given (a power of
 * two of sets).
 *
 * Ordering that keeps old values out: a sync first publishes the new
 * change number (`seen_seq`), then drops entries; a put checks its value's
 * number against `seen_seq` under the set's lock. Whatever the
 * interleaving, a value read before a change that a sync has handled is
 * either refused or dropped by that sync.
 */
#include "web/verify_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/declaration_id.h"
#include "lib/log.h"
#include "lib/mix.h"
#include "store/verification.h"

#define LOCKS 256

struct slot {
	uint64_t key;    /* 0: empty */
	uint64_t serial; /* which put this is: never the same twice */
	char *value;
	uint32_t n;
	bool used; /* read since the set last looked for a victim */
};

static struct slot (*slots)[VERIFY_CACHE_WAYS];
static size_t nsets; /* a power of two; 0: nothing is kept */
static uint64_t max_bytes = (uint64_t)VERIFY_CACHE_MB_DEFAULT << 20;
static pthread_mutex_t locks[LOCKS];
static pthread_once_t locks_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t entries, bytes, hits, misses, syncs, clears;
static atomic_uint_fast64_t serials;
/* The last serial given when the cache last began to empty itself: a
 * value of that serial or older is on its way out. */
static atomic_uint_fast64_t serial_floor;

/* The change log as far as this process has handled it. */
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool synced; /* false: values are refused */
static atomic_int_fast64_t seen_seq;
static atomic_uint_fast64_t seen_commits;
static atomic_uint_fast64_t synced_ms; /* monotonic ms of the last sync */
/* Bumped after every change handled and every clear (verify_cache_generation). */
static atomic_int_fast64_t generation;

/* Allocates the table for max_bytes; false when it cannot. */
static bool table_make(void)
{
	free(slots);
	slots = NULL;
	nsets = 0;
	if (!max_bytes)
		return true;
	size_t want = (size_t)(max_bytes / VERIFY_CACHE_BYTES_PER_SET), n = 1;
	while (n < want)
		n <<= 1;
	slots = calloc(n, sizeof *slots);
	if (!slots)
		return false;
	nsets = n;
	return true;
}

static void locks_init(void)
{
	for (size_t i = 0; i < LOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
	if (!table_make())
		log_error("verification cache: no memory for its table; nothing is kept");
}

bool verify_cache_configure(const char *megabytes, char err[256])
{
	uint64_t mb = VERIFY_CACHE_MB_DEFAULT;
	if (megabytes && *megabytes) {
		char *end;
		unsigned long long v = strtoull(megabytes, &end, 10);
		if (end == megabytes || *end || *megabytes == '-' || v > VERIFY_CACHE_MB_MAX) {
			char shown[LOG_SETTING_SHOWN_BYTES];
			snprintf(err, 256,
			         "MAMORI_VERIFY_CACHE_MB=%s: expected megabytes from 0 to %d "
			         "(default %d)",
			         log_setting_shown(shown, megabytes), VERIFY_CACHE_MB_MAX,
			         VERIFY_CACHE_MB_DEFAULT);
			return false;
		}
		mb = v;
	}
	pthread_once(&locks_once, locks_init);
	if (slots && max_bytes == mb << 20)
		return true;
	verify_cache_clear();
	max_bytes = mb << 20;
	if (!table_make()) {
		snprintf(err, 256, "MAMORI_VERIFY_CACHE_MB=%llu: cannot allocate the table",
		         (unsigned long long)mb);
		return false;
	}
	return true;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* 1 + the ID's number × kinds + kind, or 0 when id is not 11 digits. */
static uint64_t key_of(enum verify_cache_kind kind, struct str id)
{
	if (id.n != DECLARATION_ID_DIGITS)
		return 0;
	uint64_t n = 0;
	for (size_t i = 0; i < id.n; i++) {
		if (id.p[i] < '0' || id.p[i] > '9')
			return 0;
		n = n * 10 + (uint64_t)(id.p[i] - '0');
	}
	return 1 + n * VERIFY_CACHE_KINDS + (uint64_t)kind;
}

static size_t set_of(uint64_t key)
{
	/* IDs are sequential, the sets must not be */
	return (size_t)(mix64(key) & (nsets - 1));
}

static void slot_clear(struct slot *s)
{
	if (!s->key)
		return;
	atomic_fetch_sub(&entries, 1);
	atomic_fetch_sub(&bytes, s->n);
	free(s->value);
	*s = (struct slot){0};
}

bool verify_cache_get(struct arena *a, enum verify_cache_kind kind, struct str id,
                      struct str *value)
{
	uint64_t serial;
	return verify_cache_get_serial(a, kind, id, value, &serial);
}

bool verify_cache_get_serial(struct arena *a, enum verify_cache_kind kind, struct str id,
                             struct str *value, uint64_t *serial)
{
	uint64_t key = key_of(kind, id);
	if (!key || !atomic_load(&synced))
		return false;
	pthread_once(&locks_once, locks_init);
	if (!nsets)
		return false;
	size_t set = set_of(key);
	bool hit = false;
	pthread_mutex_lock(&locks[set % LOCKS]);
	for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++) {
		struct slot *s = &slots[set][w];
		if (s->key != key)
			continue;
		char *copy = arena_alloc(a, s->n + 1);
		if (copy) {
			memcpy(copy, s->value, s->n);
			copy[s->n] = '\0';
			*value = (struct str){copy, s->n};
			*serial = s->serial;
			s->used = true;
			hit = true;
		}
		break;
	}
	pthread_mutex_unlock(&locks[set % LOCKS]);
	atomic_fetch_add_explicit(hit ? &hits : &misses, 1, memory_order_relaxed);
	return hit;
}

/* The slot for key in set: its own, an empty one, or the first not used
 * since the last search (second chance), clearing the marks it passes. */
static struct slot *victim(size_t set, uint64_t key)
{
	struct slot *ways = slots[set];
	for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++)
		if (ways[w].key == key)
			return &ways[w];
	for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++)
		if (!ways[w].key)
			return &ways[w];
	for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++) {
		if (!ways[w].used)
			return &ways[w];
		ways[w].used = false;
	}
	return &ways[0];
}

/* A malloc'd copy of value when the cache could keep it; NULL when it
 * cannot (no table, too big, no memory: a cache may forget). */
static char *value_copy(struct str value)
{
	pthread_once(&locks_once, locks_init);
	if (!nsets || value.n > UINT32_MAX || value.n > max_bytes)
		return NULL;
	char *copy = malloc(value.n ? value.n : 1);
	if (copy)
		memcpy(copy, value.p, value.n);
	return copy;
}

/* With set's lock held: makes room for key in set and, when allowed and
 * the bound on bytes permits, keeps *copy there under a new serial (then
 * *copy is NULL: the slot owns it). */
static void keep(size_t set, uint64_t key, char **copy, size_t n, bool allowed)
{
	struct slot *s = victim(set, key);
	slot_clear(s);
	if (!allowed || atomic_load(&bytes) + n > max_bytes)
		return;
	*s = (struct slot){.key = key,
	                   .serial = atomic_fetch_add(&serials, 1) + 1,
	                   .value = *copy,
	                   .n = (uint32_t)n};
	atomic_fetch_add(&entries, 1);
	atomic_fetch_add(&bytes, n);
	*copy = NULL;
}

void verify_cache_put(enum verify_cache_kind kind, struct str id, int64_t change_seq,
                      struct str value)
{
	uint64_t key = key_of(kind, id);
	if (!key || !atomic_load(&synced) || change_seq < atomic_load(&seen_seq))
		return;
	char *copy = value_copy(value);
	if (!copy)
		return;
	size_t set = set_of(key);
	pthread_mutex_lock(&locks[set % LOCKS]);
	/* Checked again under the lock: a sync may have handled a change since. */
	keep(set, key, &copy, value.n,
	     atomic_load(&synced) && change_seq >= atomic_load(&seen_seq));
	pthread_mutex_unlock(&locks[set % LOCKS]);
	free(copy);
}

void verify_cache_put_derived(enum verify_cache_kind kind, struct str id,
                              enum verify_cache_kind from, uint64_t serial, struct str value)
{
	uint64_t key = key_of(kind, id), source = key_of(from, id);
	if (!key || !source || key == source || !serial || !atomic_load(&synced))
		return;
	char *copy = value_copy(value);
	if (!copy)
		return;
	/* Both sets' locks (in the order of their numbers, once when they are
	 * the same), so that the source is checked and the value kept in one
	 * step: forget() drops the source under its lock before it looks at
	 * the value's set, so a value made from a source since dropped is
	 * either refused here or dropped by it. */
	size_t set = set_of(key), from_set = set_of(source);
	size_t l1 = set % LOCKS, l2 = from_set % LOCKS;
	size_t lo = l1 < l2 ? l1 : l2, hi = l1 < l2 ? l2 : l1;
	pthread_mutex_lock(&locks[lo]);
	if (hi != lo)
		pthread_mutex_lock(&locks[hi]);
	bool present = false;
	for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++)
		present = present ||
		          (slots[from_set][w].key == source && slots[from_set][w].serial == serial);
	if (present && atomic_load(&synced) && serial > atomic_load(&serial_floor))
		keep(set, key, &copy, value.n, true);
	if (hi != lo)
		pthread_mutex_unlock(&locks[hi]);
	pthread_mutex_unlock(&locks[lo]);
	free(copy);
}

static void forget(struct str id)
{
	if (!nsets)
		return;
	for (int kind = 0; kind < VERIFY_CACHE_KINDS; kind++) {
		uint64_t key = key_of((enum verify_cache_kind)kind, id);
		if (!key)
			return;
		size_t set = set_of(key);
		pthread_mutex_lock(&locks[set % LOCKS]);
		for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++)
			if (slots[set][w].key == key)
				slot_clear(&slots[set][w]);
		pthread_mutex_unlock(&locks[set % LOCKS]);
	}
}

void verify_cache_clear(void)
{
	pthread_once(&locks_once, locks_init);
	atomic_store(&serial_floor, atomic_load(&serials));
	atomic_fetch_add(&clears, 1);
	atomic_fetch_add(&generation, 1);
	for (size_t set = 0; set < nsets; set++) {
		pthread_mutex_lock(&locks[set % LOCKS]);
		for (size_t w = 0; w < VERIFY_CACHE_WAYS; w++)
			slot_clear(&slots[set][w]);
		pthread_mutex_unlock(&locks[set % LOCKS]);
	}
}

/* Reads the log after seen_seq and drops what it names. Called with
 * sync_lock held. */
static enum mm_err read_log(struct store *s, struct arena *a)
{
	for (int round = 0; round < VERIFY_CACHE_SYNC_ROUNDS; round++) {
		int64_t after = atomic_load(&seen_seq);
		struct verification_changes ch;
		enum mm_err e = store_verification_changes(s, a, after, &ch);
		if (e)
			return e;
		if (!atomic_load(&synced)) {
			/* The cache is empty: start from the log's end. */
			atomic_store(&seen_seq, ch.newest);
			atomic_fetch_add(&generation, 1);
			atomic_store(&synced, true);
			return MM_OK;
		}
		bool gap = ch.newest < after || (ch.newest > after && ch.oldest > after + 1);
		if (gap) {
			atomic_store(&seen_seq, ch.newest);
			verify_cache_clear();
			return MM_OK;
		}
		atomic_store(&seen_seq, ch.last);
		for (size_t i = 0; i < ch.n; i++)
			forget(ch.public_ids[i]);
		if (ch.n)
			atomic_fetch_add(&generation, 1);
		if (ch.n < VERIFICATION_CHANGES_MAX)
			return MM_OK;
	}
	/* Further behind than a few rounds: cheaper to start again. */
	atomic_store(&synced, false);
	verify_cache_clear();
	return MM_OK;
}

void verify_cache_sync(struct store *s, struct arena *a)
{
	uint64_t commits = store_commits(), now = now_ms();
	bool local = commits != atomic_load(&seen_commits);
	if (!local && atomic_load(&synced) && now - atomic_load(&synced_ms) < VERIFY_CACHE_POLL_MS)
		return;
	pthread_once(&locks_once, locks_init);
	if (local) {
		/* A write of ours: wait for a sync that starts after it. */
		pthread_mutex_lock(&sync_lock);
	} else if (pthread_mutex_trylock(&sync_lock)) {
		return; /* another thread is reading the log right now */
	}
	commits = store_commits(); /* before reading: a later commit triggers another sync */
	bool due = commits != atomic_load(&seen_commits) || !atomic_load(&synced) ||
	           now_ms() - atomic_load(&synced_ms) >= VERIFY_CACHE_POLL_MS;
	if (due) {
		atomic_fetch_add(&syncs, 1);
		if (read_log(s, a)) {
			log_error("verification cache: the change log could not be read; emptied");
			atomic_store(&synced, false);
			verify_cache_clear();
		}
		atomic_store(&seen_commits, commits);
		atomic_store(&synced_ms, now_ms());
	}
	pthread_mutex_unlock(&sync_lock);
}

int64_t verify_cache_generation(void)
{
	return atomic_load(&synced) ? (int64_t)atomic_load(&generation) : -1;
}

void verify_cache_stats(struct verify_cache_stats *out)
{
	*out = (struct verify_cache_stats){.entries = atomic_load(&entries),
	                                   .bytes = atomic_load(&bytes),
	                                   .max_bytes = max_bytes,
	                                   .hits = atomic_load(&hits),
	                                   .misses = atomic_load(&misses),
	                                   .syncs = atomic_load(&syncs),
	                                   .clears = atomic_load(&clears)};
}

enum mm_err verify_cache_metrics(struct buf *out)
{
	struct verify_cache_stats st;
	verify_cache_stats(&st);
	return buf_printf(
	    out,
	    "# HELP mamori_verify_cache_entries Values kept by the verification cache.\n"
	    "# TYPE mamori_verify_cache_entries gauge\n"
	    "mamori_verify_cache_entries %llu\n"
	    "# HELP mamori_verify_cache_bytes Bytes of values kept by the verification cache.\n"
	    "# TYPE mamori_verify_cache_bytes gauge\n"
	    "mamori_verify_cache_bytes %llu\n"
	    "# HELP mamori_verify_cache_max_bytes The bound on bytes (MAMORI_VERIFY_CACHE_MB).\n"
	    "# TYPE mamori_verify_cache_max_bytes gauge\n"
	    "mamori_verify_cache_max_bytes %llu\n"
	    "# HELP mamori_verify_cache_lookups_total Verification cache lookups, by result.\n"
	    "# TYPE mamori_verify_cache_lookups_total counter\n"
	    "mamori_verify_cache_lookups_total{result=\"hit\"} %llu\n"
	    "mamori_verify_cache_lookups_total{result=\"miss\"} %llu\n"
	    "# HELP mamori_verify_cache_syncs_total Reads of the declaration change log.\n"
	    "# TYPE mamori_verify_cache_syncs_total counter\n"
	    "mamori_verify_cache_syncs_total %llu\n"
	    "# HELP mamori_verify_cache_clears_total Times the verification cache was emptied.\n"
	    "# TYPE mamori_verify_cache_clears_total counter\n"
	    "mamori_verify_cache_clears_total %llu\n",
	    (unsigned long long)st.entries, (unsigned long long)st.bytes,
	    (unsigned long long)st.max_bytes, (unsigned long long)st.hits,
	    (unsigned long long)st.misses, (unsigned long long)st.syncs,
	    (unsigned long long)st.clears);
}
