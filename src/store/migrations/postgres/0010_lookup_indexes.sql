-- 0010: indexes for lookups that scanned whole tables (found by the
-- query-plan test, tests/http/queryplan.test.mjs). PostgreSQL dialect of
-- migrations/sqlite/0010: an organisation's declarations, newest first;
-- erasing a deleted account's address from the audit log and the outbox
-- by target. Case-insensitive matches are written lower(a) = lower($n)
-- here, so the indexes are on lower(…).
CREATE INDEX declaration_organisation ON declaration (organisation_id, declared_at);
CREATE INDEX audit_target ON audit (lower(target)) WHERE target <> '';
CREATE INDEX outbox_to ON outbox (lower(to_addr));
