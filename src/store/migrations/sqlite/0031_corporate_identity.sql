-- 0031: the identity of firms (issue 21). The National Tax Agency's
-- corporate-number data, loaded by `mamori corp import`, and how an
-- organisation proved that it is the firm its corporate number names.
--
-- organisation.identity: 'unverified' (the number was typed), 'letter' (the
-- owner typed the one-time code of a letter posted to the registered head
-- office), 'business_id' (an owner signed in through the national business
-- ID provider, whose claims carried the number). identity_source says by
-- what (the letter, the provider's issuer), identity_at when. A change of
-- corporate number brings the level back to 'unverified' (store/org.c).
-- registered_name: the name the Agency's data gives for the
-- organisation's number when it was last saved ('' when the data has
-- none), kept beside the name the owner typed (a trading name).
ALTER TABLE organisation ADD COLUMN identity TEXT NOT NULL DEFAULT 'unverified'
	CHECK (identity IN ('unverified', 'letter', 'business_id'));
ALTER TABLE organisation ADD COLUMN identity_source TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN identity_at INTEGER;
ALTER TABLE organisation ADD COLUMN registered_name TEXT NOT NULL DEFAULT '';

-- Verification shows the level and the registered name: a change to
-- either is a change to what verification shows of every declaration of
-- the organisation (migration 0009's log).
CREATE TRIGGER verification_change_identity
	AFTER UPDATE OF identity, registered_name ON organisation
	WHEN OLD.identity <> NEW.identity OR OLD.registered_name <> NEW.registered_name
BEGIN
	INSERT INTO verification_change (public_id)
		SELECT public_id FROM declaration WHERE organisation_id = NEW.id;
END;

-- The latest state of each corporate number in the Agency's files (the
-- Unicode edition's columns, core/corp_csv.h). A row replaces the one
-- kept when its (update_date, latest, sequence) is not lower: a file read
-- twice changes nothing, and an older difference file read after a newer
-- one does not undo it. Dates 'YYYY-MM-DD' ('' when empty); codes as the
-- Agency writes them ('01', '301'); postal_code 7 digits or ''.
CREATE TABLE corporate_record (
	corporate_number TEXT PRIMARY KEY CHECK (length(corporate_number) = 13),
	sequence INTEGER NOT NULL,
	process TEXT NOT NULL,
	correction INTEGER NOT NULL,
	update_date TEXT NOT NULL,
	change_date TEXT NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	prefecture_name TEXT NOT NULL,
	city_name TEXT NOT NULL,
	street TEXT NOT NULL,
	prefecture_code INTEGER NOT NULL,
	city_code TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	address_outside TEXT NOT NULL,
	close_date TEXT NOT NULL,
	close_cause TEXT NOT NULL,
	successor_number TEXT NOT NULL,
	change_cause TEXT NOT NULL,
	assignment_date TEXT NOT NULL,
	latest INTEGER NOT NULL,
	name_en TEXT NOT NULL,
	address_en TEXT NOT NULL,
	furigana TEXT NOT NULL,
	hidden INTEGER NOT NULL
);

-- Letters with a one-time code, posted to the registered head office of
-- corporate_number (recipient and address copied from corporate_record
-- when the letter was asked for). code_hash: SHA-256 of the code; the code
-- itself is kept only until an administrator says the batch it was
-- printed in was posted (posted_at; the batch's PDF needs it until then)
-- and is then emptied. claim: another organisation held the
-- number when the letter was asked for. A letter is used (used_at),
-- cancelled (cancelled_at: a newer letter, too many wrong codes) or
-- expires (expires_at). AUTOINCREMENT: ids reach /admin/identity.
CREATE TABLE identity_batch (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	letters INTEGER NOT NULL,
	posted_at INTEGER
);
CREATE TABLE identity_letter (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	corporate_number TEXT NOT NULL,
	claim INTEGER NOT NULL CHECK (claim IN (0, 1)),
	recipient TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	address TEXT NOT NULL,
	code TEXT NOT NULL,
	code_hash BLOB NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	requested_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	batch_id INTEGER REFERENCES identity_batch (id),
	printed_at INTEGER,
	used_at INTEGER,
	cancelled_at INTEGER
);
CREATE INDEX identity_letter_organisation ON identity_letter (organisation_id, id);
CREATE INDEX identity_letter_to_print ON identity_letter (id)
	WHERE printed_at IS NULL AND cancelled_at IS NULL AND used_at IS NULL;
CREATE INDEX identity_letter_batch ON identity_letter (batch_id, id);

-- A number that moved from an unverified organisation to a firm that
-- verified it (store/identity.h): one case for the administrators'
-- review queue. Names are copied when it happens (either organisation
-- may be deleted later). reviewed_at: an administrator has looked at it.
CREATE TABLE identity_claim (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	corporate_number TEXT NOT NULL,
	claimant_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	holder_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	claimant_name TEXT NOT NULL,
	holder_name TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('letter', 'business_id')),
	source TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	reviewed_at INTEGER,
	reviewed_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX identity_claim_open ON identity_claim (id) WHERE reviewed_at IS NULL;
CREATE INDEX identity_claim_number ON identity_claim (corporate_number, id);

-- The history of a corporate number's identity in mamori: letters asked
-- for and printed, codes refused, levels set, numbers moved, cases
-- reviewed. organisation_id NULL once the organisation is deleted.
CREATE TABLE identity_event (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	corporate_number TEXT NOT NULL,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	kind TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	actor_user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	at INTEGER NOT NULL
);
CREATE INDEX identity_event_number ON identity_event (corporate_number, id);
CREATE INDEX identity_event_organisation ON identity_event (organisation_id, id);
