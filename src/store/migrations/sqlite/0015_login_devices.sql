-- 0015: log-in throttling by network and device, invitations by inviter.
--
-- A log-in attempt is recorded in login_failure before its password is
-- checked (and removed when it was right), so concurrent guesses cannot
-- all read "no failures yet". Each row names the client's network (the
-- IPv4 address, or the /64 of an IPv6 address), which is what the
-- per-network allowance counts, and the device it came from, if any.
ALTER TABLE login_failure ADD COLUMN network TEXT NOT NULL DEFAULT '';
ALTER TABLE login_failure ADD COLUMN device_id INTEGER;
DROP INDEX login_failure_ip;
CREATE INDEX login_failure_network ON login_failure (network, at);
CREATE INDEX login_failure_device ON login_failure (device_id, at) WHERE device_id IS NOT NULL;

-- A browser that has logged in to an account keeps a random token in a
-- long-lived cookie; only its hash is here. Its guesses are not counted
-- with strangers' against the account, so strangers cannot lock the
-- account's owner out of a device they have used before.
CREATE TABLE login_device (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER NOT NULL
);
CREATE INDEX login_device_user ON login_device (user_id, last_used_at);

-- Who sent an invitation: removing or demoting that owner withdraws the
-- invitations still pending, and deleting that account deletes them. Those
-- sent before this migration name nobody.
ALTER TABLE link_token ADD COLUMN invited_by INTEGER REFERENCES user (id) ON DELETE CASCADE;
CREATE INDEX link_token_inviter ON link_token (invited_by) WHERE invited_by IS NOT NULL;
