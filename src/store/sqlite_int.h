/*
 * sqlite_int.h — the SQLite driver's private parts (sqlite.c): the
 * connection, the per-connection cache of prepared statements, and the
 * helpers it binds and runs a statement with, for its own statements
 * (schema version, ping) and under store/sql.h's run(). Private to the
 * driver.
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

/* Prepared statements of one connection, by the address of their SQL
 * constant: an open-addressed table (a power of two) kept at most 3/4 full,
 * well above the number of statements the areas declare. */
#define SQLITE_STMT_CACHE 2048

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

/* ---- running ------------------------------------------------------------- */

/* Steps a query expected to return at most one row: MM_OK with the row
 * current (the caller reads it, then sqlite_done()), MM_ERR_NOT_FOUND when
 * there is none (the statement is already finished), or the error. */
MM_MUST_USE enum mm_err sqlite_one_row(struct store *s, sqlite3_stmt *st, const char *what);
/* A query of one row whose first column is an integer (an id, a count):
 * into *out, MM_ERR_NOT_FOUND when there is no row. */
MM_MUST_USE enum mm_err sqlite_int64_of(struct store *s, sqlite3_stmt *st, const char *what,
                                        int64_t *out);

#endif
