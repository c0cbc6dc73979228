-- 0003: organisations in use — one organisation per user, the trade of
-- firms in JSIC division I (wholesale or retail, for the SME size class),
-- and the indexes the organisation, invitation and supporter pages read by.
--
-- PostgreSQL dialect of migrations/sqlite/0003.

-- A user belongs to at most one organisation.
DROP INDEX membership_user;
CREATE UNIQUE INDEX membership_one_per_user ON membership (user_id);
CREATE INDEX membership_organisation_role ON membership (organisation_id, role);

ALTER TABLE organisation ADD COLUMN trade text NOT NULL DEFAULT ''
	CHECK (trade IN ('', 'wholesale', 'retail'));

-- Pending invitations of an organisation, newest first.
CREATE INDEX link_token_invite ON link_token (organisation_id, created_at) WHERE purpose = 'invite';

-- Grants of an organisation, active and revoked (export, access list).
CREATE INDEX supporter_grant_organisation ON supporter_grant (organisation_id, granted_at);
