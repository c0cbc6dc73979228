-- 0029: communities, their events with registration, and training records
-- (/communities, /events, issue 19).
--
-- A community has a region (prefectures as bits, bit (code - 1), as the
-- experts directory keeps them: one predicate on one row) or an industry
-- focus (a track name such as clinics and pharmacies), organisers who run
-- it and members who joined it, openly or by a request an organiser
-- approved. An event belongs to one community; its registrations hold the
-- places (confirmed) and the waiting list (waiting, in id order); a
-- cancelled registration stays for the record. Attendance marked on a
-- supporters' training, or a completed study programme, becomes a
-- training record with a public verification code.
--
-- AUTOINCREMENT: community, event, material, programme and record ids are
-- in addresses and are never given again after a deletion.
CREATE TABLE community (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	prefectures INTEGER NOT NULL DEFAULT 0 CHECK (prefectures >= 0 AND prefectures < 140737488355328),
	industry TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	join_policy TEXT NOT NULL CHECK (join_policy IN ('open', 'request')),
	created_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (prefectures <> 0 OR industry <> '')
);
CREATE INDEX community_name ON community (name, id);

CREATE TABLE community_organiser (
	community_id INTEGER NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	added_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_organiser_user ON community_organiser (user_id);

-- show_name: the member agreed that other members see their name.
CREATE TABLE community_member (
	community_id INTEGER NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('pending', 'active')),
	show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),
	display_name TEXT NOT NULL DEFAULT '',
	requested_at INTEGER NOT NULL,
	joined_at INTEGER,
	PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_member_user ON community_member (user_id);
CREATE INDEX community_member_list ON community_member (community_id, status, requested_at);

-- A study programme: several sessions (events with programme_id) and a
-- completion rule: required sessions attended (0: all of them).
CREATE TABLE training_programme (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	community_id INTEGER NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	required INTEGER NOT NULL DEFAULT 0 CHECK (required >= 0),
	created_at INTEGER NOT NULL
);
CREATE INDEX training_programme_community ON training_programme (community_id, id);

-- starts_at: UTC seconds; shown and exported in Japan time. online_url is
-- given only to registered attendees. audience 'track' names its track.
CREATE TABLE event (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	community_id INTEGER NOT NULL REFERENCES community (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('seminar', 'workshop', 'tabletop', 'study_session',
	                                   'supporter_training')),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	co_organisers TEXT NOT NULL DEFAULT '',
	starts_at INTEGER NOT NULL,
	duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 10080),
	place TEXT NOT NULL DEFAULT '',
	prefecture INTEGER NOT NULL DEFAULT 0 CHECK (prefecture BETWEEN 0 AND 47),
	online_url TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
	registration_opens_at INTEGER NOT NULL,
	registration_closes_at INTEGER NOT NULL,
	audience TEXT NOT NULL CHECK (audience IN ('anyone', 'members', 'supporters', 'track')),
	track TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL CHECK (language IN ('ja', 'en')),
	programme_id INTEGER REFERENCES training_programme (id) ON DELETE SET NULL,
	sequence INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (place <> '' OR online_url <> ''),
	CHECK (registration_opens_at <= registration_closes_at)
);
CREATE INDEX event_starts ON event (starts_at, id);
CREATE INDEX event_community ON event (community_id, starts_at);
CREATE INDEX event_programme ON event (programme_id);

CREATE TABLE event_registration (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
	registered_at INTEGER NOT NULL,
	promoted_at INTEGER,
	cancelled_at INTEGER,
	attended INTEGER CHECK (attended IN (0, 1)),
	reminded_at INTEGER
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
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	name TEXT NOT NULL UNIQUE, -- random, the only name it is stored and served under
	filename TEXT NOT NULL,    -- as the organiser gave it, for display only
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX event_material_event ON event_material (event_id, id);

-- One record per completed training: an event (supporters' training) or a
-- programme. code: the random part of its certificate's verification URL.
CREATE TABLE training_record (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	event_id INTEGER REFERENCES event (id) ON DELETE CASCADE,
	programme_id INTEGER REFERENCES training_programme (id) ON DELETE CASCADE,
	code TEXT NOT NULL UNIQUE,
	completed_at INTEGER NOT NULL,
	CHECK ((event_id IS NULL) <> (programme_id IS NULL))
);
CREATE UNIQUE INDEX training_record_event ON training_record (user_id, event_id)
	WHERE event_id IS NOT NULL;
CREATE INDEX training_record_user ON training_record (user_id, completed_at);
CREATE UNIQUE INDEX training_record_programme ON training_record (user_id, programme_id)
	WHERE programme_id IS NOT NULL;

-- A supporter who chose to show their completed trainings publicly.
CREATE TABLE training_public (
	user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
	chosen_at INTEGER NOT NULL
);

INSERT INTO job_lease (name) VALUES ('event_reminders');

-- A message may carry one file (an event's calendar entry, text/calendar):
-- none when attachment_name is ''.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment TEXT NOT NULL DEFAULT '';
