/*
 * outbox.c — the mail outbox's entry points (store/outbox.h): each passes
 * the call to the connection's driver.
 */
#include "store/outbox.h"

enum mm_err store_outbox_insert(struct store *s, const struct mail *m, int64_t now)
{
	return s->driver->outbox->insert(s, m, now);
}

enum mm_err store_outbox_due(struct store *s, struct arena *a, int64_t now, size_t limit,
                             struct outbox_item **out, size_t *n)
{
	return s->driver->outbox->due(s, a, now, limit, out, n);
}

enum mm_err store_outbox_sent(struct store *s, int64_t id, int64_t now)
{
	return s->driver->outbox->sent(s, id, now);
}

enum mm_err store_outbox_failed(struct store *s, int64_t id, int64_t retry_at, struct str error)
{
	return s->driver->outbox->failed(s, id, retry_at, error);
}
