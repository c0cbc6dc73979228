/*
 * pg_int.h — the PostgreSQL driver's private parts (pg.c): the
 * connection, and the helpers it runs a statement and reads its rows with,
 * under store/sql.h's run(). Private to the driver.
 *
 * A statement is a named constant string (SQL with $1, $2, …); the helpers
 * prepare it on its first use on a connection (PQprepare, under a name
 * made from its place in the connection's cache, which is keyed by the
 * constant's address) and run the prepared statement afterwards. Values
 * travel as bound parameters only (store/args.h), as text, except bytes
 * (bytea), which travel as they are. Times are bigint Unix seconds.
 * PostgreSQL infers each parameter's type from where it stands: where it
 * meets only a literal, say which (nullif($5::bigint, 0); a bare 0 would
 * make $5 a 32-bit integer and refuse a larger value).
 *
 *     static enum mm_err user_by_id(struct store *s, struct arena *a, int64_t id,
 *                                   struct user *out)
 *     {
 *             return pg_row(s, a, SQL_USER_BY_ID, ARGS(ARG_INT(id)), read_user, out, "user");
 *     }
 *
 * Errors: a violated constraint (SQLSTATE class 23: unique, foreign key,
 * check, not null) is MM_ERR_CONFLICT, for the caller to decide about;
 * anything else is logged and MM_ERR_DB. Unlike SQLite, PostgreSQL aborts
 * the whole transaction on a failed statement: after one, every statement
 * of the transaction answers MM_ERR_DB until store_rollback(). So a
 * statement whose duplicate is an expected answer inside a transaction
 * (the caller then goes on) must not fail: an INSERT says ON CONFLICT DO
 * NOTHING RETURNING …, and pg_insert() reports the missing row as
 * MM_ERR_CONFLICT; an UPDATE is preceded by pg_savepoint_next().
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

#define PG_STMT_CACHE 256
#define PG_ARGS_MAX 32       /* parameters of one statement */
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
	const char *cache[PG_STMT_CACHE]; /* statement i is prepared as "mm_<i>" */
	size_t cached;
	char *scratch; /* text parameters, NUL-terminated, for one call */
	size_t scratch_cap;
};

static inline struct pg_store *pg_of(struct store *s)
{
	return (struct pg_store *)s;
}

/* ---- rows ------------------------------------------------------------------ */

/* One row of a result, as a reader sees it. */
struct pg_row {
	PGresult *res;
	int i;
};

/* Reads row r into item (one element of the caller's array), copying
 * strings into a. */
typedef void (*pg_row_reader)(struct arena *a, const struct pg_row *r, void *item);

int64_t pg_col_int64(const struct pg_row *r, int col); /* 0 for NULL */
int pg_col_int(const struct pg_row *r, int col);       /* 0 for NULL */
bool pg_col_bool(const struct pg_row *r, int col);     /* false for NULL */
bool pg_col_is_null(const struct pg_row *r, int col);
/* A column copied into the arena ("" for NULL). */
struct str pg_col_str(struct arena *a, const struct pg_row *r, int col);
/* A column as a C string that lives until the result is cleared. */
const char *pg_col_cstr(const struct pg_row *r, int col);
/* A bytea column of exactly n bytes into out; false when it is NULL or of
 * another length. */
bool pg_col_bytes(const struct pg_row *r, int col, unsigned char *out, size_t n);
/* The index of the column's text in names[0..n) (0 when absent). */
int pg_col_name_index(const struct pg_row *r, int col, const char *const names[], size_t n);

/* ---- running a statement ---------------------------------------------------- */

/* A statement whose rows are not read. */
MM_MUST_USE enum mm_err pg_exec(struct store *s, const char *sql, const struct store_arg *args,
                                size_t n, const char *what);
/* A change that must touch a row: MM_ERR_NOT_FOUND when it touched none. */
MM_MUST_USE enum mm_err pg_exec_one(struct store *s, const char *sql, const struct store_arg *args,
                                    size_t n, const char *what);
/* A change; *changed receives the number of rows it touched. */
MM_MUST_USE enum mm_err pg_exec_count(struct store *s, const char *sql,
                                      const struct store_arg *args, size_t n, const char *what,
                                      int64_t *changed);
/* An INSERT … ON CONFLICT DO NOTHING RETURNING id: *id receives the new
 * row's id; MM_ERR_CONFLICT when no row was inserted. With id NULL, the
 * statement need not return anything. */
MM_MUST_USE enum mm_err pg_insert(struct store *s, const char *sql, const struct store_arg *args,
                                  size_t n, const char *what, int64_t *id);
/* A query of one row whose first column is an integer (an id, a count):
 * into *out; MM_ERR_NOT_FOUND when there is no row. */
MM_MUST_USE enum mm_err pg_int64_of(struct store *s, const char *sql, const struct store_arg *args,
                                    size_t n, const char *what, int64_t *out);
/* A query of at most one row, read through read into out;
 * MM_ERR_NOT_FOUND when there is none. */
MM_MUST_USE enum mm_err pg_row(struct store *s, struct arena *a, const char *sql,
                               const struct store_arg *args, size_t n, pg_row_reader read,
                               void *out, const char *what);
/* Every row of a query (at most max) through read into an array of
 * elements of size bytes in the arena: *out and *count (NULL and 0 when
 * none). */
MM_MUST_USE enum mm_err pg_rows(struct store *s, struct arena *a, const char *sql,
                                const struct store_arg *args, size_t n, size_t size, size_t max,
                                pg_row_reader read, void **out, size_t *count, const char *what);
/* max for pg_rows() when the statement's own LIMIT bounds the rows. */
#define PG_ROWS_ANY SIZE_MAX

/* Inside a transaction, runs the next statement under a savepoint, so that
 * its failure (a duplicate the caller answers by trying again) leaves the
 * transaction usable, as a failed statement does in SQLite. Costs two
 * round trips; outside a transaction it does nothing. */
void pg_savepoint_next(struct store *s);

#endif
