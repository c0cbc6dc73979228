-- 0006: the basic security policy (DOMAIN.md §4) — the draft an
-- organisation is writing, the versions it published (never changed
-- afterwards), and whether and how its policy is published now.
--
-- A policy is a preamble, five commitments and a footer (date of
-- establishment or revision, organisation name, representative's title and
-- name). lang is the language of the fixed headings printed around the
-- text the firm wrote ('ja' or 'en'); the text itself is the firm's.
-- Section lengths are limited by the application (core/policy.h); the
-- CHECKs below are a generous backstop in characters.

-- One draft per organisation, shared by the people allowed to edit it.
-- done_steps: one bit per step of the builder the user has saved (bit 0
-- preamble, bits 1–5 the commitments, bit 6 the footer), for the task list.
CREATE TABLE policy_draft (
	organisation_id INTEGER PRIMARY KEY REFERENCES organisation (id) ON DELETE CASCADE,
	lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
	preamble TEXT NOT NULL DEFAULT '' CHECK (length(preamble) <= 4000),
	commitment_1 TEXT NOT NULL DEFAULT '' CHECK (length(commitment_1) <= 4000),
	commitment_2 TEXT NOT NULL DEFAULT '' CHECK (length(commitment_2) <= 4000),
	commitment_3 TEXT NOT NULL DEFAULT '' CHECK (length(commitment_3) <= 4000),
	commitment_4 TEXT NOT NULL DEFAULT '' CHECK (length(commitment_4) <= 4000),
	commitment_5 TEXT NOT NULL DEFAULT '' CHECK (length(commitment_5) <= 4000),
	established_on TEXT NOT NULL DEFAULT '', -- 'YYYY-MM-DD' or '' before the footer step
	organisation_name TEXT NOT NULL DEFAULT '' CHECK (length(organisation_name) <= 400),
	representative_title TEXT NOT NULL DEFAULT '' CHECK (length(representative_title) <= 400),
	representative_name TEXT NOT NULL DEFAULT '' CHECK (length(representative_name) <= 400),
	done_steps INTEGER NOT NULL DEFAULT 0 CHECK (done_steps BETWEEN 0 AND 127),
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES user (id) ON DELETE SET NULL
);

-- A published version: number counts 1, 2, … per organisation.
CREATE TABLE policy_version (
	id INTEGER PRIMARY KEY,
	organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number >= 1),
	published_at INTEGER NOT NULL,
	published_by INTEGER REFERENCES user (id) ON DELETE SET NULL,
	lang TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
	preamble TEXT NOT NULL,
	commitment_1 TEXT NOT NULL,
	commitment_2 TEXT NOT NULL,
	commitment_3 TEXT NOT NULL,
	commitment_4 TEXT NOT NULL,
	commitment_5 TEXT NOT NULL,
	established_on TEXT NOT NULL,
	organisation_name TEXT NOT NULL,
	representative_title TEXT NOT NULL,
	representative_name TEXT NOT NULL,
	UNIQUE (organisation_id, number)
);

-- Versions are immutable: the history a verifier reads must not change.
CREATE TRIGGER policy_version_immutable BEFORE UPDATE ON policy_version
BEGIN
	SELECT RAISE(ABORT, 'policy_version is immutable');
END;

-- A row exists exactly while the organisation's policy is published:
-- 'hosted' shows version_id at /policy/{organisation.public_id};
-- 'external' points to url on the firm's own site (version_id NULL).
-- Unpublishing deletes the row (migration 0007 reacts to that for ★★
-- declarations).
CREATE TABLE policy_publication (
	organisation_id INTEGER PRIMARY KEY REFERENCES organisation (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('hosted', 'external')),
	version_id INTEGER REFERENCES policy_version (id),
	url TEXT NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL,
	CHECK ((kind = 'hosted') = (version_id IS NOT NULL)),
	CHECK ((kind = 'external') = (url <> ''))
);
