-- 0032: sign-in with OpenID Connect (src/pages/oidc/, store/oidc.h).
--
-- oidc_login: a sign-in on its way through a provider, from the start
-- page to the callback. state_hash is the BLAKE2b-256 of the state sent
-- to the provider; browser_hash that of the random cookie of the browser
-- that started it, so the callback only counts in that browser. The row
-- is deleted when the callback uses it (single use) and is worth nothing
-- after expires_at (10 minutes); the nonce and the PKCE verifier are
-- secrets of this one sign-in and go with it.
CREATE TABLE oidc_login (
	id INTEGER PRIMARY KEY,
	state_hash BLOB NOT NULL UNIQUE,
	browser_hash BLOB NOT NULL,
	provider TEXT NOT NULL,
	nonce TEXT NOT NULL,
	code_verifier TEXT NOT NULL,
	next TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX oidc_login_expires ON oidc_login (expires_at);

-- oidc_identity: an account's identity at a provider (its "sub"), one
-- per provider and account; a subject signs in to that account only.
CREATE TABLE oidc_identity (
	id INTEGER PRIMARY KEY,
	provider TEXT NOT NULL,
	subject TEXT NOT NULL,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER NOT NULL,
	UNIQUE (provider, subject),
	UNIQUE (user_id, provider)
);

-- oidc_link: a provider's identity waiting to be linked to the existing
-- account of the same address, which needs that account's password or a
-- mailed confirmation (never linked on the address alone). Bound to the
-- browser that signed in at the provider (browser_hash); token_hash is the
-- mailed link's, NULL until one is sent. The claims are kept for the
-- sign-in that follows the link.
CREATE TABLE oidc_link (
	id INTEGER PRIMARY KEY,
	browser_hash BLOB NOT NULL UNIQUE,
	token_hash BLOB UNIQUE,
	provider TEXT NOT NULL,
	subject TEXT NOT NULL,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	corporate_number TEXT NOT NULL DEFAULT '',
	next TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX oidc_link_user ON oidc_link (user_id);
CREATE INDEX oidc_link_expires ON oidc_link (expires_at);
