-- 0021: consultations. A firm (or a signed-in person without one) asks a
-- question; supporters who opt in as responders (their skills are the
-- categories, their region the prefectures they cover) are offered it, the
-- first to accept answers it; desk staff see the queue and assign it.
--
-- Who may read a consultation: the members of its organisation (or, with
-- none, the person who opened it), the assigned responder, the supporters
-- the firm added (consultation_participant) and desk staff. Attachments
-- are kept in the database under a random name (never the sender's file
-- name, which is shown only), so that they go with the consultation when
-- it is deleted and every instance on one database serves them.
CREATE TABLE desk_staff (
	user_id INTEGER PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	granted_by INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
	granted_at INTEGER NOT NULL
);

CREATE TABLE responder (
	user_id INTEGER PRIMARY KEY REFERENCES supporter (user_id) ON DELETE CASCADE,
	active INTEGER NOT NULL DEFAULT 1,
	digest_sent_at INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
-- the digest's job reads the active responders whose last digest is a day old
CREATE INDEX responder_digest ON responder (digest_sent_at, user_id) WHERE active;
CREATE TABLE responder_skill (
	user_id INTEGER NOT NULL REFERENCES responder (user_id) ON DELETE CASCADE,
	category TEXT NOT NULL,
	PRIMARY KEY (user_id, category)
);
CREATE INDEX responder_skill_category ON responder_skill (category, user_id);
CREATE TABLE responder_prefecture (
	user_id INTEGER NOT NULL REFERENCES responder (user_id) ON DELETE CASCADE,
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	PRIMARY KEY (user_id, prefecture)
);
CREATE INDEX responder_prefecture_prefecture ON responder_prefecture (prefecture, user_id);

CREATE TABLE consultation (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
	opened_by INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	category TEXT NOT NULL CHECK (category IN ('malware', 'unauthorised_access', 'fraud', 'data_leak',
	                                          'how_to', 'scheme', 'other')),
	urgency TEXT NOT NULL CHECK (urgency IN ('now', 'week', 'question')),
	question TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'waiting', 'answered', 'closed')),
	responder_user_id INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	assigned_at INTEGER,
	first_answer_at INTEGER,
	answered_at INTEGER,
	reminder_sent_at INTEGER,
	closed_at INTEGER,
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),
	rating_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultation_organisation ON consultation (organisation_id, id);
CREATE INDEX consultation_opener ON consultation (opened_by, id) WHERE organisation_id IS NULL;
CREATE INDEX consultation_responder ON consultation (responder_user_id, id);
CREATE INDEX consultation_status ON consultation (status, created_at);
-- the desk reads the open consultations only (the queue, the counts by category and region)
CREATE INDEX consultation_open ON consultation (category, prefecture, created_at) WHERE status <> 'closed';
CREATE INDEX consultation_created ON consultation (created_at);
CREATE INDEX consultation_closed ON consultation (closed_at) WHERE closed_at IS NOT NULL;
-- the job's answered consultations, by the time of their answer
CREATE INDEX consultation_answered ON consultation (answered_at) WHERE status = 'answered';

CREATE TABLE consultation_offer (
	consultation_id INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	responder_user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (consultation_id, responder_user_id)
);
CREATE INDEX consultation_offer_responder ON consultation_offer (responder_user_id, consultation_id);

CREATE TABLE consultation_participant (
	consultation_id INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	added_by INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX consultation_participant_user ON consultation_participant (user_id);

CREATE TABLE consultation_message (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	consultation_id INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	author_user_id INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
	side TEXT NOT NULL CHECK (side IN ('firm', 'responder')),
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX consultation_message_thread ON consultation_message (consultation_id, id);

CREATE TABLE consultation_attachment (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	consultation_id INTEGER NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	message_id INTEGER REFERENCES consultation_message (id) ON DELETE CASCADE,
	name TEXT NOT NULL UNIQUE, -- random, the only name it is stored and served under
	filename TEXT NOT NULL,    -- as the sender gave it, for display only
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX consultation_attachment_consultation ON consultation_attachment (consultation_id, id);

-- The scheduled jobs (automatic closing, reminders, the responders'
-- digest) run in one instance at a time: the one holding the lease.
CREATE TABLE job_lease (
	name TEXT PRIMARY KEY,
	leased_by TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO job_lease (name) VALUES ('consultations');
