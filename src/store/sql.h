/*
 * sql.h — what the store's areas use to run SQL, whichever database a
 * connection talks to: one implementation of each area (store/AREA.c)
 * over a driver's two primitives (running a statement, reading a column),
 * as Dovecot's lib-sql does. Private to the store.
 *
 * A statement is a named constant struct sql with its text for each
 * dialect. Most statements read the same in both and are written once,
 * with $1, $2, … parameters (SQL() — the SQLite driver reads $N as ?N);
 * where the dialects differ (a full-text search, a case-insensitive
 * comparison spelt COLLATE NOCASE in one and lower() in the other, a
 * sequence) the statement names both texts (SQL_EACH()). Portable
 * spellings that need no second text: CAST($1 AS bigint) (not $1::bigint),
 * TRUE/FALSE, INSERT … ON CONFLICT DO NOTHING, RETURNING, coalesce,
 * nullif, "user" quoted.
 *
 * A call names the statement and its parameters, $1 first, each typed
 * (store/args.h):
 *
 *     return sql_row(s, a, &SQL_USER_BY_ID, ARGS(ARG_INT(id)), read_user, out, "user");
 *
 * The driver prepares a statement once per connection (keyed by the
 * constant's address) and binds every value; nothing is ever spliced into
 * SQL text. Errors: a violated constraint (unique, foreign key, check, not
 * null) is MM_ERR_CONFLICT, for the caller to decide about; anything else
 * is logged and MM_ERR_DB. On PostgreSQL a failed statement spoils the
 * rest of its transaction: a statement whose duplicate is an expected
 * answer inside a transaction says ON CONFLICT DO NOTHING, or is preceded
 * by sql_savepoint_next() (see store/pg_int.h).
 */
#ifndef MM_STORE_SQL_H
#define MM_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/str.h"
#include "store/args.h"
#include "store/store.h"

struct sql {
	const char *sqlite; /* NULL: the PostgreSQL text, its $N read as ?N */
	const char *pg;
};
/* The same statement in both dialects. */
#define SQL(text)                                                                                  \
	{                                                                                          \
		NULL, (text)                                                                       \
	}
/* A statement spelt differently in each dialect. */
#define SQL_EACH(sqlite_text, pg_text)                                                             \
	{                                                                                          \
		(sqlite_text), (pg_text)                                                           \
	}

/* ---- rows -------------------------------------------------------------- */

struct sql_row;
/* How a driver reads the columns of its current row. */
struct sql_columns {
	int64_t (*int64)(const struct sql_row *r, int col); /* 0 for NULL */
	bool (*is_null)(const struct sql_row *r, int col);
	/* The text of a column and its length; NULL for NULL. Lives until
	 * the row moves on. */
	const char *(*text)(const struct sql_row *r, int col, size_t *n);
	/* A blob (bytea) of exactly n bytes into out; false when NULL or
	 * of another length. */
	bool (*bytes)(const struct sql_row *r, int col, unsigned char *out, size_t n);
	bool (*boolean)(const struct sql_row *r, int col); /* false for NULL */
};
struct sql_row {
	const struct sql_columns *columns;
	const void *impl; /* the driver's statement or result */
	int i;            /* the row's number in impl, where the driver needs it */
};

static inline int64_t sql_col_int64(const struct sql_row *r, int col)
{
	return r->columns->int64(r, col);
}
static inline int sql_col_int(const struct sql_row *r, int col)
{
	return (int)r->columns->int64(r, col);
}
static inline bool sql_col_bool(const struct sql_row *r, int col)
{
	return r->columns->boolean(r, col);
}
static inline bool sql_col_is_null(const struct sql_row *r, int col)
{
	return r->columns->is_null(r, col);
}
static inline bool sql_col_bytes(const struct sql_row *r, int col, unsigned char *out, size_t n)
{
	return r->columns->bytes(r, col, out, n);
}
/* A column as a C string that lives until the row moves on ("" for NULL). */
const char *sql_col_cstr(const struct sql_row *r, int col);
/* A column copied into the arena ("" for NULL). */
struct str sql_col_str(struct arena *a, const struct sql_row *r, int col);
/* The index of the column's text in names[0..n) (0 when absent): a text
 * column holding one of a fixed set of names, read back as its enum. */
int sql_col_name_index(const struct sql_row *r, int col, const char *const names[], size_t n);

/* Reads row r into item (one element of the caller's array), copying
 * strings into a. */
typedef void (*sql_row_reader)(struct arena *a, const struct sql_row *r, void *item);
/* The readers of a query of one column: its integer into an int64_t, its
 * text into a struct str (copied into a). */
void sql_read_int64(struct arena *a, const struct sql_row *r, void *item);
void sql_read_str(struct arena *a, const struct sql_row *r, void *item);

/* ---- the driver's side ----------------------------------------------------- */

/* Called for each row of a statement's result; false stops the rows. */
typedef bool (*sql_each_row)(const struct sql_row *r, void *ctx);
struct sql_driver {
	/* Runs q with args: calls each (when not NULL) for every row, and
	 * sets *changed to the number of rows the statement changed. */
	enum mm_err (*run)(struct store *s, const struct sql *q, const struct store_arg *args,
	                   size_t n, const char *what, sql_each_row each, void *ctx,
	                   int64_t *changed);
	/* See sql_savepoint_next(). */
	void (*savepoint_next)(struct store *s);
	/* See sql_in_transaction(). */
	bool (*in_transaction)(struct store *s);
};

/* ---- running a statement ---------------------------------------------------- */

/* A statement whose rows are not read. */
MM_MUST_USE enum mm_err sql_exec(struct store *s, const struct sql *q, const struct store_arg *args,
                                 size_t n, const char *what);
/* Statements without parameters, n of them, run in order up to the first
 * that fails (a rebuild's steps); its error. */
MM_MUST_USE enum mm_err sql_exec_steps(struct store *s, const struct sql *const steps[], size_t n,
                                       const char *what);
/* A change that must touch a row: MM_ERR_NOT_FOUND when it touched none. */
MM_MUST_USE enum mm_err sql_exec_one(struct store *s, const struct sql *q,
                                     const struct store_arg *args, size_t n, const char *what);
/* A change; *changed receives the number of rows it touched. */
MM_MUST_USE enum mm_err sql_exec_count(struct store *s, const struct sql *q,
                                       const struct store_arg *args, size_t n, const char *what,
                                       int64_t *changed);
/* An INSERT … ON CONFLICT DO NOTHING RETURNING id: *id receives the new
 * row's id; MM_ERR_CONFLICT when no row was inserted. With id NULL, the
 * statement need not return anything. */
MM_MUST_USE enum mm_err sql_insert(struct store *s, const struct sql *q,
                                   const struct store_arg *args, size_t n, const char *what,
                                   int64_t *id);
/* A query of one row whose first column is an integer (an id, a count):
 * into *out; MM_ERR_NOT_FOUND when there is no row. */
MM_MUST_USE enum mm_err sql_int64_of(struct store *s, const struct sql *q,
                                     const struct store_arg *args, size_t n, const char *what,
                                     int64_t *out);
/* Whether a query has a row (its first column an integer: SELECT 1 …):
 * *found, and MM_OK whether or not it has one. */
MM_MUST_USE enum mm_err sql_exists(struct store *s, const struct sql *q,
                                   const struct store_arg *args, size_t n, const char *what,
                                   bool *found);
/* A query of at most one row, read through read into out;
 * MM_ERR_NOT_FOUND when there is none. */
MM_MUST_USE enum mm_err sql_row(struct store *s, struct arena *a, const struct sql *q,
                                const struct store_arg *args, size_t n, sql_row_reader read,
                                void *out, const char *what);
/* Every row of a query (at most max) through read into an array of
 * elements of size bytes in the arena: *out and *count (NULL and 0 when
 * none). */
MM_MUST_USE enum mm_err sql_rows(struct store *s, struct arena *a, const struct sql *q,
                                 const struct store_arg *args, size_t n, size_t size, size_t max,
                                 sql_row_reader read, void **out, size_t *count, const char *what);
/* One page of a listing and how many rows the listing has in all: *total
 * from count, run with the listing's filters (args but the last page_n),
 * then the rows of list, run with all of args (the filters, then the
 * page's LIMIT and OFFSET), read as sql_rows() reads them. The filters are
 * written once, so the count and the page cannot disagree on them. */
MM_MUST_USE enum mm_err sql_rows_counted(struct store *s, struct arena *a, const struct sql *count,
                                         const struct sql *list, const struct store_arg *args,
                                         size_t n, size_t page_n, size_t size, size_t max,
                                         sql_row_reader read, void **out, size_t *rows,
                                         int64_t *total, const char *what);
/* Every row of a query through each(row, ctx), for readers that keep
 * something other than an array (a map, a running total). */
MM_MUST_USE enum mm_err sql_each(struct store *s, const struct sql *q, const struct store_arg *args,
                                 size_t n, sql_each_row each, void *ctx, const char *what);
/* Every row of a query appended to b as text: its first columns cells
 * (NULL as ""), comma-separated, a line a row. For fingerprints of derived
 * tables, compared across rebuilds and stores by the tests. */
MM_MUST_USE enum mm_err sql_append_rows_text(struct store *s, const struct sql *q,
                                             const struct store_arg *args, size_t n, int columns,
                                             struct buf *b, const char *what);
/* max for sql_rows() when the statement's own LIMIT bounds the rows. */
#define SQL_ROWS_ANY SIZE_MAX

/* Inside a transaction on PostgreSQL, runs the next statement under a
 * savepoint, so that its failure (a duplicate the caller answers by trying
 * again) leaves the transaction usable, as a failed statement does in
 * SQLite. SQLite needs nothing: it does nothing there. */
void sql_savepoint_next(struct store *s);

/* Whether a transaction is open on the connection (store_begin()). A lock
 * a later write depends on (SELECT … FOR UPDATE on PostgreSQL, see
 * store/pg_int.h) is taken only inside one: outside, it would be released
 * as soon as it is taken. */
bool sql_in_transaction(struct store *s);

/* ---- blobs --------------------------------------------------------------------- */

/* A blob column of exactly n bytes, copied into a (with a byte to spare,
 * so that an empty one is not NULL); {NULL, 0} when it is NULL or of
 * another length, or a has no room for it. */
struct str sql_col_blob(struct arena *a, const struct sql_row *r, int col, size_t n);

/* ---- fingerprints of derived tables ------------------------------------------ */

/* One table of a fingerprint: the query that reads all of it in a fixed
 * order, its parameters, and how many of its first columns to write. */
struct sql_fingerprint_table {
	const struct sql *q;
	const struct store_arg *args;
	size_t n;
	int columns;
};
/* The rows of tables[0..n), each table after a line "table i" and written
 * as sql_append_rows_text() writes them, as one text in a (*out): what a
 * rebuild of derived tables must leave as it found, compared by the tests
 * across rebuilds and stores. */
MM_MUST_USE enum mm_err sql_fingerprint(struct store *s, struct arena *a,
                                        const struct sql_fingerprint_table tables[], size_t n,
                                        struct str *out, const char *what);

/* ---- queries that always answer one row ------------------------------------ */

/* A query that always answers exactly one row (aggregates, EXISTS, a
 * SELECT without FROM): as sql_row(), but no row at all is a database
 * error (MM_ERR_DB), never MM_ERR_NOT_FOUND. */
MM_MUST_USE enum mm_err sql_one_row(struct store *s, struct arena *a, const struct sql *q,
                                    const struct store_arg *args, size_t n, sql_row_reader read,
                                    void *out, const char *what);
/* The same for a query of one integer (a count): as sql_int64_of(), no row
 * being MM_ERR_DB. */
MM_MUST_USE enum mm_err sql_one_int64(struct store *s, const struct sql *q,
                                      const struct store_arg *args, size_t n, const char *what,
                                      int64_t *out);

/* ---- many rows at once ------------------------------------------------------- */

/* Whether each statement is a round trip to a server (PostgreSQL) rather
 * than a call into this process (SQLite): a batch of many rows then goes
 * in one statement (a JSON array read as rows), where SQLite takes them
 * one call at a time. */
bool sql_statement_is_round_trip(struct store *s);

/* ---- the drivers' statement caches ------------------------------------------ */

/* Where a driver's cache of prepared statements, slots of them (a power
 * of two), starts looking for key, the address a statement is cached
 * under: the address's bits spread over the slots; the driver probes on
 * from there, one slot at a time. */
size_t sql_cache_first_slot(const void *key, size_t slots);

/* ---- two reads as one list ---------------------------------------------------- */

/* The rows of two reads as one array in a, first's n1 then second's n2
 * (of size bytes each): *out and *n. */
MM_MUST_USE enum mm_err sql_rows_joined(struct arena *a, const void *first, size_t n1,
                                        const void *second, size_t n2, size_t size, void **out,
                                        size_t *n);

#endif
