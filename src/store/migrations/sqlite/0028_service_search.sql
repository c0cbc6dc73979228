-- 0028: the search of the service catalogue (/services, /api/v1/services),
-- in the way of migration 0019's declarant search: a token index of
-- unigrams and bigrams folded in C (core/search_text.h, with old and
-- variant kanji forms folded too), which finds listings by one or two
-- characters, kana or kanji, on both databases, in place of FTS5 trigrams
-- and pg_trgm (three characters and up).
--
-- service_index: a row per listing with a live version (migration 0027's
-- service.live_version_id), with what the search filters on and orders
-- by, written by the store (store/service_index.c) in the transaction
-- where the catalogue makes a version live (store_service_make_live),
-- gone with the listing (ON DELETE CASCADE), and rebuilt whole by `mamori
-- services reindex`. Masks as the
-- catalogue's (core/catalogue.h): categories, prefectures (bit p - 1),
-- contents; tags: the 25 items in bits 0…24, the 5 rules in 25…29, the 10
-- directives in 30…39. valid_from and valid_until (ISO dates, '' for
-- none) are checked by every search against today, as the catalogue's
-- public reads do, so that a registration stops being found the day after
-- it ends. price_min: the lowest price with tax in yen (-1: on quote).
-- A result row is shown from this row alone: provider (the provider's
-- name as shown), price_unit, price_from and price_to (yen before tax, as
-- the catalogue keeps them; price_to 0: no range) and product_function.
--
-- service_token: a row per distinct token of the listing's folded name,
-- provider name and description (never across two of them).
CREATE TABLE service_index (
	listing_id INTEGER PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	search_name TEXT NOT NULL,
	search_provider TEXT NOT NULL,
	search_text TEXT NOT NULL,
	kind INTEGER NOT NULL,
	categories INTEGER NOT NULL,
	prefectures INTEGER NOT NULL,
	nationwide INTEGER NOT NULL,
	onsite INTEGER NOT NULL,
	price_min INTEGER NOT NULL,
	contents INTEGER NOT NULL,
	tags INTEGER NOT NULL,
	valid_from TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	provider TEXT NOT NULL,
	price_unit TEXT NOT NULL,
	price_from INTEGER NOT NULL,
	price_to INTEGER NOT NULL,
	product_function TEXT NOT NULL
);
-- The listing without text, in name order.
CREATE INDEX service_index_name ON service_index (name, listing_id);

CREATE TABLE service_token (
	token TEXT NOT NULL,
	listing_id INTEGER NOT NULL REFERENCES service_index (listing_id) ON DELETE CASCADE,
	PRIMARY KEY (token, listing_id)
) WITHOUT ROWID;
-- A listing's tokens, to drop them when it changes or leaves.
CREATE INDEX service_token_listing ON service_token (listing_id);
