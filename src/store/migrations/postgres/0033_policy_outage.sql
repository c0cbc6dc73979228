-- 0033: a policy published at the firm's own address that stops being
-- readable (core/nudge.h). The daily job "policy_checks" fetches each
-- such address at most once a day (policy_fetch keeps what it saw); this
-- row exists while the checks of the address now published fail in a
-- row: since the first failed one, how many, and when the owners were
-- told that the publication lapses 30 days later. A check that reads
-- the page, a new address or unpublishing deletes it.
CREATE TABLE policy_outage (
	organisation_id bigint PRIMARY KEY REFERENCES organisation (id) ON DELETE CASCADE,
	url text NOT NULL,
	since bigint NOT NULL,
	failures bigint NOT NULL CHECK (failures > 0),
	last_checked_at bigint NOT NULL,
	noticed_at bigint
);
INSERT INTO job_lease (name) VALUES ('policy_checks');
-- The daily job reads the external publications by organisation.
CREATE INDEX policy_publication_external ON policy_publication (organisation_id)
	WHERE kind = 'external';
