-- 0002: accounts, sessions, single-use links, organisation details and
-- membership, supporters and their grants, the mail outbox, the audit log
-- and failed log-ins. Times are Unix seconds (INTEGER) unless named *_date.

CREATE TABLE user (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	confirmed_at INTEGER,
	is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
	disabled_at INTEGER,
	disabled_reason TEXT,
	created_at INTEGER NOT NULL
);

-- token_hash: BLAKE2b-256 of the cookie value; the value itself is never
-- stored. csrf: the per-session token every state-changing form carries.
CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_user ON session (user_id);

-- Single-use links: e-mail confirmation, password reset, e-mail change,
-- invitation, administrator set-password.
CREATE TABLE link_token (
	id INTEGER PRIMARY KEY,
	purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'email', 'invite', 'admin')),
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER REFERENCES user (id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT '',
	expires_at INTEGER NOT NULL,
	used_at INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX link_token_user ON link_token (user_id);

ALTER TABLE organisation ADD COLUMN sole_proprietor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN representative_title TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN representative_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE membership (
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX membership_user ON membership (user_id);

CREATE TABLE supporter (
	user_id INTEGER PRIMARY KEY REFERENCES user (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('tax_accountant', 'labour_attorney', 'sme_consultant', 'chamber',
	                                   'it_coordinator', 'security_specialist', 'other')),
	prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
	organisation_name TEXT NOT NULL DEFAULT '',
	code TEXT NOT NULL UNIQUE, -- the code a supporter gives a firm to be granted access
	created_at INTEGER NOT NULL
);

CREATE TABLE supporter_grant (
	id INTEGER PRIMARY KEY,
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	supporter_user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	access TEXT NOT NULL CHECK (access IN ('read', 'edit')),
	granted_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	granted_at INTEGER NOT NULL,
	revoked_at INTEGER
);
CREATE UNIQUE INDEX supporter_grant_active ON supporter_grant (organisation_id, supporter_user_id)
	WHERE revoked_at IS NULL;
CREATE INDEX supporter_grant_supporter ON supporter_grant (supporter_user_id);

-- Written in the same transaction as the change that causes the message.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	sent_at INTEGER,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_user_id INTEGER REFERENCES user (id) ON DELETE SET NULL,
	ip TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
	target TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_organisation ON audit (organisation_id, at);

-- Failed log-ins, per address and per account, for throttling.
CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL COLLATE NOCASE,
	ip TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failure_email ON login_failure (email, at);
CREATE INDEX login_failure_ip ON login_failure (ip, at);
