-- 0019: the declarant search index.
--
-- PostgreSQL dialect of migrations/sqlite/0013 (see there for what each
-- table and column is). The listing order compares bytes (COLLATE "C"),
-- as SQLite's BINARY does, whatever the database's collation, so that
-- both stores list in the same order. The token's primary key carries the
-- prefecture and industry (INCLUDE), so that an index-only scan checks
-- those filters. The token index replaces migration
-- 0008's GIN trigram index (pg_trgm), which served three characters and
-- up only; the extension stays installed, unused.
ALTER TABLE declaration
	ADD COLUMN sort_rank bigint NOT NULL DEFAULT 0,
	ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE TABLE declarant_token (
	token text COLLATE "C" NOT NULL,
	sort_rank bigint NOT NULL,
	declaration_id bigint NOT NULL,
	prefecture smallint NOT NULL,
	industry text COLLATE "C" NOT NULL,
	PRIMARY KEY (token, sort_rank, declaration_id) INCLUDE (prefecture, industry)
);

-- Only ever filled and emptied inside the rebuild's transaction: nothing
-- in it needs to survive a crash.
CREATE UNLOGGED TABLE declarant_token_stage (
	token text COLLATE "C" NOT NULL,
	sort_rank bigint NOT NULL,
	declaration_id bigint NOT NULL,
	prefecture smallint NOT NULL,
	industry text COLLATE "C" NOT NULL
);

CREATE TABLE declarant_index (
	id integer PRIMARY KEY CHECK (id = 1),
	built boolean NOT NULL
);
INSERT INTO declarant_index (id, built) SELECT 1, NOT EXISTS (SELECT 1 FROM declaration);

CREATE INDEX declarant_list ON declaration (sort_rank, id) WHERE status = 'active';
CREATE INDEX declarant_list_p ON declaration (prefecture, sort_rank, id) WHERE status = 'active';
CREATE INDEX declarant_list_i ON declaration (industry, sort_rank, id) WHERE status = 'active';
CREATE INDEX declarant_list_pi ON declaration (prefecture, industry, sort_rank, id)
	WHERE status = 'active';
CREATE INDEX declarant_list_l ON declaration (level, sort_rank, id) WHERE status = 'active';
CREATE INDEX declarant_list_pl ON declaration (prefecture, level, sort_rank, id)
	WHERE status = 'active';
CREATE INDEX declarant_list_il ON declaration (industry, level, sort_rank, id)
	WHERE status = 'active';
CREATE INDEX declarant_list_pil ON declaration (prefecture, industry, level, sort_rank, id)
	WHERE status = 'active';
CREATE INDEX declarant_ended ON declaration (sort_rank, id) WHERE status <> 'active';
CREATE INDEX declaration_name_order
	ON declaration (org_name_kana COLLATE "C", org_name COLLATE "C", id, sort_rank);

DROP INDEX declaration_public_list;
DROP INDEX declaration_trigram;

-- The change log (migration 0009) records what verification may show
-- differently: a new rank or search text changes no answer, and the
-- rebuild rewrites them all, so they are left out of it.
DROP TRIGGER verification_change_declaration ON declaration;
CREATE TRIGGER verification_change_declaration AFTER UPDATE OF
	public_id, organisation_id, org_name, org_name_kana, prefecture, industry, corporate_number,
	level, status, declared_at, changed_at, policy_url, flagged, flag_reasons, declared_ip,
	address, contact_email, name_key, address_key
	ON declaration FOR EACH ROW EXECUTE FUNCTION verification_change_declaration();
