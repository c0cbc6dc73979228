/*
 * sqlite_outbox.c — the mail outbox in the SQLite driver (see
 * store/outbox.h): queueing a message, reading the due ones, marking one
 * sent or failed. One process's worker drains it; a failure moves the next
 * attempt to the time the worker chose.
 */
#include "store/outbox.h"
#include "store/sqlite_int.h"

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_OUTBOX_DUE[] =
    "SELECT id, attempts, to_addr, subject, body FROM outbox"
    " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2";
static const char SQL_OUTBOX_SENT[] =
    "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3"
    " WHERE id = ?1";

static enum mm_err outbox_insert(struct store *s, const struct mail *m, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_INSERT);
	if (!st)
		return MM_ERR_DB;
	sqlite_bind_str(st, 1, m->to);
	sqlite_bind_str(st, 2, m->subject);
	sqlite_bind_str(st, 3, m->body);
	sqlite3_bind_int64(st, 4, now);
	return sqlite_exec(s, st, "outbox insert");
}

static void read_item(struct arena *a, sqlite3_stmt *st, void *item)
{
	*(struct outbox_item *)item = (struct outbox_item){
	    .id = sqlite3_column_int64(st, 0),
	    .attempts = sqlite3_column_int64(st, 1),
	    .to = sqlite_column_str(a, st, 2),
	    .subject = sqlite_column_str(a, st, 3),
	    .body = sqlite_column_str(a, st, 4),
	};
}

static enum mm_err outbox_due(struct store *s, struct arena *a, int64_t now, size_t limit,
                              struct outbox_item **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_DUE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return sqlite_rows(s, a, st, sizeof **out, limit, read_item, (void **)out, n, "outbox due");
}

static enum mm_err outbox_sent(struct store *s, int64_t id, int64_t now)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_SENT);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return sqlite_exec(s, st, "outbox sent");
}

static enum mm_err outbox_failed(struct store *s, int64_t id, int64_t retry_at, struct str error)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_FAILED);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, retry_at);
	sqlite_bind_str(st, 3, error);
	return sqlite_exec(s, st, "outbox failed");
}

const struct store_outbox_ops sqlite_outbox_ops = {
    .insert = outbox_insert,
    .due = outbox_due,
    .sent = outbox_sent,
    .failed = outbox_failed,
};
