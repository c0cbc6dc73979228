/*
 * sqlite_outbox.c — the mail outbox in the SQLite driver (see
 * store/outbox.h): queueing a message, claiming the due ones under a
 * lease, marking one sent or failed, releasing one unsent.
 *
 * The claim is one UPDATE … RETURNING: SQLite runs one writer at a time,
 * and a statement that writes reads the database as its write
 * transaction starts, so two claims (two processes on one file) never
 * pick the same message: the second sees the first one's leases.
 */
#include "store/outbox.h"
#include "store/sqlite_int.h"

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_OUTBOX_CLAIM[] =
    "UPDATE outbox SET lease_until = ?2, leased_by = ?3 WHERE id IN (SELECT id FROM outbox"
    " WHERE sent_at IS NULL AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= "
    "?1)"
    " ORDER BY next_attempt_at, id LIMIT ?4)"
    " RETURNING id, attempts, to_addr, subject, body, next_attempt_at";
static const char SQL_OUTBOX_SENT[] =
    "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, lease_until = NULL, leased_by = ''"
    " WHERE id = ?1";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3,"
    " lease_until = NULL, leased_by = '' WHERE id = ?1";
static const char SQL_OUTBOX_RELEASE[] = "UPDATE outbox SET lease_until = NULL, leased_by = ''"
                                         " WHERE id = ?1 AND leased_by = ?2 AND sent_at IS NULL";

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
	    .due_at = sqlite3_column_int64(st, 5),
	};
}

static enum mm_err outbox_claim(struct store *s, struct arena *a, int64_t now, struct str owner,
                                size_t limit, struct outbox_item **out, size_t *n)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_CLAIM);
	*out = NULL;
	*n = 0;
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now + OUTBOX_LEASE_S);
	sqlite_bind_str(st, 3, owner);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
	return sqlite_rows(s, a, st, sizeof **out, limit, read_item, (void **)out, n,
	                   "outbox claim");
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

static enum mm_err outbox_release(struct store *s, int64_t id, struct str owner)
{
	sqlite3_stmt *st = sqlite_stmt(s, SQL_OUTBOX_RELEASE);
	if (!st)
		return MM_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite_bind_str(st, 2, owner);
	return sqlite_exec(s, st, "outbox release");
}

const struct store_outbox_ops sqlite_outbox_ops = {
    .insert = outbox_insert,
    .claim = outbox_claim,
    .sent = outbox_sent,
    .failed = outbox_failed,
    .release = outbox_release,
};
