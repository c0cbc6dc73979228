-- 0008: what verification and the public list of declarants read.
--
-- declaration_fts: a trigram full-text index of the name and its kana, kept
-- in step with declaration by triggers (external content: the text lives
-- only in declaration). Trigrams find any substring of three characters or
-- more, which suits Japanese names (no spaces between words). Shorter
-- queries cannot use trigrams: they scan declaration_public_list, a
-- covering index of the public columns, which is much smaller than the
-- table and already in listing order.
--
-- Every row is indexed, whatever its status; queries keep status = 'active'.
CREATE VIRTUAL TABLE declaration_fts USING fts5(
	org_name, org_name_kana,
	content = 'declaration', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER declaration_fts_insert AFTER INSERT ON declaration
BEGIN
	INSERT INTO declaration_fts (rowid, org_name, org_name_kana)
	VALUES (NEW.id, NEW.org_name, NEW.org_name_kana);
END;

CREATE TRIGGER declaration_fts_delete AFTER DELETE ON declaration
BEGIN
	INSERT INTO declaration_fts (declaration_fts, rowid, org_name, org_name_kana)
	VALUES ('delete', OLD.id, OLD.org_name, OLD.org_name_kana);
END;

CREATE TRIGGER declaration_fts_update AFTER UPDATE OF org_name, org_name_kana ON declaration
BEGIN
	INSERT INTO declaration_fts (declaration_fts, rowid, org_name, org_name_kana)
	VALUES ('delete', OLD.id, OLD.org_name, OLD.org_name_kana);
	INSERT INTO declaration_fts (rowid, org_name, org_name_kana)
	VALUES (NEW.id, NEW.org_name, NEW.org_name_kana);
END;

-- Declarations made before this migration.
INSERT INTO declaration_fts (declaration_fts) VALUES ('rebuild');

CREATE INDEX declaration_public_list
	ON declaration (status, org_name_kana, org_name, id, public_id, level, prefecture, industry);
