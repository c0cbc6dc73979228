-- 0022: the scheme's statistics, kept on write. PostgreSQL dialect of
-- migrations/sqlite/0022 (read its comments): the same tables, kept by
-- triggers in the same transaction as the change they count. Counter rows
-- are locked by their upserts; the transactions that change declarations
-- commit one at a time already (the advisory lock of 0009), so the
-- month's row adds no wait of its own.
ALTER TABLE declaration ADD COLUMN size_class integer NOT NULL DEFAULT 0
	CHECK (size_class BETWEEN 0 AND 3);

CREATE TABLE statistics_active (
	prefecture integer NOT NULL,
	industry text NOT NULL,
	size_class integer NOT NULL,
	level integer NOT NULL,
	organisations bigint NOT NULL,
	PRIMARY KEY (prefecture, industry, size_class, level)
);

CREATE TABLE statistics_daily (
	day integer NOT NULL,
	prefecture integer NOT NULL,
	industry text NOT NULL,
	size_class integer NOT NULL,
	level integer NOT NULL,
	declared bigint NOT NULL DEFAULT 0,
	upgraded bigint NOT NULL DEFAULT 0,
	downgraded bigint NOT NULL DEFAULT 0,
	withdrawn bigint NOT NULL DEFAULT 0,
	revoked bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (day, prefecture, industry, size_class, level)
);

CREATE TABLE statistics_monthly (
	month integer NOT NULL PRIMARY KEY,
	declared bigint NOT NULL DEFAULT 0,
	upgraded bigint NOT NULL DEFAULT 0,
	downgraded bigint NOT NULL DEFAULT 0,
	withdrawn bigint NOT NULL DEFAULT 0,
	revoked bigint NOT NULL DEFAULT 0
);

CREATE TABLE statistics_score (
	year integer NOT NULL,
	band integer NOT NULL,
	results bigint NOT NULL,
	score_sum bigint NOT NULL,
	PRIMARY KEY (year, band)
);

-- Japan's calendar (UTC+9, no summer time) from Unix seconds.
CREATE FUNCTION statistics_month(at bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT (extract(year FROM to_timestamp(at + 32400) AT TIME ZONE 'UTC') * 12
		+ extract(month FROM to_timestamp(at + 32400) AT TIME ZONE 'UTC') - 1)::integer
$$;
CREATE FUNCTION statistics_year(at bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT extract(year FROM to_timestamp(at + 32400) AT TIME ZONE 'UTC')::integer
$$;
CREATE FUNCTION statistics_band(total integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN total >= 100 THEN 3 WHEN total >= 70 THEN 2 WHEN total >= 50 THEN 1 ELSE 0 END
$$;

CREATE FUNCTION statistics_active_add(d declaration, n integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)
	VALUES (d.prefecture, d.industry, d.size_class, d.level, n)
	ON CONFLICT (prefecture, industry, size_class, level)
	DO UPDATE SET organisations = statistics_active.organisations + n;
END $$;

CREATE FUNCTION statistics_active_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN
		PERFORM statistics_active_add(OLD, -1);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN
		PERFORM statistics_active_add(NEW, 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER statistics_active_inserted AFTER INSERT OR DELETE ON declaration
	FOR EACH ROW EXECUTE FUNCTION statistics_active_changed();
CREATE TRIGGER statistics_active_updated
	AFTER UPDATE OF status, level, prefecture, industry, size_class ON declaration
	FOR EACH ROW EXECUTE FUNCTION statistics_active_changed();

ALTER TABLE declaration_event ADD COLUMN stat_prefecture integer;
ALTER TABLE declaration_event ADD COLUMN stat_industry text;
ALTER TABLE declaration_event ADD COLUMN stat_size_class integer;
ALTER TABLE declaration_event ADD COLUMN stat_level integer;

-- BEFORE: the event keeps its cell in its own row.
CREATE FUNCTION statistics_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d declaration;
	k_declared integer := (NEW.kind = 'declared')::integer;
	k_upgraded integer := (NEW.kind = 'level' AND NEW.to_value = '2')::integer;
	k_downgraded integer := (NEW.kind = 'level' AND NEW.to_value = '1')::integer;
	k_withdrawn integer := (NEW.kind = 'withdrawn')::integer;
	k_revoked integer := (NEW.kind = 'revoked')::integer;
BEGIN
	IF NEW.kind NOT IN ('declared', 'level', 'withdrawn', 'revoked') THEN
		RETURN NEW;
	END IF;
	SELECT * INTO d FROM declaration WHERE id = NEW.declaration_id;
	IF NOT FOUND THEN
		RETURN NEW;
	END IF;
	NEW.stat_prefecture := d.prefecture;
	NEW.stat_industry := d.industry;
	NEW.stat_size_class := d.size_class;
	NEW.stat_level := CASE WHEN NEW.kind IN ('declared', 'level') AND NEW.to_value IN ('1', '2')
		THEN NEW.to_value::integer ELSE d.level END;
	INSERT INTO statistics_daily AS s (day, prefecture, industry, size_class, level,
		declared, upgraded, downgraded, withdrawn, revoked)
	VALUES ((NEW.at + 32400) / 86400, NEW.stat_prefecture, NEW.stat_industry,
		NEW.stat_size_class, NEW.stat_level,
		k_declared, k_upgraded, k_downgraded, k_withdrawn, k_revoked)
	ON CONFLICT (day, prefecture, industry, size_class, level) DO UPDATE SET
		declared = s.declared + excluded.declared, upgraded = s.upgraded + excluded.upgraded,
		downgraded = s.downgraded + excluded.downgraded,
		withdrawn = s.withdrawn + excluded.withdrawn, revoked = s.revoked + excluded.revoked;
	INSERT INTO statistics_monthly AS s (month, declared, upgraded, downgraded, withdrawn, revoked)
	VALUES (statistics_month(NEW.at), k_declared, k_upgraded, k_downgraded, k_withdrawn, k_revoked)
	ON CONFLICT (month) DO UPDATE SET
		declared = s.declared + excluded.declared, upgraded = s.upgraded + excluded.upgraded,
		downgraded = s.downgraded + excluded.downgraded,
		withdrawn = s.withdrawn + excluded.withdrawn, revoked = s.revoked + excluded.revoked;
	RETURN NEW;
END $$;
CREATE TRIGGER statistics_event BEFORE INSERT ON declaration_event
	FOR EACH ROW EXECUTE FUNCTION statistics_event();

CREATE FUNCTION statistics_score_add(taken_at bigint, total integer, n integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO statistics_score AS s (year, band, results, score_sum)
	VALUES (statistics_year(taken_at), statistics_band(total), n, n * total)
	ON CONFLICT (year, band) DO UPDATE SET results = s.results + excluded.results,
		score_sum = s.score_sum + excluded.score_sum;
END $$;

CREATE FUNCTION statistics_score_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.organisation_id IS NOT NULL THEN
		PERFORM statistics_score_add(OLD.taken_at, OLD.total, -1);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.organisation_id IS NOT NULL THEN
		PERFORM statistics_score_add(NEW.taken_at, NEW.total, 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER statistics_score_inserted AFTER INSERT OR DELETE ON assessment_result
	FOR EACH ROW EXECUTE FUNCTION statistics_score_changed();
CREATE TRIGGER statistics_score_claimed AFTER UPDATE OF organisation_id ON assessment_result
	FOR EACH ROW WHEN ((OLD.organisation_id IS NULL) <> (NEW.organisation_id IS NULL))
	EXECUTE FUNCTION statistics_score_changed();

ALTER TABLE job_lease ADD COLUMN done_day integer NOT NULL DEFAULT 0;
INSERT INTO job_lease (name) VALUES ('open_data');

UPDATE declaration_event e SET stat_prefecture = d.prefecture, stat_industry = d.industry,
	stat_size_class = d.size_class,
	stat_level = CASE WHEN e.kind IN ('declared', 'level') AND e.to_value IN ('1', '2')
		THEN e.to_value::integer ELSE d.level END
FROM declaration d
WHERE d.id = e.declaration_id AND e.kind IN ('declared', 'level', 'withdrawn', 'revoked');
INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)
SELECT prefecture, industry, size_class, level, count(*) FROM declaration
WHERE status = 'active' GROUP BY prefecture, industry, size_class, level;
INSERT INTO statistics_daily (day, prefecture, industry, size_class, level,
	declared, upgraded, downgraded, withdrawn, revoked)
SELECT (at + 32400) / 86400 AS day, stat_prefecture, stat_industry, stat_size_class, stat_level,
	count(*) FILTER (WHERE kind = 'declared'),
	count(*) FILTER (WHERE kind = 'level' AND to_value = '2'),
	count(*) FILTER (WHERE kind = 'level' AND to_value = '1'),
	count(*) FILTER (WHERE kind = 'withdrawn'), count(*) FILTER (WHERE kind = 'revoked')
FROM declaration_event WHERE stat_level IS NOT NULL
GROUP BY 1, stat_prefecture, stat_industry, stat_size_class, stat_level;
INSERT INTO statistics_monthly (month, declared, upgraded, downgraded, withdrawn, revoked)
SELECT statistics_month(at),
	count(*) FILTER (WHERE kind = 'declared'),
	count(*) FILTER (WHERE kind = 'level' AND to_value = '2'),
	count(*) FILTER (WHERE kind = 'level' AND to_value = '1'),
	count(*) FILTER (WHERE kind = 'withdrawn'), count(*) FILTER (WHERE kind = 'revoked')
FROM declaration_event WHERE stat_level IS NOT NULL GROUP BY 1;
INSERT INTO statistics_score (year, band, results, score_sum)
SELECT statistics_year(taken_at), statistics_band(total), count(*), sum(total)
FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY 1, 2;

-- The administrators' funnel reads the sign-ups of the last 24 months.
CREATE INDEX user_created ON "user" (created_at);

-- Reminders: see migrations/sqlite/0022.
CREATE TABLE nudge_sent (
	organisation_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	kind text NOT NULL CHECK (kind IN ('reassess_12', 'reassess_13', 'star_6')),
	subject_id bigint NOT NULL,
	sent_at bigint NOT NULL,
	PRIMARY KEY (organisation_id, subject_id, kind)
);
CREATE TABLE nudge_optout (
	user_id bigint PRIMARY KEY REFERENCES "user" (id) ON DELETE CASCADE,
	opted_out_at bigint NOT NULL
);
CREATE TABLE unsubscribe_link (
	token_hash bytea PRIMARY KEY,
	user_id bigint NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
	created_at bigint NOT NULL
);
CREATE INDEX unsubscribe_link_user ON unsubscribe_link (user_id);
CREATE INDEX assessment_result_taken ON assessment_result (taken_at) WHERE organisation_id IS NOT NULL;
CREATE INDEX declaration_one_star ON declaration (declared_at) WHERE status = 'active' AND level = 1;
INSERT INTO job_lease (name) VALUES ('nudges');
