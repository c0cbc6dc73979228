// Query plans: every statement the store prepares is put through the
// planner on a seeded database of each kind, and a full scan of a large
// table fails the test unless the statement is listed below with the
// reason it may scan. The statements are read from the store's own
// sources through the C preprocessor, so the SQL checked is the SQL
// compiled in, macros and all:
//
//  - SQLite (EXPLAIN QUERY PLAN): the SQLite driver's named strings
//    (src/store/sqlite*.c) and the SQLite text of every statement of the
//    areas written once for every database (`static const struct sql` in
//    src/store/*.c, see store/sql.h);
//  - PostgreSQL (EXPLAIN of a prepared statement's generic plan): the
//    PostgreSQL driver's named strings (src/store/pg*.c) and the
//    PostgreSQL text of every `static const struct sql`.
//
// The PostgreSQL half needs a server: the one of `make http-pg`
// (MAMORI_TEST_PG_URL), or a throw-away cluster of its own
// (scripts/pg-test.sh), so that it runs in the SQLite pass too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PG_URL, REPO_ROOT, makeTmpDir, psql, runCli, sqlite } from './helpers.mjs';

const STORE = path.join(REPO_ROOT, 'src', 'store');

// Tables that grow with the number of firms, users or years.
const LARGE = new Set([
  'organisation', 'user', 'session', 'link_token', 'membership', 'supporter', 'supporter_grant',
  'outbox', 'audit', 'login_failure', 'login_device', 'assessment_draft', 'assessment_draft_answer',
  'assessment_result', 'assessment_result_answer', 'policy_draft', 'policy_version',
  'policy_publication', 'declaration', 'declaration_event', 'verification_change', 'declarant_token',
    'consultation', 'consultation_message', 'consultation_attachment', 'consultation_offer',
  'consultation_participant', 'responder', 'responder_skill', 'responder_prefecture',
  'management_draft', 'management_draft_answer', 'management_result', 'management_result_answer',
  'corporate_record', 'identity_letter', 'identity_event',
  'oidc_login', 'oidc_identity', 'oidc_link',
  'community_member', 'event_registration', 'training_record', 'news_article', 'news_digest',
  'benchmark_member',
  // the service search's tokens: a row per token of every live listing (about 300 a listing)
  'service_token',
]);

// SQLite: file:constant → why it may scan. Keep this short and every
// reason true.
const MAY_SCAN = {
  'benchmark.c:SQL_CELL_OF_ASSESSMENTS': '`mamori aggregates rebuild` only: gives the few results without a benchmark cell (none unless put in by hand or seeded) their organisation\'s',
  'benchmark.c:SQL_FILL_ASSESSMENT_MEMBERS': '`mamori aggregates rebuild` only: the latest result of every organisation, once',
  'benchmark.c:SQL_CLEAR_MEMBERS': '`mamori aggregates rebuild` only: empties the latest results to count them again',
  'benchmark.c:SQL_FILL_CELLS': '`mamori aggregates rebuild` only: sums every latest result per cell, once',
  'benchmark.c:SQL_FILL_REGIONS': '`mamori aggregates rebuild` only: sums every latest result per region, once',
  'benchmark.c:SQL_FILL_CELL_BINS': '`mamori aggregates rebuild` only: counts every latest result per cell and bin, once',
  'benchmark.c:SQL_FILL_REGION_BINS': '`mamori aggregates rebuild` only: counts every latest result per region and bin, once',
  'benchmark.c:SQL_ALL_MEMBERS': 'the rebuild test\'s fingerprint of the benchmarks; no page or API calls it',
  'statistics.c:SQL_CELL_OF_EVENTS': '`mamori aggregates rebuild` only: gives the few events without a statistics cell (none unless put in by hand) their declaration\'s',
  'statistics.c:SQL_FILL_ACTIVE': '`mamori aggregates rebuild` only: counts every declaration in force, once',
  'statistics.c:SQL_FILL_DAILY': '`mamori aggregates rebuild` only: counts every declaration event, once',
  'statistics.c:SQL_FILL_MONTHLY': '`mamori aggregates rebuild` only: counts every declaration event by month, once',
  'statistics.c:SQL_FILL_SCORE': '`mamori aggregates rebuild` only: counts every submitted result, once',
  'statistics.c:SQL_FUNNEL': "the administrators' funnel: the sign-ups of the last 24 months (user_created), each looked up by index; administrators only",
  'statistics.c:SQL_TIME_TO': "the administrators' days from sign-up to ★ and ★★: the sign-ups of the last 24 months, each looked up by index; administrators only",
  'store.c:SQL_ORGANISATION_COUNT': 'counts every organisation for the unit tests of seed-demo; no page or API calls it',
  'admin.c:SQL_COUNTS': "the administrators' overview counts users, organisations and a day of audit lines; administrators only",
  'admin.c:SQL_USER_SEARCH': 'administrators look accounts up by any part of an address (LIKE %…%), which no index serves; paged',
  'admin.c:SQL_USER_SEARCH_COUNT': 'its count',
  'admin.c:SQL_ORG_SEARCH':
    'administrators look organisations up by any part of the name, kana, English name or corporate number (LIKE %…%), or list them all; paged',
  'admin.c:SQL_ORG_SEARCH_COUNT': 'its count',
  'admin.c:SQL_AUDIT_ANY': "the administrators' audit log, newest first along audit_at, one page at a time, by an action prefix or none",
  'admin.c:SQL_AUDIT_ANY_COUNT': 'its count: the whole audit log, or every line of an action prefix (lower(action) LIKE …)',
  'corp.c:SQL_CORP_ANY': 'whether any corporate-number data was imported: reads the first row and stops (LIMIT 1)',
  'identity.c:SQL_LETTERS_TO_PRINT': 'walks identity_letter_to_print, a partial index holding only the letters waiting to be printed, in id order (LIMIT)',
  'identity.c:SQL_SEED_RECORDS': '`mamori seed` gives every seeded corporate number its record in the corporate-number data; no page or API runs it',
  'identity.c:SQL_SEED_LETTERS': '`mamori seed` gives every 20th seeded organisation a letter; no page or API runs it',
  'identity.c:SQL_SEED_VERIFIED': '`mamori seed` marks the organisations of the used seeded letters verified; no page or API runs it',
  'identity.c:SQL_SEED_EVENTS': '`mamori seed` writes the history of the seeded letters; no page or API runs it',
  'identity.c:SQL_SEED_RECORD_COUNT': '`mamori seed` counts the corporate-number data it loaded, for its report; no page or API runs it',
  'identity.c:SQL_LETTERS_TO_PRINT_COUNT': 'walks identity_letter_to_print, a partial index holding only the letters waiting to be printed',
  'identity.c:SQL_BATCH_FILL': 'takes the oldest letters of identity_letter_to_print, the partial index of the letters waiting (LIMIT 30)',
  'declaration.c:SQL_FLAGGED_LIST': 'walks declaration_flagged, a partial index holding only the flagged declarations of the review queue',
  'declaration.c:SQL_FLAGGED_COUNT': 'its count, on the same partial index',
  'consult_desk.c:SQL_RESPONDERS_ACTIVE':
    'the active responders by name, the list desk staff assign from and responders refer to (at most 500); one row a responder, never a firm',
  'consult.c:SQL_CONSULT_LIST_OPEN': "walks consultation_open, a partial index holding only the open consultations (the desk's queue)",
  'consult_desk.c:SQL_OPEN_COUNTS': 'counts along consultation_open, the partial index of the open consultations only',
  'consult.c:SQL_SEED': '`mamori seed` gives every 30th seeded organisation a consultation; no page or API runs it',
  'consult.c:SQL_CONSULT_ANY': '`mamori seed-demo` asks whether there is any consultation: the scan stops at the first row (LIMIT 1); no page or API runs it',
  'services.c:SQL_PROVIDER_SEED_ORGS': '`mamori seed` makes the first 100 organisations with a corporate number catalogue providers: the walk in id order stops there (LIMIT); no page or API runs it',
  'event.c:SQL_SEED_MEMBERS': '`mamori seed` puts every seeded expert’s account in a seeded community; no page or API runs it',
  'event.c:SQL_SEED_RECORDS': '`mamori seed` turns the seeded attendance at supporters’ training into records; no page or API runs it',
  'event.c:SQL_SEED_COMMUNITIES': '`mamori seed` makes a community of every thousandth seeded organisation; no page or API runs it',
  'news.c:SQL_NEWS_ALL': "the administrators' list of every article, drafts too, newest first along the primary key, a page at a time; administrators only",
  'news.c:SQL_NEWS_ALL_COUNT': 'its count: every article (thousands, not millions: the operator and the communities write them)',
  'news.c:SQL_SEED_ARTICLES': '`mamori seed` writes an article for every third seeded organisation; no page or API runs it',
  'news.c:SQL_SEED_DIGEST': '`mamori seed` subscribes every fourth seeded account to the digest; no page or API runs it',
};

// PostgreSQL: file:constant → why it may scan (a Seq Scan, or an index
// walked whole, with no Index Cond). A separate list: the plans, and so
// the reasons, are each dialect's own. Keep it short and every reason true.
const MAY_SCAN_PG = {
  'corp.c:SQL_CORP_ANY': 'whether any corporate-number data was imported: reads the first row and stops (LIMIT 1)',
  'identity.c:SQL_LETTERS_TO_PRINT': 'walks identity_letter_to_print, a partial index holding only the letters waiting to be printed (LIMIT)',
  'identity.c:SQL_LETTERS_TO_PRINT_COUNT': 'its count, on the same partial index',
  'identity.c:SQL_BATCH_FILL': 'takes the oldest letters of identity_letter_to_print, the partial index of the letters waiting (LIMIT 30)',
  'identity.c:SQL_SEED_RECORDS': '`mamori seed` gives every seeded corporate number its record in the corporate-number data; no page or API runs it',
  'identity.c:SQL_SEED_LETTERS': '`mamori seed` gives every 20th seeded organisation a letter; no page or API runs it',
  'identity.c:SQL_SEED_VERIFIED': '`mamori seed` marks the organisations of the used seeded letters verified; no page or API runs it',
  'identity.c:SQL_SEED_EVENTS': '`mamori seed` writes the history of the seeded letters; no page or API runs it',
  'identity.c:SQL_SEED_RECORD_COUNT': '`mamori seed` counts the corporate-number data it loaded, for its report; no page or API runs it',
  'benchmark.c:SQL_CELL_OF_ASSESSMENTS': '`mamori aggregates rebuild` only: gives the few results without a benchmark cell (none unless put in by hand or seeded) their organisation\'s',
  'benchmark.c:SQL_CELL_OF_MANAGEMENT': '`mamori aggregates rebuild` only: the same for the management self-check',
  'benchmark.c:SQL_FILL_MANAGEMENT_MEMBERS': '`mamori aggregates rebuild` only: the latest management self-check of every organisation, once',
  'benchmark.c:SQL_FILL_ASSESSMENT_MEMBERS': '`mamori aggregates rebuild` only: the latest result of every organisation, once',
  'benchmark.c:SQL_CLEAR_MEMBERS': '`mamori aggregates rebuild` only: empties the latest results to count them again',
  'benchmark.c:SQL_FILL_CELLS': '`mamori aggregates rebuild` only: sums every latest result per cell, once',
  'benchmark.c:SQL_FILL_REGIONS': '`mamori aggregates rebuild` only: sums every latest result per region, once',
  'benchmark.c:SQL_FILL_CELL_BINS': '`mamori aggregates rebuild` only: counts every latest result per cell and bin, once',
  'benchmark.c:SQL_FILL_REGION_BINS': '`mamori aggregates rebuild` only: counts every latest result per region and bin, once',
  'benchmark.c:SQL_ALL_MEMBERS': 'the rebuild test\'s fingerprint of the benchmarks; no page or API calls it',
  'statistics.c:SQL_CELL_OF_EVENTS': '`mamori aggregates rebuild` only: gives the few events without a statistics cell (none unless put in by hand) their declaration\'s',
  'statistics.c:SQL_FILL_ACTIVE': '`mamori aggregates rebuild` only: counts every declaration in force, once',
  'statistics.c:SQL_FILL_DAILY': '`mamori aggregates rebuild` only: counts every declaration event, once',
  'statistics.c:SQL_FILL_MONTHLY': '`mamori aggregates rebuild` only: counts every declaration event by month, once',
  'statistics.c:SQL_FILL_SCORE': '`mamori aggregates rebuild` only: counts every submitted result, once',
  'statistics.c:SQL_FUNNEL': "the administrators' funnel: the sign-ups of the last 24 months (user_created), each looked up by index; administrators only",
  'statistics.c:SQL_TIME_TO': "the administrators' days from sign-up to ★ and ★★: the sign-ups of the last 24 months, each looked up by index; administrators only",
  'store.c:SQL_ORGANISATION_COUNT': 'counts every organisation for the unit tests of seed-demo; no page or API calls it',
  'admin.c:SQL_COUNTS': "the administrators' overview counts users and organisations (and a day of audit lines by audit_at); administrators only",
  'admin.c:SQL_USER_SEARCH': 'administrators look accounts up by any part of an address (LIKE %…%), which no index serves; paged',
  'admin.c:SQL_USER_SEARCH_COUNT': 'its count',
  'admin.c:SQL_ORG_SEARCH':
    'administrators look organisations up by any part of the name, kana, English name or corporate number (LIKE %…%), or list them all; paged',
  'admin.c:SQL_ORG_SEARCH_COUNT': 'its count',
  'admin.c:SQL_AUDIT_ANY': "the administrators' audit log, newest first along audit_at, one page at a time, by an action prefix or none",
  'admin.c:SQL_AUDIT_ANY_COUNT': 'its count: the whole audit log, or every line of an action prefix (lower(action) LIKE …)',
  'declaration.c:SQL_FLAGGED_LIST': 'walks declaration_flagged, a partial index holding only the flagged declarations of the review queue',
  'declaration.c:SQL_FLAGGED_COUNT': 'its count, on the same partial index',
  'consult_desk.c:SQL_RESPONDERS_ACTIVE':
    'the active responders by name, the list desk staff assign from and responders refer to (at most 500); one row a responder, never a firm',
  'consult.c:SQL_SEED': '`mamori seed` gives every 30th seeded organisation a consultation; no page or API runs it',
  'consult.c:SQL_CONSULT_ANY': '`mamori seed-demo` asks whether there is any consultation: the scan stops at the first row (LIMIT 1); no page or API runs it',
  'services.c:SQL_PROVIDER_SEED_ORGS': '`mamori seed` makes the first 100 organisations with a corporate number catalogue providers: the walk in id order stops there (LIMIT); no page or API runs it',
  'event.c:SQL_SEED_COMMUNITIES': '`mamori seed` makes a community of every thousandth seeded organisation; no page or API runs it',
  'event.c:SQL_SEED_REGISTRATIONS': '`mamori seed` registers seeded experts’ accounts for every seeded event; no page or API runs it',
  'event.c:SQL_SEED_MEMBERS': '`mamori seed` puts every seeded expert’s account in a seeded community; no page or API runs it',
  'event.c:SQL_SEED_RECORDS': '`mamori seed` turns the seeded attendance at supporters’ training into records; no page or API runs it',
  'news.c:SQL_NEWS_ALL': "the administrators' list of every article, drafts too, newest first along the primary key, a page at a time; administrators only",
  'news.c:SQL_NEWS_ALL_COUNT': 'its count: every article (thousands, not millions: the operator and the communities write them)',
  'news.c:SQL_NEWS_PUBLIC_COUNT':
    "the public news list's count: every published article, most of the table, which PostgreSQL may read whole rather than along news_article_published as its statistics tip (thousands of rows, not millions)",
  'news.c:SQL_SEED_ARTICLES': '`mamori seed` writes an article for every third seeded organisation; no page or API runs it',
  'news.c:SQL_SEED_DIGEST': '`mamori seed` subscribes every fourth seeded account to the digest; no page or API runs it',
};

// PostgreSQL: file:constant → why a scan is the planner's cheaper choice
// at the seeded size only (3,000 firms) where an index serves the
// statement: the test checks the claim by planning it again with
// enable_seqscan and enable_indexscan off (no Seq Scan, no index walked
// whole), when it must find its rows through an index condition.
const SMALL_AT_SEED_PG = {
  'identity.c:SQL_LETTER_CANCEL_OPEN':
    'identity_letter has a letter for every 20th firm (132 rows at the seeded size, 2 pages): cheaper read whole than along identity_letter_organisation',
  'identity.c:SQL_LETTER_COUNT_SINCE': 'the same: identity_letter by organisation, 2 pages at the seeded size',
  'identity.c:SQL_LETTER_LATEST': 'the same: identity_letter by organisation, 2 pages at the seeded size',
  'identity.c:SQL_LETTER_REFUSE': 'the same: identity_letter by its primary key, 2 pages at the seeded size',
  'identity.c:SQL_LETTER_USE': 'the same: identity_letter by its primary key, 2 pages at the seeded size',
  'identity.c:SQL_BATCH_LETTERS': 'the same: identity_letter by batch (identity_letter_batch), 2 pages at the seeded size',
  'identity.c:SQL_BATCH_FORGET_CODES': 'the same: identity_letter by batch (identity_letter_batch), 2 pages at the seeded size',
  'identity.c:SQL_EVENTS': 'identity_event has a line per seeded letter (132 rows, 2 pages): cheaper read whole than along identity_event_number',
  'community.c:SQL_GET':
    'community_member has a row per member (60 at the seeded size, one page): cheaper read whole than along community_member_list to count one community’s members',
  'community.c:SQL_LIST':
    'the same: the member counts of a page of communities, community_member one page at the seeded size',
  'community.c:SQL_OF_USER':
    'the same: one user’s communities by community_member_user, one page at the seeded size',
  'community.c:SQL_MEMBER_STATUS':
    'the same: community_member by its primary key, one page at the seeded size',
  'community.c:SQL_LEAVE':
    'the same: community_member by its primary key, one page at the seeded size',
  'community.c:SQL_MEMBERS':
    'the same: one community’s members along community_member_list, joined to their accounts, one page at the seeded size',
  'community.c:SQL_MEMBER':
    'the same: one member by community_member’s primary key, joined to the account, one page at the seeded size',
  'event.c:SQL_REG_REMINDERS':
    'the places not reminded of tomorrow’s events along event_registration_remind; at the seeded size the generic plan walks the 864 registrations in key order instead',
  'event.c:SQL_REC_REMOVE':
    'training_record has a row per completed training (a few dozen at the seeded size, one page): cheaper read whole than along training_record_user',
  'event.c:SQL_REC_OF_USER':
    'the same: one person’s records along training_record_user, one page at the seeded size',
  'event.c:SQL_REC_BY_CODE':
    'the same: a record by its unique code, one page at the seeded size',
  'event.c:SQL_REC_FIND':
    'the same: one person’s record of a training along training_record_user, one page at the seeded size',
  'declaration.c:SQL_POLICY':
    'policy_publication has a row per published policy (292 at the seeded size, 3 pages): cheaper read whole than through its primary key',
  'policy.c:SQL_PUBLICATION_GET': 'the same: policy_publication by its primary key, 3 pages at the seeded size',
  'policy.c:SQL_UNPUBLISH': 'the same: policy_publication by its primary key, 3 pages at the seeded size',
  'declarant_index.c:SQL_RANKS_SET':
    'the search index rebuild updates a chunk of declarations by id (json_array_elements, estimated 100 rows): at 3,000 declarations a hash join over the table read whole is cheaper than 100 primary key lookups',
  'consult_desk.c:SQL_RESPONDERS_MATCHING':
    'responder has a row per responder (500 at the seeded size, a few pages): cheaper walked whole along its key than looked up per match',
  'consult_desk.c:SQL_DIGEST_DUE_EXPERTS':
    'the experts who respond (300 approved profiles at the seeded size) joined to their accounts and to the responder table (500 rows): a merge along user\'s key and one read of responder cost less than a lookup per expert',
  'consult.c:SQL_PARTICIPANT_IS':
    'consultation_participant has a row per supporter a firm added (200 at the seeded size, 2 pages): cheaper read whole than through its primary key',
  'consult.c:SQL_PARTICIPANTS': 'the same: consultation_participant by its primary key, 2 pages at the seeded size',
  'consult.c:SQL_CONSULT_LIST_PARTICIPANT':
    'the same: consultation_participant along consultation_participant_user, 2 pages at the seeded size',
  'consult.c:SQL_CONSULT_COUNT_PARTICIPANT': 'the same, counted',
  'consult_desk.c:SQL_OPEN_COUNTS':
    'the open consultations are a tenth of the 1,100 seeded ones: cheaper read whole than along their partial index',
  'consult_desk.c:SQL_FIRST_ANSWER_TIMES':
    'the desk figures read 30 days by created_at; a generic plan cannot know that the range is short, and 1,100 rows read whole cost little',
  'consult_desk.c:SQL_CLOSE_TIMES': 'the same, 30 days by closed_at',
  'consult.c:SQL_CONSULT_LIST_OPEN':
    'the open consultations (a partial index) joined to their firms and responders: hash joins over the seeded organisation and supporter tables cost less than a lookup per row',  'news.c:SQL_DIGEST_SUBSCRIBED':
    'news_digest has a row per account that asked for the digest (a quarter of the seeded accounts, a few pages): cheaper read whole than through its primary key',
  'news.c:SQL_DIGEST_UNSUBSCRIBE': 'the same: news_digest by its primary key, a few pages at the seeded size',
  'news.c:SQL_DIGEST_COVERED': 'the same: news_digest by its primary key, a few pages at the seeded size',
  'news.c:SQL_DIGEST_RECIPIENTS': 'the same: news_digest along its primary key from the last subscriber read, a few pages at the seeded size',
};

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const STRINGS = String.raw`(?:${STRING}\s*)+`;

/** The text of adjacent C string literals. */
function cString(literals) {
  return [...literals.matchAll(new RegExp(STRING, 'g'))].map((s) => JSON.parse(s[0])).join('');
}

/** The compiler flags that find libpq-fe.h (pg*.c include it), as the build finds them. */
let libpq;
function libpqFlags() {
  if (libpq === undefined) {
    const r = spawnSync('pkg-config', ['--cflags', 'libpq'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `pkg-config --cflags libpq: ${r.stderr}`);
    libpq = r.stdout.trim().split(/\s+/).filter(Boolean);
  }
  return libpq;
}

/** Whether a store file has statements written once for every database. */
const writtenOnce = (file) => /static const struct sql \w+\s*=/.test(fs.readFileSync(path.join(STORE, file), 'utf8'));

/**
 * The statements of a store file for one dialect ('sqlite' or 'pg'), from
 * its preprocessed text: every `static const char NAME[] = "…";` of that
 * driver's own files (sqlite*.c, pg*.c), and every
 * `static const struct sql NAME = SQL(…)` or `SQL_EACH(…)`: for SQLite its
 * SQLite text, or else its shared text with each $N read as ?N, as the
 * driver reads it; for PostgreSQL its PostgreSQL text.
 */
function statements(file, dialect) {
  const full = path.join(STORE, file);
  const r = spawnSync('cc', ['-E', '-P', '-D_GNU_SOURCE', `-I${path.join(REPO_ROOT, 'src')}`, ...libpqFlags(), full], { encoding: 'utf8' });
  assert.equal(r.status, 0, `cc -E ${file}: ${r.stderr}`);
  const out = [];
  if (new RegExp(String.raw`^${dialect}.*\.c$`).test(file)) {
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
    let text = cString(m[3]);
    if (dialect === 'sqlite') text = m[2] ? cString(m[2]) : text.replace(/\$(?=[1-9])/g, '?');
    out.push({ name: m[1], sql: text });
    found++;
  }
  const defined = [...r.stdout.matchAll(/static const struct sql \w+\s*=/g)].length;
  assert.equal(found, defined, `${file}: ${defined - found} struct sql constants not understood`);
  return out.filter(({ sql: text }) => /^\s*(SELECT|UPDATE|DELETE|WITH|INSERT)/i.test(text));
}

/** Every statement of a dialect, as { key: 'file:NAME', sql }. */
function allStatements(dialect) {
  const files = fs.readdirSync(STORE).filter((f) => f.endsWith('.c') && (f.startsWith(dialect) || writtenOnce(f)));
  return files.flatMap((file) => statements(file, dialect).map(({ name, sql }) => ({ key: `${file}:${name}`, sql })));
}

// Words that may follow a table's name where an alias could stand.
const NOT_ALIAS = new Set([
  'as', 'cross', 'except', 'for', 'full', 'group', 'having', 'indexed', 'inner', 'intersect', 'join', 'left',
  'limit', 'natural', 'not', 'on', 'order', 'outer', 'returning', 'right', 'set', 'union', 'using', 'values',
  'where', 'window',
]);

/**
 * The tables a statement names, by the name or alias a plan shows them
 * under: SQLite's plans name an aliased table by its alias alone
 * (`SCAN o`), so `organisation o` must be read as organisation. An alias
 * used for several tables in one statement stands for all of them.
 */
function tablesOf(sql) {
  const map = new Map();
  const add = (name, table) => map.set(name, new Set([...(map.get(name) ?? []), table]));
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+"?(\w+)"?(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    add(m[1], m[1]);
    if (m[2] && !NOT_ALIAS.has(m[2].toLowerCase())) add(m[2], m[1]);
  }
  return map;
}

/** A plain INSERT … VALUES reads nothing: no plan to check. */
const readsNothing = (sql) => /^\s*INSERT\b/i.test(sql) && !/\bSELECT\b/i.test(sql);

describe('SQLite', () => {
  let tmp;
  let db;
  before(() => {
    tmp = makeTmpDir();
    db = path.join(tmp, 'plan.db');
    for (const args of [['migrate', '--db', db], ['seed', '--orgs', '3000', '--seed', '7', '--declared', '100', '--db', db]]) {
      const r = runCli(args, { timeoutMs: 120_000 });
      assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
    }
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('no statement scans a large table unless it says why', (t) => {
    const scans = [];
    let checked = 0;
    const seen = new Set();
    const scanning = new Set();
    for (const { key, sql } of allStatements('sqlite')) {
      seen.add(key);
      if (readsNothing(sql)) continue;
      const plan = sqlite(db, `EXPLAIN QUERY PLAN ${sql}`);
      checked++;
      const tables = tablesOf(sql);
      for (const line of plan) {
        const m = /\bSCAN (\w+)(?: AS \w+)?(.*)$/.exec(line);
        if (!m || / USING COVERING INDEX \w+ \(\w+=\?/.test(m[2])) continue;
        if (![...(tables.get(m[1]) ?? [m[1]])].some((name) => LARGE.has(name))) continue;
        scanning.add(key);
        if (!MAY_SCAN[key]) scans.push(`${key}: ${line.trim()}\n    ${sql}`);
      }
    }
    t.diagnostic(`${checked} SQLite statements planned, ${scanning.size} of them scanning as listed`);
    for (const key of Object.keys(MAY_SCAN)) if (!scanning.has(key)) t.diagnostic(`MAY_SCAN lists ${key}, which no longer scans`);
    assert.ok(checked > 50, `only ${checked} statements found: is the pattern still right?`);
    for (const key of Object.keys(MAY_SCAN)) assert.ok(seen.has(key), `MAY_SCAN names ${key}, which no longer exists`);
    assert.deepEqual(scans, [], 'full scans of large tables');
  });
});

/** A database URL with another database name (not new URL(): it refuses
 * libpq's host-less form, postgresql://user@/db?host=/socket/dir). */
const withDatabase = (url, name) => url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/, `$1/${name}`);

/**
 * The scans of large tables in a PostgreSQL plan (EXPLAIN (FORMAT JSON)):
 * a Seq Scan, or an Index Scan / Index Only Scan with no Index Cond, which
 * walks the whole index (as SQLite's SCAN … USING INDEX does).
 */
function pgScans(node, out = []) {
  const table = node['Relation Name'];
  if (LARGE.has(table)) {
    const kind = node['Node Type'];
    const detail = node.Filter ? ` (Filter: ${node.Filter})` : '';
    if (/Seq Scan$/.test(kind)) out.push(`${kind} on ${table}${detail}`);
    else if (/^Index (Only )?Scan$/.test(kind) && !node['Index Cond']) {
      out.push(`${kind} using ${node['Index Name']} on ${table}, no Index Cond${detail}`);
    }
  }
  for (const child of node.Plans ?? []) pgScans(child, out);
  return out;
}

describe('PostgreSQL', () => {
  let clusterDir = null;
  let serverUrl;
  let db;
  const name = `qplan_${process.pid}`;
  before(() => {
    if (PG_URL) serverUrl = PG_URL;
    else {
      clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-'));
      const r = spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), ['start', clusterDir], { encoding: 'utf8' });
      assert.equal(r.status, 0, `scripts/pg-test.sh start: ${r.stderr}`);
      serverUrl = r.stdout.trim();
    }
    psql(serverUrl, `CREATE DATABASE ${name}`);
    db = withDatabase(serverUrl, name);
    for (const args of [['migrate', '--db', db], ['seed', '--orgs', '3000', '--seed', '7', '--declared', '100', '--db', db]]) {
      const r = runCli(args, { timeoutMs: 300_000 });
      assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
    }
    psql(db, fs.readFileSync(path.join(REPO_ROOT, 'tests', 'http', 'queryplan-accounts.sql'), 'utf8'));
    // PostgreSQL plans from the statistics ANALYZE gathers (row counts,
    // distinct values, most common values), where SQLite's planner goes by
    // the indexes alone. Without them a freshly seeded table looks empty
    // or arbitrary and the plans would say nothing about a real database;
    // autovacuum would gather them, but only some time later.
    psql(db, 'ANALYZE');
  });
  after(() => {
    if (clusterDir) spawnSync(path.join(REPO_ROOT, 'scripts', 'pg-test.sh'), ['stop', clusterDir]);
    else if (serverUrl) psql(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
  });

  test('no statement scans a large table unless it says why', (t) => {
    const scans = [];
    const unprepared = [];
    const scanning = new Set();
    let checked = 0;
    const seen = new Set();
    for (const { key, sql } of allStatements('pg')) {
      seen.add(key);
      if (readsNothing(sql)) continue;
      // A generic plan, the one a prepared statement gets once its
      // parameters vary (the driver prepares each statement once per
      // connection, its parameter types inferred, as PREPARE does here):
      // it must not count on the values of the parameters, so every
      // parameter is NULL.
      const n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const args = n ? `(${Array(n).fill('NULL').join(', ')})` : '';
      const plan = (settings) =>
        JSON.parse(
          psql(db, `${settings} SET plan_cache_mode = force_generic_plan; PREPARE q AS ${sql}; EXPLAIN (FORMAT JSON) EXECUTE q${args}`).join('\n'),
        )[0].Plan;
      let found;
      try {
        found = pgScans(plan(''));
      } catch (e) {
        unprepared.push(`${key}: ${/ERROR:.*/.exec(e.message)?.[0] ?? e.message}\n    ${sql}`);
        continue;
      }
      checked++;
      if (found.length) scanning.add(key);
      if (!found.length || MAY_SCAN_PG[key]) continue;
      if (SMALL_AT_SEED_PG[key]) {
        const forced = pgScans(plan('SET enable_seqscan = off; SET enable_indexscan = off;'));
        if (forced.length) scans.push(`${key}: ${forced.join('; ')} even with seq and index scans off\n    ${sql}`);
        continue;
      }
      scans.push(`${key}: ${found.join('; ')}\n    ${sql}`);
    }
    t.diagnostic(`${checked} PostgreSQL statements planned, ${scanning.size} of them scanning as listed`);
    for (const key of [...Object.keys(MAY_SCAN_PG), ...Object.keys(SMALL_AT_SEED_PG)]) {
      if (!scanning.has(key)) t.diagnostic(`${key} is listed as scanning, and no longer scans`);
    }
    assert.ok(checked > 50, `only ${checked} statements found: is the pattern still right?`);
    for (const key of [...Object.keys(MAY_SCAN_PG), ...Object.keys(SMALL_AT_SEED_PG)]) {
      assert.ok(seen.has(key), `MAY_SCAN_PG or SMALL_AT_SEED_PG names ${key}, which no longer exists`);
    }
    assert.deepEqual(unprepared, [], 'statements PostgreSQL cannot prepare');
    assert.deepEqual(scans, [], 'full scans of large tables');
  });
});
