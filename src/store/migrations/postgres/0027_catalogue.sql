-- 0027: the service catalogue's listings. See the SQLite migration of the
-- same number for what the tables and columns mean.
CREATE TABLE service_provider (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	organisation_id bigint NOT NULL UNIQUE REFERENCES organisation (id) ON DELETE CASCADE,
	company_name text NOT NULL,
	corporate_number text NOT NULL,
	address text NOT NULL,
	contact_name text NOT NULL,
	contact_email text NOT NULL,
	contact_phone text NOT NULL DEFAULT '',
	status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
	reject_reason text NOT NULL DEFAULT '',
	applied_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	reviewed_at bigint,
	reviewed_by bigint REFERENCES "user" (id) ON DELETE SET NULL
);
CREATE INDEX service_provider_status ON service_provider (status, id);
CREATE INDEX service_provider_corporate_number ON service_provider (corporate_number);

CREATE TABLE service (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	provider_id bigint NOT NULL REFERENCES service_provider (id) ON DELETE CASCADE,
	kind text NOT NULL CHECK (kind IN ('support_bundle', 'standard_service', 'it_product')),
	external_key text UNIQUE,
	live_version_id bigint,
	name text NOT NULL DEFAULT '',
	valid_from text NOT NULL DEFAULT '',
	valid_until text NOT NULL DEFAULT '',
	expiry_notice_for text NOT NULL DEFAULT '',
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL
);
CREATE INDEX service_provider_listings ON service (provider_id, id);
CREATE INDEX service_live_name ON service (name, id) WHERE live_version_id IS NOT NULL;
CREATE INDEX service_live_kind ON service (kind, name, id) WHERE live_version_id IS NOT NULL;
CREATE INDEX service_valid_until ON service (valid_until) WHERE valid_until <> '';

CREATE TABLE service_version (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	service_id bigint NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	number bigint NOT NULL CHECK (number >= 1),
	status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
	reject_reason text NOT NULL DEFAULT '',
	name text NOT NULL,
	description text NOT NULL DEFAULT '',
	prefectures bigint NOT NULL CHECK (prefectures >= 0 AND prefectures < 140737488355328),
	nationwide boolean NOT NULL,
	on_site boolean NOT NULL,
	price_min bigint NOT NULL CHECK (price_min >= 0),
	price_max bigint NOT NULL CHECK (price_max >= 0),
	price_unit text NOT NULL,
	bundle_class bigint NOT NULL CHECK (bundle_class BETWEEN 0 AND 2),
	bundle_monthly_price bigint NOT NULL DEFAULT 0 CHECK (bundle_monthly_price >= 0),
	bundle_device_price bigint NOT NULL DEFAULT 0 CHECK (bundle_device_price >= 0),
	bundle_min_term_months bigint NOT NULL DEFAULT 0 CHECK (bundle_min_term_months >= 0),
	bundle_contents bigint NOT NULL DEFAULT 0 CHECK (bundle_contents >= 0 AND bundle_contents < 32),
	detail_help_desk text NOT NULL DEFAULT '',
	detail_network_monitoring text NOT NULL DEFAULT '',
	detail_endpoint_monitoring text NOT NULL DEFAULT '',
	detail_on_site_response text NOT NULL DEFAULT '',
	detail_cyber_insurance text NOT NULL DEFAULT '',
	categories bigint NOT NULL DEFAULT 0 CHECK (categories >= 0 AND categories < 32),
	product_function text NOT NULL DEFAULT '',
	tag_items bigint NOT NULL DEFAULT 0 CHECK (tag_items >= 0 AND tag_items < 33554432),
	tag_rules bigint NOT NULL DEFAULT 0 CHECK (tag_rules >= 0 AND tag_rules < 32),
	tag_directives bigint NOT NULL DEFAULT 0 CHECK (tag_directives >= 0 AND tag_directives < 1024),
	url text NOT NULL DEFAULT '',
	contact text NOT NULL DEFAULT '',
	registration_number text NOT NULL DEFAULT '',
	valid_from text NOT NULL DEFAULT '',
	valid_until text NOT NULL DEFAULT '',
	languages bigint NOT NULL CHECK (languages > 0 AND languages < 64),
	submitted_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	submitted_at bigint NOT NULL,
	reviewed_by bigint REFERENCES "user" (id) ON DELETE SET NULL,
	reviewed_at bigint,
	UNIQUE (service_id, number)
);
CREATE UNIQUE INDEX service_version_one_pending ON service_version (service_id) WHERE status = 'pending';
CREATE INDEX service_version_queue ON service_version (status, id);

CREATE TABLE service_region (
	prefecture bigint NOT NULL CHECK (prefecture BETWEEN 0 AND 47),
	service_id bigint NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	PRIMARY KEY (prefecture, service_id)
);
CREATE INDEX service_region_service ON service_region (service_id);

CREATE TABLE service_tag (
	tag text NOT NULL,
	service_id bigint NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	PRIMARY KEY (tag, service_id)
);
CREATE INDEX service_tag_service ON service_tag (service_id);

-- The daily job that mails a provider 30 days before a registration ends
-- (app/catalogue_jobs.h) runs under its own lease.
INSERT INTO job_lease (name) VALUES ('catalogue_expiry');
