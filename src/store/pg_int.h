/*
 * pg_int.h — the PostgreSQL driver's private parts (pg.c): the
 * connection, and the few helpers the driver's own statements (schema
 * version, ping) run with. The areas' statements
 * go through store/sql.h, which pg.c serves with the same run(). Private
 * to the driver.
 *
 * A statement is a named constant string (SQL with $1, $2, …); run()
 * prepares it on its first use on a connection (PQprepare, under a name
 * made from its place in the connection's cache, which is keyed by the
 * constant's address) and runs the prepared statement afterwards. Values
 * travel as bound parameters only (store/args.h), as text, except bytes
 * (bytea), which travel as they are. Times are bigint Unix seconds.
 * PostgreSQL infers each parameter's type from where it stands: where it
 * meets only a literal, say which (nullif($5::bigint, 0); a bare 0 would
 * make $5 a 32-bit integer and refuse a larger value).
 *
 * Errors: a violated constraint (SQLSTATE class 23: unique, foreign key,
 * check, not null) is MM_ERR_CONFLICT, for the caller to decide about;
 * anything else is logged and MM_ERR_DB. Unlike SQLite, PostgreSQL aborts
 * the whole transaction on a failed statement: after one, every statement
 * of the transaction answers MM_ERR_DB until store_rollback(). So a
 * statement whose duplicate is an expected answer inside a transaction
 * (the caller then goes on) must not fail: an INSERT says ON CONFLICT DO
 * NOTHING RETURNING …, and sql_insert() reports the missing row as
 * MM_ERR_CONFLICT; an UPDATE is preceded by sql_savepoint_next().
 *
 * Transactions: store_begin() is a plain BEGIN (READ COMMITTED). It does
 * not serialise writers as SQLite's BEGIN IMMEDIATE does: a read that a
 * later write of the same transaction depends on (the last version number,
 * "is there another owner") must lock what it reads first, in a statement
 * of its own (SELECT … FOR UPDATE of the owning row), so that the check
 * that follows sees what a competitor committed meanwhile.
 *
 * A lost connection: the call answers MM_ERR_DB; a later call (not inside
 * a transaction, which died with the connection) reconnects, at most once
 * per PG_RETRY_MIN_MS at first and then less often, up to PG_RETRY_MAX_MS.
 *
 * Writing a statement that PostgreSQL runs (store/sql.h; the areas are
 * written once for both databases, the dialects differ in):
 *   - "user" is quoted (reserved word); a parameter that meets only a
 *     literal gets a cast (nullif(CAST($3 AS bigint), 0)); flags are
 *     boolean (bind ARG_BOOL, read sql_col_bool, test `flagged`, not
 *     `flagged = 1`); strftime('%s', 'now') is floor(extract(epoch FROM
 *     statement_timestamp()))::bigint; IS NOT is IS DISTINCT FROM;
 *     instr(a, b) is strpos(a, b); INDEXED BY goes.
 *   - case: columns SQLite declares COLLATE NOCASE are citext here and
 *     compare as before; a statement's own COLLATE NOCASE becomes
 *     lower(a) = lower($n); SQLite's LIKE ignores ASCII case, so it is
 *     ILIKE here (keep ESCAPE '\').
 *   - declaration public ids: nextval('declaration_sequence').
 */
#ifndef MM_PG_INT_H
#define MM_PG_INT_H

#include <libpq-fe.h>

#include "store/args.h"
#include "store/store.h"

/* Prepared statements of one connection, by the address of their SQL
 * text: an open-addressed table (a power of two) kept at most 3/4 full;
 * the statement in slot i is prepared as "mm_<i>". */
#define PG_STMT_CACHE 2048
#define PG_ARGS_MAX 40       /* parameters of one statement */
#define PG_RETRY_MIN_MS 250  /* first wait between reconnection attempts */
#define PG_RETRY_MAX_MS 5000 /* the wait doubles up to this */

struct pg_store {
	struct store base;
	PGconn *conn;
	char *address_for_log; /* the address without its password */
	int tx_depth;
	bool tx_failed;      /* a statement of the open transaction failed */
	bool savepoint_next; /* the next statement runs under a savepoint */
	int64_t retry_at_ms; /* no reconnection attempt before (monotonic) */
	int retry_wait_ms;
	const char *cache[PG_STMT_CACHE]; /* the statement of slot i is "mm_<i>" */
	size_t cached;                    /* slots in use */
	char *scratch;                    /* text parameters, NUL-terminated, for one call */
	size_t scratch_cap;
};

static inline struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

/* ---- running a statement ---------------------------------------------------- */

/* A query of one row whose first column is an integer (an id, a count):
 * into *out; MM_ERR_NOT_FOUND when there is no row. */
MM_MUST_USE enum mm_err pg_int64_of(struct store *s, const char *sql, const struct store_arg *args,
                                    size_t n, const char *what, int64_t *out);

/* Inside a transaction, runs the next statement under a savepoint, so that
 * its failure (a duplicate the caller answers by trying again) leaves the
 * transaction usable, as a failed statement does in SQLite. Costs two
 * round trips; outside a transaction it does nothing. */
void pg_savepoint_next(struct store *s);

#endif
