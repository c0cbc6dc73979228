-- 0009: the change log behind the verification cache (web/verify_cache.c).
-- Every change to a declaration or to its history appends the
-- declaration's public ID here, by trigger, so that no code path (and no
-- other process sharing the database) can forget to; each serving process
-- reads the log from where it last stopped and drops what it keeps in
-- memory for exactly those IDs. Only reads follow from a verification:
-- the log is written by the writes that change what verification shows.
--
-- PostgreSQL dialect of migrations/sqlite/0009.
--
-- seq increases by one per entry and is never reused. The log keeps its
-- newest 100,000 entries; a process that has fallen further behind sees
-- the gap and empties its cache instead.
--
-- A reader that has seen entry N must never later find an entry below N
-- appear: SQLite gets that from its single writer. Here, a transaction
-- takes the log's lock before it appends (a transaction-scoped advisory
-- lock, held until it commits or rolls back), so entries are numbered in
-- the order their transactions commit. Transactions that change
-- declarations therefore commit one at a time; others are not affected.
CREATE TABLE verification_change (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id text NOT NULL
);

-- The lock's key: any constant the program uses for nothing else.
CREATE FUNCTION verification_change_append(changed_public_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7243410925370310409);
	INSERT INTO verification_change (public_id) VALUES (changed_public_id);
END $$;

CREATE FUNCTION verification_change_trim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM verification_change WHERE seq <= NEW.seq - 100000;
	RETURN NULL;
END $$;
CREATE TRIGGER verification_change_trim AFTER INSERT ON verification_change
	FOR EACH ROW EXECUTE FUNCTION verification_change_trim();

CREATE FUNCTION verification_change_declaration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM verification_change_append(OLD.public_id);
		RETURN NULL;
	END IF;
	PERFORM verification_change_append(NEW.public_id);
	IF OLD.public_id <> NEW.public_id THEN
		PERFORM verification_change_append(OLD.public_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER verification_change_declaration AFTER UPDATE ON declaration
	FOR EACH ROW EXECUTE FUNCTION verification_change_declaration();
CREATE TRIGGER verification_change_declaration_deleted AFTER DELETE ON declaration
	FOR EACH ROW EXECUTE FUNCTION verification_change_declaration();

CREATE FUNCTION verification_change_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM verification_change_append(public_id) FROM declaration WHERE id = NEW.declaration_id;
	RETURN NULL;
END $$;
CREATE TRIGGER verification_change_event AFTER INSERT ON declaration_event
	FOR EACH ROW EXECUTE FUNCTION verification_change_event();
