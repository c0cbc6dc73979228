-- 0009: the change log behind the verification cache (web/verify_cache.c).
-- Every change to a declaration or to its history appends the
-- declaration's public ID here, by trigger, so that no code path (and no
-- other process sharing the database) can forget to; each serving process
-- reads the log from where it last stopped and drops what it keeps in
-- memory for exactly those IDs. Only reads follow from a verification:
-- the log is written by the writes that change what verification shows.
--
-- seq increases by one per entry (INTEGER PRIMARY KEY, never reused while
-- the newest row stays). The log keeps its newest 100,000 entries; a
-- process that has fallen further behind sees the gap and empties its
-- cache instead.
CREATE TABLE verification_change (
	seq INTEGER PRIMARY KEY,
	public_id TEXT NOT NULL
);

CREATE TRIGGER verification_change_trim AFTER INSERT ON verification_change
BEGIN
	DELETE FROM verification_change WHERE seq <= NEW.seq - 100000;
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

CREATE TRIGGER verification_change_event AFTER INSERT ON declaration_event
BEGIN
	INSERT INTO verification_change (public_id) SELECT public_id FROM declaration WHERE id = NEW.declaration_id;
END;
