-- 0010: indexes for lookups that scanned whole tables (found by the
-- query-plan test, tests/http/queryplan.test.mjs). Each serves a
-- statement that runs on an ordinary request or action and would read
-- every row at national scale:
--   an organisation's declarations, newest first (the declaration pages);
--   erasing a deleted account's address from the audit log and the outbox
--   (account deletion) by target (by actor, audit_actor of 0004 serves).
CREATE INDEX declaration_organisation ON declaration (organisation_id, declared_at);
CREATE INDEX audit_target ON audit (target COLLATE NOCASE) WHERE target <> '';
CREATE INDEX outbox_to ON outbox (to_addr COLLATE NOCASE);
