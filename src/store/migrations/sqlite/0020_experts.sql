-- 0020: the experts directory (/experts). A signed-in user (a registered
-- security specialist, a security presenter, another expert) writes one
-- profile with consent to publish it; an administrator approves it (or
-- rejects it with a reason); only approved profiles are public, and any
-- change by its author sends it back to review.
--
-- prefectures: bit (code - 1) for each prefecture covered (47 bits);
-- skills: bit i for core/help.h's help_categories[i]; languages: bit i
-- for core/experts.h's expert_languages[i]. Bits keep a search by
-- prefecture and skill one predicate on one row ((prefectures & $1) <> 0),
-- with no table per list; the directory holds thousands of rows, not
-- millions, and the public list reads it by (status, id).
--
-- AUTOINCREMENT: the id is in the address /experts/{id} and is never
-- given to another profile after a deletion.
CREATE TABLE expert (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL UNIQUE REFERENCES user (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('security_specialist', 'security_presenter', 'other')),
	qualifications TEXT NOT NULL,
	introduction TEXT NOT NULL DEFAULT '',
	prefectures INTEGER NOT NULL CHECK (prefectures > 0 AND prefectures < 140737488355328),
	skills INTEGER NOT NULL CHECK (skills > 0 AND skills < 128),
	languages INTEGER NOT NULL CHECK (languages > 0 AND languages < 64),
	takes_consultations INTEGER NOT NULL CHECK (takes_consultations IN (0, 1)),
	status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
	reject_reason TEXT NOT NULL DEFAULT '',
	consented_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	reviewed_at INTEGER,
	reviewed_by INTEGER REFERENCES user (id) ON DELETE SET NULL
);

CREATE INDEX expert_status ON expert (status, id);
