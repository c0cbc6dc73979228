-- 0017: a submitted assessment's id is never given to another result.
--
-- assessment_result.id was an INTEGER PRIMARY KEY without AUTOINCREMENT,
-- and SQLite then gives a new row the largest id + 1: when the newest
-- result was deleted (its organisation deleted, an anonymous result
-- purged), the next result got its id, and with it its address
-- /assessment/results/{id} and whatever was kept under that id (the
-- rendered result in web/render_cache.c). With AUTOINCREMENT the largest id
-- ever given is remembered in sqlite_sequence and never given again.
--
-- SQLite cannot add AUTOINCREMENT to a table, so the table is made again:
-- the old one is renamed (which points the answers' foreign key at the
-- renamed table), the new one filled from it, the answers moved to a
-- table that points at the new one, then the old tables and their indexes
-- dropped and the indexes made again. Foreign keys stay on throughout:
-- nothing is deleted by cascade, because when the old result table is
-- dropped no table points at it any more.
ALTER TABLE assessment_result RENAME TO assessment_result_old;

CREATE TABLE assessment_result (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
	token_hash BLOB,
	expires_at INTEGER,
	user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	version TEXT NOT NULL,
	taken_at INTEGER NOT NULL,
	total INTEGER NOT NULL CHECK (total BETWEEN -25 AND 100),
	part1 INTEGER NOT NULL,
	part2 INTEGER NOT NULL,
	part3 INTEGER NOT NULL,
	submit_token TEXT NOT NULL UNIQUE,
	CHECK ((organisation_id IS NULL) <> (token_hash IS NULL)),
	CHECK ((token_hash IS NULL) = (expires_at IS NULL))
);
INSERT INTO assessment_result (id, organisation_id, token_hash, expires_at, user_id, version,
                               taken_at, total, part1, part2, part3, submit_token)
SELECT id, organisation_id, token_hash, expires_at, user_id, version,
       taken_at, total, part1, part2, part3, submit_token
FROM assessment_result_old;

ALTER TABLE assessment_result_answer RENAME TO assessment_result_answer_old;
CREATE TABLE assessment_result_answer (
	result_id INTEGER NOT NULL REFERENCES assessment_result (id) ON DELETE CASCADE,
	item INTEGER NOT NULL CHECK (item BETWEEN 1 AND 25),
	answer TEXT NOT NULL CHECK (answer IN ('done', 'partly', 'not_done', 'dont_know')),
	PRIMARY KEY (result_id, item)
) WITHOUT ROWID;
INSERT INTO assessment_result_answer (result_id, item, answer)
SELECT result_id, item, answer FROM assessment_result_answer_old;

DROP TABLE assessment_result_answer_old;
DROP TABLE assessment_result_old;

CREATE INDEX assessment_result_organisation ON assessment_result (organisation_id, taken_at, id)
	WHERE organisation_id IS NOT NULL;
CREATE INDEX assessment_result_token ON assessment_result (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX assessment_result_expiry ON assessment_result (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX assessment_result_user ON assessment_result (user_id);
