-- 0027: the service catalogue's listings (DOMAIN.md §6): providers, their
-- listings, every version of a listing, and the live lookup tables that a
-- search reads.
--
-- service_provider: an organisation's application to list services; an
-- administrator approves it or rejects it with a reason. One per
-- organisation; a rejected one may apply again (the row is written over).
--
-- service: a listing's identity. kind never changes (support_bundle,
-- standard_service, it_product). external_key is the stable key of an
-- imported listing (NULL for listings written on /provider), so that the
-- same CSV file imported twice changes nothing. live_version_id is the
-- approved version the public sees (NULL until one is approved); name and
-- valid_from/valid_until are copied from it when it becomes live, for the
-- public read's order and its date filter (ISO dates 'YYYY-MM-DD', ''
-- when the scheme issues none: valid_until is the last day the listing is
-- shown). expiry_notice_for is the valid_until the provider was mailed
-- about 30 days before, so that the daily job mails once per end date.
--
-- service_version: every version of a listing, numbered from 1, kept
-- forever (the listing's history): pending (waiting for review; at most
-- one per listing), approved (was or is live), rejected (with a reason),
-- withdrawn (replaced by a later change before review). Lists are bits:
-- prefectures bit (code - 1) as in 0020, nationwide a flag; languages bit
-- i of core/experts.h's expert_languages; bundle_contents bit i of
-- core/catalogue.h's bundle contents (help desk, network monitoring,
-- endpoint monitoring, on-site response, cyber insurance) with a line of
-- detail each; categories bit i of its standard-service categories;
-- tag_items bit (n - 1) for item n of the 25, tag_rules for the 5 rules,
-- tag_directives for the 10 directives. Prices are whole yen before tax
-- (0 in price_max: no range), price_unit one of core/catalogue.h's units.
--
-- service_region and service_tag hold the live version's prefectures
-- (0: nationwide) and tags ('item-12', 'rule-3', 'directive-7'), rewritten
-- whenever a version becomes live, so that a search by prefecture or tag
-- is an index lookup.
--
-- AUTOINCREMENT: listing and provider ids are in addresses.
CREATE TABLE service_provider (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	organisation_id INTEGER NOT NULL UNIQUE REFERENCES organisation (id) ON DELETE CASCADE,
	company_name TEXT NOT NULL,
	corporate_number TEXT NOT NULL,
	address TEXT NOT NULL,
	contact_name TEXT NOT NULL,
	contact_email TEXT NOT NULL,
	contact_phone TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
	reject_reason TEXT NOT NULL DEFAULT '',
	applied_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	reviewed_at INTEGER,
	reviewed_by INTEGER REFERENCES user (id) ON DELETE SET NULL
);
CREATE INDEX service_provider_status ON service_provider (status, id);
CREATE INDEX service_provider_corporate_number ON service_provider (corporate_number);

CREATE TABLE service (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	provider_id INTEGER NOT NULL REFERENCES service_provider (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('support_bundle', 'standard_service', 'it_product')),
	external_key TEXT UNIQUE,
	live_version_id INTEGER,
	name TEXT NOT NULL DEFAULT '',
	valid_from TEXT NOT NULL DEFAULT '',
	valid_until TEXT NOT NULL DEFAULT '',
	expiry_notice_for TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX service_provider_listings ON service (provider_id, id);
CREATE INDEX service_live_name ON service (name, id) WHERE live_version_id IS NOT NULL;
CREATE INDEX service_live_kind ON service (kind, name, id) WHERE live_version_id IS NOT NULL;
CREATE INDEX service_valid_until ON service (valid_until) WHERE valid_until <> '';

CREATE TABLE service_version (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number >= 1),
	status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
	reject_reason TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	prefectures INTEGER NOT NULL CHECK (prefectures >= 0 AND prefectures < 140737488355328),
	nationwide INTEGER NOT NULL CHECK (nationwide IN (0, 1)),
	on_site INTEGER NOT NULL CHECK (on_site IN (0, 1)),
	price_min INTEGER NOT NULL CHECK (price_min >= 0),
	price_max INTEGER NOT NULL CHECK (price_max >= 0),
	price_unit TEXT NOT NULL,
	bundle_class INTEGER NOT NULL CHECK (bundle_class BETWEEN 0 AND 2),
	bundle_monthly_price INTEGER NOT NULL DEFAULT 0 CHECK (bundle_monthly_price >= 0),
	bundle_device_price INTEGER NOT NULL DEFAULT 0 CHECK (bundle_device_price >= 0),
	bundle_min_term_months INTEGER NOT NULL DEFAULT 0 CHECK (bundle_min_term_months >= 0),
	bundle_contents INTEGER NOT NULL DEFAULT 0 CHECK (bundle_contents >= 0 AND bundle_contents < 32),
	detail_help_desk TEXT NOT NULL DEFAULT '',
	detail_network_monitoring TEXT NOT NULL DEFAULT '',
	detail_endpoint_monitoring TEXT NOT NULL DEFAULT '',
	detail_on_site_response TEXT NOT NULL DEFAULT '',
	detail_cyber_insurance TEXT NOT NULL DEFAULT '',
	categories INTEGER NOT NULL DEFAULT 0 CHECK (categories >= 0 AND categories < 32),
	product_function TEXT NOT NULL DEFAULT '',
	tag_items INTEGER NOT NULL DEFAULT 0 CHECK (tag_items >= 0 AND tag_items < 33554432),
	tag_rules INTEGER NOT NULL DEFAULT 0 CHECK (tag_rules >= 0 AND tag_rules < 32),
	tag_directives INTEGER NOT NULL DEFAULT 0 CHECK (tag_directives >= 0 AND tag_directives < 1024),
	url TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	registration_number TEXT NOT NULL DEFAULT '',
	valid_from TEXT NOT NULL DEFAULT '',
	valid_until TEXT NOT NULL DEFAULT '',
	languages INTEGER NOT NULL CHECK (languages > 0 AND languages < 64),
	submitted_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	submitted_at INTEGER NOT NULL,
	reviewed_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	reviewed_at INTEGER,
	UNIQUE (service_id, number)
);
CREATE UNIQUE INDEX service_version_one_pending ON service_version (service_id) WHERE status = 'pending';
CREATE INDEX service_version_queue ON service_version (status, id);

CREATE TABLE service_region (
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 0 AND 47),
	service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	PRIMARY KEY (prefecture, service_id)
);
CREATE INDEX service_region_service ON service_region (service_id);

CREATE TABLE service_tag (
	tag TEXT NOT NULL,
	service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE,
	PRIMARY KEY (tag, service_id)
);
CREATE INDEX service_tag_service ON service_tag (service_id);

-- The daily job that mails a provider 30 days before a registration ends
-- (app/catalogue_jobs.h) runs under its own lease.
INSERT INTO job_lease (name) VALUES ('catalogue_expiry');
