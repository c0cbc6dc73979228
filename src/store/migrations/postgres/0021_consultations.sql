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
	user_id bigint PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	granted_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	granted_at bigint NOT NULL
);

CREATE TABLE responder (
	user_id bigint PRIMARY KEY REFERENCES supporter (user_id) ON DELETE CASCADE,
	active boolean NOT NULL DEFAULT TRUE,
	digest_sent_at bigint NOT NULL DEFAULT 0,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL
);
-- the digest's job reads the active responders whose last digest is a day old
CREATE INDEX responder_digest ON responder (digest_sent_at, user_id) WHERE active;
CREATE TABLE responder_skill (
	user_id bigint NOT NULL REFERENCES responder (user_id) ON DELETE CASCADE,
	category text NOT NULL,
	PRIMARY KEY (user_id, category)
);
CREATE INDEX responder_skill_category ON responder_skill (category, user_id);
CREATE TABLE responder_prefecture (
	user_id bigint NOT NULL REFERENCES responder (user_id) ON DELETE CASCADE,
	prefecture integer NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	PRIMARY KEY (user_id, prefecture)
);
CREATE INDEX responder_prefecture_prefecture ON responder_prefecture (prefecture, user_id);

CREATE TABLE consultation (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	organisation_id bigint REFERENCES organisation (id) ON DELETE CASCADE,
	opened_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	prefecture integer NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	category text NOT NULL CHECK (category IN ('malware', 'unauthorised_access', 'fraud', 'data_leak',
	                                          'how_to', 'scheme', 'other')),
	urgency text NOT NULL CHECK (urgency IN ('now', 'week', 'question')),
	question text NOT NULL,
	status text NOT NULL CHECK (status IN ('new', 'assigned', 'waiting', 'answered', 'closed')),
	responder_user_id bigint REFERENCES "user" (id) ON DELETE SET NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	assigned_at bigint,
	first_answer_at bigint,
	answered_at bigint,
	reminder_sent_at bigint,
	closed_at bigint,
	rating integer CHECK (rating BETWEEN 1 AND 5),
	rating_comment text NOT NULL DEFAULT ''
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
	consultation_id bigint NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	responder_user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	created_at bigint NOT NULL,
	PRIMARY KEY (consultation_id, responder_user_id)
);
CREATE INDEX consultation_offer_responder ON consultation_offer (responder_user_id, consultation_id);

CREATE TABLE consultation_participant (
	consultation_id bigint NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	added_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	added_at bigint NOT NULL,
	PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX consultation_participant_user ON consultation_participant (user_id);

CREATE TABLE consultation_message (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	consultation_id bigint NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	author_user_id bigint REFERENCES "user" (id) ON DELETE SET NULL,
	side text NOT NULL CHECK (side IN ('firm', 'responder')),
	body text NOT NULL,
	created_at bigint NOT NULL
);
CREATE INDEX consultation_message_thread ON consultation_message (consultation_id, id);

CREATE TABLE consultation_attachment (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	consultation_id bigint NOT NULL REFERENCES consultation (id) ON DELETE CASCADE,
	message_id bigint REFERENCES consultation_message (id) ON DELETE CASCADE,
	name text NOT NULL UNIQUE, -- random, the only name it is stored and served under
	filename text NOT NULL,    -- as the sender gave it, for display only
	content_type text NOT NULL,
	size bigint NOT NULL,
	data bytea NOT NULL,
	created_at bigint NOT NULL
);
CREATE INDEX consultation_attachment_consultation ON consultation_attachment (consultation_id, id);

-- The scheduled jobs (automatic closing, reminders, the responders'
-- digest) run in one instance at a time: the one holding the lease.
CREATE TABLE job_lease (
	name text PRIMARY KEY,
	leased_by text NOT NULL DEFAULT '',
	lease_until bigint NOT NULL DEFAULT 0
);
INSERT INTO job_lease (name) VALUES ('consultations');
