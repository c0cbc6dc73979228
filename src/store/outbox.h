/*
 * outbox.h — the mail outbox. A message is queued in the same transaction
 * as the change that causes it (a sign-up and its confirmation link), so
 * that either both happen or neither; a worker (web/mail.c) later reads the
 * due messages, sends them and marks each sent, or failed with the time of
 * the next attempt. The store never sends anything itself.
 *
 * Times are Unix seconds passed in by the caller.
 */
#ifndef MM_STORE_OUTBOX_H
#define MM_STORE_OUTBOX_H

#include <stddef.h>

#include "store/store.h"

struct mail {
	struct str to, subject, body;
};

struct outbox_item {
	int64_t id, attempts;
	struct str to, subject, body;
};

struct store_outbox_ops {
	enum mm_err (*insert)(struct store *s, const struct mail *m, int64_t now);
	/* Unsent messages whose next attempt is due by now, oldest due first,
	 * at most limit of them. */
	enum mm_err (*due)(struct store *s, struct arena *a, int64_t now, size_t limit,
	                   struct outbox_item **out, size_t *n);
	enum mm_err (*sent)(struct store *s, int64_t id, int64_t now);
	enum mm_err (*failed)(struct store *s, int64_t id, int64_t retry_at, struct str error);
};

MM_MUST_USE enum mm_err store_outbox_insert(struct store *s, const struct mail *m, int64_t now);
MM_MUST_USE enum mm_err store_outbox_due(struct store *s, struct arena *a, int64_t now,
                                         size_t limit, struct outbox_item **out, size_t *n);
MM_MUST_USE enum mm_err store_outbox_sent(struct store *s, int64_t id, int64_t now);
MM_MUST_USE enum mm_err store_outbox_failed(struct store *s, int64_t id, int64_t retry_at,
                                            struct str error);

#endif
