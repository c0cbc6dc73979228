-- 0028: the search of the service catalogue (/services, /api/v1/services),
-- in the way of migration 0019's declarant search: a token index of
-- unigrams and bigrams folded in C (core/search_text.h, with old and
-- variant kanji forms folded too), which finds listings by one or two
-- characters, kana or kanji, on both databases, in place of FTS5 trigrams
-- and pg_trgm (three characters and up).
--
-- service_index: a row per LIVE listing (approved, not hidden), with what
-- the search filters on and orders by, written by the store
-- (store/service_index.c) whenever the catalogue makes a version live,
-- hides or withdraws a listing, and rebuilt whole by `mamori services
-- reindex` and at the end of `mamori seed`. Masks: categories (bit i:
-- core/service_filter.h service_categories[i]), prefectures (bit p-1 of
-- prefecture p), contents (service_contents), tags (items, rules,
-- directives: service_tag_bit). valid_until (Unix seconds, 0: none) is
-- checked at query time too, so that a registration that ends is hidden
-- on its end date whether or not the expiry job has run yet. price_min is
-- the lowest price asked in yen with tax (-1: on request).
--
-- service_token: a row per distinct token of the listing's folded name,
-- provider name and description (never across two of them).
CREATE TABLE service_index (
	listing_id INTEGER PRIMARY KEY,
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
	valid_until INTEGER NOT NULL
);
-- The listing without text, in name order.
CREATE INDEX service_index_name ON service_index (name, listing_id);

CREATE TABLE service_token (
	token TEXT NOT NULL,
	listing_id INTEGER NOT NULL,
	PRIMARY KEY (token, listing_id)
) WITHOUT ROWID;
-- A listing's tokens, to drop them when it changes or leaves.
CREATE INDEX service_token_listing ON service_token (listing_id);
