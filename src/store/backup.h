/*
 * backup.h — copies of the whole database for the operator (`mamori
 * backup`, `mamori restore`), and the mark by which a serving process says
 * that it uses a database.
 *
 * SQLite: a backup is made with SQLite's online backup API in one step,
 * inside one read transaction, so it is one consistent snapshot even while
 * a server writes (WAL readers do not block writers). It is written to a
 * temporary file beside the target, checked, synced and renamed: a backup
 * file is either complete or absent. A restore checks the copy
 * (integrity_check, a mamori schema) and copies it into the database with
 * the same API, in one write transaction: the database is either the old
 * one or the restored one. It refuses while a server uses the database
 * (the serving process holds a shared flock(2) on the database file;
 * SQLite's own locks are fcntl(2) locks, which flock does not touch): a
 * running server would keep caches, sessions and counters of the old data.
 *
 * PostgreSQL (postgres://…) is not handled here: use pg_dump / pg_restore
 * (or pg_basebackup for a physical copy); see README.
 */
#ifndef MM_STORE_BACKUP_H
#define MM_STORE_BACKUP_H

#include "lib/err.h"
#include "store/store.h"

enum mm_err store_backup(const char *address, const char *out_path, char err[STORE_ERR_MAX]);
enum mm_err store_restore(const char *address, const char *from_path, char err[STORE_ERR_MAX]);

/* Marks the database as used by this process until store_release_in_use;
 * fd is -1 for a store that needs no mark (PostgreSQL). */
enum mm_err store_hold_in_use(const char *address, int *fd, char err[STORE_ERR_MAX]);
void store_release_in_use(int fd);

#endif
