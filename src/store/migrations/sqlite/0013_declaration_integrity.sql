-- 0013: what keeps a declaration honest after it is made.
--
--   * pending_corporate_number: a corporate number the owner copied from
--     the organisation's profile onto an active declaration. It is not the
--     declaration's number until an administrator approves it in the
--     review queue; meanwhile verification keeps answering with the old
--     one, so no one can take over another firm's number by editing a
--     profile.
--   * block_lifted_at, block_lift_reason: a revoked declaration stops its
--     organisation, and any organisation with the same corporate number,
--     from declaring again while block_lifted_at is 0. An administrator
--     lifts it with a reason (also written to the audit log).
--   * declaration_event.old_name, old_corporate_number: the registered name
--     and number before a change of identity (name, corporate number or
--     prefecture). A 'details' event with old_name set is public: the
--     verification page shows "details changed on …" with the old name, so
--     a declaration cannot quietly become someone else's.
ALTER TABLE declaration ADD COLUMN pending_corporate_number TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration ADD COLUMN block_lifted_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE declaration ADD COLUMN block_lift_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration_event ADD COLUMN old_name TEXT NOT NULL DEFAULT '';
ALTER TABLE declaration_event ADD COLUMN old_corporate_number TEXT NOT NULL DEFAULT '';
