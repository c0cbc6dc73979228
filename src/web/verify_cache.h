/*
 * verify_cache.h — what verification answers, kept in memory per
 * declaration ID, so that checking a mark, a badge or a batch of IDs
 * usually costs no database read at all.
 *
 * Correctness comes from the change log (migration 0009): every change to a
 * declaration or its history appends its ID there, by trigger, in the same
 * transaction. verify_cache_sync() reads the log from where this process
 * last stopped and drops the entries of the IDs listed. It reads at once
 * after this process has committed a write (store_commits()), so a
 * withdrawal is never answered from memory by the process that made it,
 * and at least every VERIFY_CACHE_POLL_MS otherwise, for writes made by
 * other processes sharing the database. A value read before a change that
 * has since been seen is refused by verify_cache_put(), so a slow reader
 * cannot put an old answer back.
 *
 * Bounded: MAMORI_VERIFY_CACHE_MB megabytes of values (default
 * VERIFY_CACHE_MB_DEFAULT) in a table of one set of VERIFY_CACHE_WAYS
 * entries per VERIFY_CACHE_BYTES_PER_SET of them; beyond that, new values
 * replace the least recently used of their set or are not kept. A
 * declaration's two values take about 800 bytes, so the default holds
 * about 120,000 declarations; a registry that should answer every
 * verification from memory sets declarations × 1 KB (docs/deploy.md).
 * Thread-safe.
 */
#ifndef MM_VERIFY_CACHE_H
#define MM_VERIFY_CACHE_H

#include <stdint.h>

#include "lib/str.h"
#include "store/store.h"

#define VERIFY_CACHE_WAYS 4
#define VERIFY_CACHE_MB_DEFAULT 96
#define VERIFY_CACHE_MB_MAX 65536
/* Room in the table for values of 192 bytes on average: half the smallest
 * answer, so the bound on bytes is the one reached. */
#define VERIFY_CACHE_BYTES_PER_SET (VERIFY_CACHE_WAYS * 192u)
#define VERIFY_CACHE_POLL_MS 200
/* Rounds of VERIFICATION_CHANGES_MAX entries read in one sync; a process
 * further behind than that empties its cache instead. */
#define VERIFY_CACHE_SYNC_ROUNDS 4

/* What is kept per ID: the public record (with its history) that every
 * verification answer is made from, and the finished body of the JSON
 * API's answer. */
enum verify_cache_kind { VERIFY_CACHE_RECORD, VERIFY_CACHE_API, VERIFY_CACHE_KINDS };

/* Sizes the cache from MAMORI_VERIFY_CACHE_MB (NULL or empty: the
 * default; 0 keeps nothing). Call before serving: it empties the cache.
 * False with a message in err for a value that is not a number of
 * megabytes in 0..VERIFY_CACHE_MB_MAX or a table that cannot be allocated. */
bool verify_cache_configure(const char *megabytes, char err[256]);

/* Reads the change log when due (see above). Errors are logged and empty
 * the cache, which then refuses values until a later sync succeeds. */
void verify_cache_sync(struct store *s, struct arena *a);

/* A copy, in the arena, of the value kept for this 11-digit ID; false on a
 * miss (or an ID of another shape, which is never kept). */
bool verify_cache_get(struct arena *a, enum verify_cache_kind kind, struct str id,
                      struct str *value);

/* Keeps value for id; change_seq is the newest change-log number the value
 * was read at (struct verification's change_seq). */
void verify_cache_put(enum verify_cache_kind kind, struct str id, int64_t change_seq,
                      struct str value);

/* verify_cache_get with the value's serial: which put it was, never the
 * same for two. */
bool verify_cache_get_serial(struct arena *a, enum verify_cache_kind kind, struct str id,
                             struct str *value, uint64_t *serial);
/* Keeps value for id as kind when it was made from the value of kind from
 * that verify_cache_get_serial() gave serial, and only while that value is
 * still kept: what is made from a value the cache holds is as fresh as it,
 * however far the change log has moved on for other IDs (verify_cache_put
 * refuses anything read before the newest change seen, which a value taken
 * from the cache always is once another declaration has changed). */
void verify_cache_put_derived(enum verify_cache_kind kind, struct str id,
                              enum verify_cache_kind from, uint64_t serial, struct str value);

struct verify_cache_stats {
	uint64_t entries, bytes; /* kept now */
	uint64_t max_bytes;      /* the bound on bytes */
	uint64_t hits, misses;   /* lookups since start */
	uint64_t syncs, clears;  /* change-log reads; times everything was dropped */
};
void verify_cache_stats(struct verify_cache_stats *out);
/* The statistics in Prometheus' text format (for /metrics). */
MM_MUST_USE enum mm_err verify_cache_metrics(struct buf *out);

/* A number that changes whenever this process has handled a change in the
 * log (or emptied the cache); -1 while the cache is not in step with the
 * log. Content made from declarations (the declarant search's pages) and
 * cached under the generation read before it was made, after a
 * verify_cache_sync(), is then never older than the values kept here:
 * a change made by this process is seen at once, one made by another
 * within VERIFY_CACHE_POLL_MS. It only grows: a number once given is
 * never given again for a later state of the log. */
int64_t verify_cache_generation(void);

/* Drops everything (at shutdown, and when the change log cannot be read). */
void verify_cache_clear(void);

#endif
