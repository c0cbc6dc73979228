-- 0019: the declarant search index, which serves a search of any length
-- (one character and up, kana and kanji) in listing order, with the
-- filters through indexes, in place of migration 0008's FTS5 trigram table
-- (three characters and up) and its scans of shorter text.
--
-- declaration.search_text: the folded name and kana (core/search_text.h),
-- written by the store with the row. declaration.sort_rank: the listing
-- order (kana, then name; then id) as a number, equal for equal
-- (kana, name), so that "ORDER BY sort_rank, id" is the listing order and
-- every index below is small. Ranks are given GAP apart by the rebuild
-- (store/declarant_index.c) and between the neighbours' by the store on a
-- new declaration or a new name.
--
-- declarant_token: a row per distinct unigram and bigram of each ACTIVE
-- declaration's search text, in listing order within a token, with the
-- declaration's prefecture and industry, so that those filters are checked
-- on the token's rows without reading the declaration (a few bytes a row:
-- measured at 100,000 seeded organisations, 2.7 million rows, 57 MB
-- without them and 67 MB with them).
-- The level is left out: the trigger of migration 0007 changes it. Written by
-- the store (the split is C's, core/search_text.c), never by a trigger;
-- emptied and refilled in bulk by the rebuild, through
-- declarant_token_stage (sorted once, instead of one random b-tree insert
-- per row). declarant_index.built says whether the tokens are complete: 0
-- here when declarations exist (the store rebuilds at the next migrate or
-- serve) and while `mamori seed` runs (rebuilt at its end).
ALTER TABLE declaration ADD COLUMN sort_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE declaration ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE declarant_token (
	token TEXT NOT NULL,
	sort_rank INTEGER NOT NULL,
	declaration_id INTEGER NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	PRIMARY KEY (token, sort_rank, declaration_id)
) WITHOUT ROWID;

CREATE TABLE declarant_token_stage (
	token TEXT NOT NULL,
	sort_rank INTEGER NOT NULL,
	declaration_id INTEGER NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL
);

CREATE TABLE declarant_index (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	built INTEGER NOT NULL
);
INSERT INTO declarant_index (id, built) SELECT 1, NOT EXISTS (SELECT 1 FROM declaration);

-- The listing of active declarations in order, for each combination of
-- filters (prefecture, industry, level), so that a filter is an index
-- condition, never a check of every row; and the ended ones, in order.
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
-- Names in order: a new name's neighbours (its rank), and the rebuild.
CREATE INDEX declaration_name_order ON declaration (org_name_kana, org_name, id, sort_rank);

DROP INDEX declaration_public_list;
DROP TRIGGER declaration_fts_insert;
DROP TRIGGER declaration_fts_delete;
DROP TRIGGER declaration_fts_update;
DROP TABLE declaration_fts;

-- The change log (migration 0009) records what verification may show
-- differently: a new rank or search text changes no answer, and the
-- rebuild rewrites them all, so they are left out of it.
DROP TRIGGER verification_change_declaration;
CREATE TRIGGER verification_change_declaration AFTER UPDATE OF
	public_id, organisation_id, org_name, org_name_kana, prefecture, industry, corporate_number,
	level, status, declared_at, changed_at, policy_url, flagged, flag_reasons, declared_ip,
	address, contact_email, name_key, address_key
	ON declaration
BEGIN
	INSERT INTO verification_change (public_id) VALUES (NEW.public_id);
	INSERT INTO verification_change (public_id) SELECT OLD.public_id WHERE OLD.public_id <> NEW.public_id;
END;
