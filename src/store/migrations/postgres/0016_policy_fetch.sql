-- 0016: what mamori saw when it fetched a policy published on a firm's own
-- site (web/fetch.h): once when the address is given, and later at each
-- yearly check. One row per fetch, whatever came of it, so the history
-- shows when a page went missing; the newest POLICY_FETCH_KEEP rows of an
-- organisation are kept (store/policy.c).
--
-- outcome: fetch_outcome_name(); status: the HTTP status of the last
-- response (0 when nothing answered); content_type: its media type;
-- kind: 'html' or 'pdf' when outcome is 'ok'; size: body bytes received;
-- sha256: of the body, lowercase hex, when outcome is 'ok'.
CREATE TABLE policy_fetch (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	organisation_id bigint NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	url text NOT NULL,
	fetched_at bigint NOT NULL,
	outcome text NOT NULL CHECK (outcome IN ('ok', 'bad_address', 'refused', 'unreachable',
	                                         'timeout', 'too_large', 'too_many_redirects',
	                                         'status', 'not_document')),
	status integer NOT NULL DEFAULT 0,
	content_type text NOT NULL DEFAULT '' CHECK (length(content_type) <= 100),
	kind text NOT NULL DEFAULT '' CHECK (kind IN ('', 'html', 'pdf')),
	size bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
	sha256 text NOT NULL DEFAULT '' CHECK (length(sha256) IN (0, 64)),
	CHECK ((outcome = 'ok') = (kind <> '' AND sha256 <> ''))
);
CREATE INDEX policy_fetch_organisation ON policy_fetch (organisation_id, id);
