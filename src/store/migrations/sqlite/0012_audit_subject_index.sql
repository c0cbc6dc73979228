-- 0012: the administrators' audit view of one account "as actor or as
-- subject" (admin.c, SQL_AUDIT_SUBJECT and its count) asks for
-- actor_user_id = ? OR target = ?. audit_actor (0004) serves the first
-- half; nothing served the second (audit_target of 0010 is on
-- target COLLATE NOCASE and only where target <> '', which an exact
-- comparison with a parameter cannot use), so the OR read the whole audit
-- log (found by tests/http/queryplan.test.mjs). With this index each half
-- has one, and the OR is the union of two index lookups.
CREATE INDEX audit_subject ON audit (target, at);
