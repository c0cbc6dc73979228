/*
 * outbox.c — the mail outbox's entry points (store/outbox.h): each passes
 * the call to the connection's driver; a claim's messages are put in the
 * order they fell due (UPDATE … RETURNING gives its rows in no set order
 * on either database).
 */
#include "store/outbox.h"

#include <stdlib.h>

enum mm_err store_outbox_insert(struct store *s, const struct mail *m, int64_t now)
{
	return s->driver->outbox->insert(s, m, now);
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
	enum mm_err e = s->driver->outbox->claim(s, a, now, owner, limit, out, n);
	if (!e && *n > 1)
		qsort(*out, *n, sizeof **out, by_due_then_id);
	return e;
}

enum mm_err store_outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return s->driver->outbox->sent(s, id, now);
}

enum mm_err store_outbox_failed(struct store *s, int64_t id, int64_t retry_at, struct str error)
{
	return s->driver->outbox->failed(s, id, retry_at, error);
}

enum mm_err store_outbox_release(struct store *s, int64_t id, struct str owner)
{
	return s->driver->outbox->release(s, id, owner);
}
