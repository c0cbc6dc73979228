/*
 * sqlite_int.h — the SQLite driver's private parts (sqlite.c): the
 * connection, the per-connection cache of prepared statements, and the
 * helpers it binds, runs a statement and reads its rows with, under
 * store/sql.h's run(). Private to the driver.
 *
 * A statement is a named constant string; sqlite_stmt() prepares it on its
 * first use on a connection and hands back the same prepared statement
 * afterwards (the cache is keyed by the constant's address). Every helper
 * that runs a statement finishes it (reset and unbound for its next use),
 * except sqlite_one_row() on success: the row is then current, the caller
 * reads it and calls sqlite_done().
 *
 * Errors: a constraint violation is MM_ERR_CONFLICT (the caller decides
 * what a duplicate means); anything else is logged and MM_ERR_DB.
 */
#ifndef MM_SQLITE_INT_H
#define MM_SQLITE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/store.h"

#define SQLITE_STMT_CACHE 256

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	int tx_depth;
	struct {
		const void *key; /* the SQL constant, or its struct sql */
		sqlite3_stmt *stmt;
	} cache[SQLITE_STMT_CACHE];
	size_t cached;
};

static inline struct sqlite_store *sqlite_of(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* The prepared statement for sql (a constant), or NULL after logging. */
sqlite3_stmt *sqlite_stmt(struct store *s, const char *sql);
/* Resets and unbinds st for its next use. */
void sqlite_done(sqlite3_stmt *st);
/* Logs the error; MM_ERR_CONFLICT for constraint violations, else DB. */
MM_MUST_USE enum mm_err sqlite_error(struct store *s, const char *what);

/* ---- binding ------------------------------------------------------------- */

int sqlite_bind_str(sqlite3_stmt *st, int i, struct str v);
/* A C string that outlives the statement's use (a constant name). */
int sqlite_bind_cstr(sqlite3_stmt *st, int i, const char *v);
int sqlite_bind_hash(sqlite3_stmt *st, int i, const unsigned char *hash, size_t n);

/* ---- running ------------------------------------------------------------- */

/* Runs a statement that returns no rows (or whose rows are not read). */
MM_MUST_USE enum mm_err sqlite_exec(struct store *s, sqlite3_stmt *st, const char *what);
/* Runs a change that must touch a row: MM_ERR_NOT_FOUND when it touched
 * none. */
MM_MUST_USE enum mm_err sqlite_exec_one(struct store *s, sqlite3_stmt *st, const char *what);
/* Runs an INSERT; *id receives the new row's id. */
MM_MUST_USE enum mm_err sqlite_insert(struct store *s, sqlite3_stmt *st, const char *what,
                                      int64_t *id);
/* Rows the last change on this connection touched. */
int64_t sqlite_changes(struct store *s);
/* Steps a query expected to return at most one row: MM_OK with the row
 * current (the caller reads it, then sqlite_done()), MM_ERR_NOT_FOUND when
 * there is none (the statement is already finished), or the error. */
MM_MUST_USE enum mm_err sqlite_one_row(struct store *s, sqlite3_stmt *st, const char *what);
/* A query of one row whose first column is an integer (an id, a count):
 * into *out, MM_ERR_NOT_FOUND when there is no row. */
MM_MUST_USE enum mm_err sqlite_int64_of(struct store *s, sqlite3_stmt *st, const char *what,
                                        int64_t *out);

/* max for sqlite_rows() when the statement's own LIMIT bounds the rows. */
#define SQLITE_ROWS_ANY SIZE_MAX

/* Reads the current row of st into item (one element of the caller's
 * array), copying strings into a. */
typedef void (*sqlite_row_reader)(struct arena *a, sqlite3_stmt *st, void *item);
/* A query of at most one row, read through read into out:
 * MM_ERR_NOT_FOUND when there is none. */
MM_MUST_USE enum mm_err sqlite_row(struct store *s, struct arena *a, sqlite3_stmt *st,
                                   sqlite_row_reader read, void *out, const char *what);
/* Every row of st (at most max) through read into an array of elements of
 * size bytes, grown in the arena: *out and *n (NULL and 0 when none). */
MM_MUST_USE enum mm_err sqlite_rows(struct store *s, struct arena *a, sqlite3_stmt *st, size_t size,
                                    size_t max, sqlite_row_reader read, void **out, size_t *n,
                                    const char *what);

/* ---- columns ------------------------------------------------------------- */

/* A column as a string copied into the arena ("" for NULL). */
struct str sqlite_column_str(struct arena *a, sqlite3_stmt *st, int i);
/* A column as a C string that lives until the statement moves on ("" for
 * NULL). */
const char *sqlite_column_cstr(sqlite3_stmt *st, int i);
/* The index of name in names[0..n) (0 when absent): a text column holding
 * one of a fixed set of names, read back as its enum. */
int sqlite_column_name_index(sqlite3_stmt *st, int i, const char *const names[], size_t n);

/* ---- shared between areas ------------------------------------------------- */

#endif
