-- 0012: PostgreSQL dialect of migrations/sqlite/0012. The administrators'
-- audit view of one account "as actor or as subject" (admin.c,
-- SQL_AUDIT_SUBJECT and its count) asks for actor_user_id = $2 OR
-- target = $3. audit_actor (0004) serves the first half; nothing served
-- the second (audit_target of 0010 is on lower(target) and only where
-- target <> '', which target = $3 cannot use), so the OR read the whole
-- audit log (found by tests/http/queryplan.test.mjs). With this index
-- each half has one, and the OR is a BitmapOr of two index scans.
CREATE INDEX audit_subject ON audit (target, at);
