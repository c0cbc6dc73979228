-- 0022: the scheme's statistics, kept on write. Triggers keep the
-- counters below in the same transaction as the change they count,
-- whichever code or process makes it (a page, `mamori seed`, the triggers
-- of 0007 when a policy is unpublished or an organisation deleted), so a
-- page reading them costs the same with 100 or 3.4 million firms.
-- `mamori aggregates rebuild` (store/statistics.c) recomputes every table
-- from the rows it counts; a test checks that both agree.
--
-- Keys: prefecture 1–47; industry the JSIC division ('A'–'T'); size_class
-- 0 unknown, 1 small enterprise, 2 other SME, 3 not an SME (copied onto
-- the declaration when it is made or its details change, as its other
-- facts are); level 1 (★) or 2 (★★). Days and months are Japan's (UTC+9,
-- no summer time): day = days since 1970-01-01, month = year * 12 +
-- month - 1.
ALTER TABLE declaration ADD COLUMN size_class INTEGER NOT NULL DEFAULT 0
	CHECK (size_class BETWEEN 0 AND 3);

-- Declarations in force now.
CREATE TABLE statistics_active (
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	size_class INTEGER NOT NULL,
	level INTEGER NOT NULL,
	organisations INTEGER NOT NULL,
	PRIMARY KEY (prefecture, industry, size_class, level)
);

-- Events per day and cell: new declarations, ★→★★, ★★→★, withdrawals,
-- revocations. The level is the one the event leads to (the level that
-- ended, for a withdrawal or a revocation).
CREATE TABLE statistics_daily (
	day INTEGER NOT NULL,
	prefecture INTEGER NOT NULL,
	industry TEXT NOT NULL,
	size_class INTEGER NOT NULL,
	level INTEGER NOT NULL,
	declared INTEGER NOT NULL DEFAULT 0,
	upgraded INTEGER NOT NULL DEFAULT 0,
	downgraded INTEGER NOT NULL DEFAULT 0,
	withdrawn INTEGER NOT NULL DEFAULT 0,
	revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, prefecture, industry, size_class, level)
);

-- The same events per month, every cell together: what the public page's
-- monthly series reads (24 rows).
CREATE TABLE statistics_monthly (
	month INTEGER NOT NULL PRIMARY KEY,
	declared INTEGER NOT NULL DEFAULT 0,
	upgraded INTEGER NOT NULL DEFAULT 0,
	downgraded INTEGER NOT NULL DEFAULT 0,
	withdrawn INTEGER NOT NULL DEFAULT 0,
	revoked INTEGER NOT NULL DEFAULT 0
);

-- Submitted self-assessments of organisations per Japanese calendar year
-- and result band (0: ≤ 49, 1: 50–69, 2: 70–99, 3: 100), with the sum of
-- their totals for the mean. Anonymous results (until an organisation
-- claims them) are not counted.
CREATE TABLE statistics_score (
	year INTEGER NOT NULL,
	band INTEGER NOT NULL,
	results INTEGER NOT NULL,
	score_sum INTEGER NOT NULL,
	PRIMARY KEY (year, band)
);

CREATE TRIGGER statistics_active_inserted AFTER INSERT ON declaration WHEN NEW.status = 'active'
BEGIN
	INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)
	VALUES (NEW.prefecture, NEW.industry, NEW.size_class, NEW.level, 1)
	ON CONFLICT (prefecture, industry, size_class, level)
	DO UPDATE SET organisations = organisations + 1;
END;

CREATE TRIGGER statistics_active_updated
AFTER UPDATE OF status, level, prefecture, industry, size_class ON declaration
BEGIN
	UPDATE statistics_active SET organisations = organisations - 1
	WHERE OLD.status = 'active' AND prefecture = OLD.prefecture AND industry = OLD.industry
	  AND size_class = OLD.size_class AND level = OLD.level;
	INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)
	SELECT NEW.prefecture, NEW.industry, NEW.size_class, NEW.level, 1 WHERE NEW.status = 'active'
	ON CONFLICT (prefecture, industry, size_class, level)
	DO UPDATE SET organisations = organisations + 1;
END;

CREATE TRIGGER statistics_active_deleted AFTER DELETE ON declaration WHEN OLD.status = 'active'
BEGIN
	UPDATE statistics_active SET organisations = organisations - 1
	WHERE prefecture = OLD.prefecture AND industry = OLD.industry
	  AND size_class = OLD.size_class AND level = OLD.level;
END;

-- An event counts once, in the cell of its declaration as the event
-- finds it, which the event keeps (stat_*) so that a rebuild counts it in
-- the same cell after the declaration's details change. A new
-- declaration or a change of level names the level it leads to
-- (to_value): the trigger of 0007 writes its event before it changes the
-- level.
ALTER TABLE declaration_event ADD COLUMN stat_prefecture INTEGER;
ALTER TABLE declaration_event ADD COLUMN stat_industry TEXT;
ALTER TABLE declaration_event ADD COLUMN stat_size_class INTEGER;
ALTER TABLE declaration_event ADD COLUMN stat_level INTEGER;

CREATE TRIGGER statistics_event AFTER INSERT ON declaration_event
WHEN NEW.kind IN ('declared', 'level', 'withdrawn', 'revoked')
BEGIN
	UPDATE declaration_event SET (stat_prefecture, stat_industry, stat_size_class, stat_level) =
		(SELECT d.prefecture, d.industry, d.size_class,
			CASE WHEN NEW.kind IN ('declared', 'level') AND NEW.to_value IN ('1', '2')
			THEN CAST(NEW.to_value AS INTEGER) ELSE d.level END
		 FROM declaration d WHERE d.id = NEW.declaration_id)
	WHERE id = NEW.id;
	INSERT INTO statistics_daily (day, prefecture, industry, size_class, level,
		declared, upgraded, downgraded, withdrawn, revoked)
	SELECT (e.at + 32400) / 86400, e.stat_prefecture, e.stat_industry, e.stat_size_class,
		e.stat_level, e.kind = 'declared', e.kind = 'level' AND e.to_value = '2',
		e.kind = 'level' AND e.to_value = '1', e.kind = 'withdrawn', e.kind = 'revoked'
	FROM declaration_event e WHERE e.id = NEW.id AND e.stat_level IS NOT NULL
	ON CONFLICT (day, prefecture, industry, size_class, level) DO UPDATE SET
		declared = declared + excluded.declared, upgraded = upgraded + excluded.upgraded,
		downgraded = downgraded + excluded.downgraded, withdrawn = withdrawn + excluded.withdrawn,
		revoked = revoked + excluded.revoked;
	INSERT INTO statistics_monthly (month, declared, upgraded, downgraded, withdrawn, revoked)
	SELECT CAST(strftime('%Y', NEW.at + 32400, 'unixepoch') AS INTEGER) * 12
		+ CAST(strftime('%m', NEW.at + 32400, 'unixepoch') AS INTEGER) - 1,
		NEW.kind = 'declared', NEW.kind = 'level' AND NEW.to_value = '2',
		NEW.kind = 'level' AND NEW.to_value = '1', NEW.kind = 'withdrawn', NEW.kind = 'revoked'
	WHERE EXISTS (SELECT 1 FROM declaration_event e WHERE e.id = NEW.id AND e.stat_level IS NOT NULL)
	ON CONFLICT (month) DO UPDATE SET
		declared = declared + excluded.declared, upgraded = upgraded + excluded.upgraded,
		downgraded = downgraded + excluded.downgraded, withdrawn = withdrawn + excluded.withdrawn,
		revoked = revoked + excluded.revoked;
END;

CREATE TRIGGER statistics_score_inserted AFTER INSERT ON assessment_result
WHEN NEW.organisation_id IS NOT NULL
BEGIN
	INSERT INTO statistics_score (year, band, results, score_sum)
	VALUES (CAST(strftime('%Y', NEW.taken_at + 32400, 'unixepoch') AS INTEGER),
		CASE WHEN NEW.total >= 100 THEN 3 WHEN NEW.total >= 70 THEN 2
		WHEN NEW.total >= 50 THEN 1 ELSE 0 END, 1, NEW.total)
	ON CONFLICT (year, band) DO UPDATE SET results = results + 1,
		score_sum = score_sum + excluded.score_sum;
END;

CREATE TRIGGER statistics_score_claimed AFTER UPDATE OF organisation_id ON assessment_result
WHEN (OLD.organisation_id IS NULL) <> (NEW.organisation_id IS NULL)
BEGIN
	INSERT INTO statistics_score (year, band, results, score_sum)
	VALUES (CAST(strftime('%Y', NEW.taken_at + 32400, 'unixepoch') AS INTEGER),
		CASE WHEN NEW.total >= 100 THEN 3 WHEN NEW.total >= 70 THEN 2
		WHEN NEW.total >= 50 THEN 1 ELSE 0 END,
		CASE WHEN NEW.organisation_id IS NULL THEN -1 ELSE 1 END,
		CASE WHEN NEW.organisation_id IS NULL THEN -NEW.total ELSE NEW.total END)
	ON CONFLICT (year, band) DO UPDATE SET results = results + excluded.results,
		score_sum = score_sum + excluded.score_sum;
END;

CREATE TRIGGER statistics_score_deleted AFTER DELETE ON assessment_result
WHEN OLD.organisation_id IS NOT NULL
BEGIN
	UPDATE statistics_score SET results = results - 1, score_sum = score_sum - OLD.total
	WHERE year = CAST(strftime('%Y', OLD.taken_at + 32400, 'unixepoch') AS INTEGER)
	  AND band = CASE WHEN OLD.total >= 100 THEN 3 WHEN OLD.total >= 70 THEN 2
		WHEN OLD.total >= 50 THEN 1 ELSE 0 END;
END;

-- Jobs of `mamori serve` that one instance at a time runs once a day (the
-- open-data files): a lease per job in the table of 0021, taken by an
-- UPDATE that only one instance's can win, and the last Japanese day the
-- job finished (store/statistics.h).
ALTER TABLE job_lease ADD COLUMN done_day INTEGER NOT NULL DEFAULT 0;
INSERT INTO job_lease (name) VALUES ('open_data');

-- What was there before is counted once, here, as `mamori aggregates
-- rebuild` counts it (store/statistics.c).
UPDATE declaration_event SET (stat_prefecture, stat_industry, stat_size_class, stat_level) =
	(SELECT d.prefecture, d.industry, d.size_class,
		CASE WHEN declaration_event.kind IN ('declared', 'level')
		  AND declaration_event.to_value IN ('1', '2')
		THEN CAST(declaration_event.to_value AS INTEGER) ELSE d.level END
	 FROM declaration d WHERE d.id = declaration_event.declaration_id)
WHERE kind IN ('declared', 'level', 'withdrawn', 'revoked');
INSERT INTO statistics_active (prefecture, industry, size_class, level, organisations)
SELECT prefecture, industry, size_class, level, count(*) FROM declaration
WHERE status = 'active' GROUP BY prefecture, industry, size_class, level;
INSERT INTO statistics_daily (day, prefecture, industry, size_class, level,
	declared, upgraded, downgraded, withdrawn, revoked)
SELECT (at + 32400) / 86400 AS day, stat_prefecture, stat_industry, stat_size_class, stat_level,
	sum(kind = 'declared'), sum(kind = 'level' AND to_value = '2'),
	sum(kind = 'level' AND to_value = '1'), sum(kind = 'withdrawn'), sum(kind = 'revoked')
FROM declaration_event WHERE stat_level IS NOT NULL
GROUP BY day, stat_prefecture, stat_industry, stat_size_class, stat_level;
INSERT INTO statistics_monthly (month, declared, upgraded, downgraded, withdrawn, revoked)
SELECT CAST(strftime('%Y', at + 32400, 'unixepoch') AS INTEGER) * 12
	+ CAST(strftime('%m', at + 32400, 'unixepoch') AS INTEGER) - 1 AS month,
	sum(kind = 'declared'), sum(kind = 'level' AND to_value = '2'),
	sum(kind = 'level' AND to_value = '1'), sum(kind = 'withdrawn'), sum(kind = 'revoked')
FROM declaration_event WHERE stat_level IS NOT NULL GROUP BY month;
INSERT INTO statistics_score (year, band, results, score_sum)
SELECT CAST(strftime('%Y', taken_at + 32400, 'unixepoch') AS INTEGER) AS year,
	CASE WHEN total >= 100 THEN 3 WHEN total >= 70 THEN 2 WHEN total >= 50 THEN 1 ELSE 0 END
	AS band, count(*), sum(total)
FROM assessment_result WHERE organisation_id IS NOT NULL GROUP BY year, band;

-- The administrators' funnel reads the sign-ups of the last 24 months.
CREATE INDEX user_created ON user (created_at);

-- Reminders ("nudges") sent through the outbox by the daily job: a
-- reminder to take the self-assessment again one year after an
-- organisation's latest result, and again at 13 months; a note to the
-- owners of a ★ declaration six months old saying what ★★ still needs
-- (core/nudge.h).
-- nudge_sent keeps each one sent, for that result, so none goes twice;
-- nudge_optout the accounts that asked for no more; unsubscribe_link the
-- hash of the token in each reminder's one-click link (no log-in).
CREATE TABLE nudge_sent (
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('reassess_12', 'reassess_13', 'star_6')),
	subject_id INTEGER NOT NULL, -- the result, or for star_6 the declaration
	sent_at INTEGER NOT NULL,
	PRIMARY KEY (organisation_id, subject_id, kind)
);
CREATE TABLE nudge_optout (
	user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
	opted_out_at INTEGER NOT NULL
);
CREATE TABLE unsubscribe_link (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);
CREATE INDEX unsubscribe_link_user ON unsubscribe_link (user_id);
-- The results that may be due for a reminder: a bounded range of days.
CREATE INDEX assessment_result_taken ON assessment_result (taken_at) WHERE organisation_id IS NOT NULL;
-- ★ declarations in force by age.
CREATE INDEX declaration_one_star ON declaration (declared_at) WHERE status = 'active' AND level = 1;
INSERT INTO job_lease (name) VALUES ('nudges');
