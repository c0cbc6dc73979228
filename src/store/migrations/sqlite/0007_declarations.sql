-- 0007: declarations (★ / ★★), their history and the facts verification
-- shows. A declaration copies the public facts of its organisation
-- (name, kana, prefecture, industry, corporate number) when it is made and
-- on every change of details, so that a verifier still gets an answer after
-- the organisation is deleted (organisation_id then becomes NULL).
--
-- Invariants:
--   * public_id is issued once (core_declaration_id_make) and never reused:
--     rows are never deleted by the program.
--   * at most one active declaration per organisation (declaration_one_active).
--   * every change of status, level or details writes a declaration_event in
--     the same transaction.
CREATE TABLE declaration (
	id INTEGER PRIMARY KEY,
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
	address_key TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX declaration_one_active ON declaration (organisation_id) WHERE status = 'active';
CREATE INDEX declaration_corporate_number ON declaration (corporate_number) WHERE corporate_number <> '';
CREATE INDEX declaration_search ON declaration (status, prefecture, level);
-- Review queue, newest first.
CREATE INDEX declaration_flagged ON declaration (declared_at) WHERE flagged = 1;
-- "Many declarations from one address within 24 hours".
CREATE INDEX declaration_ip ON declaration (declared_ip, declared_at) WHERE declared_ip <> '';
-- "Very similar name at the same address".
CREATE INDEX declaration_address_key ON declaration (address_key) WHERE address_key <> '';

CREATE TABLE declaration_event (
	id INTEGER PRIMARY KEY,
	declaration_id INTEGER NOT NULL REFERENCES declaration (id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	actor_user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	kind TEXT NOT NULL CHECK (kind IN ('declared', 'level', 'details', 'withdrawn', 'revoked', 'flag_cleared')),
	from_value TEXT NOT NULL DEFAULT '',
	to_value TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX declaration_event_declaration ON declaration_event (declaration_id, at);
CREATE INDEX declaration_event_actor ON declaration_event (actor_user_id) WHERE actor_user_id IS NOT NULL;

-- The sequence behind public ids: core_declaration_id_make(last) for the
-- next one. A counter of its own (not max(id) + 1) so that a number is
-- never issued twice, even if rows were removed by hand.
CREATE TABLE declaration_sequence (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last INTEGER NOT NULL CHECK (last >= 0)
);
INSERT INTO declaration_sequence (id, last) VALUES (1, 0);

-- An organisation that is deleted cannot keep declaring: its active
-- declaration is withdrawn (BEFORE, so that the row still names the
-- organisation) and stays verifiable as withdrawn.
CREATE TRIGGER declaration_organisation_deleted BEFORE DELETE ON organisation
BEGIN
	INSERT INTO declaration_event (declaration_id, at, actor_user_id, kind, from_value, to_value, reason)
	SELECT id, CAST(strftime('%s', 'now') AS INTEGER), NULL, 'withdrawn', 'active', 'withdrawn', 'organisation_deleted'
	FROM declaration WHERE organisation_id = OLD.id AND status = 'active';
	UPDATE declaration SET status = 'withdrawn', changed_at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE organisation_id = OLD.id AND status = 'active';
END;

-- A ★★ declaration needs a published policy: when the publication row goes
-- (unpublished, or the organisation deleted), the active ★★ declaration of
-- that organisation drops to ★ and the change is recorded. The event is
-- written first, while the row still has level 2.
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

-- A policy published again in another way (hosted ↔ external, another
-- URL) keeps a ★★ declaration pointing at where the policy is now.
CREATE TRIGGER declaration_policy_moved AFTER UPDATE OF kind, url ON policy_publication
BEGIN
	UPDATE declaration
	SET policy_url = CASE NEW.kind
		WHEN 'hosted' THEN '/policy/' || (SELECT public_id FROM organisation WHERE id = NEW.organisation_id)
		ELSE NEW.url END
	WHERE organisation_id = NEW.organisation_id AND status = 'active' AND level = 2;
END;
