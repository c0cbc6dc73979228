/*
 * pg.c — the PostgreSQL driver: the connection (one per thread, as for
 * SQLite), statements prepared once per connection and run with bound
 * parameters, transactions, the mapping of errors to enum mm_err,
 * migrations, and reconnection after the server went away. The areas'
 * statements (store/AREA.c) reach it through store/sql.h; store/pg_int.h
 * says the rules they follow here.
 *
 * It must never crash or hang on a lost server: every call on a broken
 * connection answers MM_ERR_DB (the pages then answer 500/503, /healthz
 * 503), and a later call reconnects with back-off. It never logs a
 * password: addresses are logged through store_address_for_log().
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/embedded.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "store/pg_int.h"
#include "store/sql.h"

/* Serialises migrations of one database by several instances starting at
 * once; any constant the program uses for nothing else. */
#define PG_MIGRATE_LOCK "7243410925370310408"

static const char SQL_PING[] = "SELECT 1";
static const char SQL_SCHEMA_EXISTS[] = "SELECT count(*) FROM pg_catalog.pg_class"
                                        " WHERE oid = to_regclass('schema_version')";
static const char SQL_SCHEMA_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_version";

/* A message of PostgreSQL's as one line (they span several, and end with
 * a newline), into buf. */
static const char *one_line(const char *msg, char *buf, size_t size)
{
	size_t n = 0;
	for (const char *p = msg; *p && n + 1 < size; p++) {
		bool space = *p == '\n' || *p == '\t' || *p == ' ';
		if (space && (n == 0 || buf[n - 1] == ' '))
			continue;
		buf[n++] = space ? ' ' : *p;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/* ---- the connection -------------------------------------------------------- */

/* NOTICEs (such as "extension already exists, skipping" while migrating)
 * are for people at a psql prompt, not for the service's log. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The connection failed under a call: the next call may try at once. */
static void connection_lost(struct pg_store *s)
{
	if (s->retry_at_ms >= 0)
		log_error("postgres: lost the connection to %s", s->address_for_log);
	s->retry_at_ms = -1; /* -1: lost, not yet retried */
	s->retry_wait_ms = 0;
}

/* What every connection is set to once it is made. No parallel plans:
 * mamori's statements read a few rows to a few thousand by index, and
 * starting workers for them (the planner chose to for the declarant
 * search's counts at 3.4 million organisations) cost 40 ms where the
 * query itself takes 4. A setting the server refuses is logged, never
 * fatal. */
static void session_settings(PGconn *conn)
{
	PGresult *r = PQexec(conn, "SET max_parallel_workers_per_gather = 0");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		char line[STORE_ERR_MAX];
		log_error("postgres: cannot turn parallel plans off: %s",
		          one_line(PQerrorMessage(conn), line, sizeof line));
	}
	PQclear(r);
}

/* MM_OK when the connection is usable, after reconnecting when it was
 * lost, unless a transaction died with it (the caller must roll back) or
 * the last attempt is too recent. */
static enum mm_err ready(struct pg_store *s)
{
	if (PQstatus(s->conn) == CONNECTION_OK)
		return MM_OK;
	if (s->tx_depth > 0)
		return MM_ERR_DB;
	int64_t now = clock_monotonic_ms();
	if (s->retry_at_ms >= 0 && now < s->retry_at_ms)
		return MM_ERR_DB;
	PQreset(s->conn);
	if (PQstatus(s->conn) == CONNECTION_OK) {
		/* the server forgot this connection's statements */
		memset(s->cache, 0, sizeof s->cache);
		s->cached = 0;
		session_settings(s->conn);
		s->retry_at_ms = 0;
		s->retry_wait_ms = 0;
		log_info("postgres: connected again to %s", s->address_for_log);
		return MM_OK;
	}
	s->retry_wait_ms = s->retry_wait_ms ? s->retry_wait_ms * 2 : PG_RETRY_MIN_MS;
	if (s->retry_wait_ms > PG_RETRY_MAX_MS)
		s->retry_wait_ms = PG_RETRY_MAX_MS;
	s->retry_at_ms = now + s->retry_wait_ms;
	char line[STORE_ERR_MAX];
	log_error("postgres: cannot connect to %s: %s (next attempt in %d ms)", s->address_for_log,
	          one_line(PQerrorMessage(s->conn), line, sizeof line), s->retry_wait_ms);
	return MM_ERR_DB;
}

/* The error of a failed result (NULL: the connection failed): a violated
 * constraint is CONFLICT, anything else is logged and DB. */
static enum mm_err result_error(struct pg_store *s, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && strncmp(state, "23", 2) == 0)
		return MM_ERR_CONFLICT; /* expected (a duplicate); the caller decides */
	const char *msg = r ? PQresultErrorMessage(r) : "";
	if (!*msg)
		msg = PQerrorMessage(s->conn);
	char line[STORE_ERR_MAX];
	log_error("postgres: %s: %s", what, one_line(msg, line, sizeof line));
	if (PQstatus(s->conn) != CONNECTION_OK)
		connection_lost(s);
	return MM_ERR_DB;
}

/* A statement of the driver's own (BEGIN, COMMIT, SAVEPOINT …) without
 * parameters; expect: the command tag it must answer with, or NULL. */
static enum mm_err command(struct pg_store *s, const char *sql, const char *expect,
                           const char *what)
{
	PGresult *r = PQexec(s->conn, sql);
	enum mm_err e = MM_OK;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		e = result_error(s, r, what);
	else if (expect && strcmp(PQcmdStatus(r), expect) != 0) {
		log_error("postgres: %s: the server answered %s", what, PQcmdStatus(r));
		e = MM_ERR_DB;
	}
	PQclear(r);
	return e;
}

/* The name sql is prepared under on this connection ("mm_<i>"), preparing
 * it on its first use. */
static enum mm_err prepared(struct pg_store *s, const char *sql, char name[16], const char *what)
{
	size_t i = sql_cache_first_slot(sql, PG_STMT_CACHE);
	while (s->cache[i] && s->cache[i] != sql)
		i = (i + 1) & (PG_STMT_CACHE - 1);
	snprintf(name, 16, "mm_%zu", i);
	if (s->cache[i])
		return MM_OK;
	if (s->cached >= PG_STMT_CACHE / 4 * 3) {
		log_error("postgres: more than %d statements; raise PG_STMT_CACHE",
		          PG_STMT_CACHE / 4 * 3);
		return MM_ERR_DB;
	}
	PGresult *r = PQprepare(s->conn, name, sql, 0, NULL);
	enum mm_err e = MM_OK;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		(void)result_error(s, r,
		                   what); /* logs; a statement that does not prepare is a bug */
		log_error("postgres: the statement: %s", sql);
		e = MM_ERR_DB;
	}
	PQclear(r);
	if (!e) {
		s->cache[i] = sql;
		s->cached++;
	}
	return e;
}

/* The parameters as libpq takes them: text, NUL-terminated, in the
 * connection's scratch buffer; bytes as they are (binary bytea). */
static enum mm_err convert_args(struct pg_store *s, const struct store_arg *args, size_t n,
                                const char *values[], int lengths[], int formats[])
{
	size_t need = 0;
	for (size_t i = 0; i < n; i++)
		need += args[i].kind == STORE_ARG_TEXT ? args[i].text.n + 1 : 24;
	if (need > s->scratch_cap) {
		char *grown = realloc(s->scratch, need);
		if (!grown)
			return MM_ERR_NOMEM;
		s->scratch = grown;
		s->scratch_cap = need;
	}
	char *p = s->scratch;
	for (size_t i = 0; i < n; i++) {
		const struct store_arg *a = &args[i];
		values[i] = p;
		lengths[i] = 0;
		formats[i] = 0;
		switch (a->kind) {
		case STORE_ARG_NULL:
			values[i] = NULL;
			break;
		case STORE_ARG_INT:
			p += snprintf(p, 24, "%" PRId64, a->i) + 1;
			break;
		case STORE_ARG_BOOL:
			p += snprintf(p, 24, "%s", a->i ? "t" : "f") + 1;
			break;
		case STORE_ARG_TEXT:
			/* PostgreSQL text cannot hold a NUL byte: refuse rather
			 * than store a shortened string. */
			if (a->text.n && memchr(a->text.p, '\0', a->text.n))
				return MM_ERR_INVALID;
			if (a->text.n)
				memcpy(p, a->text.p, a->text.n);
			p[a->text.n] = '\0';
			p += a->text.n + 1;
			break;
		case STORE_ARG_BYTES:
			values[i] = a->text.p ? a->text.p : "";
			lengths[i] = (int)a->text.n;
			formats[i] = 1;
			break;
		}
	}
	return MM_OK;
}

void pg_savepoint_next(struct store *base)
{
	pg_of(base)->savepoint_next = true;
}

/* Runs sql with args: on MM_OK, *res holds the result, for the caller to
 * read and PQclear(). */
static enum mm_err run(struct store *base, const char *sql, const struct store_arg *args, size_t n,
                       const char *what, PGresult **res)
{
	struct pg_store *s = pg_of(base);
	const char *values[PG_ARGS_MAX];
	int lengths[PG_ARGS_MAX], formats[PG_ARGS_MAX];
	char name[16];
	bool guard = s->savepoint_next && s->tx_depth > 0;
	enum mm_err e;
	*res = NULL;
	s->savepoint_next = false;
	assert(n <= PG_ARGS_MAX);
	if (n > PG_ARGS_MAX)
		return MM_ERR_INVALID;
	if ((e = convert_args(s, args, n, values, lengths, formats))) {
		log_error("postgres: %s: %s", what,
		          e == MM_ERR_INVALID ? "a text with a NUL byte" : "out of memory");
		return e;
	}
	if (s->tx_failed) {
		log_error("postgres: %s: refused, an earlier statement of the transaction failed",
		          what);
		return MM_ERR_DB;
	}
	if ((e = ready(s)) || (e = prepared(s, sql, name, what)))
		goto failed;
	if (guard && (e = command(s, "SAVEPOINT mm_statement", NULL, "savepoint")))
		goto failed;
	PGresult *r = PQexecPrepared(s->conn, name, (int)n, values, lengths, formats, 0);
	ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		if (guard &&
		    (e = command(s, "RELEASE SAVEPOINT mm_statement", NULL, "savepoint"))) {
			PQclear(r);
			goto failed;
		}
		/* A write outside a transaction committed as it ran. */
		if (s->tx_depth == 0 && strtoll(PQcmdTuples(r), NULL, 10) > 0 &&
		    strncmp(PQcmdStatus(r), "SELECT", 6) != 0)
			store_note_commit();
		*res = r;
		return MM_OK;
	}
	e = result_error(s, r, what);
	PQclear(r);
	if (guard && PQstatus(s->conn) == CONNECTION_OK &&
	    !command(s, "ROLLBACK TO SAVEPOINT mm_statement; RELEASE SAVEPOINT mm_statement", NULL,
	             "savepoint"))
		return e; /* the transaction goes on without the statement */
failed:
	if (s->tx_depth > 0)
		s->tx_failed = true;
	return e;
}

/* ---- the driver ------------------------------------------------------------ */

static void pg_close(struct store *base)
{
	struct pg_store *s = pg_of(base);
	PQfinish(s->conn);
	free(s->scratch);
	free(s->address_for_log);
	free(s);
}

static enum mm_err pg_open(const char *address, struct store **out, char err[STORE_ERR_MAX])
{
	char shown[STORE_ERR_MAX];
	struct pg_store *s = calloc(1, sizeof *s);
	if (!s)
		return MM_ERR_NOMEM;
	s->base.driver = &store_pg_driver;
	s->address_for_log = strdup(store_address_for_log(address, shown, sizeof shown));
	/* Keywords are applied in order: the address may override the first
	 * two; the encoding is always UTF-8, whatever the environment says. */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname",
	                            "client_encoding", NULL};
	const char *const values[] = {"5", "mamori", address, "UTF8", NULL};
	s->conn = PQconnectdbParams(keys, values, 1);
	if (!s->address_for_log || !s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		const char *msg = s->conn ? PQerrorMessage(s->conn) : "out of memory";
		char line[130], where[LOG_SETTING_SHOWN_BYTES];
		snprintf(err, STORE_ERR_MAX, "cannot connect to %s: %s",
		         log_setting_shown(where, shown), one_line(msg, line, sizeof line));
		pg_close(&s->base);
		return MM_ERR_IO;
	}
	PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
	session_settings(s->conn);
	*out = &s->base;
	return MM_OK;
}

static enum mm_err pg_schema_version(struct store *base, int *version)
{
	int64_t exists = 0, v = 0;
	enum mm_err e = pg_int64_of(base, SQL_SCHEMA_EXISTS, NO_ARGS, "schema check", &exists);
	if (e || !exists) {
		*version = 0;
		return e;
	}
	/* Prepared only once the table exists (preparing names it). */
	if ((e = pg_int64_of(base, SQL_SCHEMA_VERSION, NO_ARGS, "schema version", &v)))
		return e;
	*version = (int)v;
	return MM_OK;
}

/* Runs one migration file (several statements) and records its number. */
static enum mm_err apply(struct pg_store *s, int number, char err[STORE_ERR_MAX])
{
	const struct embedded_file *f = store_migration("postgres", number);
	char text[16];
	if (!f) {
		snprintf(err, STORE_ERR_MAX, "no migration %d", number);
		return MM_ERR_NOT_FOUND;
	}
	PGresult *r = PQexec(s->conn, (const char *)f->data);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn);
		char line[STORE_ERR_MAX];
		snprintf(err, STORE_ERR_MAX, "%s: %.180s", f->name,
		         one_line(msg, line, sizeof line));
		PQclear(r);
		return MM_ERR_DB;
	}
	PQclear(r);
	snprintf(text, sizeof text, "%d", number);
	const char *values[] = {text};
	r = PQexecParams(s->conn, "INSERT INTO schema_version (version) VALUES ($1)", 1, NULL,
	                 values, NULL, NULL, 0);
	enum mm_err e = r && PQresultStatus(r) == PGRES_COMMAND_OK ? MM_OK : MM_ERR_DB;
	if (e)
		snprintf(err, STORE_ERR_MAX, "cannot record version %d: %s", number,
		         r ? PQresultErrorMessage(r) : "no result");
	PQclear(r);
	return e;
}

/* In one transaction, like sqlite.c; the advisory lock makes a second
 * instance starting at the same moment wait, then find nothing to do. */
static enum mm_err pg_migrate(struct store *base, int *applied, char err[STORE_ERR_MAX])
{
	struct pg_store *s = pg_of(base);
	int latest = store_migrations_latest("postgres"), current;
	enum mm_err e;
	*applied = 0;
	if (s->tx_depth > 0) {
		snprintf(err, STORE_ERR_MAX, "cannot migrate inside a transaction");
		return MM_ERR_INVALID;
	}
	if ((e = ready(s))) {
		snprintf(err, STORE_ERR_MAX, "no connection to %s", s->address_for_log);
		return e;
	}
	if ((e = command(s, "BEGIN", NULL, "migrate")))
		goto failed;
	s->tx_depth = 1; /* so that a lost connection is not silently retried */
	PGresult *r = PQexec(s->conn, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")");
	e = r && PQresultStatus(r) == PGRES_TUPLES_OK ? MM_OK : MM_ERR_DB;
	PQclear(r);
	if (e ||
	    (e = command(s,
	                 "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
	                 " applied_at text NOT NULL DEFAULT to_char(statement_timestamp()"
	                 " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
	                 NULL, "migrate")))
		goto failed;
	if ((e = store_schema_version_not_newer(base, latest, &current, err)))
		goto rollback;
	for (int n = current + 1; n <= latest; n++) {
		if (!store_migration("postgres", n))
			continue; /* numbers need not be consecutive: count what is applied */
		if ((e = apply(s, n, err)))
			goto rollback;
		(*applied)++;
	}
	s->tx_depth = 0;
	if ((e = command(s, "COMMIT", "COMMIT", "migrate")))
		goto failed;
	store_note_commit();
	return MM_OK;
failed:
	one_line(PQerrorMessage(s->conn), err, STORE_ERR_MAX);
rollback:
	s->tx_depth = 0;
	s->tx_failed = false;
	if (PQstatus(s->conn) == CONNECTION_OK)
		(void)command(s, "ROLLBACK", NULL, "migrate rollback");
	*applied = 0;
	return e ? e : MM_ERR_DB;
}

/* False while a lost connection waits before its next attempt: a query
 * now would fail at once. */
static bool pg_usable(struct store *base)
{
	struct pg_store *s = pg_of(base);
	return PQstatus(s->conn) == CONNECTION_OK || s->retry_at_ms < 0 ||
	       clock_monotonic_ms() >= s->retry_at_ms;
}

static enum mm_err pg_ping(struct store *base)
{
	int64_t one = 0;
	return pg_int64_of(base, SQL_PING, NO_ARGS, "ping", &one);
}

/* Nested calls join the outermost transaction, as in sqlite.c. */
static enum mm_err pg_begin(struct store *base)
{
	struct pg_store *s = pg_of(base);
	enum mm_err e;
	if (s->tx_depth > 0) {
		s->tx_depth++;
		return MM_OK;
	}
	if ((e = ready(s)) || (e = command(s, "BEGIN", NULL, "begin")))
		return e;
	s->tx_depth = 1;
	s->tx_failed = false;
	return MM_OK;
}

static void pg_rollback(struct store *base)
{
	struct pg_store *s = pg_of(base);
	if (s->tx_depth == 0)
		return;
	s->tx_depth = 0;
	s->tx_failed = false;
	s->savepoint_next = false;
	if (PQstatus(s->conn) == CONNECTION_OK)
		(void)command(s, "ROLLBACK", NULL, "rollback");
}

static enum mm_err pg_commit(struct store *base)
{
	struct pg_store *s = pg_of(base);
	if (s->tx_depth == 0 || --s->tx_depth > 0)
		return MM_OK;
	s->tx_depth = 1; /* until it is over, either way */
	if (s->tx_failed) {
		log_error("postgres: commit refused: a statement of the transaction failed");
		pg_rollback(base);
		return MM_ERR_DB;
	}
	/* COMMIT of a transaction the server aborted answers ROLLBACK. */
	if (command(s, "COMMIT", "COMMIT", "commit")) {
		pg_rollback(base);
		return MM_ERR_DB;
	}
	s->tx_depth = 0;
	store_note_commit();
	return MM_OK;
}

/* ---- the driver's side of store/sql.h --------------------------------------- */

static const PGresult *result_of(const struct sql_row *r)
{
	return (const PGresult *)r->impl;
}

static int64_t column_int64(const struct sql_row *r, int col)
{
	return strtoll(PQgetvalue(result_of(r), r->i, col), NULL, 10);
}

static bool column_is_null(const struct sql_row *r, int col)
{
	return PQgetisnull(result_of(r), r->i, col);
}

static const char *column_text(const struct sql_row *r, int col, size_t *n)
{
	if (PQgetisnull(result_of(r), r->i, col)) {
		*n = 0;
		return NULL;
	}
	*n = (size_t)PQgetlength(result_of(r), r->i, col);
	return PQgetvalue(result_of(r), r->i, col);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* bytea arrives in text results as "\x" and two hex digits a byte. */
static bool column_bytes(const struct sql_row *r, int col, unsigned char *out, size_t n)
{
	const PGresult *res = result_of(r);
	const char *v = PQgetvalue(res, r->i, col);
	if (PQgetisnull(res, r->i, col) || strncmp(v, "\\x", 2) != 0 ||
	    (size_t)PQgetlength(res, r->i, col) != 2 + 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(v[2 + 2 * i]), lo = hex_digit(v[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

static bool column_bool(const struct sql_row *r, int col)
{
	return PQgetvalue(result_of(r), r->i, col)[0] == 't';
}

static const struct sql_columns pg_columns = {
    .int64 = column_int64,
    .is_null = column_is_null,
    .text = column_text,
    .bytes = column_bytes,
    .boolean = column_bool,
};

/* Runs sql: each (when not NULL) for every row, *changed the number of
 * rows it changed. */
static enum mm_err run_rows(struct store *s, const char *sql, const struct store_arg *args,
                            size_t n, const char *what, sql_each_row each, void *ctx,
                            int64_t *changed)
{
	PGresult *r;
	*changed = 0;
	enum mm_err e = run(s, sql, args, n, what, &r);
	if (e)
		return e;
	*changed = strtoll(PQcmdTuples(r), NULL, 10);
	int rows = PQntuples(r);
	for (int i = 0; each && i < rows; i++)
		if (!each(&(struct sql_row){&pg_columns, r, i}, ctx))
			break;
	PQclear(r);
	return MM_OK;
}

static enum mm_err sql_run(struct store *base, const struct sql *q, const struct store_arg *args,
                           size_t n, const char *what, sql_each_row each, void *ctx,
                           int64_t *changed)
{
	return run_rows(base, q->pg, args, n, what, each, ctx, changed);
}

/* ---- the helpers of pg_int.h ----------------------------------------------- */

struct first_int64 {
	int64_t *out;
	bool found;
};

static bool read_first_int64(const struct sql_row *r, void *ctx)
{
	struct first_int64 *f = ctx;
	*f->out = column_int64(r, 0);
	f->found = true;
	return false;
}

enum mm_err pg_int64_of(struct store *s, const char *sql, const struct store_arg *args, size_t n,
                        const char *what, int64_t *out)
{
	struct first_int64 f = {out, false};
	int64_t changed;
	enum mm_err e = run_rows(s, sql, args, n, what, read_first_int64, &f, &changed);
	return e ? e : f.found ? MM_OK : MM_ERR_NOT_FOUND;
}

static bool sql_in_transaction_of(struct store *base)
{
	return pg_of(base)->tx_depth > 0;
}

static const struct sql_driver pg_sql = {
    .run = sql_run,
    .savepoint_next = pg_savepoint_next,
    .in_transaction = sql_in_transaction_of,
};

const struct store_driver store_pg_driver = {
    .name = "postgres",
    .sql = &pg_sql,
    .open = pg_open,
    .close = pg_close,
    .migrate = pg_migrate,
    .schema_version = pg_schema_version,
    .ping = pg_ping,
    .usable = pg_usable,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
};
