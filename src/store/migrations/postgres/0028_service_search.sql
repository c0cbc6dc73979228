-- 0028: the search of the service catalogue; see the SQLite migration of
-- the same number for what each table holds. Names and tokens compare as
-- bytes (COLLATE "C"), as in SQLite, so that both list in the same order.
CREATE TABLE service_index (
	listing_id bigint PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
	name text COLLATE "C" NOT NULL,
	search_name text COLLATE "C" NOT NULL,
	search_provider text COLLATE "C" NOT NULL,
	search_text text COLLATE "C" NOT NULL,
	kind smallint NOT NULL,
	categories bigint NOT NULL,
	prefectures bigint NOT NULL,
	nationwide smallint NOT NULL,
	onsite smallint NOT NULL,
	price_min bigint NOT NULL,
	contents bigint NOT NULL,
	tags bigint NOT NULL,
	valid_from text COLLATE "C" NOT NULL,
	valid_until text COLLATE "C" NOT NULL,
	provider text NOT NULL,
	price_unit text NOT NULL,
	price_from bigint NOT NULL,
	price_to bigint NOT NULL,
	product_function text NOT NULL
);
CREATE INDEX service_index_name ON service_index (name, listing_id);

CREATE TABLE service_token (
	token text COLLATE "C" NOT NULL,
	listing_id bigint NOT NULL REFERENCES service_index (listing_id) ON DELETE CASCADE,
	PRIMARY KEY (token, listing_id)
);
CREATE INDEX service_token_listing ON service_token (listing_id);
