-- 0005: the 25-item self-assessment — answers in progress (drafts) and
-- submitted results with their answers per item.
--
-- A draft belongs to exactly one of: an organisation (shared by its
-- members), a signed-in user without an organisation, or an anonymous
-- visitor known only by the hash of a random cookie (token_hash, as for
-- sessions) until expires_at. submit_token is repeated by the "submit"
-- form: a double click or a resubmitted form finds the result it already
-- made (the UNIQUE index on assessment_result.submit_token) instead of
-- making a second one.
CREATE TABLE assessment_draft (
	id INTEGER PRIMARY KEY,
	organisation_id INTEGER UNIQUE REFERENCES organisation (id) ON DELETE CASCADE,
	user_id INTEGER UNIQUE REFERENCES user (id) ON DELETE CASCADE,
	token_hash BLOB UNIQUE,
	expires_at INTEGER,
	version TEXT NOT NULL,
	submit_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((organisation_id IS NOT NULL) + (user_id IS NOT NULL) + (token_hash IS NOT NULL) = 1),
	CHECK ((token_hash IS NULL) = (expires_at IS NULL))
);
-- Expired anonymous drafts are deleted by time.
CREATE INDEX assessment_draft_expiry ON assessment_draft (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE assessment_draft_answer (
	draft_id INTEGER NOT NULL REFERENCES assessment_draft (id) ON DELETE CASCADE,
	item INTEGER NOT NULL CHECK (item BETWEEN 1 AND 25),
	answer TEXT NOT NULL CHECK (answer IN ('done', 'partly', 'not_done', 'dont_know')),
	PRIMARY KEY (draft_id, item)
) WITHOUT ROWID;

-- A submitted assessment; never changed afterwards. It belongs to an
-- organisation, or (taken anonymously and not yet attached at log-in) to
-- the cookie hash until expires_at. user_id: who took it (NULL when
-- anonymous, or after that user was deleted). The scores are those of
-- core_assessment_score() over the answers, kept so that the history is
-- one index read.
CREATE TABLE assessment_result (
	id INTEGER PRIMARY KEY,
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
-- An organisation's history, oldest first, and "the result before this one".
CREATE INDEX assessment_result_organisation ON assessment_result (organisation_id, taken_at, id)
	WHERE organisation_id IS NOT NULL;
CREATE INDEX assessment_result_token ON assessment_result (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX assessment_result_expiry ON assessment_result (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX assessment_result_user ON assessment_result (user_id);

CREATE TABLE assessment_result_answer (
	result_id INTEGER NOT NULL REFERENCES assessment_result (id) ON DELETE CASCADE,
	item INTEGER NOT NULL CHECK (item BETWEEN 1 AND 25),
	answer TEXT NOT NULL CHECK (answer IN ('done', 'partly', 'not_done', 'dont_know')),
	PRIMARY KEY (result_id, item)
) WITHOUT ROWID;
