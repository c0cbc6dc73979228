-- 0025: the management self-check on the ten directives (DOMAIN.md §5) —
-- answers in progress (drafts) and submitted results with their answers
-- per question, as 0005 keeps them for the 25-item self-assessment.
--
-- A draft belongs to exactly one of: an organisation (shared by its
-- members), a signed-in user without an organisation, or an anonymous
-- visitor known only by the hash of a random cookie until expires_at.
-- submit_token is repeated by the "submit" form: a second press finds the
-- result the first one made (UNIQUE on management_result.submit_token).
--
-- An answer is a maturity level '0'–'5' or 'dont_know' (scored 0 and
-- counted apart). Questions are numbered 1–60 across the ten directives
-- by the content version (content/management/vN/meta.json), which the
-- draft and the result name.
CREATE TABLE management_draft (
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
CREATE INDEX management_draft_expiry ON management_draft (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE management_draft_answer (
	draft_id INTEGER NOT NULL REFERENCES management_draft (id) ON DELETE CASCADE,
	question INTEGER NOT NULL CHECK (question BETWEEN 1 AND 60),
	answer TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', '4', '5', 'dont_know')),
	PRIMARY KEY (draft_id, question)
) WITHOUT ROWID;

-- A submitted management self-check; never changed afterwards except to
-- move it from an anonymous token to an organisation. Scores are in
-- hundredths of a maturity level (0–500), those of core_management_score()
-- over the answers of the content version it names: overall the mean of
-- the ten directives, d1…d10 the mean maturity of each directive's
-- questions; dont_know the number of questions answered "don't know".
-- They are kept so that the history, the previous result and the
-- benchmarks read one row per result. The id reaches addresses and
-- caches, so it is never given twice (AUTOINCREMENT).
CREATE TABLE management_result (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
	token_hash BLOB,
	expires_at INTEGER,
	user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	version TEXT NOT NULL,
	taken_at INTEGER NOT NULL,
	overall INTEGER NOT NULL CHECK (overall BETWEEN 0 AND 500),
	dont_know INTEGER NOT NULL CHECK (dont_know >= 0),
	d1 INTEGER NOT NULL CHECK (d1 BETWEEN 0 AND 500),
	d2 INTEGER NOT NULL CHECK (d2 BETWEEN 0 AND 500),
	d3 INTEGER NOT NULL CHECK (d3 BETWEEN 0 AND 500),
	d4 INTEGER NOT NULL CHECK (d4 BETWEEN 0 AND 500),
	d5 INTEGER NOT NULL CHECK (d5 BETWEEN 0 AND 500),
	d6 INTEGER NOT NULL CHECK (d6 BETWEEN 0 AND 500),
	d7 INTEGER NOT NULL CHECK (d7 BETWEEN 0 AND 500),
	d8 INTEGER NOT NULL CHECK (d8 BETWEEN 0 AND 500),
	d9 INTEGER NOT NULL CHECK (d9 BETWEEN 0 AND 500),
	d10 INTEGER NOT NULL CHECK (d10 BETWEEN 0 AND 500),
	submit_token TEXT NOT NULL UNIQUE,
	CHECK ((organisation_id IS NULL) <> (token_hash IS NULL)),
	CHECK ((token_hash IS NULL) = (expires_at IS NULL))
);
-- An organisation's history, oldest first, and "the result before this one".
CREATE INDEX management_result_organisation ON management_result (organisation_id, taken_at, id)
	WHERE organisation_id IS NOT NULL;
CREATE INDEX management_result_token ON management_result (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX management_result_expiry ON management_result (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX management_result_user ON management_result (user_id);

CREATE TABLE management_result_answer (
	result_id INTEGER NOT NULL REFERENCES management_result (id) ON DELETE CASCADE,
	question INTEGER NOT NULL CHECK (question BETWEEN 1 AND 60),
	answer TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', '4', '5', 'dont_know')),
	PRIMARY KEY (result_id, question)
) WITHOUT ROWID;
