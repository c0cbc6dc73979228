-- 0034: the catalogue's generation (see the SQLite migration of the same
-- number): bumped once per statement that changes what the public sees
-- of the catalogue, in that statement's transaction.
CREATE TABLE catalogue_generation (
	id integer PRIMARY KEY CHECK (id = 1),
	generation bigint NOT NULL
);
INSERT INTO catalogue_generation (id, generation) VALUES (1, 1);

CREATE FUNCTION catalogue_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE catalogue_generation SET generation = generation + 1 WHERE id = 1;
	RETURN NULL;
END $$;

CREATE TRIGGER catalogue_generation_service_update AFTER UPDATE OF
	live_version_id, name, valid_from, valid_until, provider_id, kind ON service
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_bump();
CREATE TRIGGER catalogue_generation_service_delete AFTER DELETE ON service
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_bump();
CREATE TRIGGER catalogue_generation_provider_update AFTER UPDATE OF
	company_name, status ON service_provider
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_bump();
CREATE TRIGGER catalogue_generation_provider_delete AFTER DELETE ON service_provider
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_bump();
CREATE TRIGGER catalogue_generation_index AFTER INSERT OR UPDATE OR DELETE ON service_index
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_bump();
