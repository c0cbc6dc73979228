-- 0023: experts from the directory answer consultations. See the SQLite
-- migration of the same number for what the columns mean.
ALTER TABLE expert ADD COLUMN digest_sent_at bigint NOT NULL DEFAULT 0;

ALTER TABLE consultation ADD COLUMN expert_user_id bigint REFERENCES "user" (id) ON DELETE SET NULL;
ALTER TABLE consultation ADD COLUMN expert_until bigint;
CREATE INDEX consultation_expert_until ON consultation (expert_until) WHERE expert_until IS NOT NULL;
