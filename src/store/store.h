/*
 * store.h — the only interface to the database the rest of mamori sees.
 * A connection is a struct store whose driver (struct store_driver, a table
 * of functions) is chosen by store_open() from the address: a path is a
 * SQLite database (store/sqlite*.c), a postgres:// or postgresql:// URL a
 * PostgreSQL one (store/pg*.c); callers never know which. The store
 * returns structs, never rows, and never renders. It never logs a
 * password: addresses go through store_address_for_log().
 *
 * Threads: a connection belongs to one thread. The serving threads get
 * theirs from store_thread() (and store_thread_replica() for a read
 * replica), opened on first use and closed by store_close_all() at
 * shutdown.
 */
#ifndef MM_STORE_H
#define MM_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/str.h"

#define STORE_ERR_MAX 256

struct store;
struct embedded_file;

struct organisation {
	int64_t id;
	struct str public_id; /* stable, shown in URLs */
	struct str name, name_kana, name_en;
	struct str corporate_number; /* 13 digits or empty */
	int prefecture;              /* 1..47 (JIS X 0401) */
	struct str industry;         /* JSIC division letter A..T */
	int employees;
	int64_t capital_yen; /* -1 when not given */
};

/* A driver: what every connection of one kind of database does. */
struct sql_driver;
struct store_driver {
	const char *name;
	/* Running statements and reading rows (store/sql.h), for the areas
	 * written once for every database. */
	const struct sql_driver *sql;
	enum mm_err (*open)(const char *address, struct store **out, char err[STORE_ERR_MAX]);
	void (*close)(struct store *s);
	enum mm_err (*migrate)(struct store *s, int *applied, char err[STORE_ERR_MAX]);
	enum mm_err (*schema_version)(struct store *s, int *version);
	enum mm_err (*ping)(struct store *s);
	/* False when a query now would fail without trying (a lost connection
	 * waiting to reconnect); NULL: always usable. */
	bool (*usable)(struct store *s);
	/* One write transaction around several calls, e.g. a change and the
	 * e-mail it causes. Nested calls join the outermost transaction. */
	enum mm_err (*begin)(struct store *s);
	enum mm_err (*commit)(struct store *s);
	void (*rollback)(struct store *s);
};

/* Every connection starts with its driver. */
struct store {
	const struct store_driver *driver;
};

extern const struct store_driver store_sqlite_driver;
extern const struct store_driver store_pg_driver;

/* The address as it may be written to a log: a postgres:// URL with its
 * password (after "user:" or in a password= parameter) replaced by ***; a
 * path as it is. Into out (cut to size, always terminated); returns out. */
const char *store_address_for_log(const char *address, char *out, size_t size);
bool store_address_is_postgres(const char *address);

/* The migration numbered `number` of a dialect ("sqlite", "postgres"):
 * src/store/migrations/DIALECT/NNNN_*.sql, compiled in; NULL when none. */
const struct embedded_file *store_migration(const char *dialect, int number);
/* The highest migration number of a dialect. */
int store_migrations_latest(const char *dialect);
/* For a driver's migrate, inside its transaction: the schema version the
 * database has, refused (MM_ERR_CONFLICT) when a newer program than this
 * one, whose last migration is latest, has migrated it; err says why. */
MM_MUST_USE enum mm_err store_schema_version_not_newer(struct store *s, int latest, int *current,
                                                       char err[STORE_ERR_MAX]);

/* Opens a connection with the driver of the address. */
MM_MUST_USE enum mm_err store_open(const char *address, struct store **out,
                                   char err[STORE_ERR_MAX]);
void store_close(struct store *s);
/* Applies every pending migration in one transaction; the number applied
 * goes to *applied. A failure leaves the database as it was. */
MM_MUST_USE enum mm_err store_migrate(struct store *s, int *applied, char err[STORE_ERR_MAX]);
MM_MUST_USE enum mm_err store_schema_version(struct store *s, int *version);
/* The highest migration number compiled into this binary (both dialects
 * hold the same numbers). */
int store_latest_version(void);
MM_MUST_USE enum mm_err store_ping(struct store *s);
/* False when the connection is known lost and not yet due to reconnect. */
bool store_usable(struct store *s);
MM_MUST_USE enum mm_err store_begin(struct store *s);
MM_MUST_USE enum mm_err store_commit(struct store *s);
void store_rollback(struct store *s);

/* Runs fn(s, arg) inside one write transaction: commits when it returns
 * MM_OK and rolls back otherwise, so every path out of a change has one
 * exit. Returns fn's result, or the commit's error. Pages write through
 * this; store_begin/commit/rollback stay for the store's own jobs. */
typedef enum mm_err (*store_tx_fn)(struct store *s, void *arg);
MM_MUST_USE enum mm_err store_tx(struct store *s, store_tx_fn fn, void *arg);
/* Inserts o unless an organisation with its public_id exists. */
MM_MUST_USE enum mm_err
store_organisation_upsert_demo(struct store *s, const struct organisation *o, bool *inserted);
MM_MUST_USE enum mm_err store_organisation_count(struct store *s, int64_t *count);

/* Write transactions committed by this process's connections since it
 * started. An in-memory cache compares it with the count it last saw to
 * know that it must look for changes at once (web/verify_cache.c). */
uint64_t store_commits(void);
/* Drivers call this after each committed write transaction. */
void store_note_commit(void);
/* Drivers call this when the database refuses a write it would otherwise
 * take (the disk is full, the file or its file system is read-only): a
 * condition of the host, not of the request, answered with 503 rather
 * than 500. store_take_write_refused() tells whether it happened on this
 * thread since the last call, and forgets it. */
void store_note_write_refused(void);
bool store_take_write_refused(void);

/* The address serving threads connect to; set once before serving. */
void store_set_address(const char *address);
/* This thread's connection (opened on first use), or NULL after logging
 * why it could not be opened; after a failure the thread tries again no
 * sooner than 250 ms later, doubling up to 5 s (NULL meanwhile). */
struct store *store_thread(void);
/* The read replica that serves the public read-only pages (verification,
 * badge, declarant search: `--db-replica`); set once before serving, or
 * never. store_thread_replica() is this thread's connection to it, opened
 * and retried as store_thread()'s; NULL when none is configured, it
 * cannot be had or it is known lost (the caller then reads from the
 * primary). */
void store_set_replica_address(const char *address);
bool store_has_replica(void);
struct store *store_thread_replica(void);
void store_close_all(void);

#endif
