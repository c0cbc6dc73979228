-- 0031: the identity of firms (issue 21). See the SQLite migration of the
-- same number for what the tables and columns mean.
ALTER TABLE organisation ADD COLUMN identity text NOT NULL DEFAULT 'unverified'
	CHECK (identity IN ('unverified', 'letter', 'business_id'));
ALTER TABLE organisation ADD COLUMN identity_source text NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN identity_at bigint;
ALTER TABLE organisation ADD COLUMN registered_name text NOT NULL DEFAULT '';

-- A change of level or registered name changes what verification shows
-- of every declaration of the organisation (migration 0009's log, under
-- its lock).
CREATE FUNCTION verification_change_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.identity <> NEW.identity OR OLD.registered_name <> NEW.registered_name THEN
		PERFORM verification_change_append(public_id) FROM declaration
			WHERE organisation_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER verification_change_identity AFTER UPDATE OF identity, registered_name ON organisation
	FOR EACH ROW EXECUTE FUNCTION verification_change_identity();

CREATE TABLE corporate_record (
	corporate_number text PRIMARY KEY CHECK (length(corporate_number) = 13),
	sequence bigint NOT NULL,
	process text NOT NULL,
	correction integer NOT NULL,
	update_date text NOT NULL,
	change_date text NOT NULL,
	name text NOT NULL,
	kind text NOT NULL,
	prefecture_name text NOT NULL,
	city_name text NOT NULL,
	street text NOT NULL,
	prefecture_code integer NOT NULL,
	city_code text NOT NULL,
	postal_code text NOT NULL,
	address_outside text NOT NULL,
	close_date text NOT NULL,
	close_cause text NOT NULL,
	successor_number text NOT NULL,
	change_cause text NOT NULL,
	assignment_date text NOT NULL,
	latest integer NOT NULL,
	name_en text NOT NULL,
	address_en text NOT NULL,
	furigana text NOT NULL,
	hidden integer NOT NULL
);

CREATE TABLE identity_batch (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	created_at bigint NOT NULL,
	created_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	letters integer NOT NULL,
	posted_at bigint
);
CREATE TABLE identity_letter (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	organisation_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	corporate_number text NOT NULL,
	claim integer NOT NULL CHECK (claim IN (0, 1)),
	recipient text NOT NULL,
	postal_code text NOT NULL,
	address text NOT NULL,
	code text NOT NULL,
	code_hash bytea NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	requested_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	created_at bigint NOT NULL,
	expires_at bigint NOT NULL,
	batch_id bigint REFERENCES identity_batch (id),
	printed_at bigint,
	used_at bigint,
	cancelled_at bigint
);
CREATE INDEX identity_letter_organisation ON identity_letter (organisation_id, id);
CREATE INDEX identity_letter_to_print ON identity_letter (id) WHERE printed_at IS NULL AND cancelled_at IS NULL AND used_at IS NULL;
CREATE INDEX identity_letter_batch ON identity_letter (batch_id, id);

CREATE TABLE identity_claim (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	corporate_number text NOT NULL,
	claimant_id bigint REFERENCES organisation (id) ON DELETE SET NULL,
	holder_id bigint REFERENCES organisation (id) ON DELETE SET NULL,
	claimant_name text NOT NULL,
	holder_name text NOT NULL,
	level text NOT NULL CHECK (level IN ('letter', 'business_id')),
	source text NOT NULL,
	created_at bigint NOT NULL,
	reviewed_at bigint,
	reviewed_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	review_note text NOT NULL DEFAULT ''
);
CREATE INDEX identity_claim_open ON identity_claim (id) WHERE reviewed_at IS NULL;
CREATE INDEX identity_claim_number ON identity_claim (corporate_number, id);

CREATE TABLE identity_event (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	corporate_number text NOT NULL,
	organisation_id bigint REFERENCES organisation (id) ON DELETE SET NULL,
	kind text NOT NULL,
	detail text NOT NULL DEFAULT '',
	actor_user_id bigint REFERENCES "user" (id) ON DELETE SET NULL,
	at bigint NOT NULL
);
CREATE INDEX identity_event_number ON identity_event (corporate_number, id);
CREATE INDEX identity_event_organisation ON identity_event (organisation_id, id);
