-- 0029: communities, events and training records. See the SQLite migration of
-- the same number for what the tables and columns mean.
CREATE TABLE community (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name text NOT NULL,
	prefectures bigint NOT NULL DEFAULT 0 CHECK (prefectures >= 0 AND prefectures < 140737488355328),
	industry text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	join_policy text NOT NULL CHECK (join_policy IN ('open', 'request')),
	created_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	CHECK (prefectures <> 0 OR industry <> '')
);
CREATE INDEX community_name ON community (name, id);

CREATE TABLE community_organiser (
	community_id bigint NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	added_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	added_at bigint NOT NULL,
	PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_organiser_user ON community_organiser (user_id);

-- show_name: the member agreed that other members see their name.
CREATE TABLE community_member (
	community_id bigint NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	organisation_id bigint REFERENCES organisation (id) ON DELETE SET NULL,
	status text NOT NULL CHECK (status IN ('pending', 'active')),
	show_name boolean NOT NULL DEFAULT FALSE,
	display_name text NOT NULL DEFAULT '',
	requested_at bigint NOT NULL,
	joined_at bigint,
	PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_member_user ON community_member (user_id);
CREATE INDEX community_member_list ON community_member (community_id, status, requested_at);

-- A study programme: several sessions (events with programme_id) and a
-- completion rule: required sessions attended (0: all of them).
CREATE TABLE training_programme (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	community_id bigint NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	title text NOT NULL,
	required bigint NOT NULL DEFAULT 0 CHECK (required >= 0),
	created_at bigint NOT NULL
);
CREATE INDEX training_programme_community ON training_programme (community_id, id);

-- starts_at: UTC seconds; shown and exported in Japan time. online_url is
-- given only to registered attendees. audience 'track' names its track.
CREATE TABLE event (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	community_id bigint NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	kind text NOT NULL CHECK (kind IN ('seminar', 'workshop', 'tabletop', 'study_session',
	                                   'supporter_training')),
	title text NOT NULL,
	description text NOT NULL DEFAULT '',
	co_organisers text NOT NULL DEFAULT '',
	starts_at bigint NOT NULL,
	duration_minutes bigint NOT NULL CHECK (duration_minutes BETWEEN 1 AND 10080),
	place text NOT NULL DEFAULT '',
	prefecture bigint NOT NULL DEFAULT 0 CHECK (prefecture BETWEEN 0 AND 47),
	online_url text NOT NULL DEFAULT '',
	capacity bigint NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
	registration_opens_at bigint NOT NULL,
	registration_closes_at bigint NOT NULL,
	audience text NOT NULL CHECK (audience IN ('anyone', 'members', 'supporters', 'track')),
	track text NOT NULL DEFAULT '',
	language text NOT NULL CHECK (language IN ('ja', 'en')),
	programme_id bigint REFERENCES training_programme (id) ON DELETE SET NULL,
	sequence bigint NOT NULL DEFAULT 0,
	created_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	CHECK (place <> '' OR online_url <> ''),
	CHECK (registration_opens_at <= registration_closes_at)
);
CREATE INDEX event_starts ON event (starts_at, id);
CREATE INDEX event_community ON event (community_id, starts_at);
CREATE INDEX event_programme ON event (programme_id);

CREATE TABLE event_registration (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id bigint NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	organisation_id bigint REFERENCES organisation (id) ON DELETE SET NULL,
	status text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
	registered_at bigint NOT NULL,
	promoted_at bigint,
	cancelled_at bigint,
	attended boolean,
	reminded_at bigint
);
CREATE UNIQUE INDEX event_registration_active ON event_registration (event_id, user_id)
	WHERE status <> 'cancelled';
CREATE INDEX event_registration_event ON event_registration (event_id, status, id);
CREATE INDEX event_registration_user ON event_registration (user_id, id);
-- the places not reminded yet (the reminder of the day before)
CREATE INDEX event_registration_remind ON event_registration (event_id)
	WHERE status = 'confirmed' AND reminded_at IS NULL;

-- Files given after the event, under the upload rules of consultations.
CREATE TABLE event_material (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id bigint NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	name text NOT NULL UNIQUE, -- random, the only name it is stored and served under
	filename text NOT NULL,    -- as the organiser gave it, for display only
	content_type text NOT NULL,
	size bigint NOT NULL,
	data bytea NOT NULL,
	created_at bigint NOT NULL
);
CREATE INDEX event_material_event ON event_material (event_id, id);

-- One record per completed training: an event (supporters' training) or a
-- programme. code: the random part of its certificate's verification URL.
CREATE TABLE training_record (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	event_id bigint REFERENCES event (id) ON DELETE CASCADE,
	programme_id bigint REFERENCES training_programme (id) ON DELETE CASCADE,
	code text NOT NULL UNIQUE,
	completed_at bigint NOT NULL,
	CHECK ((event_id IS NULL) <> (programme_id IS NULL))
);
CREATE UNIQUE INDEX training_record_event ON training_record (user_id, event_id)
	WHERE event_id IS NOT NULL;
CREATE INDEX training_record_user ON training_record (user_id, completed_at);
CREATE UNIQUE INDEX training_record_programme ON training_record (user_id, programme_id)
	WHERE programme_id IS NOT NULL;

-- A supporter who chose to show their completed trainings publicly.
CREATE TABLE training_public (
	user_id bigint PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	chosen_at bigint NOT NULL
);

INSERT INTO job_lease (name) VALUES ('event_reminders');

-- A message may carry one file (an event's calendar entry, text/calendar):
-- none when attachment_name is ''.
ALTER TABLE outbox ADD COLUMN attachment_name text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment_type text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment text NOT NULL DEFAULT '';
