// Query plans: every statement the SQLite store prepares is put through
// EXPLAIN QUERY PLAN on a seeded database, and a full scan of a large table
// fails the test unless the statement is listed below with the reason it
// may scan. The statements are read from the store's own sources through
// the C preprocessor, so the SQL checked is the SQL compiled in, macros
// and all: the SQLite driver's named strings (src/store/sqlite*.c) and the
// SQLite text of every statement of the areas written once for every
// database (`static const struct sql` in src/store/*.c, see store/sql.h).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { REPO_ROOT, makeTmpDir, runCli, sqlite } from './helpers.mjs';

// Tables that grow with the number of firms, users or years.
const LARGE = new Set([
  'organisation', 'user', 'session', 'link_token', 'membership', 'supporter', 'supporter_grant',
  'outbox', 'audit', 'login_failure', 'assessment_draft', 'assessment_draft_answer',
  'assessment_result', 'assessment_result_answer', 'policy_draft', 'policy_version',
  'policy_publication', 'declaration', 'declaration_event', 'verification_change',
]);

// file:constant → why it may scan. Keep this short and every reason true.
const MAY_SCAN = {
  'sqlite.c:SQL_ORGANISATION_COUNT': 'counts every organisation for the unit tests of seed-demo; no page or API calls it',
  'admin.c:SQL_COUNTS': "the administrators' overview counts users, organisations and a day of audit lines; administrators only",
  'admin.c:SQL_USER_SEARCH': 'administrators look accounts up by any part of an address (LIKE %…%), which no index serves; paged',
  'admin.c:SQL_USER_SEARCH_COUNT': 'its count',
  'sqlite_declaration.c:SQL_FLAGGED_LIST': 'walks declaration_flagged, a partial index holding only the flagged declarations of the review queue',
  'sqlite_declaration.c:SQL_FLAGGED_COUNT': 'its count, on the same partial index',
  'sqlite_verification.c:SQL_SEARCH_SHORT': '1–2 character declarant search walks the public list index (a token index replaces it)',
  'sqlite_verification.c:SQL_COUNT_SHORT': 'its count, the same walk',
  'sqlite_verification.c:SQL_SEARCH_ALL': 'the whole public list, in order, one page at a time (LIMIT/OFFSET)',
  'sqlite_verification.c:SQL_COUNT_ALL': 'counts every active declaration for the page count',
};

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const STRINGS = String.raw`(?:${STRING}\s*)+`;

/** The text of adjacent C string literals. */
function cString(literals) {
  return [...literals.matchAll(new RegExp(STRING, 'g'))].map((s) => JSON.parse(s[0])).join('');
}

/**
 * The SQLite statements of a preprocessed C file: every
 * `static const char NAME[] = "…";` of the SQLite driver's files, and every
 * `static const struct sql NAME = SQL(…)` or `SQL_EACH(…)`: its SQLite text,
 * or else its shared text with each $N read as ?N, as the driver reads it.
 */
function statements(file) {
  const r = spawnSync('cc', ['-E', '-P', '-D_GNU_SOURCE', `-I${path.join(REPO_ROOT, 'src')}`, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `cc -E ${file}: ${r.stderr}`);
  const out = [];
  if (/^sqlite.*\.c$/.test(path.basename(file))) {
    const named = new RegExp(String.raw`static const char (\w+)\[\]\s*=\s*(${STRINGS});`, 'g');
    for (const m of r.stdout.matchAll(named)) out.push({ name: m[1], sql: cString(m[2]) });
  }
  // SQL(text) is { NULL, (text) }; SQL_EACH(sqlite, pg) is { (sqlite), (pg) }.
  const sql = new RegExp(
    String.raw`static const struct sql (\w+)\s*=\s*\{\s*(?:\(\s*\(void \*\)\s*0\s*\)|\(\s*(${STRINGS})\))\s*,\s*\(\s*(${STRINGS})\)\s*\}\s*;`,
    'g',
  );
  let found = 0;
  for (const m of r.stdout.matchAll(sql)) {
    out.push({ name: m[1], sql: m[2] ? cString(m[2]) : cString(m[3]).replace(/\$(?=[1-9])/g, '?') });
    found++;
  }
  const defined = [...r.stdout.matchAll(/static const struct sql \w+\s*=/g)].length;
  assert.equal(found, defined, `${file}: ${defined - found} struct sql constants not understood`);
  return out.filter(({ sql: text }) => /^\s*(SELECT|UPDATE|DELETE|WITH|INSERT)/i.test(text));
}

let tmp;
let db;
before(() => {
  tmp = makeTmpDir();
  db = path.join(tmp, 'plan.db');
  for (const args of [['migrate', '--db', db], ['seed', '--orgs', '3000', '--seed', '7', '--db', db]]) {
    const r = runCli(args, { timeoutMs: 120_000 });
    assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
  }
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('no statement scans a large table unless it says why', () => {
  const dir = path.join(REPO_ROOT, 'src', 'store');
  const written = (f) => /static const struct sql \w+\s*=/.test(fs.readFileSync(path.join(dir, f), 'utf8'));
  const files = fs.readdirSync(dir).filter((f) => /^sqlite.*\.c$/.test(f) || (f.endsWith('.c') && written(f)));
  const scans = [];
  let checked = 0;
  const seen = new Set();
  for (const file of files) {
    for (const { name, sql } of statements(path.join(dir, file))) {
      const key = `${file}:${name}`;
      seen.add(key);
      if (/^\s*INSERT\b/i.test(sql) && !/\bSELECT\b/i.test(sql)) continue;
      const plan = sqlite(db, `EXPLAIN QUERY PLAN ${sql}`);
      checked++;
      for (const line of plan) {
        const m = /\bSCAN (\w+)(?: AS \w+)?(.*)$/.exec(line);
        if (!m || !LARGE.has(m[1]) || / USING COVERING INDEX \w+ \(\w+=\?/.test(m[2])) continue;
        if (!MAY_SCAN[key]) scans.push(`${key}: ${line.trim()}\n    ${sql}`);
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} statements found: is the pattern still right?`);
  for (const key of Object.keys(MAY_SCAN)) assert.ok(seen.has(key), `MAY_SCAN names ${key}, which no longer exists`);
  assert.deepEqual(scans, [], 'full scans of large tables');
});
