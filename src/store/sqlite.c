/*
 * sqlite.c — the SQLite driver. Durability first: WAL with
 * synchronous=FULL, so a write the user was told succeeded survives a
 * power loss; foreign keys on; a busy timeout so writers queue instead of
 * failing; BEGIN IMMEDIATE for every write transaction so two writers never
 * deadlock on a lock upgrade. Statements are named constants, prepared once
 * per connection and bound by parameter.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "store/sql.h"
#include "store/sqlite_int.h"

enum {
	SQLITE_BUSY_TIMEOUT_MS = 5000,
	/* Pages in the WAL after which a commit checkpoints (SQLite's default). */
	SQLITE_CHECKPOINT_PAGES = 1000,
};

/* Durability (WAL + synchronous=FULL), integrity (foreign keys), and reads
 * served from the shared OS page cache through mmap (up to 2 GiB of address
 * space, SQLite's own limit; pages are shared by every connection) instead
 * of a read(2) per page missed by SQLite's own per-connection cache: at
 * 3.4 million organisations a search's rows are a thousand pages spread
 * over a 3.4 GB file, and with 256 MiB mapped two thirds of its time went
 * to those reads. The mapped pages count in the resident size but are the
 * kernel's page cache, which it takes back when memory is short. */
#define SQLITE_OPEN_PRAGMAS                                                                        \
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"                \
	" PRAGMA mmap_size=2147418112;"

static const char SQL_PING[] = "SELECT 1";
static const char SQL_SCHEMA_EXISTS[] = "SELECT 1 FROM sqlite_schema WHERE name = 'schema_version'";
static const char SQL_SCHEMA_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_version";

static struct sqlite_store *sq(struct store *s)
{
	return sqlite_of(s);
}

/* ---- the helpers of sqlite_int.h -------------------------------------------- */

/* The slot of key in the statement cache: where it is, or the empty slot
 * where it goes (the table is never full: see cached_stmt). */
static size_t stmt_slot(const struct sqlite_store *s, const void *key)
{
	size_t i = sql_cache_first_slot(key, SQLITE_STMT_CACHE);
	while (s->cache[i].key && s->cache[i].key != key)
		i = (i + 1) & (SQLITE_STMT_CACHE - 1);
	return i;
}

/* The cached statement for key, prepared from text on its first use. */
static sqlite3_stmt *cached_stmt(struct store *base, const void *key, const char *text)
{
	struct sqlite_store *s = sq(base);
	size_t i = stmt_slot(s, key);
	if (s->cache[i].key)
		return s->cache[i].stmt;
	if (s->cached >= SQLITE_STMT_CACHE / 4 * 3) {
		log_error("sqlite: more than %d statements; raise SQLITE_STMT_CACHE",
		          SQLITE_STMT_CACHE / 4 * 3);
		return NULL;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(s->db, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(s->db), text);
		return NULL;
	}
	s->cache[i].key = key;
	s->cache[i].stmt = st;
	s->cached++;
	return st;
}

sqlite3_stmt *sqlite_stmt(struct store *base, const char *sql)
{
	return cached_stmt(base, sql, sql);
}

void sqlite_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* A full disk, a read-only file or file system, a failed write: the host
 * refuses writes (store_note_write_refused). Logged once per failure with
 * what the operator has to fix. */
static bool write_refused(sqlite3 *db, const char *what)
{
	int code = sqlite3_extended_errcode(db);
	if ((code & 0xff) != SQLITE_FULL && (code & 0xff) != SQLITE_READONLY &&
	    (code & 0xff) != SQLITE_IOERR)
		return false;
	log_error("sqlite: %s: %s: the database refuses writes (disk full, or the file or its "
	          "file system read-only); reads go on, writes are answered 503",
	          what, sqlite3_errmsg(db));
	store_note_write_refused();
	return true;
}

enum mm_err sqlite_error(struct store *base, const char *what)
{
	struct sqlite_store *s = sq(base);
	int code = sqlite3_extended_errcode(s->db);
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		return MM_ERR_CONFLICT; /* expected (a duplicate); the caller decides */
	if (!write_refused(s->db, what))
		log_error("sqlite: %s: %s", what, sqlite3_errmsg(s->db));
	return MM_ERR_DB;
}

int sqlite_bind_str(sqlite3_stmt *st, int i, struct str v)
{
	return sqlite3_bind_text(st, i, v.p ? v.p : "", (int)v.n, SQLITE_STATIC);
}

enum mm_err sqlite_one_row(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return MM_OK;
	enum mm_err e = rc == SQLITE_DONE ? MM_ERR_NOT_FOUND : sqlite_error(s, what);
	sqlite_done(st);
	return e;
}

enum mm_err sqlite_int64_of(struct store *s, sqlite3_stmt *st, const char *what, int64_t *out)
{
	enum mm_err e = sqlite_one_row(s, st, what);
	if (e)
		return e;
	*out = sqlite3_column_int64(st, 0);
	sqlite_done(st);
	return MM_OK;
}

/* ---- the connection ------------------------------------------------------- */

static enum mm_err exec(struct sqlite_store *s, const char *sql, char err[STORE_ERR_MAX])
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, STORE_ERR_MAX, "%s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return MM_ERR_DB;
	}
	return MM_OK;
}

static void sqlite_close(struct store *base)
{
	struct sqlite_store *s = sq(base);
	for (size_t i = 0; i < SQLITE_STMT_CACHE; i++)
		if (s->cache[i].key)
			sqlite3_finalize(s->cache[i].stmt);
	sqlite3_close(s->db);
	free(s);
}

/* Process-wide settings, before the first connection: no allocation
 * statistics (they take a global mutex on every malloc SQLite makes, which
 * serialises the threads' reads and nothing here reads the statistics). */
static void sqlite_configure(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		log_error("sqlite: could not turn allocation statistics off");
}

/* Called by SQLite after every write transaction this connection commits
 * in WAL mode, once the commit is visible to other connections: tells
 * store_commits(), then checkpoints as SQLite's own hook (which this one
 * replaces) would. */
static int wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)arg;
	store_note_commit();
	if (pages >= SQLITE_CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

static enum mm_err sqlite_open(const char *address, struct store **out, char err[STORE_ERR_MAX])
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sqlite_configure);
	struct sqlite_store *s = calloc(1, sizeof *s);
	if (!s)
		return MM_ERR_NOMEM;
	s->base.driver = &store_sqlite_driver;
	int rc =
	    sqlite3_open_v2(address, &s->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		char shown[LOG_SETTING_SHOWN_BYTES];
		snprintf(err, STORE_ERR_MAX, "cannot open database %s: %s",
		         log_setting_shown(shown, address),
		         s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		sqlite_close(&s->base);
		return MM_ERR_IO;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, SQLITE_BUSY_TIMEOUT_MS);
	sqlite3_wal_hook(s->db, wal_committed, NULL);
	/* journal_mode answers with a row; the first query also proves the
	 * file is a database we can read. */
	char detail[STORE_ERR_MAX];
	if (exec(s, SQLITE_OPEN_PRAGMAS, detail)) {
		snprintf(err, STORE_ERR_MAX, "cannot use database %s: %.160s", address, detail);
		sqlite_close(&s->base);
		return MM_ERR_IO;
	}
	*out = &s->base;
	return MM_OK;
}

static enum mm_err sqlite_schema_version(struct store *base, int *version)
{
	int64_t exists, v;
	sqlite3_stmt *st = sqlite_stmt(base, SQL_SCHEMA_EXISTS);
	if (!st)
		return MM_ERR_DB;
	enum mm_err e = sqlite_int64_of(base, st, "schema check", &exists);
	if (e == MM_ERR_NOT_FOUND) {
		*version = 0;
		return MM_OK;
	}
	/* Prepared only once the table exists (preparing names it). */
	if (e || !(st = sqlite_stmt(base, SQL_SCHEMA_VERSION)))
		return e ? e : MM_ERR_DB;
	if ((e = sqlite_int64_of(base, st, "schema version", &v)))
		return e == MM_ERR_NOT_FOUND ? MM_ERR_DB : e;
	*version = (int)v;
	return MM_OK;
}

static enum mm_err record_version(struct sqlite_store *s, int version, char err[STORE_ERR_MAX])
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO schema_version (version) VALUES (?1)", -1, &st,
	                       NULL) != SQLITE_OK) {
		snprintf(err, STORE_ERR_MAX, "%s", sqlite3_errmsg(s->db));
		return MM_ERR_DB;
	}
	sqlite3_bind_int(st, 1, version);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, STORE_ERR_MAX, "%s", sqlite3_errmsg(s->db));
		return MM_ERR_DB;
	}
	return MM_OK;
}

/* A row of PRAGMA foreign_key_check: a row whose foreign key points
 * nowhere. Named in err (its table) when there is one. */
static enum mm_err foreign_keys_hold(struct sqlite_store *s, char err[STORE_ERR_MAX])
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, STORE_ERR_MAX, "%s", sqlite3_errmsg(s->db));
		return MM_ERR_DB;
	}
	int rc = sqlite3_step(st);
	enum mm_err e = MM_OK;
	if (rc == SQLITE_ROW) {
		snprintf(err, STORE_ERR_MAX, "a row of %s points at a missing row of %s",
		         (const char *)sqlite3_column_text(st, 0),
		         (const char *)sqlite3_column_text(st, 2));
		e = MM_ERR_CONFLICT;
	} else if (rc != SQLITE_DONE) {
		snprintf(err, STORE_ERR_MAX, "%s", sqlite3_errmsg(s->db));
		e = MM_ERR_DB;
	}
	sqlite3_finalize(st);
	return e;
}

/* The migrations run in one transaction with foreign keys off, as
 * https://sqlite.org/lang_altertable.html section 7 asks of a migration
 * that makes a table again (0017, 0018): dropping the old table must not
 * delete, by cascade, the rows that point at it. SQLite ignores the
 * pragma inside a transaction, so it is set before BEGIN; every foreign
 * key is checked before COMMIT (a migration that breaks one is rolled
 * back), and they are on again afterwards, whatever happened. */
static enum mm_err sqlite_migrate_tx(struct sqlite_store *s, int *applied, char err[STORE_ERR_MAX])
{
	int latest = store_migrations_latest("sqlite"), current;
	enum mm_err e;
	if ((e = exec(s, "BEGIN IMMEDIATE", err)))
		return e;
	if ((e = exec(s,
	              "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
	              " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
	              err)))
		goto rollback;
	if ((e = store_schema_version_not_newer(&s->base, latest, &current, err)))
		goto rollback;
	for (int n = current + 1; n <= latest; n++) {
		const struct embedded_file *f = store_migration("sqlite", n);
		char detail[STORE_ERR_MAX];
		if (!f)
			continue;
		if ((e = exec(s, (const char *)f->data, detail))) {
			snprintf(err, STORE_ERR_MAX, "%s: %.160s", f->name, detail);
			goto rollback;
		}
		if ((e = record_version(s, n, err)))
			goto rollback;
		(*applied)++;
	}
	/* Checking every key reads the whole database (a minute at 3.4
	 * million organisations, holding the write lock): only after a
	 * migration ran, which is the only thing here that can break one. */
	if ((*applied && (e = foreign_keys_hold(s, err))) || (e = exec(s, "COMMIT", err)))
		goto rollback;
	return MM_OK;
rollback:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	*applied = 0;
	return e;
}

static enum mm_err sqlite_migrate(struct store *base, int *applied, char err[STORE_ERR_MAX])
{
	struct sqlite_store *s = sq(base);
	char on_err[STORE_ERR_MAX];
	enum mm_err e;
	*applied = 0;
	/* Up to date (every start but the first after an upgrade): nothing to
	 * write, so no write lock is taken, and an instance starting beside
	 * one that is writing does not wait for it. */
	int current;
	if (!sqlite_schema_version(base, &current) && current == store_migrations_latest("sqlite"))
		return MM_OK;
	if ((e = exec(s, "PRAGMA foreign_keys=OFF", err)))
		return e;
	e = sqlite_migrate_tx(s, applied, err);
	if (exec(s, "PRAGMA foreign_keys=ON", on_err)) {
		snprintf(err, STORE_ERR_MAX, "cannot turn foreign keys on again: %.160s", on_err);
		return MM_ERR_DB;
	}
	return e;
}

static enum mm_err sqlite_ping(struct store *base)
{
	int64_t one;
	sqlite3_stmt *st = sqlite_stmt(base, SQL_PING);
	return st ? sqlite_int64_of(base, st, "ping", &one) : MM_ERR_DB;
}

/* Nested calls join the outermost transaction. */
static enum mm_err sqlite_begin(struct store *base)
{
	struct sqlite_store *s = sq(base);
	char err[STORE_ERR_MAX];
	if (s->tx_depth++ > 0)
		return MM_OK;
	if (exec(s, "BEGIN IMMEDIATE", err)) {
		s->tx_depth = 0;
		if (!write_refused(s->db, "begin"))
			log_error("sqlite: begin: %s", err);
		return MM_ERR_DB;
	}
	return MM_OK;
}

static enum mm_err sqlite_commit(struct store *base)
{
	struct sqlite_store *s = sq(base);
	char err[STORE_ERR_MAX];
	if (s->tx_depth == 0 || --s->tx_depth > 0)
		return MM_OK;
	if (exec(s, "COMMIT", err)) {
		if (!write_refused(s->db, "commit"))
			log_error("sqlite: commit: %s", err);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return MM_ERR_DB;
	}
	return MM_OK;
}

static void sqlite_rollback(struct store *base)
{
	struct sqlite_store *s = sq(base);
	if (s->tx_depth == 0)
		return;
	s->tx_depth = 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- the driver's side of store/sql.h --------------------------------------- */

/* The statement's SQLite text: its own, or the shared text with each $N
 * read as ?N (SQLite's $N would be a named parameter, numbered by first
 * appearance rather than by N). */
static sqlite3_stmt *sql_stmt(struct store *base, const struct sql *q)
{
	if (q->sqlite)
		return cached_stmt(base, q, q->sqlite);
	struct sqlite_store *s = sq(base);
	size_t i = stmt_slot(s, q);
	if (s->cache[i].key)
		return s->cache[i].stmt;
	char *text = strdup(q->pg);
	if (!text)
		return NULL;
	for (char *p = text; *p; p++)
		if (p[0] == '$' && p[1] >= '1' && p[1] <= '9')
			p[0] = '?';
	sqlite3_stmt *st = cached_stmt(base, q, text);
	free(text); /* SQLite keeps its own copy */
	return st;
}

static int bind_arg(sqlite3_stmt *st, int i, const struct store_arg *a)
{
	switch (a->kind) {
	case STORE_ARG_NULL:
		return sqlite3_bind_null(st, i);
	case STORE_ARG_INT:
	case STORE_ARG_BOOL:
		return sqlite3_bind_int64(st, i, a->i);
	case STORE_ARG_TEXT:
		return sqlite_bind_str(st, i, a->text);
	case STORE_ARG_BYTES:
		return sqlite3_bind_blob(st, i, a->text.p ? a->text.p : "", (int)a->text.n,
		                         SQLITE_STATIC);
	}
	return SQLITE_MISUSE;
}

static sqlite3_stmt *stmt_of(const struct sql_row *r)
{
	return (sqlite3_stmt *)r->impl;
}

static int64_t column_int64(const struct sql_row *r, int col)
{
	return sqlite3_column_int64(stmt_of(r), col);
}

static bool column_is_null(const struct sql_row *r, int col)
{
	return sqlite3_column_type(stmt_of(r), col) == SQLITE_NULL;
}

static const char *column_text(const struct sql_row *r, int col, size_t *n)
{
	const unsigned char *p = sqlite3_column_text(stmt_of(r), col);
	*n = p ? (size_t)sqlite3_column_bytes(stmt_of(r), col) : 0;
	return (const char *)p;
}

static bool column_bytes(const struct sql_row *r, int col, unsigned char *out, size_t n)
{
	const void *p = sqlite3_column_blob(stmt_of(r), col);
	if (!p || (size_t)sqlite3_column_bytes(stmt_of(r), col) != n)
		return false;
	memcpy(out, p, n);
	return true;
}

static bool column_bool(const struct sql_row *r, int col)
{
	return sqlite3_column_int64(stmt_of(r), col) != 0;
}

static const struct sql_columns sqlite_columns = {
    .int64 = column_int64,
    .is_null = column_is_null,
    .text = column_text,
    .bytes = column_bytes,
    .boolean = column_bool,
};

static enum mm_err sql_run(struct store *base, const struct sql *q, const struct store_arg *args,
                           size_t n, const char *what, sql_each_row each, void *ctx,
                           int64_t *changed)
{
	sqlite3_stmt *st = sql_stmt(base, q);
	*changed = 0;
	if (!st)
		return MM_ERR_DB;
	for (size_t i = 0; i < n; i++)
		if (bind_arg(st, (int)i + 1, &args[i]) != SQLITE_OK) {
			enum mm_err e = sqlite_error(base, what);
			sqlite_done(st);
			return e == MM_ERR_CONFLICT ? MM_ERR_DB : e;
		}
	struct sql_row row = {&sqlite_columns, st, 0};
	bool wanted = each != NULL, reads_only = sqlite3_stmt_readonly(st);
	int rc;
	/* A query may stop at the last row wanted; a change (with RETURNING)
	 * is stepped to its end, so that it is complete and counted. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && (wanted || !reads_only)) {
		if (wanted)
			wanted = each(&row, ctx);
		row.i++;
	}
	enum mm_err e = rc == SQLITE_DONE || rc == SQLITE_ROW ? MM_OK : sqlite_error(base, what);
	if (!e)
		*changed = sqlite3_changes64(sq(base)->db);
	sqlite_done(st);
	return e;
}

static bool sql_in_transaction_of(struct store *base)
{
	return sq(base)->tx_depth > 0;
}

static const struct sql_driver sqlite_sql = {
    .run = sql_run,
    .savepoint_next = NULL,
    .in_transaction = sql_in_transaction_of,
};

const struct store_driver store_sqlite_driver = {
    .name = "sqlite",
    .sql = &sqlite_sql,
    .open = sqlite_open,
    .close = sqlite_close,
    .migrate = sqlite_migrate,
    .schema_version = sqlite_schema_version,
    .ping = sqlite_ping,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
};
