/*
 * sqlite_int.h — what the SQLite driver's files (sqlite.c and one
 * sqlite_AREA.c per area) share: the connection, the per-connection cache
 * of prepared statements, binding and column helpers. Private to the driver.
 *
 * A statement is a named constant string; sqlite_stmt() prepares it on its
 * first use on a connection and hands back the same prepared statement
 * afterwards (the cache is keyed by the constant's address). Callers finish
 * with sqlite_done() so the statement is reset and unbound for the next use.
 */
#ifndef MM_SQLITE_INT_H
#define MM_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

#define SQLITE_STMT_CACHE 256

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	int tx_depth;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[SQLITE_STMT_CACHE];
	size_t cached;
};

static inline struct sqlite_store *sqlite_of(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* The prepared statement for sql (a constant), or NULL after logging. */
sqlite3_stmt *sqlite_stmt(struct sqlite_store *s, const char *sql);
void sqlite_done(sqlite3_stmt *st);
/* Logs the error; MM_ERR_CONFLICT for constraint violations, else DB. */
enum mm_err sqlite_error(struct sqlite_store *s, const char *what);

int sqlite_bind_str(sqlite3_stmt *st, int i, struct str v);
/* A column as a string copied into the arena ("" for NULL). */
struct str sqlite_column_str(struct arena *a, sqlite3_stmt *st, int i);
/* Steps a query expected to return at most one row: MM_OK with the row
 * current (the caller reads it, then sqlite_done()), MM_ERR_NOT_FOUND when
 * there is none (the statement is already finished), or the error. */
enum mm_err sqlite_one_row(struct sqlite_store *s, sqlite3_stmt *st, const char *what);
/* Steps a statement that returns no rows; MM_OK on SQLITE_DONE. */
enum mm_err sqlite_exec_stmt(struct sqlite_store *s, sqlite3_stmt *st, const char *what);

#endif
