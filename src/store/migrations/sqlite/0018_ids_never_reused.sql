-- 0018: the ids that reach an address, an export or a cache are never
-- given twice.
--
-- Without AUTOINCREMENT, SQLite gives a new row the largest id + 1, so the
-- id of the newest row comes back once that row is deleted. These ids are
-- seen outside the database: an organisation's in /admin/organisations/
-- {id}, a user's in /admin/users/{id}, /org/members/{id} and the account
-- export, an invitation's (link_token) in /org/invitations/{id}/cancel, a
-- supporter's grant in /org/supporters/{id}/revoke; a declaration's is the
-- row of its search index and the key of its history, a policy version's
-- what a publication points at. A page, a bookmark, a log line or a form
-- left open on an id must never land on someone else's record. 0017 did
-- this for assessment_result; this does the same for each of these
-- tables. (policy_draft and policy_publication have no id of their own:
-- they are keyed by their organisation's.)
--
-- SQLite cannot add AUTOINCREMENT to a table, so each is made again, as
-- https://sqlite.org/lang_altertable.html section 7 says: the migration
-- runner turns foreign keys off before its transaction (so dropping the
-- old table deletes nothing by cascade and the tables that point at it
-- keep pointing at the same name), checks PRAGMA foreign_key_check before
-- it commits, and turns them on again. Each table is made as new_NAME with
-- the same columns, in the same order, with the same constraints, filled
-- with every row and id, then the old one dropped and the new one renamed;
-- its indexes and triggers are made again as they were. A rename checks
-- every trigger of the schema, so the triggers that name another rebuilt
-- table in their body (those of organisation, policy_publication and
-- declaration_event) are dropped first and made again at the end, when
-- every table is back under its name.
--
-- sqlite_sequence gets, for each table, the largest id it holds, so ids
-- only go up from there (INSERT … SELECT into the new tables already put
-- them there; the rows are written again so the numbers are stated here).
-- declaration_fts reads declaration by id (content_rowid), so keeping the
-- ids keeps the search index right.

DROP TRIGGER declaration_policy_unpublished;
DROP TRIGGER declaration_policy_moved;
DROP TRIGGER verification_change_event;

-- ---- organisation ------------------------------------------------------------
CREATE TABLE new_organisation (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	public_id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	name_kana TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	corporate_number TEXT UNIQUE,
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	industry TEXT NOT NULL CHECK (length(industry) = 1),
	employees INTEGER NOT NULL CHECK (employees >= 0),
	capital_yen INTEGER,
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	sole_proprietor INTEGER NOT NULL DEFAULT 0,
	postal_code TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	representative_title TEXT NOT NULL DEFAULT '',
	representative_name TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL DEFAULT 0,
	trade TEXT NOT NULL DEFAULT ''
	CHECK (trade IN ('', 'wholesale', 'retail', 'accommodation', 'eating',
	                     'entertainment', 'rubber'))
);
INSERT INTO new_organisation (id, public_id, name, name_kana, name_en, corporate_number,
                              prefecture, industry, employees, capital_yen, created_at,
                              sole_proprietor, postal_code, address, representative_title,
                              representative_name, contact_name, contact_email, contact_phone,
                              website, updated_at, trade)
SELECT id, public_id, name, name_kana, name_en, corporate_number,
       prefecture, industry, employees, capital_yen, created_at,
       sole_proprietor, postal_code, address, representative_title,
       representative_name, contact_name, contact_email, contact_phone,
       website, updated_at, trade
FROM organisation;
DROP TABLE organisation;
ALTER TABLE new_organisation RENAME TO organisation;

-- ---- user ------------------------------------------------------------------------
CREATE TABLE new_user (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	confirmed_at INTEGER,
	is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
	disabled_at INTEGER,
	disabled_reason TEXT,
	created_at INTEGER NOT NULL
);
INSERT INTO new_user (id, email, password_hash, name, lang, confirmed_at, is_admin,
                      disabled_at, disabled_reason, created_at)
SELECT id, email, password_hash, name, lang, confirmed_at, is_admin,
       disabled_at, disabled_reason, created_at
FROM user;
DROP TABLE user;
ALTER TABLE new_user RENAME TO user;

-- ---- link_token (an invitation's id is in /org/invitations/{id}/cancel) -------
CREATE TABLE new_link_token (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'email', 'invite', 'admin')),
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER REFERENCES user (id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT '',
	expires_at INTEGER NOT NULL,
	used_at INTEGER,
	created_at INTEGER NOT NULL,
	invited_by INTEGER REFERENCES user (id) ON DELETE CASCADE
);
INSERT INTO new_link_token (id, purpose, token_hash, user_id, organisation_id, email, role,
                            expires_at, used_at, created_at, invited_by)
SELECT id, purpose, token_hash, user_id, organisation_id, email, role,
       expires_at, used_at, created_at, invited_by
FROM link_token;
DROP TABLE link_token;
ALTER TABLE new_link_token RENAME TO link_token;
CREATE INDEX link_token_user ON link_token (user_id);
CREATE INDEX link_token_invite ON link_token (organisation_id, created_at) WHERE purpose = 'invite';
CREATE INDEX link_token_inviter ON link_token (invited_by) WHERE invited_by IS NOT NULL;

-- ---- supporter_grant (its id is in /org/supporters/{id}/revoke) --------------
CREATE TABLE new_supporter_grant (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	supporter_user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	access TEXT NOT NULL CHECK (access IN ('read', 'edit')),
	granted_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	granted_at INTEGER NOT NULL,
	revoked_at INTEGER
);
INSERT INTO new_supporter_grant (id, organisation_id, supporter_user_id, access, granted_by,
                                 granted_at, revoked_at)
SELECT id, organisation_id, supporter_user_id, access, granted_by, granted_at, revoked_at
FROM supporter_grant;
DROP TABLE supporter_grant;
ALTER TABLE new_supporter_grant RENAME TO supporter_grant;
CREATE UNIQUE INDEX supporter_grant_active ON supporter_grant (organisation_id, supporter_user_id)
	WHERE revoked_at IS NULL;
CREATE INDEX supporter_grant_supporter ON supporter_grant (supporter_user_id);
CREATE INDEX supporter_grant_organisation ON supporter_grant (organisation_id, granted_at);

-- ---- policy_version (what policy_publication.version_id points at) ----------
CREATE TABLE new_policy_version (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number >= 1),
	published_at INTEGER NOT NULL,
	published_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	lang TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
	preamble TEXT NOT NULL,
	commitment_1 TEXT NOT NULL,
	commitment_2 TEXT NOT NULL,
	commitment_3 TEXT NOT NULL,
	commitment_4 TEXT NOT NULL,
	commitment_5 TEXT NOT NULL,
	established_on TEXT NOT NULL,
	organisation_name TEXT NOT NULL,
	representative_title TEXT NOT NULL,
	representative_name TEXT NOT NULL,
	UNIQUE (organisation_id, number)
);
INSERT INTO new_policy_version (id, organisation_id, number, published_at, published_by, lang,
                                preamble, commitment_1, commitment_2, commitment_3, commitment_4,
                                commitment_5, established_on, organisation_name,
                                representative_title, representative_name)
SELECT id, organisation_id, number, published_at, published_by, lang,
       preamble, commitment_1, commitment_2, commitment_3, commitment_4,
       commitment_5, established_on, organisation_name,
       representative_title, representative_name
FROM policy_version;
DROP TABLE policy_version;
ALTER TABLE new_policy_version RENAME TO policy_version;
CREATE TRIGGER policy_version_immutable BEFORE UPDATE ON policy_version
BEGIN
	SELECT RAISE(ABORT, 'policy_version is immutable');
END;

-- ---- declaration -------------------------------------------------------------
CREATE TABLE new_declaration (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	public_id TEXT NOT NULL UNIQUE,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	org_name TEXT NOT NULL,
	org_name_kana TEXT NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	corporate_number TEXT NOT NULL DEFAULT '',
	level INTEGER NOT NULL CHECK (level IN (1, 2)),
	status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn', 'revoked')),
	declared_at INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	policy_url TEXT NOT NULL DEFAULT '',
	flagged INTEGER NOT NULL DEFAULT 0,
	flag_reasons TEXT NOT NULL DEFAULT '',
	declared_ip TEXT NOT NULL DEFAULT '',
	-- Private facts given at declaration (not shown by verification).
	address TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	-- Keys the review signals compare (core_declaration_name_key and
	-- core_declaration_address_key of the name and of prefecture + address).
	name_key TEXT NOT NULL DEFAULT '',
	address_key TEXT NOT NULL DEFAULT '',
	pending_corporate_number TEXT NOT NULL DEFAULT '',
	block_lifted_at INTEGER NOT NULL DEFAULT 0,
	block_lift_reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO new_declaration (id, public_id, organisation_id, org_name, org_name_kana, prefecture,
                             industry, corporate_number, level, status, declared_at, changed_at,
                             policy_url, flagged, flag_reasons, declared_ip, address,
                             contact_email, name_key, address_key, pending_corporate_number,
                             block_lifted_at, block_lift_reason)
SELECT id, public_id, organisation_id, org_name, org_name_kana, prefecture,
       industry, corporate_number, level, status, declared_at, changed_at,
       policy_url, flagged, flag_reasons, declared_ip, address,
       contact_email, name_key, address_key, pending_corporate_number,
       block_lifted_at, block_lift_reason
FROM declaration;
DROP TABLE declaration;
ALTER TABLE new_declaration RENAME TO declaration;
CREATE UNIQUE INDEX declaration_one_active ON declaration (organisation_id) WHERE status = 'active';
CREATE INDEX declaration_corporate_number ON declaration (corporate_number) WHERE corporate_number <> '';
CREATE INDEX declaration_search ON declaration (status, prefecture, level);
CREATE INDEX declaration_flagged ON declaration (declared_at) WHERE flagged = 1;
CREATE INDEX declaration_ip ON declaration (declared_ip, declared_at) WHERE declared_ip <> '';
CREATE INDEX declaration_address_key ON declaration (address_key) WHERE address_key <> '';
CREATE INDEX declaration_public_list
	ON declaration (status, org_name_kana, org_name, id, public_id, level, prefecture, industry);
CREATE INDEX declaration_organisation ON declaration (organisation_id, declared_at);

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
CREATE TRIGGER verification_change_declaration AFTER UPDATE ON declaration
BEGIN
	INSERT INTO verification_change (public_id) VALUES (NEW.public_id);
	INSERT INTO verification_change (public_id) SELECT OLD.public_id WHERE OLD.public_id <> NEW.public_id;
END;
CREATE TRIGGER verification_change_declaration_deleted AFTER DELETE ON declaration
BEGIN
	INSERT INTO verification_change (public_id) VALUES (OLD.public_id);
END;

-- ---- the triggers of other tables that name the rebuilt ones ------------------
CREATE TRIGGER declaration_organisation_deleted BEFORE DELETE ON organisation
BEGIN
	INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value, reason)
	SELECT id, CAST(strftime('%s', 'now') AS INTEGER), NULL, 'withdrawn', 'active', 'withdrawn', 'organisation_deleted'
	FROM declaration WHERE organisation_id = OLD.id AND status = 'active';
	UPDATE declaration SET status = 'withdrawn', changed_at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE organisation_id = OLD.id AND status = 'active';
END;
CREATE TRIGGER declaration_policy_unpublished AFTER DELETE ON policy_publication
BEGIN
	INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value, reason)
	SELECT id, CAST(strftime('%s', 'now') AS INTEGER), NULL, 'level', '2', '1', 'policy_unpublished'
	FROM declaration
	WHERE organisation_id = OLD.organisation_id AND status = 'active' AND level = 2;
	UPDATE declaration
	SET level = 1, policy_url = '', changed_at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE organisation_id = OLD.organisation_id AND status = 'active' AND level = 2;
END;
CREATE TRIGGER declaration_policy_moved AFTER UPDATE OF kind, url ON policy_publication
BEGIN
	UPDATE declaration
	SET policy_url = CASE NEW.kind
		WHEN 'hosted' THEN '/policy/' || (SELECT public_id FROM organisation WHERE id = NEW.organisation_id)
		ELSE NEW.url END
	WHERE organisation_id = NEW.organisation_id AND status = 'active' AND level = 2;
END;
CREATE TRIGGER verification_change_event AFTER INSERT ON declaration_event
BEGIN
	INSERT INTO verification_change (public_id) SELECT public_id FROM declaration WHERE id = NEW.declaration_id;
END;

-- ---- the largest id each table has given -------------------------------------
-- What the data still shows: the largest id now. (An id above it, given
-- to a row already deleted, left no trace SQLite kept; from here on every
-- id given is remembered.)
DELETE FROM sqlite_sequence
WHERE name IN ('organisation', 'user', 'link_token', 'supporter_grant', 'policy_version',
               'declaration');
INSERT INTO sqlite_sequence (name, seq)
SELECT 'organisation', coalesce(max(id), 0) FROM organisation
UNION ALL SELECT 'user', coalesce(max(id), 0) FROM user
UNION ALL SELECT 'link_token', coalesce(max(id), 0) FROM link_token
UNION ALL SELECT 'supporter_grant', coalesce(max(id), 0) FROM supporter_grant
UNION ALL SELECT 'policy_version', coalesce(max(id), 0) FROM policy_version
UNION ALL SELECT 'declaration', coalesce(max(id), 0) FROM declaration;
