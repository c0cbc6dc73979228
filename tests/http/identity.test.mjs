// The identity of firms over real HTTP: `mamori corp import` of the
// National Tax Agency's files (a fixture in their format: a bulk file and
// a difference file with a name change, a firm closed by merger with its
// successor, and a bad line), the organisation form filled in from the
// data, a closed number refused, the registered name on the verification
// page, the letter with its one-time code (wrong codes, the limit,
// expiry), a squatted number won back, a verified number that nobody can
// take, and the API's organisation.identity.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  REPO_ROOT,
  assertCleanExit,
  makeTmpDir,
  newDatabase,
  runCli,
  sqlString,
  sqlite,
  startServer,
} from './helpers.mjs';
import { Browser, ORG_FORM, assertNoRawKeys, createOrg, csrfOf, mailsTo, signUp } from './org_client.mjs';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'http', 'fixtures', 'corp');
const BULK = path.join(FIXTURES, 'bulk.csv');
const DIFF = path.join(FIXTURES, 'diff.csv');
const MINATO = '6010401234561'; // open; the successor of ASAHI
const KAMOME = '7011001234562'; // renamed in the difference file
const ASAHI = '4012001234563'; // closed by merger in the difference file
const SAKURA = '3012001234564'; // open
const KITA = '6010001234565'; // open, a quote in its name

let tmpDir;
let dbPath;
let server;

before(async () => {
  tmpDir = makeTmpDir();
  dbPath = newDatabase(tmpDir);
  const r = runCli(['corp', 'import', '--db', dbPath, BULK, DIFF]);
  assert.equal(r.status, 0, r.stderr);
  server = await startServer({ tmpDir, dbPath, threads: 2 });
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

const record = (number) =>
  sqlite(dbPath, `SELECT name, close_date, close_cause, successor_number, furigana FROM corporate_record
    WHERE corporate_number = ${sqlString(number)}`)[0];

test('corp import keeps the latest state of each number, reports bad lines by number and is idempotent', () => {
  assert.equal(record(KAMOME), '合同会社かもめ商事||||カモメショウジ', 'the name change of the difference file');
  assert.equal(record(ASAHI), `株式会社あさひ工業|2024-03-31|11|${MINATO}|アサヒコウギョウ`, 'closed, with its successor');
  assert.equal(record(KITA).split('|')[0], '株式会社きた "北" 物産', 'a doubled quote read as one');
  const again = runCli(['corp', 'import', '--db', dbPath, DIFF, BULK]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /diff\.csv:4: bad corporate number: line skipped/);
  assert.match(again.stderr, /corp import: 2 files, 9 lines .*: 0 new states, 8 older or the same as kept, 1 skipped/);
  assert.equal(record(KAMOME).split('|')[0], '合同会社かもめ商事', 'the older bulk file read after does not undo the change');
  assert.equal(sqlite(dbPath, 'SELECT count(*) FROM corporate_record')[0], '5');
});

test('corp import: usage errors and a missing file', () => {
  const none = runCli(['corp', 'import', '--db', dbPath]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /corp import needs FILE/);
  const missing = runCli(['corp', 'import', '--db', dbPath, path.join(tmpDir, 'nope.csv')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.csv: No such file/);
  const bad = path.join(tmpDir, 'bad.csv');
  fs.writeFileSync(bad, '"1","6010401234561","01"\n' + 'x'.repeat(20000) + '\n');
  const r = runCli(['corp', 'import', '--db', dbPath, bad]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /bad\.csv:1: not 30 fields: line skipped/);
  assert.match(r.stderr, /bad\.csv:2: line or field too long: line skipped/);
});

test('typing a corporate number fills the form from the data, with a note of where it came from', async () => {
  const owner = await signUp(server, 'prefill@example.jp');
  const form = await owner.get('/org/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /id="lookup_number"/, 'the lookup shows once data was imported');
  const r = await owner.get(`/org/new?corporate_number=${encodeURIComponent('６０１０４０１２３４５６１')}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="name"[^>]*value="株式会社みなと精機"/);
  assert.match(r.text, /id="name_kana"[^>]*value="ミナトセイキ"/);
  assert.match(r.text, /id="postal_code"[^>]*value="105-0023"/);
  assert.match(r.text, /<option value="13" selected>/);
  assert.match(r.text, /id="address"[^>]*value="港区芝浦一丁目２－３"/);
  assert.match(r.text, /id="corporate_number"[^>]*value="6010401234561"/);
  assert.match(r.text, /国税庁の法人番号公表サイトのデータ（2015年11月13日更新）/);
  assertNoRawKeys(r.text);
  const unknown = await owner.get('/org/new?corporate_number=7123456789012');
  assert.equal(unknown.status, 422);
  assert.match(unknown.text, /取り込んである法人番号のデータにありません/);
  const mistyped = await owner.get('/org/new?corporate_number=7123456789013');
  assert.match(mistyped.text, /確認用の数字が合いません/);
});

test('a number the data lists as closed is refused with its close date and successor', async () => {
  const owner = await signUp(server, 'closed@example.jp');
  const look = await owner.get(`/org/new?corporate_number=${ASAHI}`);
  assert.equal(look.status, 422);
  assert.match(look.text, /2024年3月31日に登記記録が閉鎖されています（合併による解散など）/);
  assert.match(look.text, new RegExp(`事業を引き継いだ法人の法人番号は${MINATO}です`));
  const r = await owner.submit('/org/new', { ...ORG_FORM, corporate_number: ASAHI });
  assert.equal(r.status, 422);
  assert.match(r.text, /閉鎖された法人番号では登録できません/);
  const en = await owner.get(`/org/new?corporate_number=${ASAHI}&lang=en`);
  assert.match(en.text, /closed on 31 Mar 2024 \(dissolved by merger\)/);
});
