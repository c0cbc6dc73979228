/*
 * outbox.c — the mail outbox (store/outbox.h), written once for every
 * database (store/sql.h): queueing a message, claiming the due ones under
 * a lease, marking one sent or failed, releasing one unsent.
 *
 * The claim is one UPDATE … RETURNING that picks the due messages and
 * leases them, so no two claims ever return the same message:
 *   - SQLite runs one writer at a time, and a statement that writes reads
 *     the database as its write transaction starts: the second of two
 *     claims (two processes on one file) sees the first one's leases.
 *   - PostgreSQL runs writers side by side, so its text picks the
 *     messages FOR UPDATE SKIP LOCKED: a message another claim is taking
 *     right now is skipped, not waited for, and one whose claim has just
 *     committed is read again as it is now (under its lease) and left out.
 *     SQLite has no such clause, hence the statement's two texts.
 * UPDATE … RETURNING gives its rows in no set order on either database:
 * store_outbox_claim() puts them in the order they fell due.
 */
#include "store/outbox.h"

#include <stdlib.h>

#include "store/sql.h"

static const struct sql SQL_OUTBOX_INSERT =
    SQL("INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at,"
        " attachment_name, attachment_type, attachment, list_unsubscribe)"
        " VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)");
static const struct sql SQL_OUTBOX_CLAIM =
    SQL_EACH("UPDATE outbox SET lease_until = ?2, leased_by = ?3 WHERE id IN (SELECT id FROM outbox"
             " WHERE sent_at IS NULL AND next_attempt_at <= ?1"
             " AND (lease_until IS NULL OR lease_until <= ?1)"
             " ORDER BY next_attempt_at, id LIMIT ?4)"
             " RETURNING id, attempts, to_addr, subject, body, next_attempt_at,"
             " attachment_name, attachment_type, attachment, list_unsubscribe",
             "UPDATE outbox SET lease_until = $2, leased_by = $3 WHERE id IN (SELECT id FROM outbox"
             " WHERE sent_at IS NULL AND next_attempt_at <= $1"
             " AND (lease_until IS NULL OR lease_until <= $1)"
             " ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)"
             " RETURNING id, attempts, to_addr, subject, body, next_attempt_at,"
             " attachment_name, attachment_type, attachment, list_unsubscribe");
static const struct sql SQL_OUTBOX_SENT = SQL(
    "UPDATE outbox SET sent_at = $2, attempts = attempts + 1, lease_until = NULL, leased_by = ''"
    " WHERE id = $1");
static const struct sql SQL_OUTBOX_FAILED =
    SQL("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3,"
        " lease_until = NULL, leased_by = '' WHERE id = $1");
static const struct sql SQL_OUTBOX_RELEASE =
    SQL("UPDATE outbox SET lease_until = NULL, leased_by = ''"
        " WHERE id = $1 AND leased_by = $2 AND sent_at IS NULL");

static struct str or_empty(struct str s)
{
	return s.p ? s : STR("");
}

static const struct mail_attachment no_attachment = {{"", 0}, {"", 0}, {"", 0}};

enum mm_err store_outbox_insert(struct store *s, const struct mail *m, int64_t now)
{
	return store_outbox_insert_attached(s, m, &no_attachment, now);
}

/* Every column a message may have. */
static enum mm_err insert(struct store *s, const struct mail *m, const struct mail_attachment *at,
                          struct str list_unsubscribe, int64_t now)
{
	return sql_exec(s, &SQL_OUTBOX_INSERT,
	                ARGS(ARG_TEXT(m->to), ARG_TEXT(m->subject), ARG_TEXT(m->body), ARG_INT(now),
	                     ARG_TEXT(or_empty(at->name)), ARG_TEXT(or_empty(at->type)),
	                     ARG_TEXT(or_empty(at->data)), ARG_TEXT(or_empty(list_unsubscribe))),
	                "outbox insert");
}

enum mm_err store_outbox_insert_attached(struct store *s, const struct mail *m,
                                         const struct mail_attachment *at, int64_t now)
{
	return insert(s, m, at, STR(""), now);
}

enum mm_err store_outbox_insert_unsubscribable(struct store *s, const struct mail *m,
                                               struct str list_unsubscribe, int64_t now)
{
	return insert(s, m, &no_attachment, list_unsubscribe, now);
}

static void read_item(struct arena *a, const struct sql_row *r, void *item)
{
	*(struct outbox_item *)item = (struct outbox_item){
	    .id = sql_col_int64(r, 0),
	    .attempts = sql_col_int64(r, 1),
	    .to = sql_col_str(a, r, 2),
	    .subject = sql_col_str(a, r, 3),
	    .body = sql_col_str(a, r, 4),
	    .due_at = sql_col_int64(r, 5),
	    .attachment = {sql_col_str(a, r, 6), sql_col_str(a, r, 7), sql_col_str(a, r, 8)},
	    .list_unsubscribe = sql_col_str(a, r, 9),
	};
}

static int by_due_then_id(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;
	if (x->due_at != y->due_at)
		return x->due_at < y->due_at ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

enum mm_err store_outbox_claim(struct store *s, struct arena *a, int64_t now, struct str owner,
                               size_t limit, struct outbox_item **out, size_t *n)
{
	enum mm_err e = sql_rows(s, a, &SQL_OUTBOX_CLAIM,
	                         ARGS(ARG_INT(now), ARG_INT(now + OUTBOX_LEASE_S), ARG_TEXT(owner),
	                              ARG_INT((int64_t)limit)),
	                         sizeof **out, limit, read_item, (void **)out, n, "outbox claim");
	if (!e && *n > 1)
		qsort(*out, *n, sizeof **out, by_due_then_id);
	return e;
}

enum mm_err store_outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return sql_exec(s, &SQL_OUTBOX_SENT, ARGS(ARG_INT(id), ARG_INT(now)), "outbox sent");
}

enum mm_err store_outbox_failed(struct store *s, int64_t id, int64_t retry_at, struct str error)
{
	return sql_exec(s, &SQL_OUTBOX_FAILED,
	                ARGS(ARG_INT(id), ARG_INT(retry_at), ARG_TEXT(error)), "outbox failed");
}

enum mm_err store_outbox_release(struct store *s, int64_t id, struct str owner)
{
	return sql_exec(s, &SQL_OUTBOX_RELEASE, ARGS(ARG_INT(id), ARG_TEXT(owner)),
	                "outbox release");
}
