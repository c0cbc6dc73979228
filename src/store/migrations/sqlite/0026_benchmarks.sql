-- 0026: benchmarks — where a result stands among the latest results of
-- similar organisations ("firms like yours"), for the 25-item
-- self-assessment and the management self-check, kept on write.
--
-- A result joins the benchmarks in the cell of its organisation as it was
-- when the result joined it (bench_industry: the JSIC division;
-- bench_size: the size code of migration 0022, 0 unknown … 3 not an SME;
-- bench_region: METI's regional bureau area, 1 Hokkaido, 2 Tohoku,
-- 3 Kanto, 4 Chubu, 5 Kinki, 6 Chugoku, 7 Shikoku, 8 Kyushu, 9 Okinawa —
-- core/benchmark.c). The page that submits or attaches a result writes its
-- cell (store_benchmark_place) in the same transaction; an anonymous
-- result has none until it joins an organisation. The cell stays with the
-- result, as a declaration event keeps its statistics cell, so that
-- `mamori aggregates rebuild` counts it where the triggers did.
--
-- Only an organisation's latest result of each check counts: the triggers
-- below keep benchmark_member (one row per organisation and check: its
-- latest result with a cell, by taken_at then id) whenever a result is
-- inserted, attached, given its cell or deleted — deleting an
-- organisation deletes its results, and so its row. The triggers of
-- benchmark_member then add or take away its figures in benchmark_group
-- (count, sum and sum of squares of the total and of each part or
-- directive, m1…m10 / s1…s10 and q1…q10) and benchmark_histogram (totals
-- in bins: 5 points for the 25-item check, (total + 25) / 5; half a level
-- for the management check, hundredths / 50), per cell (region 0) and per
-- region (industry '', size_class -1), in the same transaction.
-- Scores are integers (points; hundredths of a level), so sums are exact
-- and a rebuild gives exactly what the writes kept.
ALTER TABLE assessment_result ADD COLUMN bench_industry TEXT;
ALTER TABLE assessment_result ADD COLUMN bench_size INTEGER;
ALTER TABLE assessment_result ADD COLUMN bench_region INTEGER;
ALTER TABLE management_result ADD COLUMN bench_industry TEXT;
ALTER TABLE management_result ADD COLUMN bench_size INTEGER;
ALTER TABLE management_result ADD COLUMN bench_region INTEGER;

CREATE TABLE benchmark_member (
	kind TEXT NOT NULL CHECK (kind IN ('assessment', 'management')),
	organisation_id INTEGER NOT NULL,
	result_id INTEGER NOT NULL,
	version TEXT NOT NULL,
	industry TEXT NOT NULL,
	size_class INTEGER NOT NULL,
	region INTEGER NOT NULL,
	total INTEGER NOT NULL,
	bin INTEGER NOT NULL,
	m1 INTEGER NOT NULL DEFAULT 0,
	m2 INTEGER NOT NULL DEFAULT 0,
	m3 INTEGER NOT NULL DEFAULT 0,
	m4 INTEGER NOT NULL DEFAULT 0,
	m5 INTEGER NOT NULL DEFAULT 0,
	m6 INTEGER NOT NULL DEFAULT 0,
	m7 INTEGER NOT NULL DEFAULT 0,
	m8 INTEGER NOT NULL DEFAULT 0,
	m9 INTEGER NOT NULL DEFAULT 0,
	m10 INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, organisation_id)
);

CREATE TABLE benchmark_group (
	kind TEXT NOT NULL,
	version TEXT NOT NULL,
	industry TEXT NOT NULL,
	size_class INTEGER NOT NULL,
	region INTEGER NOT NULL,
	organisations INTEGER NOT NULL,
	total_sum INTEGER NOT NULL,
	total_squares INTEGER NOT NULL,
	s1 INTEGER NOT NULL DEFAULT 0,
	q1 INTEGER NOT NULL DEFAULT 0,
	s2 INTEGER NOT NULL DEFAULT 0,
	q2 INTEGER NOT NULL DEFAULT 0,
	s3 INTEGER NOT NULL DEFAULT 0,
	q3 INTEGER NOT NULL DEFAULT 0,
	s4 INTEGER NOT NULL DEFAULT 0,
	q4 INTEGER NOT NULL DEFAULT 0,
	s5 INTEGER NOT NULL DEFAULT 0,
	q5 INTEGER NOT NULL DEFAULT 0,
	s6 INTEGER NOT NULL DEFAULT 0,
	q6 INTEGER NOT NULL DEFAULT 0,
	s7 INTEGER NOT NULL DEFAULT 0,
	q7 INTEGER NOT NULL DEFAULT 0,
	s8 INTEGER NOT NULL DEFAULT 0,
	q8 INTEGER NOT NULL DEFAULT 0,
	s9 INTEGER NOT NULL DEFAULT 0,
	q9 INTEGER NOT NULL DEFAULT 0,
	s10 INTEGER NOT NULL DEFAULT 0,
	q10 INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, version, industry, size_class, region)
);

CREATE TABLE benchmark_histogram (
	kind TEXT NOT NULL,
	version TEXT NOT NULL,
	industry TEXT NOT NULL,
	size_class INTEGER NOT NULL,
	region INTEGER NOT NULL,
	bin INTEGER NOT NULL,
	organisations INTEGER NOT NULL,
	PRIMARY KEY (kind, version, industry, size_class, region, bin)
);

-- `mamori aggregates rebuild` counts everything again in one transaction
-- and needs none of the triggers' work meanwhile: it puts a row here
-- while it runs (store/benchmark.c), and the triggers do nothing then.
CREATE TABLE benchmark_rebuilding (
	running INTEGER PRIMARY KEY
);

CREATE TRIGGER benchmark_member_added AFTER INSERT ON benchmark_member
WHEN NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	INSERT INTO benchmark_group (kind, version, industry, size_class, region, organisations, total_sum, total_squares,
		s1, q1, s2, q2, s3, q3, s4, q4, s5, q5, s6, q6, s7, q7, s8, q8, s9, q9, s10, q10)
	VALUES (NEW.kind, NEW.version, NEW.industry, NEW.size_class, 0, 1, NEW.total, NEW.total * NEW.total,
		NEW.m1, NEW.m1 * NEW.m1, NEW.m2, NEW.m2 * NEW.m2, NEW.m3, NEW.m3 * NEW.m3, NEW.m4, NEW.m4 * NEW.m4, NEW.m5, NEW.m5 * NEW.m5, NEW.m6, NEW.m6 * NEW.m6, NEW.m7, NEW.m7 * NEW.m7, NEW.m8, NEW.m8 * NEW.m8, NEW.m9, NEW.m9 * NEW.m9, NEW.m10, NEW.m10 * NEW.m10)
	ON CONFLICT (kind, version, industry, size_class, region) DO UPDATE SET
		organisations = organisations + 1,
		total_sum = total_sum + excluded.total_sum,
		total_squares = total_squares + excluded.total_squares,
		s1 = s1 + excluded.s1, q1 = q1 + excluded.q1,
		s2 = s2 + excluded.s2, q2 = q2 + excluded.q2,
		s3 = s3 + excluded.s3, q3 = q3 + excluded.q3,
		s4 = s4 + excluded.s4, q4 = q4 + excluded.q4,
		s5 = s5 + excluded.s5, q5 = q5 + excluded.q5,
		s6 = s6 + excluded.s6, q6 = q6 + excluded.q6,
		s7 = s7 + excluded.s7, q7 = q7 + excluded.q7,
		s8 = s8 + excluded.s8, q8 = q8 + excluded.q8,
		s9 = s9 + excluded.s9, q9 = q9 + excluded.q9,
		s10 = s10 + excluded.s10, q10 = q10 + excluded.q10;
	INSERT INTO benchmark_group (kind, version, industry, size_class, region, organisations, total_sum, total_squares,
		s1, q1, s2, q2, s3, q3, s4, q4, s5, q5, s6, q6, s7, q7, s8, q8, s9, q9, s10, q10)
	VALUES (NEW.kind, NEW.version, '', -1, NEW.region, 1, NEW.total, NEW.total * NEW.total,
		NEW.m1, NEW.m1 * NEW.m1, NEW.m2, NEW.m2 * NEW.m2, NEW.m3, NEW.m3 * NEW.m3, NEW.m4, NEW.m4 * NEW.m4, NEW.m5, NEW.m5 * NEW.m5, NEW.m6, NEW.m6 * NEW.m6, NEW.m7, NEW.m7 * NEW.m7, NEW.m8, NEW.m8 * NEW.m8, NEW.m9, NEW.m9 * NEW.m9, NEW.m10, NEW.m10 * NEW.m10)
	ON CONFLICT (kind, version, industry, size_class, region) DO UPDATE SET
		organisations = organisations + 1,
		total_sum = total_sum + excluded.total_sum,
		total_squares = total_squares + excluded.total_squares,
		s1 = s1 + excluded.s1, q1 = q1 + excluded.q1,
		s2 = s2 + excluded.s2, q2 = q2 + excluded.q2,
		s3 = s3 + excluded.s3, q3 = q3 + excluded.q3,
		s4 = s4 + excluded.s4, q4 = q4 + excluded.q4,
		s5 = s5 + excluded.s5, q5 = q5 + excluded.q5,
		s6 = s6 + excluded.s6, q6 = q6 + excluded.q6,
		s7 = s7 + excluded.s7, q7 = q7 + excluded.q7,
		s8 = s8 + excluded.s8, q8 = q8 + excluded.q8,
		s9 = s9 + excluded.s9, q9 = q9 + excluded.q9,
		s10 = s10 + excluded.s10, q10 = q10 + excluded.q10;
	INSERT INTO benchmark_histogram (kind, version, industry, size_class, region, bin, organisations)
	VALUES (NEW.kind, NEW.version, NEW.industry, NEW.size_class, 0, NEW.bin, 1)
	ON CONFLICT (kind, version, industry, size_class, region, bin) DO UPDATE SET organisations = organisations + 1;
	INSERT INTO benchmark_histogram (kind, version, industry, size_class, region, bin, organisations)
	VALUES (NEW.kind, NEW.version, '', -1, NEW.region, NEW.bin, 1)
	ON CONFLICT (kind, version, industry, size_class, region, bin) DO UPDATE SET organisations = organisations + 1;
END;

CREATE TRIGGER benchmark_member_removed AFTER DELETE ON benchmark_member
WHEN NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	UPDATE benchmark_group SET
		organisations = organisations - 1,
		total_sum = total_sum - OLD.total,
		total_squares = total_squares - OLD.total * OLD.total,
		s1 = s1 - OLD.m1, q1 = q1 - OLD.m1 * OLD.m1,
		s2 = s2 - OLD.m2, q2 = q2 - OLD.m2 * OLD.m2,
		s3 = s3 - OLD.m3, q3 = q3 - OLD.m3 * OLD.m3,
		s4 = s4 - OLD.m4, q4 = q4 - OLD.m4 * OLD.m4,
		s5 = s5 - OLD.m5, q5 = q5 - OLD.m5 * OLD.m5,
		s6 = s6 - OLD.m6, q6 = q6 - OLD.m6 * OLD.m6,
		s7 = s7 - OLD.m7, q7 = q7 - OLD.m7 * OLD.m7,
		s8 = s8 - OLD.m8, q8 = q8 - OLD.m8 * OLD.m8,
		s9 = s9 - OLD.m9, q9 = q9 - OLD.m9 * OLD.m9,
		s10 = s10 - OLD.m10, q10 = q10 - OLD.m10 * OLD.m10
	WHERE kind = OLD.kind AND version = OLD.version AND industry = OLD.industry AND size_class = OLD.size_class AND region = 0;
	UPDATE benchmark_group SET
		organisations = organisations - 1,
		total_sum = total_sum - OLD.total,
		total_squares = total_squares - OLD.total * OLD.total,
		s1 = s1 - OLD.m1, q1 = q1 - OLD.m1 * OLD.m1,
		s2 = s2 - OLD.m2, q2 = q2 - OLD.m2 * OLD.m2,
		s3 = s3 - OLD.m3, q3 = q3 - OLD.m3 * OLD.m3,
		s4 = s4 - OLD.m4, q4 = q4 - OLD.m4 * OLD.m4,
		s5 = s5 - OLD.m5, q5 = q5 - OLD.m5 * OLD.m5,
		s6 = s6 - OLD.m6, q6 = q6 - OLD.m6 * OLD.m6,
		s7 = s7 - OLD.m7, q7 = q7 - OLD.m7 * OLD.m7,
		s8 = s8 - OLD.m8, q8 = q8 - OLD.m8 * OLD.m8,
		s9 = s9 - OLD.m9, q9 = q9 - OLD.m9 * OLD.m9,
		s10 = s10 - OLD.m10, q10 = q10 - OLD.m10 * OLD.m10
	WHERE kind = OLD.kind AND version = OLD.version AND industry = '' AND size_class = -1 AND region = OLD.region;
	UPDATE benchmark_histogram SET organisations = organisations - 1
	WHERE kind = OLD.kind AND version = OLD.version AND industry = OLD.industry AND size_class = OLD.size_class AND region = 0 AND bin = OLD.bin;
	UPDATE benchmark_histogram SET organisations = organisations - 1
	WHERE kind = OLD.kind AND version = OLD.version AND industry = '' AND size_class = -1 AND region = OLD.region AND bin = OLD.bin;
END;

CREATE TRIGGER benchmark_assessment_inserted AFTER INSERT ON assessment_result
WHEN NEW.organisation_id IS NOT NULL AND NEW.bench_industry IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'assessment' AND organisation_id = NEW.organisation_id
	  AND result_id IS NOT (SELECT id FROM assessment_result WHERE organisation_id = NEW.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3)
	SELECT 'assessment', organisation_id, id, version, bench_industry, bench_size, bench_region,
		total, (total + 25) / 5, part1, part2, part3
	FROM assessment_result WHERE organisation_id = NEW.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'assessment' AND organisation_id = NEW.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER benchmark_assessment_moved
AFTER UPDATE OF organisation_id, bench_industry, bench_size, bench_region ON assessment_result
WHEN NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'assessment' AND organisation_id = OLD.organisation_id
	  AND result_id IS NOT (SELECT id FROM assessment_result WHERE organisation_id = OLD.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3)
	SELECT 'assessment', organisation_id, id, version, bench_industry, bench_size, bench_region,
		total, (total + 25) / 5, part1, part2, part3
	FROM assessment_result WHERE organisation_id = OLD.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'assessment' AND organisation_id = OLD.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
	DELETE FROM benchmark_member WHERE kind = 'assessment' AND organisation_id = NEW.organisation_id
	  AND result_id IS NOT (SELECT id FROM assessment_result WHERE organisation_id = NEW.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3)
	SELECT 'assessment', organisation_id, id, version, bench_industry, bench_size, bench_region,
		total, (total + 25) / 5, part1, part2, part3
	FROM assessment_result WHERE organisation_id = NEW.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'assessment' AND organisation_id = NEW.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER benchmark_assessment_deleted AFTER DELETE ON assessment_result
WHEN OLD.organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'assessment' AND organisation_id = OLD.organisation_id
	  AND result_id IS NOT (SELECT id FROM assessment_result WHERE organisation_id = OLD.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3)
	SELECT 'assessment', organisation_id, id, version, bench_industry, bench_size, bench_region,
		total, (total + 25) / 5, part1, part2, part3
	FROM assessment_result WHERE organisation_id = OLD.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'assessment' AND organisation_id = OLD.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER benchmark_management_inserted AFTER INSERT ON management_result
WHEN NEW.organisation_id IS NOT NULL AND NEW.bench_industry IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'management' AND organisation_id = NEW.organisation_id
	  AND result_id IS NOT (SELECT id FROM management_result WHERE organisation_id = NEW.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)
	SELECT 'management', organisation_id, id, version, bench_industry, bench_size, bench_region,
		overall, overall / 50, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
	FROM management_result WHERE organisation_id = NEW.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'management' AND organisation_id = NEW.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER benchmark_management_moved
AFTER UPDATE OF organisation_id, bench_industry, bench_size, bench_region ON management_result
WHEN NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'management' AND organisation_id = OLD.organisation_id
	  AND result_id IS NOT (SELECT id FROM management_result WHERE organisation_id = OLD.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)
	SELECT 'management', organisation_id, id, version, bench_industry, bench_size, bench_region,
		overall, overall / 50, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
	FROM management_result WHERE organisation_id = OLD.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'management' AND organisation_id = OLD.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
	DELETE FROM benchmark_member WHERE kind = 'management' AND organisation_id = NEW.organisation_id
	  AND result_id IS NOT (SELECT id FROM management_result WHERE organisation_id = NEW.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)
	SELECT 'management', organisation_id, id, version, bench_industry, bench_size, bench_region,
		overall, overall / 50, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
	FROM management_result WHERE organisation_id = NEW.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'management' AND organisation_id = NEW.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER benchmark_management_deleted AFTER DELETE ON management_result
WHEN OLD.organisation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM benchmark_rebuilding)
BEGIN
	DELETE FROM benchmark_member WHERE kind = 'management' AND organisation_id = OLD.organisation_id
	  AND result_id IS NOT (SELECT id FROM management_result WHERE organisation_id = OLD.organisation_id
		AND bench_industry IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1);
	INSERT INTO benchmark_member (kind, organisation_id, result_id, version, industry,
		size_class, region, total, bin, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10)
	SELECT 'management', organisation_id, id, version, bench_industry, bench_size, bench_region,
		overall, overall / 50, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10
	FROM management_result WHERE organisation_id = OLD.organisation_id AND bench_industry IS NOT NULL
	  AND NOT EXISTS (SELECT 1 FROM benchmark_member
		WHERE kind = 'management' AND organisation_id = OLD.organisation_id)
	ORDER BY taken_at DESC, id DESC LIMIT 1;
END;

-- The results there before: the cell of their organisation now, its size
-- class that of its latest declaration (0, unknown, without one), as
-- `mamori aggregates rebuild` gives a result without a cell
-- (store/benchmark.c); the triggers above count them.
UPDATE assessment_result SET (bench_industry, bench_size, bench_region) =
	(SELECT o.industry, coalesce((SELECT d.size_class FROM declaration d
		WHERE d.organisation_id = o.id ORDER BY d.declared_at DESC, d.id DESC LIMIT 1), 0),
		CASE WHEN o.prefecture = 1 THEN 1 WHEN o.prefecture <= 7 THEN 2
		WHEN o.prefecture IN (16, 17, 21, 23, 24) THEN 4
		WHEN o.prefecture = 18 OR o.prefecture BETWEEN 25 AND 30 THEN 5
		WHEN o.prefecture <= 22 THEN 3 WHEN o.prefecture <= 35 THEN 6
		WHEN o.prefecture <= 39 THEN 7 WHEN o.prefecture <= 46 THEN 8 ELSE 9 END
	 FROM organisation o WHERE o.id = assessment_result.organisation_id)
WHERE organisation_id IS NOT NULL AND bench_industry IS NULL;
UPDATE management_result SET (bench_industry, bench_size, bench_region) =
	(SELECT o.industry, coalesce((SELECT d.size_class FROM declaration d
		WHERE d.organisation_id = o.id ORDER BY d.declared_at DESC, d.id DESC LIMIT 1), 0),
		CASE WHEN o.prefecture = 1 THEN 1 WHEN o.prefecture <= 7 THEN 2
		WHEN o.prefecture IN (16, 17, 21, 23, 24) THEN 4
		WHEN o.prefecture = 18 OR o.prefecture BETWEEN 25 AND 30 THEN 5
		WHEN o.prefecture <= 22 THEN 3 WHEN o.prefecture <= 35 THEN 6
		WHEN o.prefecture <= 39 THEN 7 WHEN o.prefecture <= 46 THEN 8 ELSE 9 END
	 FROM organisation o WHERE o.id = management_result.organisation_id)
WHERE organisation_id IS NOT NULL AND bench_industry IS NULL;
