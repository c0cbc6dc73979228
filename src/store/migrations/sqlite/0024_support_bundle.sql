-- 0024: the firm's support bundle contract (DOMAIN.md §6: help desk,
-- monitoring, on-site emergency response and insurance in one contract),
-- optional parts of the organisation profile. "/help" names the provider
-- first among the contacts for the firm's members. '' when not given;
-- support_phone is normalised as contact_phone is (core/org_fields.h),
-- support_url an http(s) address as website is.
ALTER TABLE organisation ADD COLUMN support_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN support_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN support_url TEXT NOT NULL DEFAULT '';
