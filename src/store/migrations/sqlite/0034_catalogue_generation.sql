-- 0034: the catalogue's generation, a number that changes whenever what
-- the public sees of the service catalogue may change: a listing's live
-- version, name or dates, its search row (written with each live
-- version, dropped, rebuilt), a provider's name or review, anything
-- deleted (an organisation's deletion cascades here). The pages of
-- /services cache their rendered bodies for anonymous visitors under it
-- (web/render_cache.h): each request reads this one row, every instance
-- sees the same number, and a write bumps it in its own transaction (the
-- triggers below, so that no write path can forget it). Expiry needs no
-- bump: the cache key also holds the day in Japan.
CREATE TABLE catalogue_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO catalogue_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER catalogue_generation_service_update AFTER UPDATE OF
	live_version_id, name, valid_from, valid_until, provider_id, kind ON service
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_service_delete AFTER DELETE ON service
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_provider_update AFTER UPDATE OF
	company_name, status ON service_provider
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_provider_delete AFTER DELETE ON service_provider
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_index_insert AFTER INSERT ON service_index
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_index_update AFTER UPDATE ON service_index
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_index_delete AFTER DELETE ON service_index
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
END;
