/*
 * outbox.h — the mail outbox. A message is queued in the same transaction
 * as the change that causes it (a sign-up and its confirmation link), so
 * that either both happen or neither; senders (app/mailer.c, one per
 * process) later claim the due messages, send them and mark each sent, or
 * failed with the time of the next attempt. The store never sends anything
 * itself.
 *
 * Several processes may drain one outbox (instances on one PostgreSQL
 * database): a claim puts a lease of OUTBOX_LEASE_S seconds on each
 * message it returns, and no other claim returns a message while its
 * lease runs, so a message is sent once. A sender that died mid-send
 * leaves its lease behind; once it runs out, the message is claimed again.
 * A sender must therefore finish a message well inside its lease (or
 * release it unsent): one sent after its lease ran out may also have been
 * claimed and sent by another. Senders' clocks must agree to within a few
 * seconds (NTP).
 *
 * Times are Unix seconds passed in by the caller.
 */
#ifndef MM_STORE_OUTBOX_H
#define MM_STORE_OUTBOX_H

#include <stddef.h>

#include "store/store.h"

#define OUTBOX_LEASE_S 60    /* how long a claim keeps a message from others */
#define OUTBOX_OWNER_MAX 128 /* bytes of a sender's name */

/* A file sent with a message (a calendar entry): its name, MIME type and
 * text; none when name.n is 0. */
#define MAIL_ATTACHMENT_MAX_BYTES (256 * 1024)
struct mail_attachment {
	struct str name, type, data;
};

struct mail {
	struct str to, subject, body;
};

struct outbox_item {
	int64_t id, attempts;
	int64_t due_at; /* when this attempt was due */
	struct str to, subject, body;
	struct mail_attachment attachment;
	struct str list_unsubscribe; /* "" for none; see store_outbox_insert_unsubscribable */
};

MM_MUST_USE enum mm_err store_outbox_insert(struct store *s, const struct mail *m, int64_t now);
/* The same with a file sent beside the text. */
MM_MUST_USE enum mm_err store_outbox_insert_attached(struct store *s, const struct mail *m,
                                                     const struct mail_attachment *attachment,
                                                     int64_t now);
/* The same with list_unsubscribe, an address that unsubscribes the
 * recipient in one POST (RFC 8058): the mailer sends it as the
 * List-Unsubscribe and List-Unsubscribe-Post headers. */
MM_MUST_USE enum mm_err store_outbox_insert_unsubscribable(struct store *s, const struct mail *m,
                                                           struct str list_unsubscribe,
                                                           int64_t now);
/* Unsent messages due by now and under no running lease, at most limit of
 * them, oldest due first (then by id), each leased to owner until now +
 * OUTBOX_LEASE_S in the same statement. */
MM_MUST_USE enum mm_err store_outbox_claim(struct store *s, struct arena *a, int64_t now,
                                           struct str owner, size_t limit, struct outbox_item **out,
                                           size_t *n);
/* Marks a message sent, or failed with its next attempt at retry_at;
 * either ends its lease. */
MM_MUST_USE enum mm_err store_outbox_sent(struct store *s, int64_t id, int64_t now);
MM_MUST_USE enum mm_err store_outbox_failed(struct store *s, int64_t id, int64_t retry_at,
                                            struct str error);
/* Ends owner's lease of a message it claimed and did not try, so that it
 * is due again at once (for any sender). */
MM_MUST_USE enum mm_err store_outbox_release(struct store *s, int64_t id, struct str owner);

#endif
