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
import { ORG_FORM, assertNoRawKeys, createOrg, mailsTo, nextMail, signUp } from './org_client.mjs';
import { insertDeclaration, makeId, responseSchema, schemaErrors } from './verify_fixtures.mjs';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'http', 'fixtures', 'corp');
const BULK = path.join(FIXTURES, 'bulk.csv');
const DIFF = path.join(FIXTURES, 'diff.csv');
const MINATO = '6010401234561'; // open; the successor of ASAHI
const KAMOME = '7011001234562'; // renamed in the difference file
const ASAHI = '4012001234563'; // closed by merger in the difference file
const SAKURA = '3012001234564'; // open
const KITA = '6010001234565'; // open, a quote in its name
const UMI = '7012301234566'; // open: the number a squatter takes

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
  assert.match(again.stderr, /corp import: 2 files, 10 lines .*: 0 new states, 9 older or the same as kept, 1 skipped/);
  assert.equal(record(KAMOME).split('|')[0], '合同会社かもめ商事', 'the older bulk file read after does not undo the change');
  assert.equal(sqlite(dbPath, 'SELECT count(*) FROM corporate_record')[0], '6');
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

test('a lookup that finds nothing (an empty box, an unknown number) points its error at the lookup box', async () => {
  const owner = await signUp(server, 'lookup-empty@example.jp');
  for (const [typed, message] of [['', /13桁の数字/], ['7123456789012', /取り込んである法人番号のデータにありません/]]) {
    const r = await owner.get(`/org/new?corporate_number=${typed}`);
    assert.equal(r.status, 422, `lookup of "${typed}"`);
    assert.match(r.text, /<li><a href="#lookup_number">[^<]+<\/a><\/li>/, `the summary links the lookup box ("${typed}")`);
    assert.doesNotMatch(r.text, /href="#corporate_number"/, `not the profile's field ("${typed}")`);
    assert.match(r.text, new RegExp(`<p class="field-error" id="lookup_number-error">[^<]*${message.source}`));
    const box = /<input id="lookup_number"[^>]*>/.exec(r.text)[0];
    assert.match(box, /aria-describedby="lookup_number-hint lookup_number-error"/);
    assert.match(box, /aria-invalid="true"/);
    assert.match(box, new RegExp(`value="${typed}"`), 'the box keeps what was typed');
    assert.doesNotMatch(/<input id="corporate_number"[^>]*>/.exec(r.text)[0], /aria-invalid/);
  }
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

// ------------------------------------------------------------ proving a firm

const db = (sql) => sqlite(dbPath, sql);
const one = (sql) => db(sql)[0];
const orgOf = (email) => one(`SELECT m.organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id
  WHERE u.email = ${sqlString(email)}`);

let admin;
let seq = 500;

async function signUpAdmin() {
  if (admin) return admin;
  admin = await signUp(server, 'identity-admin@example.jp');
  db(`UPDATE "user" SET is_admin = TRUE WHERE email = 'identity-admin@example.jp'`);
  return admin;
}

/** A declaration of the organisation of email (straight into the database). */
function declare(email, name, number) {
  const id = makeId(++seq);
  insertDeclaration(dbPath, { id, name, kana: 'テスト', corporateNumber: number });
  db(`UPDATE declaration SET organisation_id = ${orgOf(email)} WHERE public_id = ${sqlString(id)}`);
  return id;
}

/** Prints the waiting letters as a batch; returns the PDF's text. */
async function printBatch() {
  const a = await signUpAdmin();
  const made = await a.submit('/admin/identity', {}, '/admin/identity/batches');
  assert.equal(made.status, 303);
  assert.equal(made.headers.location, '/admin/identity?notice=batch');
  const page = await a.get('/admin/identity?notice=batch');
  const m = /href="\/admin\/identity\/batches\/(\d+)\/letters\.pdf"/.exec(page.text);
  assert.ok(m, 'the new batch offers its PDF');
  const pdf = await a.get(`/admin/identity/batches/${m[1]}/letters.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const file = path.join(tmpDir, `batch-${m[1]}.pdf`);
  fs.writeFileSync(file, pdf.body);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  return { batch: m[1], text: text.stdout };
}

/** The code printed for a number in a batch's text. */
function codeFor(text, number) {
  const page = text.split('\f').find((p) => p.includes(number));
  assert.ok(page, `a letter for ${number}`);
  const m = /確認コード：(\d{4}-\d{4}-\d{4})/.exec(page);
  assert.ok(m, `a code in the letter for ${number}:\n${page}`);
  return m[1];
}

const requestLetter = (b, number) => b.submit('/org/identity', { corporate_number: number }, '/org/identity/letter');
const typeCode = (b, code) => b.submit('/org/identity', { code }, '/org/identity/code');

test('the registered name and the identity level show on the verification page and in the API', async () => {
  const owner = await signUp(server, 'kamome@example.jp');
  await createOrg(owner, { corporate_number: KAMOME, name: 'かもめ屋', name_kana: 'カモメヤ' });
  const id = declare('kamome@example.jp', 'かもめ屋', KAMOME);
  const page = await owner.get(`/verify/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<dt>登記上の名称<\/dt> <dd>合同会社かもめ商事<\/dd>/);
  assert.match(page.text, /<dt>本人確認<\/dt> <dd>未確認（法人番号は申告されたものです）<\/dd>/);
  const api = await owner.get(`/api/v1/declarations/${id}`);
  assert.equal(api.status, 200);
  const body = JSON.parse(api.text);
  assert.equal(body.organisation.identity, 'unverified');
  assert.equal(body.organisation.registered_name, '合同会社かもめ商事');
  assert.equal(body.organisation.identity_since, null);
  assert.deepEqual(schemaErrors(body, responseSchema('/api/v1/declarations/{id}', 'get', 200)), []);
});

test('letter: asked for, printed in a batch, the code typed: verified by letter everywhere', async () => {
  const owner = await signUp(server, 'minato@example.jp');
  await createOrg(owner, { corporate_number: MINATO, name: 'みなと精機', name_kana: 'ミナトセイキ' });
  const id = declare('minato@example.jp', 'みなと精機', MINATO);
  const before = JSON.parse((await owner.get(`/api/v1/declarations/${id}`)).text);
  assert.equal(before.organisation.identity, 'unverified', 'now in the verification cache');
  const view = await owner.get('/org/identity');
  assert.equal(view.status, 200);
  assertNoRawKeys(view.text);
  const asked = await requestLetter(owner, MINATO);
  assert.equal(asked.status, 303, asked.text.slice(0, 500));
  const early = await typeCode(owner, '1234-5678-9012');
  assert.equal(early.status, 422);
  assert.match(early.text, /まだ郵送されていません/);
  const a = await signUpAdmin();
  const list = await a.get('/admin/identity');
  assert.match(list.text, /株式会社みなと精機/);
  assert.match(list.text, /〒105-0023 東京都港区芝浦一丁目２－３/);
  const { batch, text } = await printBatch();
  assert.match(text, /株式会社みなと精機 御中/);
  const code = codeFor(text, MINATO);
  assert.equal(one(`SELECT count(*) FROM identity_letter WHERE code_hash IS NOT NULL AND printed_at IS NOT NULL
    AND corporate_number = '${MINATO}'`), '1');
  const shape = await typeCode(owner, '12345');
  assert.match(shape.text, /12桁の数字で入力してください/);
  const wrong = await typeCode(owner, code.replace(/^\d/, (d) => String((Number(d) + 1) % 10)));
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /確認コードが違います。あと4回まで入力できます。/);
  const right = await typeCode(owner, code.replace(/-/g, ' ').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))));
  assert.equal(right.status, 303, right.text.slice(0, 500));
  assert.equal(right.headers.location, '/org/identity?notice=verified');
  const done = await owner.get('/org/identity?notice=verified');
  assert.match(done.text, /登記上の本店所在地に郵送した確認コードで確認済み/);
  const after = JSON.parse((await owner.get(`/api/v1/declarations/${id}`)).text);
  assert.equal(after.organisation.identity, 'letter', 'the cached answer was dropped');
  assert.match(after.organisation.identity_since, /^\d{4}-\d{2}-\d{2}$/);
  assert.match((await owner.get(`/verify/${id}`)).text, /郵送した確認コードで確認済み/);
  const again = await typeCode(owner, code);
  assert.equal(again.status, 422, 'a code works once');
  // Posted: the codes are erased and the PDF is gone.
  const confirm = await a.get(`/admin/identity/batches/${batch}/posted`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /確認コードはデータベースから消去され/);
  const posted = await a.submit(`/admin/identity/batches/${batch}/posted`, {});
  assert.equal(posted.status, 303);
  assert.equal(one(`SELECT count(*) FROM identity_letter WHERE batch_id = ${batch} AND code <> ''`), '0');
  assert.equal((await a.get(`/admin/identity/batches/${batch}/letters.pdf`)).status, 404);
  assert.equal((await a.get(`/admin/identity/batches/${batch}/posted`)).status, 404);
  const actions = db(`SELECT action FROM audit WHERE target = '${MINATO}' ORDER BY id`);
  assert.deepEqual(actions.filter((x) => x.startsWith('identity.')), ['identity.letter', 'identity.code', 'identity.verify']);
});

test('letter: wrong codes are limited, then the letter is void', async () => {
  const owner = await signUp(server, 'sakura@example.jp');
  await createOrg(owner, { corporate_number: SAKURA, name: 'さくら印刷', name_kana: 'サクラインサツ' });
  assert.equal((await requestLetter(owner, SAKURA)).status, 303);
  const { text } = await printBatch();
  const code = codeFor(text, SAKURA);
  const bad = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
  for (let i = 1; i <= 4; i++) {
    const r = await typeCode(owner, bad);
    assert.match(r.text, new RegExp(`あと${5 - i}回まで入力できます`));
  }
  const fifth = await typeCode(owner, bad);
  assert.match(fifth.text, /入力ミスが続いたため、このコードは無効になりました/);
  const late = await typeCode(owner, code);
  assert.equal(late.status, 422);
  assert.match(late.text, /この確認コードは無効になりました/);
  assert.equal(one(`SELECT identity FROM organisation WHERE corporate_number = '${SAKURA}'`), 'unverified');
});

test('letter: a code past its 60 days is refused, and at most 3 letters in 60 days', async () => {
  const owner = await signUp(server, 'kita@example.jp');
  await createOrg(owner, { corporate_number: KITA, name: 'きた物産', name_kana: 'キタブッサン' });
  assert.equal((await requestLetter(owner, KITA)).status, 303);
  const { text } = await printBatch();
  const code = codeFor(text, KITA);
  const letter = one(`SELECT id FROM identity_letter WHERE corporate_number = '${KITA}'`);
  assert.equal(Number(one(`SELECT expires_at - created_at FROM identity_letter WHERE id = ${letter}`)), 60 * 86400);
  db(`UPDATE identity_letter SET expires_at = created_at - 1 WHERE id = ${letter}`);
  const r = await typeCode(owner, code);
  assert.equal(r.status, 422);
  assert.match(r.text, /有効期限が切れました/);
  assert.equal((await requestLetter(owner, KITA)).status, 303);
  assert.equal((await requestLetter(owner, KITA)).status, 303);
  const fourth = await requestLetter(owner, KITA);
  assert.equal(fourth.status, 422);
  assert.match(fourth.text, /申し込みは60日間に3回までです/);
  assert.equal(one(`SELECT count(*) FROM identity_letter WHERE organisation_id = ${orgOf('kita@example.jp')}
    AND used_at IS NULL AND cancelled_at IS NULL`), '1', 'a new letter cancels the one before');
});

test('a squatted number is won back by the firm that proves it; the squatter is told and keeps its data', async () => {
  const squatter = await signUp(server, 'squatter@example.jp');
  await createOrg(squatter, { corporate_number: UMI, name: '偽みなと', name_kana: 'ニセミナト' });
  const real = await signUp(server, 'real@example.jp');
  await createOrg(real, { corporate_number: '', sole_proprietor: '1', name: '本物の会社', name_kana: 'ホンモノ' });
  // A second owner of the squatter who reads English.
  await signUp(server, 'squatter-en@example.jp');
  db(`UPDATE "user" SET lang = 'en' WHERE email = 'squatter-en@example.jp'`);
  db(`INSERT INTO membership (organisation_id, user_id, role, created_at)
    VALUES (${orgOf('squatter@example.jp')}, (SELECT id FROM "user" WHERE email = 'squatter-en@example.jp'), 'owner', 0)`);
  const id = declare('squatter@example.jp', '偽みなと', UMI);
  const asked = await requestLetter(real, UMI);
  assert.equal(asked.status, 303, asked.text.slice(0, 800));
  assert.match((await real.get('/org/identity')).text, /別の組織が本人確認をしないまま登録しています/);
  const { text } = await printBatch();
  const seen = mailsTo(tmpDir, 'squatter@example.jp').length;
  const r = await typeCode(real, codeFor(text, UMI));
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const realOrg = orgOf('real@example.jp');
  const squatOrg = orgOf('squatter@example.jp');
  assert.equal(one(`SELECT corporate_number || '|' || identity FROM organisation WHERE id = ${realOrg}`), `${UMI}|letter`);
  assert.equal(one(`SELECT coalesce(corporate_number, '') || '|' || name || '|' || address FROM organisation WHERE id = ${squatOrg}`),
    `|偽みなと|${ORG_FORM.address}`, 'the squatter keeps its data without the number');
  assert.equal(one(`SELECT '[' || corporate_number || ']' FROM declaration WHERE public_id = '${id}'`), '[]', 'nor does its declaration name it');
  const mail = await nextMail(tmpDir, 'squatter@example.jp', seen);
  assert.match(mail, new RegExp(`法人番号 ${UMI} は`));
  const english = await nextMail(tmpDir, 'squatter-en@example.jp', 1);
  assert.match(english, new RegExp(`The corporate number ${UMI} registered for the organisation "偽みなと"`), 'each owner in their own language');
  // The case waits in the review queue with its whole history.
  const a = await signUpAdmin();
  const queue = await a.get('/admin/declarations');
  assert.match(queue.text, /href="\/admin\/identity#claims"/);
  const list = await a.get('/admin/identity');
  const m = /href="\/admin\/identity\/claims\/(\d+)"/.exec(list.text);
  assert.ok(m, 'the claim is listed');
  const claim = await a.get(`/admin/identity/claims/${m[1]}`);
  assert.equal(claim.status, 200);
  for (const kind of ['郵送の申し込み', '法人番号を外された', '本人確認']) assert.match(claim.text, new RegExp(kind));
  assert.match(claim.text, /identity\.number_lost/);
  assert.match(claim.text, /偽みなと/);
  assert.match(claim.text, /本物の会社/);
  const empty = await a.submit(`/admin/identity/claims/${m[1]}`, { note: '' }, `/admin/identity/claims/${m[1]}/review`);
  assert.equal(empty.status, 422);
  const reviewed = await a.submit(`/admin/identity/claims/${m[1]}`, { note: '登記簿で本店所在地を確認した' },
    `/admin/identity/claims/${m[1]}/review`);
  assert.equal(reviewed.status, 303);
  assert.match((await a.get(`/admin/identity/claims/${m[1]}`)).text, /登記簿で本店所在地を確認した/);
});

test('a verified number cannot be taken by anyone', async () => {
  const thief = await signUp(server, 'thief@example.jp');
  await createOrg(thief, { corporate_number: '', sole_proprietor: '1', name: '別会社', name_kana: 'ベツガイシャ' });
  const letter = await requestLetter(thief, MINATO);
  assert.equal(letter.status, 422);
  assert.match(letter.text, /本人確認の済んだ別の組織が登録しています/);
  const edit = await thief.submit('/org/edit', { ...ORG_FORM, corporate_number: MINATO, name: '別会社' });
  assert.equal(edit.status, 422);
  assert.match(edit.text, /この法人番号の組織はすでに登録されています/);
  assert.equal(one(`SELECT identity FROM organisation WHERE corporate_number = '${MINATO}'`), 'letter');
});
