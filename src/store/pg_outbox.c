/*
 * pg_outbox.c — the mail outbox in the PostgreSQL driver (see
 * store/outbox.h), the same statements as sqlite_outbox.c: queueing a
 * message, claiming the due ones under a lease, marking one sent or
 * failed, releasing one unsent.
 *
 * The claim: PostgreSQL runs writers side by side, so the statement picks
 * its messages with FOR UPDATE SKIP LOCKED — a message another claim is
 * taking right now is skipped, not waited for, and one whose claim has
 * just committed is read again as it is now (under its lease) and left
 * out — and leases them in the same statement. Two instances draining one
 * outbox never get the same message.
 */
#include "store/outbox.h"
#include "store/pg_int.h"

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)"
    " VALUES ($1, $2, $3, $4, $4)";
static const char SQL_OUTBOX_CLAIM[] =
    "UPDATE outbox SET lease_until = $2, leased_by = $3 WHERE id IN (SELECT id FROM outbox"
    " WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= "
    "$1)"
    " ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)"
    " RETURNING id, attempts, to_addr, subject, body, next_attempt_at";
static const char SQL_OUTBOX_SENT[] =
    "UPDATE outbox SET sent_at = $2, attempts = attempts + 1, lease_until = NULL, leased_by = ''"
    " WHERE id = $1";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3,"
    " lease_until = NULL, leased_by = '' WHERE id = $1";
static const char SQL_OUTBOX_RELEASE[] = "UPDATE outbox SET lease_until = NULL, leased_by = ''"
                                         " WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL";

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
	    .due_at = pg_col_int64(r, 5),
	};
}

static enum mm_err outbox_claim(struct store *s, struct arena *a, int64_t now, struct str owner,
                                size_t limit, struct outbox_item **out, size_t *n)
{
	return pg_rows(s, a, SQL_OUTBOX_CLAIM,
	               ARGS(ARG_INT(now), ARG_INT(now + OUTBOX_LEASE_S), ARG_TEXT(owner),
	                    ARG_INT((int64_t)limit)),
	               sizeof **out, limit, read_item, (void **)out, n, "outbox claim");
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

static enum mm_err outbox_release(struct store *s, int64_t id, struct str owner)
{
	return pg_exec(s, SQL_OUTBOX_RELEASE, ARGS(ARG_INT(id), ARG_TEXT(owner)), "outbox release");
}

const struct store_outbox_ops pg_outbox_ops = {
    .insert = outbox_insert,
    .claim = outbox_claim,
    .sent = outbox_sent,
    .failed = outbox_failed,
    .release = outbox_release,
};
