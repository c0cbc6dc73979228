-- 0036: a service provider's contact address compares without case, as
-- every other e-mail address does (citext, 0002). Its mails are written in
-- the language of the account at that address: as text, the comparison
-- with "user".email cast the citext column and read every user; as citext
-- it uses the unique index on "user".email.
ALTER TABLE service_provider ALTER COLUMN contact_email TYPE citext;
