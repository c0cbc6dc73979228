/*
 * store.c — what the store does whatever the database: choosing the
 * driver from the address, the functions every driver has, the
 * migrations compiled in, addresses made fit for a log, the count of
 * commits, the demo organisations (written once over store/sql.h) and the
 * per-thread connections.
 */
#include "store/store.h"
#include "lib/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "store/sql.h"

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

bool store_address_is_postgres(const char *address)
{
	return strncmp(address, "postgres://", 11) == 0 ||
	       strncmp(address, "postgresql://", 13) == 0;
}

/* Appends n bytes of p to out (cut at size). */
static void put(char *out, size_t size, size_t *used, const char *p, size_t n)
{
	for (size_t i = 0; i < n && *used + 1 < size; i++)
		out[(*used)++] = p[i];
	out[*used] = '\0';
}

const char *store_address_for_log(const char *address, char *out, size_t size)
{
	size_t used = 0;
	if (!size)
		return out;
	out[0] = '\0';
	if (!store_address_is_postgres(address)) {
		put(out, size, &used, address, strlen(address));
		return out;
	}
	/* scheme://[user[:password]@]host…[?key=value&…] */
	const char *authority = strstr(address, "://") + 3;
	size_t authority_n = strcspn(authority, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < authority_n; i++)
		if (authority[i] == '@')
			at = authority + i;
	const char *colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
	const char *p = address;
	if (colon) {
		put(out, size, &used, p, (size_t)(colon + 1 - p));
		put(out, size, &used, "***", 3);
		p = at;
	}
	/* the parameters: password=… wherever it stands */
	const char *query = strchr(p, '?');
	if (!query) {
		put(out, size, &used, p, strlen(p));
		return out;
	}
	put(out, size, &used, p, (size_t)(query + 1 - p));
	for (const char *k = query + 1; *k;) {
		size_t n = strcspn(k, "&");
		if (n >= 9 && strncmp(k, "password=", 9) == 0) {
			put(out, size, &used, "password=***", 12);
		} else {
			put(out, size, &used, k, n);
		}
		k += n;
		if (*k == '&')
			put(out, size, &used, k++, 1);
	}
	return out;
}

enum mm_err store_open(const char *address, struct store **out, char err[STORE_ERR_MAX])
{
	if (store_address_is_postgres(address))
		return store_pg_driver.open(address, out, err);
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

/* "src/store/migrations/DIALECT/" before the file names; the number is
 * what follows it. */
static int migration_number(const char *name, const char *dialect)
{
	static const char root[] = "src/store/migrations/";
	size_t n = strlen(dialect);
	if (strncmp(name, root, sizeof root - 1) != 0)
		return 0;
	name += sizeof root - 1;
	if (strncmp(name, dialect, n) != 0 || name[n] != '/')
		return 0;
	return (int)strtol(name + n + 1, NULL, 10);
}

const struct embedded_file *store_migration(const char *dialect, int number)
{
	for (size_t i = 0; i < embedded_count; i++)
		if (migration_number(embedded_files[i].name, dialect) == number)
			return &embedded_files[i];
	return NULL;
}

int store_migrations_latest(const char *dialect)
{
	int latest = 0;
	for (size_t i = 0; i < embedded_count; i++) {
		int n = migration_number(embedded_files[i].name, dialect);
		if (n > latest)
			latest = n;
	}
	return latest;
}

enum mm_err store_schema_version_not_newer(struct store *s, int latest, int *current,
                                           char err[STORE_ERR_MAX])
{
	enum mm_err e = store_schema_version(s, current);
	if (e) {
		snprintf(err, STORE_ERR_MAX, "cannot read the schema version");
		return e;
	}
	if (*current > latest) {
		snprintf(err, STORE_ERR_MAX, "database schema %d is newer than this program (%d)",
		         *current, latest);
		return MM_ERR_CONFLICT;
	}
	return MM_OK;
}

int store_latest_version(void)
{
	int sqlite = store_migrations_latest("sqlite"),
	    postgres = store_migrations_latest("postgres");
	return sqlite > postgres ? sqlite : postgres;
}

enum mm_err store_ping(struct store *s)
{
	return s->driver->ping(s);
}

bool store_usable(struct store *s)
{
	return !s->driver->usable || s->driver->usable(s);
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

/* ---- demo organisations, written once for every database (store/sql.h) ---- */

/* A sole proprietor is one without a corporate number; updated now, as
 * each database tells the time. */
static const struct sql SQL_ORGANISATION_INSERT_DEMO = SQL_EACH(
    "INSERT INTO organisation (public_id, name, name_kana, name_en, corporate_number, prefecture,"
    " industry, employees, capital_yen, sole_proprietor, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8, ?9, ?5 = '', strftime('%s', 'now'))"
    " ON CONFLICT (public_id) DO NOTHING",
    "INSERT INTO organisation (public_id, name, name_kana, name_en, corporate_number, prefecture,"
    " industry, employees, capital_yen, sole_proprietor, updated_at)"
    " VALUES ($1, $2, $3, $4, nullif($5, ''), $6, $7, $8, $9, $5 = '',"
    " floor(extract(epoch FROM statement_timestamp()))::bigint)"
    " ON CONFLICT (public_id) DO NOTHING");
static const struct sql SQL_ORGANISATION_COUNT = SQL("SELECT count(*) FROM organisation");

enum mm_err store_organisation_upsert_demo(struct store *s, const struct organisation *o,
                                           bool *inserted)
{
	int64_t changed = 0;
	enum mm_err e = sql_exec_count(
	    s, &SQL_ORGANISATION_INSERT_DEMO,
	    ARGS(ARG_TEXT(o->public_id), ARG_TEXT(o->name), ARG_TEXT(o->name_kana),
	         ARG_TEXT(o->name_en), ARG_TEXT(o->corporate_number), ARG_INT(o->prefecture),
	         ARG_TEXT(o->industry), ARG_INT(o->employees),
	         o->capital_yen < 0 ? ARG_NULL : ARG_INT(o->capital_yen)),
	    "organisation insert", &changed);
	*inserted = !e && changed > 0;
	return e;
}

enum mm_err store_organisation_count(struct store *s, int64_t *count)
{
	return sql_int64_of(s, &SQL_ORGANISATION_COUNT, NO_ARGS, "organisation count", count);
}

/* ---- per-thread connections ------------------------------------------ */

/* One kind of connection every serving thread may hold: to the primary,
 * or to the read replica of the public read-only pages. */
struct pool {
	const char *what; /* for the log */
	char *address;
	/* A new address starts every thread's waiting afresh. */
	atomic_uint generation;
};

/* A thread's connection of one pool. After a failed open, the thread
 * tries again no sooner than next_open_ms (monotonic), waiting longer each
 * time: a database that is down costs each request an immediate NULL, not
 * a connection attempt. */
struct thread_conn {
	struct store *s;
	int64_t next_open_ms;
	int open_wait_ms;
	unsigned generation;
};

static struct pool primary = {"", NULL, 0}, replica = {"read replica: ", NULL, 0};
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *registry[2 * STORE_MAX_THREADS];
static size_t registry_n;
static _Thread_local struct thread_conn this_primary, this_replica;

enum { STORE_OPEN_WAIT_MIN_MS = 250, STORE_OPEN_WAIT_MAX_MS = 5000 };

static void pool_set(struct pool *p, const char *address)
{
	free(p->address);
	p->address = address ? strdup(address) : NULL;
	atomic_fetch_add(&p->generation, 1);
}

void store_set_address(const char *address)
{
	pool_set(&primary, address);
}

void store_set_replica_address(const char *address)
{
	pool_set(&replica, address);
}

bool store_has_replica(void)
{
	return replica.address != NULL;
}

static struct store *thread_conn_get(struct pool *p, struct thread_conn *c)
{
	if (c->s)
		return c->s;
	char err[STORE_ERR_MAX];
	struct store *s;
	int64_t now = clock_monotonic_ms();
	unsigned generation = atomic_load(&p->generation);
	if (generation != c->generation) {
		c->generation = generation;
		c->open_wait_ms = 0;
		c->next_open_ms = 0;
	}
	if (!p->address)
		return NULL; /* nothing configured (tools and tests without a database) */
	if (now < c->next_open_ms)
		return NULL;
	if (store_open(p->address, &s, err)) {
		c->open_wait_ms = c->open_wait_ms ? c->open_wait_ms * 2 : STORE_OPEN_WAIT_MIN_MS;
		if (c->open_wait_ms > STORE_OPEN_WAIT_MAX_MS)
			c->open_wait_ms = STORE_OPEN_WAIT_MAX_MS;
		c->next_open_ms = now + c->open_wait_ms;
		/* err names the address as store_address_for_log() shows it */
		log_error("store: %scannot open a connection: %s (next attempt in %d ms)", p->what,
		          err, c->open_wait_ms);
		return NULL;
	}
	c->open_wait_ms = 0;
	c->next_open_ms = 0;
	pthread_mutex_lock(&registry_lock);
	if (registry_n == sizeof registry / sizeof registry[0]) {
		pthread_mutex_unlock(&registry_lock);
		store_close(s);
		log_error("store: too many threads");
		return NULL;
	}
	registry[registry_n++] = s;
	pthread_mutex_unlock(&registry_lock);
	c->s = s;
	return s;
}

struct store *store_thread(void)
{
	return thread_conn_get(&primary, &this_primary);
}

struct store *store_thread_replica(void)
{
	struct store *s = thread_conn_get(&replica, &this_replica);
	return s && store_usable(s) ? s : NULL;
}

/* Called after every serving thread has stopped. */
void store_close_all(void)
{
	pthread_mutex_lock(&registry_lock);
	for (size_t i = 0; i < registry_n; i++)
		store_close(registry[i]);
	registry_n = 0;
	pthread_mutex_unlock(&registry_lock);
	this_primary.s = NULL;
	this_replica.s = NULL;
	pool_set(&primary, NULL);
	pool_set(&replica, NULL);
}
