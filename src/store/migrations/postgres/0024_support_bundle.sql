-- 0024: the firm's support bundle contract. See the SQLite migration of
-- the same number for what the columns mean.
ALTER TABLE organisation ADD COLUMN support_name text NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN support_phone text NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN support_url text NOT NULL DEFAULT '';
