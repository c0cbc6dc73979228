-- 0011: several senders on one outbox. PostgreSQL dialect of
-- migrations/sqlite/0011: a sender claims due messages by setting a lease
-- (lease_until, Unix seconds; leased_by, which sender) in the statement
-- that picks them (FOR UPDATE SKIP LOCKED, so concurrent claims never
-- wait on each other or take the same row), and clears it when it marks
-- each sent or failed; a message whose sender died mid-send is claimed
-- again once the lease has run out. The index replaces outbox_pending.
ALTER TABLE outbox ADD COLUMN lease_until bigint;
ALTER TABLE outbox ADD COLUMN leased_by text NOT NULL DEFAULT '';
CREATE INDEX outbox_claim ON outbox (next_attempt_at, lease_until) WHERE sent_at IS NULL;
DROP INDEX outbox_pending;
