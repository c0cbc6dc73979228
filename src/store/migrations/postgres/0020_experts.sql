-- 0020: the experts directory (/experts). See the SQLite migration of the
-- same number for what the columns mean.
CREATE TABLE expert (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id bigint NOT NULL UNIQUE REFERENCES "user" (id) ON DELETE CASCADE,
	name text NOT NULL,
	kind text NOT NULL CHECK (kind IN ('security_specialist', 'security_presenter', 'other')),
	qualifications text NOT NULL,
	introduction text NOT NULL DEFAULT '',
	prefectures bigint NOT NULL CHECK (prefectures > 0 AND prefectures < 140737488355328),
	skills bigint NOT NULL CHECK (skills > 0 AND skills < 128),
	languages bigint NOT NULL CHECK (languages > 0 AND languages < 64),
	takes_consultations boolean NOT NULL,
	status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
	reject_reason text NOT NULL DEFAULT '',
	consented_at bigint NOT NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	reviewed_at bigint,
	reviewed_by bigint REFERENCES "user" (id) ON DELETE SET NULL
);

CREATE INDEX expert_status ON expert (status, id);
