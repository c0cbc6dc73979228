-- 0008: what verification and the public list of declarants read.
--
-- PostgreSQL dialect of migrations/sqlite/0008. Where SQLite keeps
-- declaration_fts (an FTS5 trigram index kept in step by triggers),
-- PostgreSQL has a GIN trigram index of the name and its kana (pg_trgm, a
-- trusted extension from postgresql-contrib), kept in step by PostgreSQL
-- itself. Trigrams find any substring of three characters or more, which
-- suits Japanese names (no spaces between words); ILIKE/LIKE '%…%' and
-- similarity queries use the index. Shorter queries cannot use trigrams:
-- they scan declaration_public_list, a covering index of the public
-- columns, much smaller than the table and already in listing order.
--
-- Every row is indexed, whatever its status; queries keep status = 'active'.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX declaration_trigram ON declaration
	USING gin (org_name gin_trgm_ops, org_name_kana gin_trgm_ops);

CREATE INDEX declaration_public_list
	ON declaration (status, org_name_kana, org_name, id, public_id, level, prefecture, industry);
