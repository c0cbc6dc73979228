-- 0026: benchmarks. PostgreSQL dialect of migrations/sqlite/0026 (read
-- its comments): the same tables, kept by triggers in the same
-- transaction. The election of an organisation's latest result locks the
-- organisation's row (FOR NO KEY UPDATE: a row lock, which takes no slot
-- of the shared lock table however many organisations one transaction
-- touches), so two results submitted at once for one organisation elect
-- one after the other. `mamori aggregates rebuild` counts everything
-- again in one transaction and sets mamori.benchmark_rebuild to 'on' for
-- that transaction only (set_config(…, true)): the triggers do nothing
-- then, for it, and go on for every other transaction.
ALTER TABLE assessment_result ADD COLUMN bench_industry text;
ALTER TABLE assessment_result ADD COLUMN bench_size integer;
ALTER TABLE assessment_result ADD COLUMN bench_region integer;
ALTER TABLE management_result ADD COLUMN bench_industry text;
ALTER TABLE management_result ADD COLUMN bench_size integer;
ALTER TABLE management_result ADD COLUMN bench_region integer;

CREATE TABLE benchmark_member (
	kind text NOT NULL CHECK (kind IN ('assessment', 'management')),
	organisation_id bigint NOT NULL,
	result_id bigint NOT NULL,
	version text NOT NULL,
	industry text NOT NULL,
	size_class integer NOT NULL,
	region integer NOT NULL,
	total integer NOT NULL,
	bin integer NOT NULL,
	m1 integer NOT NULL DEFAULT 0,
	m2 integer NOT NULL DEFAULT 0,
	m3 integer NOT NULL DEFAULT 0,
	m4 integer NOT NULL DEFAULT 0,
	m5 integer NOT NULL DEFAULT 0,
	m6 integer NOT NULL DEFAULT 0,
	m7 integer NOT NULL DEFAULT 0,
	m8 integer NOT NULL DEFAULT 0,
	m9 integer NOT NULL DEFAULT 0,
	m10 integer NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, organisation_id)
);

CREATE TABLE benchmark_group (
	kind text NOT NULL,
	version text NOT NULL,
	industry text NOT NULL,
	size_class integer NOT NULL,
	region integer NOT NULL,
	organisations bigint NOT NULL,
	total_sum bigint NOT NULL,
	total_squares bigint NOT NULL,
	s1 bigint NOT NULL DEFAULT 0,
	q1 bigint NOT NULL DEFAULT 0,
	s2 bigint NOT NULL DEFAULT 0,
	q2 bigint NOT NULL DEFAULT 0,
	s3 bigint NOT NULL DEFAULT 0,
	q3 bigint NOT NULL DEFAULT 0,
	s4 bigint NOT NULL DEFAULT 0,
	q4 bigint NOT NULL DEFAULT 0,
	s5 bigint NOT NULL DEFAULT 0,
	q5 bigint NOT NULL DEFAULT 0,
	s6 bigint NOT NULL DEFAULT 0,
	q6 bigint NOT NULL DEFAULT 0,
	s7 bigint NOT NULL DEFAULT 0,
	q7 bigint NOT NULL DEFAULT 0,
	s8 bigint NOT NULL DEFAULT 0,
	q8 bigint NOT NULL DEFAULT 0,
	s9 bigint NOT NULL DEFAULT 0,
	q9 bigint NOT NULL DEFAULT 0,
	s10 bigint NOT NULL DEFAULT 0,
	q10 bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, version, industry, size_class, region)
);

CREATE TABLE benchmark_histogram (
	kind text NOT NULL,
	version text NOT NULL,
	industry text NOT NULL,
	size_class integer NOT NULL,
	region integer NOT NULL,
	bin integer NOT NULL,
	organisations bigint NOT NULL,
	PRIMARY KEY (kind, version, industry, size_class, region, bin)
);

-- Adds n (1 or -1) times member m to its cell and its region.
CREATE FUNCTION benchmark_member_add(m benchmark_member, n integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO benchmark_group AS g (kind, version, industry, size_class, region, organisations, total_sum, total_squares,
		s1, q1, s2, q2, s3, q3, s4, q4, s5, q5, s6, q6, s7, q7, s8, q8, s9, q9, s10, q10)
	VALUES (m.kind, m.version, m.industry, m.size_class, 0, n, n * m.total,
		n * m.total::bigint * m.total, n * m.m1, n * m.m1::bigint * m.m1, n * m.m2, n * m.m2::bigint * m.m2, n * m.m3, n * m.m3::bigint * m.m3, n * m.m4, n * m.m4::bigint * m.m4, n * m.m5, n * m.m5::bigint * m.m5, n * m.m6, n * m.m6::bigint * m.m6, n * m.m7, n * m.m7::bigint * m.m7, n * m.m8, n * m.m8::bigint * m.m8, n * m.m9, n * m.m9::bigint * m.m9, n * m.m10, n * m.m10::bigint * m.m10),
	       (m.kind, m.version, '', -1, m.region, n, n * m.total,
		n * m.total::bigint * m.total, n * m.m1, n * m.m1::bigint * m.m1, n * m.m2, n * m.m2::bigint * m.m2, n * m.m3, n * m.m3::bigint * m.m3, n * m.m4, n * m.m4::bigint * m.m4, n * m.m5, n * m.m5::bigint * m.m5, n * m.m6, n * m.m6::bigint * m.m6, n * m.m7, n * m.m7::bigint * m.m7, n * m.m8, n * m.m8::bigint * m.m8, n * m.m9, n * m.m9::bigint * m.m9, n * m.m10, n * m.m10::bigint * m.m10)
	ON CONFLICT (kind, version, industry, size_class, region) DO UPDATE SET
		organisations = g.organisations + excluded.organisations,
		total_sum = g.total_sum + excluded.total_sum,
		total_squares = g.total_squares + excluded.total_squares,
		s1 = g.s1 + excluded.s1, q1 = g.q1 + excluded.q1,
		s2 = g.s2 + excluded.s2, q2 = g.q2 + excluded.q2,
		s3 = g.s3 + excluded.s3, q3 = g.q3 + excluded.q3,
		s4 = g.s4 + excluded.s4, q4 = g.q4 + excluded.q4,
		s5 = g.s5 + excluded.s5, q5 = g.q5 + excluded.q5,
		s6 = g.s6 + excluded.s6, q6 = g.q6 + excluded.q6,
		s7 = g.s7 + excluded.s7, q7 = g.q7 + excluded.q7,
		s8 = g.s8 + excluded.s8, q8 = g.q8 + excluded.q8,
		s9 = g.s9 + excluded.s9, q9 = g.q9 + excluded.q9,
		s10 = g.s10 + excluded.s10, q10 = g.q10 + excluded.q10;
	INSERT INTO benchmark_histogram AS h (kind, version, industry, size_class, region, bin, organisations)
	VALUES (m.kind, m.version, m.industry, m.size_class, 0, m.bin, n),
	       (m.kind, m.version, '', -1, m.region, m.bin, n)
	ON CONFLICT (kind, version, industry, size_class, region, bin) DO UPDATE SET organisations = h.organisations + excluded.organisations;
END $$;

CREATE FUNCTION benchmark_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('mamori.benchmark_rebuild', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'DELETE' THEN
		PERFORM benchmark_member_add(OLD, -1);
	ELSE
		PERFORM benchmark_member_add(NEW, 1);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER benchmark_member_changed AFTER INSERT OR DELETE ON benchmark_member
	FOR EACH ROW EXECUTE FUNCTION benchmark_member_changed();

-- The organisation's latest result with a cell becomes its member row.
CREATE FUNCTION benchmark_elect_assessment(org bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	latest bigint;
BEGIN
	IF org IS NULL THEN
		RETURN;
	END IF;
	PERFORM 1 FROM organisation WHERE id = org FOR NO KEY UPDATE;
	SELECT id INTO latest FROM assessment_result WHERE organisation_id = org
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1;
	DELETE FROM benchmark_member WHERE kind = 'assessment' AND organisation_id = org
		AND result_id IS DISTINCT FROM latest;
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3)
	SELECT 'assessment', organisation_id, id, version, bench_industry, bench_size, bench_region,
		total, (total + 25) / 5, part1, part2, part3
	FROM assessment_result WHERE id = latest
	ON CONFLICT (kind, organisation_id) DO NOTHING;
END $$;

CREATE FUNCTION benchmark_elect_management(org bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	latest bigint;
BEGIN
	IF org IS NULL THEN
		RETURN;
	END IF;
	PERFORM 1 FROM organisation WHERE id = org FOR NO KEY UPDATE;
	SELECT id INTO latest FROM management_result WHERE organisation_id = org
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1;
	DELETE FROM benchmark_member WHERE kind = 'management' AND organisation_id = org
		AND result_id IS DISTINCT FROM latest;
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)
	SELECT 'management', organisation_id, id, version, bench_industry, bench_size, bench_region,
		overall, overall / 50, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
	FROM management_result WHERE id = latest
	ON CONFLICT (kind, organisation_id) DO NOTHING;
END $$;

CREATE FUNCTION benchmark_assessment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('mamori.benchmark_rebuild', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		PERFORM benchmark_elect_assessment(NEW.organisation_id);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM benchmark_elect_assessment(OLD.organisation_id);
	ELSE
		PERFORM benchmark_elect_assessment(OLD.organisation_id);
		IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
			PERFORM benchmark_elect_assessment(NEW.organisation_id);
		END IF;
	END IF;
	RETURN NULL;
END $$;
CREATE FUNCTION benchmark_management_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('mamori.benchmark_rebuild', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		PERFORM benchmark_elect_management(NEW.organisation_id);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM benchmark_elect_management(OLD.organisation_id);
	ELSE
		PERFORM benchmark_elect_management(OLD.organisation_id);
		IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
			PERFORM benchmark_elect_management(NEW.organisation_id);
		END IF;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER benchmark_assessment_inserted AFTER INSERT ON assessment_result
	FOR EACH ROW WHEN (NEW.organisation_id IS NOT NULL AND NEW.bench_industry IS NOT NULL)
	EXECUTE FUNCTION benchmark_assessment_changed();
CREATE TRIGGER benchmark_assessment_moved
	AFTER UPDATE OF organisation_id, bench_industry, bench_size, bench_region ON assessment_result
	FOR EACH ROW EXECUTE FUNCTION benchmark_assessment_changed();
CREATE TRIGGER benchmark_assessment_deleted AFTER DELETE ON assessment_result
	FOR EACH ROW WHEN (OLD.organisation_id IS NOT NULL)
	EXECUTE FUNCTION benchmark_assessment_changed();
CREATE TRIGGER benchmark_management_inserted AFTER INSERT ON management_result
	FOR EACH ROW WHEN (NEW.organisation_id IS NOT NULL AND NEW.bench_industry IS NOT NULL)
	EXECUTE FUNCTION benchmark_management_changed();
CREATE TRIGGER benchmark_management_moved
	AFTER UPDATE OF organisation_id, bench_industry, bench_size, bench_region ON management_result
	FOR EACH ROW EXECUTE FUNCTION benchmark_management_changed();
CREATE TRIGGER benchmark_management_deleted AFTER DELETE ON management_result
	FOR EACH ROW WHEN (OLD.organisation_id IS NOT NULL)
	EXECUTE FUNCTION benchmark_management_changed();

-- The METI regional bureau area of a prefecture (core/benchmark.c).
CREATE FUNCTION benchmark_region(p integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p = 1 THEN 1 WHEN p <= 7 THEN 2 WHEN p IN (16, 17, 21, 23, 24) THEN 4
		WHEN p = 18 OR p BETWEEN 25 AND 30 THEN 5 WHEN p <= 22 THEN 3 WHEN p <= 35 THEN 6
		WHEN p <= 39 THEN 7 WHEN p <= 46 THEN 8 ELSE 9 END
$$;

-- The results there before (see migrations/sqlite/0026).
UPDATE assessment_result r SET bench_industry = o.industry,
	bench_size = coalesce((SELECT d.size_class FROM declaration d WHERE d.organisation_id = o.id
		ORDER BY d.declared_at DESC, d.id DESC LIMIT 1), 0),
	bench_region = benchmark_region(o.prefecture)
FROM organisation o WHERE o.id = r.organisation_id AND r.bench_industry IS NULL;
UPDATE management_result r SET bench_industry = o.industry,
	bench_size = coalesce((SELECT d.size_class FROM declaration d WHERE d.organisation_id = o.id
		ORDER BY d.declared_at DESC, d.id DESC LIMIT 1), 0),
	bench_region = benchmark_region(o.prefecture)
FROM organisation o WHERE o.id = r.organisation_id AND r.bench_industry IS NULL;
