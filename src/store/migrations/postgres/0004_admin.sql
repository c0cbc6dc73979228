-- 0004: audit entries by who made them. The administrators' audit pages
-- and the personal-data export filter by actor, and deleting a user sets
-- actor_user_id to NULL in every entry they made (ON DELETE SET NULL),
-- which without this index reads the whole audit table.
--
-- PostgreSQL dialect of migrations/sqlite/0004.
CREATE INDEX audit_actor ON audit (actor_user_id, at);
