/*
 * store.c — driver dispatch and the per-thread connections.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"

enum { STORE_MAX_THREADS = 1024 };

static atomic_uint_fast64_t commits;

uint64_t store_commits(void)
{
	return atomic_load(&commits);
}

static _Thread_local bool write_refused;

void store_note_write_refused(void)
{
	write_refused = true;
}

bool store_take_write_refused(void)
{
	bool was = write_refused;
	write_refused = false;
	return was;
}

void store_note_commit(void)
{
	atomic_fetch_add(&commits, 1);
}

enum mm_err store_open(const char *address, struct store **out, char err[STORE_ERR_MAX])
{
	if (strncmp(address, "postgres://", 11) == 0 ||
	    strncmp(address, "postgresql://", 13) == 0) {
		snprintf(err, STORE_ERR_MAX, "PostgreSQL is not supported by this build yet");
		return MM_ERR_INVALID;
	}
	return store_sqlite_driver.open(address, out, err);
}

void store_close(struct store *s)
{
	if (s)
		s->driver->close(s);
}

enum mm_err store_migrate(struct store *s, int *applied, char err[STORE_ERR_MAX])
{
	return s->driver->migrate(s, applied, err);
}

enum mm_err store_schema_version(struct store *s, int *version)
{
	return s->driver->schema_version(s, version);
}

int store_latest_version(void)
{
	int latest = 0;
	for (size_t i = 0; i < embedded_count; i++) {
		const char *name = embedded_files[i].name;
		const char *prefix = "src/store/migrations/sqlite/";
		if (strncmp(name, prefix, strlen(prefix)) == 0) {
			int n = (int)strtol(name + strlen(prefix), NULL, 10);
			if (n > latest)
				latest = n;
		}
	}
	return latest;
}

enum mm_err store_ping(struct store *s)
{
	return s->driver->ping(s);
}

enum mm_err store_begin(struct store *s)
{
	return s->driver->begin(s);
}

enum mm_err store_commit(struct store *s)
{
	return s->driver->commit(s);
}

void store_rollback(struct store *s)
{
	s->driver->rollback(s);
}

enum mm_err store_tx(struct store *s, store_tx_fn fn, void *arg)
{
	enum mm_err e = store_begin(s);
	if (e)
		return e;
	if ((e = fn(s, arg)) || (e = store_commit(s)))
		store_rollback(s);
	return e;
}

enum mm_err store_organisation_upsert_demo(struct store *s, const struct organisation *o,
                                           bool *inserted)
{
	return s->driver->organisation_upsert_demo(s, o, inserted);
}

enum mm_err store_organisation_count(struct store *s, int64_t *count)
{
	return s->driver->organisation_count(s, count);
}

/* ---- per-thread connections ------------------------------------------ */

static char *thread_address;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *registry[STORE_MAX_THREADS];
static size_t registry_n;
static _Thread_local struct store *this_thread;

void store_set_address(const char *address)
{
	free(thread_address);
	thread_address = address ? strdup(address) : NULL;
}

struct store *store_thread(void)
{
	if (this_thread)
		return this_thread;
	char err[STORE_ERR_MAX];
	struct store *s;
	if (!thread_address || store_open(thread_address, &s, err)) {
		log_error("store: cannot open a connection: %s",
		          thread_address ? err : "no address");
		return NULL;
	}
	pthread_mutex_lock(&registry_lock);
	if (registry_n == STORE_MAX_THREADS) {
		pthread_mutex_unlock(&registry_lock);
		store_close(s);
		log_error("store: too many threads");
		return NULL;
	}
	registry[registry_n++] = s;
	pthread_mutex_unlock(&registry_lock);
	this_thread = s;
	return s;
}

/* Called after every serving thread has stopped. */
void store_close_all(void)
{
	pthread_mutex_lock(&registry_lock);
	for (size_t i = 0; i < registry_n; i++)
		store_close(registry[i]);
	registry_n = 0;
	pthread_mutex_unlock(&registry_lock);
	this_thread = NULL;
	free(thread_address);
	thread_address = NULL;
}
