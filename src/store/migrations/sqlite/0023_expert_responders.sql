-- 0023: experts from the directory answer consultations. An approved
-- expert profile that takes consultations is a responder (its skills and
-- prefectures are the profile's bits, read where the responders are
-- matched: store/consult.c), so it needs no row in responder; it keeps
-- only the time of its last digest here.
--
-- A firm may address its consultation to one expert (/experts/{id} links
-- to /consultations/new?expert={id}): expert_user_id is that expert, and
-- expert_until the time until which the consultation is offered to them
-- alone; the scheduled job then offers it to the matching responders and
-- clears expert_until. NULL: not (or no longer) reserved for an expert.
ALTER TABLE expert ADD COLUMN digest_sent_at INTEGER NOT NULL DEFAULT 0;

ALTER TABLE consultation ADD COLUMN expert_user_id INTEGER REFERENCES "user" (id) ON DELETE SET NULL;
ALTER TABLE consultation ADD COLUMN expert_until INTEGER;
-- the job's work: the consultations whose time with their expert has run out
CREATE INDEX consultation_expert_until ON consultation (expert_until) WHERE expert_until IS NOT NULL;
