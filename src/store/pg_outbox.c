/*
 * pg_outbox.c — the mail outbox in the PostgreSQL driver (see
 * store/outbox.h), the same statements as sqlite_outbox.c: queueing a
 * message, reading the due ones, marking one sent or failed.
 *
 * As in SQLite, nothing here stops two processes from reading the same
 * due message: draining by several instances at once (a claim with a
 * lease, FOR UPDATE SKIP LOCKED) is for the work on several instances.
 */
#include "store/outbox.h"
#include "store/pg_int.h"

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)"
    " VALUES ($1, $2, $3, $4, $4)";
static const char SQL_OUTBOX_DUE[] =
    "SELECT id, attempts, to_addr, subject, body FROM outbox"
    " WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2";
static const char SQL_OUTBOX_SENT[] =
    "UPDATE outbox SET sent_at = $2, attempts = attempts + 1 WHERE id = $1";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3"
    " WHERE id = $1";

static enum mm_err outbox_insert(struct store *s, const struct mail *m, int64_t now)
{
	return pg_exec(s, SQL_OUTBOX_INSERT,
	               ARGS(ARG_TEXT(m->to), ARG_TEXT(m->subject), ARG_TEXT(m->body), ARG_INT(now)),
	               "outbox insert");
}

static void read_item(struct arena *a, const struct pg_row *r, void *item)
{
	*(struct outbox_item *)item = (struct outbox_item){
	    .id = pg_col_int64(r, 0),
	    .attempts = pg_col_int64(r, 1),
	    .to = pg_col_str(a, r, 2),
	    .subject = pg_col_str(a, r, 3),
	    .body = pg_col_str(a, r, 4),
	};
}

static enum mm_err outbox_due(struct store *s, struct arena *a, int64_t now, size_t limit,
                              struct outbox_item **out, size_t *n)
{
	return pg_rows(s, a, SQL_OUTBOX_DUE, ARGS(ARG_INT(now), ARG_INT((int64_t)limit)),
	               sizeof **out, limit, read_item, (void **)out, n, "outbox due");
}

static enum mm_err outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return pg_exec(s, SQL_OUTBOX_SENT, ARGS(ARG_INT(id), ARG_INT(now)), "outbox sent");
}

static enum mm_err outbox_failed(struct store *s, int64_t id, int64_t retry_at, struct str error)
{
	return pg_exec(s, SQL_OUTBOX_FAILED, ARGS(ARG_INT(id), ARG_INT(retry_at), ARG_TEXT(error)),
	               "outbox failed");
}

const struct store_outbox_ops pg_outbox_ops = {
    .insert = outbox_insert,
    .due = outbox_due,
    .sent = outbox_sent,
    .failed = outbox_failed,
};
