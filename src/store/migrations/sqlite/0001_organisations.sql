-- 0001: organisations, the unit that declares, assesses and publishes.
-- Later migrations add users, memberships, assessments and declarations.
CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
	public_id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	name_kana TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	corporate_number TEXT UNIQUE,
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	industry TEXT NOT NULL CHECK (length(industry) = 1),
	employees INTEGER NOT NULL CHECK (employees >= 0),
	capital_yen INTEGER,
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
