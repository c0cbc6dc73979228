/*
 * sqlite_backup.c — backup.h for SQLite. Opens its own connections (the
 * command runs once and exits); never touches a serving process's.
 */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Paths in messages are cut at 120 bytes: a message, not a path to reuse. */
/* A writer holding the database longer than this makes the copy fail
 * rather than wait for ever. */
#define BACKUP_BUSY_TIMEOUT_MS 10000

static const char SQL_INTEGRITY[] = "PRAGMA integrity_check";
static const char SQL_IS_MAMORI[] = "SELECT count(*) FROM schema_version";

static bool is_postgres(const char *address)
{
	return strncmp(address, "postgres://", 11) == 0 ||
	       strncmp(address, "postgresql://", 13) == 0;
}

static enum mm_err refuse_postgres(const char *address, char err[STORE_ERR_MAX])
{
	if (!is_postgres(address))
		return MM_OK;
	snprintf(err, STORE_ERR_MAX,
	         "backup and restore are for SQLite databases; for PostgreSQL use pg_dump "
	         "and pg_restore (see README)");
	return MM_ERR_INVALID;
}

static enum mm_err fail(sqlite3 *db, const char *what, const char *path, char err[STORE_ERR_MAX])
{
	snprintf(err, STORE_ERR_MAX, "%s %.120s: %s", what, path, db ? sqlite3_errmsg(db) : "");
	return MM_ERR_DB;
}

static enum mm_err open_db(const char *path, int flags, sqlite3 **db, char err[STORE_ERR_MAX])
{
	if (sqlite3_open_v2(path, db, flags, NULL) != SQLITE_OK) {
		enum mm_err e = fail(*db, "cannot open", path, err);
		sqlite3_close(*db);
		*db = NULL;
		return e;
	}
	sqlite3_busy_timeout(*db, BACKUP_BUSY_TIMEOUT_MS);
	return MM_OK;
}

/* integrity_check says "ok" and the schema is mamori's. */
static enum mm_err check_copy(sqlite3 *db, const char *path, char err[STORE_ERR_MAX])
{
	sqlite3_stmt *st = NULL;
	bool ok = sqlite3_prepare_v2(db, SQL_INTEGRITY, -1, &st, NULL) == SQLITE_OK &&
	          sqlite3_step(st) == SQLITE_ROW &&
	          strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, STORE_ERR_MAX,
		         "%.120s: not a sound SQLite database (integrity_check)", path);
		return MM_ERR_INVALID;
	}
	ok = sqlite3_prepare_v2(db, SQL_IS_MAMORI, -1, &st, NULL) == SQLITE_OK &&
	     sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, STORE_ERR_MAX, "%.120s: not a mamori database (no schema version)",
		         path);
		return MM_ERR_INVALID;
	}
	return MM_OK;
}

/* Copies all of from's main database into to's, in one step. */
static enum mm_err copy(sqlite3 *to, sqlite3 *from, const char *path, char err[STORE_ERR_MAX])
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return fail(to, "cannot copy into", path, err);
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, STORE_ERR_MAX, "copying into %.120s: %s", path, sqlite3_errstr(rc));
		return MM_ERR_DB;
	}
	return MM_OK;
}

static enum mm_err sync_file(const char *path, char err[STORE_ERR_MAX])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd)) {
		snprintf(err, STORE_ERR_MAX, "cannot sync %.120s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return MM_ERR_IO;
	}
	close(fd);
	return MM_OK;
}

enum mm_err store_backup(const char *address, const char *out_path, char err[STORE_ERR_MAX])
{
	enum mm_err e = refuse_postgres(address, err);
	if (e)
		return e;
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.partial-%ld", out_path, (long)getpid()) >=
	    (int)sizeof tmp) {
		snprintf(err, STORE_ERR_MAX, "--out: path too long");
		return MM_ERR_TOO_LONG;
	}
	sqlite3 *from = NULL, *to = NULL;
	if ((e = open_db(address, SQLITE_OPEN_READONLY, &from, err)))
		return e;
	if (!(e = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &to, err)))
		e = copy(to, from, tmp, err);
	sqlite3_close(from);
	/* The copy keeps the source's WAL mode in its header; a backup is one
	 * self-contained file, readable on read-only media too. */
	if (!e && sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		e = fail(to, "cannot leave WAL mode in", tmp, err);
	if (!e)
		e = check_copy(to, tmp, err);
	if (to && sqlite3_close(to) != SQLITE_OK && !e)
		e = fail(to, "cannot close", tmp, err);
	if (!e)
		e = sync_file(tmp, err);
	if (!e && rename(tmp, out_path)) {
		snprintf(err, STORE_ERR_MAX, "cannot rename the copy to %.120s: %s", out_path,
		         strerror(errno));
		e = MM_ERR_IO;
	}
	if (e)
		unlink(tmp);
	return e;
}

enum mm_err store_hold_in_use(const char *address, int *fd, char err[STORE_ERR_MAX])
{
	*fd = -1;
	if (is_postgres(address))
		return MM_OK;
	*fd = open(address, O_RDONLY | O_CLOEXEC);
	if (*fd < 0 || flock(*fd, LOCK_SH | LOCK_NB)) {
		snprintf(err, STORE_ERR_MAX, "%.120s: %s", address,
		         errno == EWOULDBLOCK ? "a restore is running" : strerror(errno));
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return MM_ERR_IO;
	}
	return MM_OK;
}

/* Only once every SQLite connection of this process to the file is closed:
 * closing any descriptor of a file drops the process's fcntl locks on it. */
void store_release_in_use(int fd)
{
	if (fd >= 0)
		close(fd);
}

enum mm_err store_restore(const char *address, const char *from_path, char err[STORE_ERR_MAX])
{
	enum mm_err e = refuse_postgres(address, err);
	if (e)
		return e;
	sqlite3 *from = NULL, *to = NULL;
	if ((e = open_db(from_path, SQLITE_OPEN_READONLY, &from, err)))
		return e;
	if ((e = check_copy(from, from_path, err))) {
		sqlite3_close(from);
		return e;
	}
	int lock = open(address, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB)) {
		snprintf(err, STORE_ERR_MAX, "%.120s: %s", address,
		         lock >= 0 && errno == EWOULDBLOCK
		             ? "a server is using this database; stop it before restoring"
		             : strerror(errno));
		if (lock >= 0)
			close(lock);
		sqlite3_close(from);
		return MM_ERR_CONFLICT;
	}
	if (!(e = open_db(address, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &to, err)))
		e = copy(to, from, address, err);
	if (!e && sqlite3_exec(to, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK)
		e = fail(to, "cannot set WAL mode on", address, err);
	sqlite3_close(from);
	if (to)
		sqlite3_close(to);
	close(lock); /* after the connection: see store_release_in_use */
	return e;
}
