-- 0011: several senders on one outbox. A sender claims due messages by
-- setting a lease (lease_until, Unix seconds; leased_by, which sender)
-- before it sends them, and clears it when it marks each sent or failed;
-- no other sender claims a message while its lease runs, and a message
-- whose sender died mid-send is claimed again once the lease has run out.
-- The claim reads the unsent messages by due time and skips those under a
-- lease within the index, which replaces outbox_pending of 0002.
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
ALTER TABLE outbox ADD COLUMN leased_by TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_claim ON outbox (next_attempt_at, lease_until) WHERE sent_at IS NULL;
DROP INDEX outbox_pending;
