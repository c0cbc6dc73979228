// declaration.test.mjs — declaring ★ and ★★ through the task-list flow,
// the ★★ prerequisites (what is missing, then allowed), upgrade with the
// same ID, the drop to ★ when the policy is unpublished, details copied
// again, withdrawal (and the organisation's deletion page, which names the
// declaration it withdraws), one active declaration per organisation, a corporate
// number already declared, review signals and the administrators' queue
// (approve, revoke with a reason), who may do what (owner, member, a user
// without an organisation, anonymous, CSRF), and `mamori seed`.
//
// One server for the file; every test makes its own users and
// organisations. The database is read and, where a test needs a fact the
// flows of other areas produce (a submitted assessment, a published
// policy), written with sqlite() (sqlite3, or psql on PostgreSQL).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertCleanExit, assertNoSanitizerReports, makeTmpDir, newDatabase, ON_POSTGRES, runCli, sqlString, sqlite, startServer,
} from './helpers.mjs';
import { Browser, ORG_FORM, PASSWORD, createOrg, csrfOf, signUp } from './org_client.mjs';

let server;
let admin;
let seq = 0;

const db = (sql) => sqlite(server.dbPath, sql);
const one = (sql) => db(sql)[0];
const nowS = () => Math.floor(Date.now() / 1000);
const email = (label) => `${label}-${process.pid}-${++seq}@example.jp`;

/** A valid 13-digit corporate number, different for every call. */
function corporateNumber() {
  const body = String(100000000000 + ((process.pid * 7919 + ++seq * 104729) % 800000000000)).padStart(12, '0');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 ? 1 : 2);
  return `${9 - (sum % 9)}${body}`;
}

/** A signed-in owner of a fresh organisation; overrides go to the form. */
async function owner(label, overrides = {}) {
  const b = await signUp(server, email(label));
  await createOrg(b, { corporate_number: corporateNumber(), ...overrides });
  b.orgId = Number(one(`SELECT organisation_id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = ${sqlString(b.email)}`));
  b.orgPublicId = one(`SELECT public_id FROM organisation WHERE id = ${b.orgId}`);
  return b;
}

const PLEDGE = { rule_1: 'yes', rule_2: 'yes', rule_3: 'yes', rule_4: 'yes', rule_5: 'yes', terms: 'yes' };

/** Walks every step for level; resolves to the final POST's response. */
async function walk(b, level) {
  for (const p of ['/declaration', '/declaration/new', '/declaration/new/level']) {
    const r = await b.get(p);
    assert.equal(r.status, 200, `GET ${p}: ${r.text.slice(0, 300)}`);
  }
  let r = await b.submit('/declaration/new/level', { level: String(level) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/declaration/new/prerequisites?level=${level}`);
  r = await b.get(r.headers.location);
  assert.equal(r.status, 200);
  // The pledge page shows what will be declared and declares: two forms in all.
  const pledge = await b.get(`/declaration/new/pledge?level=${level}`);
  assert.equal(pledge.status, 200);
  return b.req('POST', '/declaration/new', { form: { csrf: csrfOf(pledge.text), level: String(level), ...PLEDGE } });
}

/** Declares and returns the new public id. */
async function declare(b, level = 1) {
  const r = await walk(b, level);
  assert.equal(r.status, 303, `declare ★${level}: ${r.status} ${r.text.slice(0, 600)}`);
  assert.equal(r.headers.location, '/declaration/declared');
  const done = await b.get('/declaration/declared');
  assert.equal(done.status, 200);
  const id = /\b(9\d{10})\b/.exec(done.text)?.[1];
  assert.ok(id, 'the confirmation page shows the ID');
  assert.match(done.text, new RegExp(`/verify/${id}`));
  assert.match(done.text, new RegExp(`href="/verify/${id}#mark-heading"`), "the mark downloads are linked");
  return id;
}

const row = (id) => {
  const [level, status, flagged, reasons, orgId, policyUrl] = one(
    `SELECT level, status, CAST(flagged AS integer), flag_reasons, coalesce(organisation_id, 0), policy_url FROM declaration WHERE public_id = ${sqlString(id)}`,
  ).split('|');
  return { level: Number(level), status, flagged: flagged === '1', reasons, orgId: Number(orgId), policyUrl };
};
const events = (id) =>
  db(`SELECT kind, from_value, to_value, reason FROM declaration_event WHERE declaration_id = (SELECT id FROM declaration WHERE public_id = ${sqlString(id)}) ORDER BY id`);

function luhnValid(id) {
  let sum = 0;
  for (let i = 0; i < id.length; i++) {
    let d = Number(id[id.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The facts ★★ needs, as the assessment and policy flows leave them. */
function addAssessment(orgId) {
  const token = `t-${process.pid}-${++seq}`;
  db(`INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
      VALUES (${orgId}, 'v1', ${nowS()}, 40, 8, 20, 12, '${token}')`);
}
function addPolicy(orgId) {
  db(`INSERT INTO policy_version (organisation_id, number, published_at, lang, preamble, commitment_1, commitment_2,
        commitment_3, commitment_4, commitment_5, established_on, organisation_name, representative_title, representative_name)
      VALUES (${orgId}, 1, ${nowS()}, 'ja', 'p', 'c1', 'c2', 'c3', 'c4', 'c5', '2025-04-01', 'n', 't', 'r');
      INSERT INTO policy_publication (organisation_id, kind, version_id, url, published_at)
      VALUES (${orgId}, 'hosted', (SELECT max(id) FROM policy_version WHERE organisation_id = ${orgId}), '', ${nowS()});`);
}

before(async () => {
  server = await startServer();
  const adminEmail = email('admin');
  const r = runCli(['admin', 'create', '--email', adminEmail, '--db', server.dbPath], { env: { MAMORI_BASE_URL: server.url } });
  assert.equal(r.status, 0, r.stderr);
  const link = new URL(r.stdout.trim()).pathname;
  admin = new Browser(server.port);
  assert.equal((await admin.submit(link, { password: PASSWORD })).status, 303);
  const login = await admin.submit('/login', { email: adminEmail, password: PASSWORD, next: '' });
  assert.equal(login.status, 303, 'administrator log-in');
});

after(async () => {
  if (server) assertCleanExit(await server.stop(), 'mamori serve');
});

describe('declaring', () => {
  test('an owner declares ★ through the steps and gets an 11-digit ID at once', async () => {
    const b = await owner('one-star');
    const id = await declare(b, 1);
    assert.equal(id.length, 11);
    assert.ok(luhnValid(id), `${id} ends in a Luhn check digit`);
    const d = row(id);
    assert.equal(d.level, 1);
    assert.equal(d.status, 'active');
    assert.equal(d.orgId, b.orgId);
    assert.deepEqual(events(id), ['declared||1|']);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'declaration.declare' AND target = '${id}' AND outcome = 'ok'`), '1');
    assert.equal(one(`SELECT org_name || '|' || corporate_number FROM declaration WHERE public_id = '${id}'`),
      `${ORG_FORM.name}|${one(`SELECT corporate_number FROM organisation WHERE id = ${b.orgId}`)}`);
    const page = await b.get('/declaration');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(id));
    assert.match(page.text, /宣言しています/);
    assert.doesNotMatch(page.text, /認証を受け|certified/);
    // The steps are closed while a declaration is active.
    assert.equal((await b.get('/declaration/new')).headers.location, '/declaration');
  });

  test('the pledge needs every rule and the terms; each missing box is named', async () => {
    const b = await owner('pledge');
    const r = await b.submit('/declaration/new/pledge?level=1', { level: '1', rule_1: 'yes', rule_3: 'yes' }, '/declaration/new');
    assert.equal(r.status, 422);
    for (const f of ['rule_2', 'rule_4', 'rule_5', 'terms']) assert.match(r.text, new RegExp(`href="#${f}"`));
    assert.doesNotMatch(r.text, /href="#rule_1"/);
    assert.match(r.text, /name="rule_1" value="yes" checked/, 'ticked boxes stay ticked');
    const direct = await b.req('POST', '/declaration/new', { form: { csrf: csrfOf(r.text), level: '1', ...PLEDGE, terms: '' } });
    assert.equal(direct.status, 422);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId}`), '0');
  });

  test('each rule missing from the pledge is named by its number, in Japanese and in English', async () => {
    const b = await owner('pledge-named');
    const r = await b.submit('/declaration/new/pledge?level=1', { level: '1', rule_1: 'yes', rule_3: 'yes' }, '/declaration/new');
    assert.equal(r.status, 422);
    for (const n of [2, 4, 5]) assert.match(r.text, new RegExp(`<a href="#rule_${n}">基本ルール${n}に取り組むことを確かめ`));
    assert.doesNotMatch(r.text, /基本ルール[13]に/, 'ticked rules have no error');
    await b.get('/declaration?lang=en');
    const en = await b.submit('/declaration/new/pledge?level=1', { level: '1', rule_1: 'yes' }, '/declaration/new');
    assert.equal(en.status, 422);
    for (const n of [2, 3, 4, 5]) assert.match(en.text, new RegExp(`<a href="#rule_${n}">Confirm basic rule ${n} by ticking it\\.</a>`));
    await b.get('/declaration?lang=ja');
  });

  test('the confirmation of a ★ declaration links the move up to ★★; that of a ★★ one does not', async () => {
    const star1 = await owner('declared-one');
    await declare(star1, 1);
    const done = await star1.get('/declaration/declared');
    assert.equal(done.status, 200);
    assert.match(done.text, /同じ番号のまま★★に上げられます。 <a href="\/declaration\/upgrade">★★に上げる<\/a>/);
    const star2 = await owner('declared-two');
    addAssessment(star2.orgId);
    addPolicy(star2.orgId);
    await declare(star2, 2);
    assert.doesNotMatch((await star2.get('/declaration/declared')).text, /href="\/declaration\/upgrade"/);
  });

  test('step 3 after choosing ★ is headed with ★, not with what ★★ needs', async () => {
    const b = await owner('heading');
    const one = await b.get('/declaration/new/prerequisites?level=1');
    assert.equal(one.status, 200);
    assert.match(one.text, /<h1>★に必要なもの<\/h1>/);
    assert.doesNotMatch(one.text, /★★に必要なもの/);
    const two = await b.get('/declaration/new/prerequisites?level=2');
    assert.match(two.text, /<h1>★★に必要なもの<\/h1>/);
  });

  test('the pledge page shows what will be declared, each box beside its label, and declares', async () => {
    const b = await owner('pledgepage');
    const r = await b.get('/declaration/new/pledge?level=1');
    assert.equal(r.status, 200);
    assert.match(r.text, /ステップ 4 \/ 4/);
    assert.match(r.text, /<form method="post" action="\/declaration\/new"/);
    for (const f of ['rule_1', 'rule_2', 'rule_3', 'rule_4', 'rule_5', 'terms']) {
      assert.match(r.text, new RegExp(`<div class="field checkbox-field">\\s*<input type="checkbox" id="${f}"`), `${f} in a checkbox field`);
    }
    assert.match(r.text, /<span class="required-mark">必須<\/span>/);
    assert.equal((await b.get('/declaration/new/check?level=1&pledged=1')).status, 404, 'no separate check page');
  });

  test('addresses meant for sharing are absolute; labels and values never run together', async () => {
    const b = await owner('shared');
    const id = await declare(b, 1);
    const base = `http://127.0.0.1:${server.port}`;
    const done = await b.get('/declaration/declared');
    assert.match(done.text, new RegExp(`<a href="${base}/verify/${id}">${base}/verify/${id}</a>`), 'the confirmation page');
    const show = await b.get('/declaration');
    assert.match(show.text, new RegExp(`<dd><a href="${base}/verify/${id}">${base}/verify/${id}</a></dd>`), 'the overview');
    // Text read without its markup (a copy, a reader's text) keeps a space between a label and its value.
    const en = await b.get(`/verify/${id}?lang=en`);
    const text = en.text.replace(/<[^>]+>/g, '');
    assert.match(text, /Level one star \(★\)/);
    assert.doesNotMatch(text, /Levelone/);
    await b.get(`/verify/${id}?lang=ja`);
  });

  test('the level must be chosen', async () => {
    const b = await owner('level');
    const r = await b.submit('/declaration/new/level', { level: '3' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#level"/);
  });

  test('★★ is refused with what is missing, then allowed once assessment and policy exist', async () => {
    const b = await owner('two-star');
    let p = await b.get('/declaration/new/prerequisites?level=2');
    assert.equal(p.status, 200);
    assert.match(p.text, /href="\/assessment"/);
    assert.match(p.text, new RegExp(`href="/policy/edit/${b.orgPublicId}"`));
    assert.doesNotMatch(p.text, /\/declaration\/new\/pledge\?level=2/, 'no way on while something is missing');
    const refused = await walk(b, 2);
    assert.equal(refused.status, 409);
    assert.match(refused.text, /自己診断/);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId}`), '0');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'declaration.declare' AND outcome = 'denied' AND organisation_id = ${b.orgId}`), '1');

    addAssessment(b.orgId);
    p = await b.get('/declaration/new/prerequisites?level=2');
    assert.match(p.text, /href="\/policy\/edit\//);
    assert.doesNotMatch(/<main[\s\S]*<\/main>/.exec(p.text)[0], /href="\/assessment"/, 'no link to the self-assessment in the page (the header has one)');
    const stillRefused = await walk(b, 2);
    assert.equal(stillRefused.status, 409);
    assert.match(stillRefused.text, /基本方針/);

    assert.doesNotMatch((await b.get('/declaration')).text, /href="\/declaration\/new\/pledge\?level=2"/, 'no shortcut while something is missing');
    addPolicy(b.orgId);
    const overview = await b.get('/declaration');
    assert.match(overview.text, /<a class="button" href="\/declaration\/new\/pledge\?level=2">★★の宣言に進む<\/a>/, 'ready: straight to the pledge page');
    const id = await declare(b, 2);
    const d = row(id);
    assert.equal(d.level, 2);
    assert.equal(d.policyUrl, `/policy/${b.orgPublicId}`);
  });

  test('upgrade ★→★★ keeps the ID and records the change; unpublishing drops it back to ★', async () => {
    const b = await owner('upgrade');
    const id = await declare(b, 1);
    let u = await b.get('/declaration/upgrade');
    assert.equal(u.status, 200);
    assert.match(u.text, /href="\/assessment"/);
    const early = await b.req('POST', '/declaration/upgrade', { form: { csrf: csrfOf(u.text) } });
    assert.equal(early.status, 422);
    assert.equal(row(id).level, 1);

    addAssessment(b.orgId);
    addPolicy(b.orgId);
    u = await b.get('/declaration/upgrade');
    const r = await b.req('POST', '/declaration/upgrade', { form: { csrf: csrfOf(u.text) } });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/declaration?notice=upgraded');
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId}`), '1');
    assert.deepEqual(row(id), { ...row(id), level: 2, status: 'active', policyUrl: `/policy/${b.orgPublicId}` });
    assert.deepEqual(events(id), ['declared||1|', 'level|1|2|upgrade']);
    assert.equal((await b.get('/declaration/upgrade')).headers.location, '/declaration', 'nothing to upgrade at ★★');

    db(`DELETE FROM policy_publication WHERE organisation_id = ${b.orgId}`);
    assert.equal(row(id).level, 1);
    assert.equal(row(id).policyUrl, '');
    assert.deepEqual(events(id).at(-1), 'level|2|1|policy_unpublished');
    const page = await b.get('/declaration');
    assert.match(page.text, /★★から★に変わりました/);
  });

  test('a change of details is copied from the profile and recorded', async () => {
    const b = await owner('details');
    const id = await declare(b, 1);
    const edit = await b.submit('/org/edit', { ...ORG_FORM, corporate_number: one(`SELECT corporate_number FROM organisation WHERE id = ${b.orgId}`), name: 'さくら精密ホールディングス株式会社' });
    assert.equal(edit.status, 303);
    const page = await b.get('/declaration');
    assert.match(page.text, /href="\/declaration\/details"/);
    const r = await b.submit('/declaration/details', {});
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/declaration?notice=details_updated');
    assert.equal(one(`SELECT org_name FROM declaration WHERE public_id = '${id}'`), 'さくら精密ホールディングス株式会社');
    assert.deepEqual(events(id).at(-1), `details|name=${ORG_FORM.name}|name=さくら精密ホールディングス株式会社|profile_update`);
    const again = await b.submit('/declaration/details', {});
    assert.equal(again.headers.location, '/declaration?notice=no_change');
  });

  test('withdrawal after a confirmation page is immediate; declaring again gives a new ID', async () => {
    const b = await owner('withdraw');
    const id = await declare(b, 1);
    // verified (and so kept in the verification cache) before withdrawing
    const verifyApi = async () => JSON.parse((await b.get(`/api/v1/declarations/${id}`)).text).status;
    const verifyPage = async () => (await b.get(`/verify/${id}`)).text;
    assert.equal(await verifyApi(), 'active');
    assert.match(await verifyPage(), /有効な宣言です/);
    const confirm = await b.get('/declaration/withdraw');
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /action="\/declaration\/withdraw"/);
    assert.equal(row(id).status, 'active', 'the confirmation page changes nothing');
    const r = await b.req('POST', '/declaration/withdraw', { form: { csrf: csrfOf(confirm.text) } });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/declaration?notice=withdrawn');
    assert.equal(row(id).status, 'withdrawn');
    // at once, not after a cache's delay
    assert.equal(await verifyApi(), 'withdrawn');
    assert.match(await verifyPage(), /取り下げられた宣言です/);
    assert.deepEqual(events(id).at(-1), 'withdrawn|active|withdrawn|owner_request');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'declaration.withdraw' AND target = '${id}'`), '1');
    const page = await b.get('/declaration');
    assert.match(page.text, new RegExp(`${id}`));
    assert.match(page.text, /取り下げ済み/);
    const second = await declare(b, 1);
    assert.notEqual(second, id);
    assert.equal(row(id).status, 'withdrawn');
  });

  test('deleting the organisation says what goes with it and names the declaration it withdraws', async () => {
    const b = await owner('delete-org');
    let page = await b.get('/org/delete');
    assert.equal(page.status, 200);
    for (const what of ['自己診断と経営チェックのすべての結果', '情報セキュリティ基本方針の下書きと公開したすべての版', '相談とそのやりとり']) {
      assert.match(page.text, new RegExp(`<li>${what}`));
    }
    assert.doesNotMatch(page.text, /取り下げになる宣言ID/, 'nothing to withdraw yet');
    const id = await declare(b, 1);
    page = await b.get('/org/delete');
    assert.match(page.text, new RegExp(`いま有効な宣言は取り下げになり[^<]*取り下げになる宣言ID： ${id}</p>`));
    const en = await b.get('/org/delete?lang=en');
    assert.match(en.text, new RegExp(`The active declaration will be withdrawn[^<]*The declaration withdrawn: ${id}</p>`));
    assert.match(en.text, /<li>Consultations and their messages<\/li>/);
    const r = await b.req('POST', '/org/delete', { form: { csrf: csrfOf(page.text), confirm_name: ORG_FORM.name } });
    assert.equal(r.status, 303);
    assert.equal(row(id).status, 'withdrawn', 'as the page said');
    assert.deepEqual(events(id).at(-1), 'withdrawn|active|withdrawn|organisation_deleted');
  });

  test('a declarant search kept in the render cache does not outlive a withdrawal, here at once and on a second instance within the poll', async () => {
    // A second server on the same database: its cache learns of the
    // withdrawal from the change log only (web/verify_cache.h).
    const other = await startServer({ dbPath: server.dbPath, env: { MAMORI_VERIFY_RATE: '100000/100000' } });
    try {
      const name = '鴎外検索商会';
      const b = await owner('search-cache', { name, name_kana: 'オウガイケンサクショウカイ' });
      const id = await declare(b, 1);
      const q = encodeURIComponent('鴎外');
      const page = async (port, extra = '') => {
        const r = await new Browser(port).get(`/declarants?q=${q}${extra}`);
        assert.equal(r.status, 200);
        return r.text.slice(r.text.indexOf('<main'), r.text.indexOf('</main>'));
      };
      const api = async (port) => {
        const r = await new Browser(port).get(`/api/v1/declarants?q=${q}`);
        assert.equal(r.status, 200);
        return JSON.parse(r.text).items.map((i) => i.id);
      };
      // Asked twice on each instance: the second answer comes from the cache.
      for (const port of [server.port, other.port]) {
        for (let i = 0; i < 2; i++) {
          assert.ok((await page(port)).includes(`href="/verify/${id}"`), 'listed while active');
          assert.deepEqual(await api(port), [id]);
        }
      }
      const confirm = await b.get('/declaration/withdraw');
      const r = await b.req('POST', '/declaration/withdraw', { form: { csrf: csrfOf(confirm.text) } });
      assert.equal(r.status, 303);
      // The instance that withdrew: at once.
      let html = await page(server.port);
      assert.ok(!html.includes(id), 'the withdrawn declaration is no longer listed');
      assert.match(html, /見つかりませんでした/);
      assert.deepEqual(await api(server.port), []);
      assert.match(await page(server.port, '&include_ended=1'), /declarant-status-withdrawn/);
      // The other instance: within its poll of the change log (200 ms).
      const deadline = Date.now() + 1000;
      while ((await page(other.port)).includes(id) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      html = await page(other.port);
      assert.ok(!html.includes(id), 'the other instance stops listing it within 1 s');
      assert.match(html, /見つかりませんでした/);
      assert.deepEqual(await api(other.port), []);
      // Declared again: listed again, under its new ID.
      const second = await declare(b, 1);
      assert.ok((await page(server.port)).includes(`href="/verify/${second}"`));
    } finally {
      assertCleanExit(await other.stop(), 'second mamori serve');
    }
  });

  test('one active declaration per organisation', async () => {
    const b = await owner('twice');
    await declare(b, 1);
    const token = csrfOf((await b.get('/declaration/withdraw')).text);
    const r = await b.req('POST', '/declaration/new', { form: { csrf: token, level: '1', ...PLEDGE } });
    assert.equal(r.status, 409);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId} AND status = 'active'`), '1');
  });

  test('a corporate number that already holds an active declaration is refused', async () => {
    const b = await owner('number-held');
    const number = one(`SELECT corporate_number FROM organisation WHERE id = ${b.orgId}`);
    // an active declaration of that number whose organisation is gone from here
    db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, corporate_number, level, status, declared_at, changed_at)
        VALUES ('10000000${String(seq).padStart(3, '0')}', NULL, '旧社名', 'キュウシャメイ', 13, 'E', '${number}', 1, 'active', 1, 1)`);
    const r = await walk(b, 1);
    assert.equal(r.status, 409);
    assert.match(r.text, /法人番号/);
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId}`), '0');
  });
});

describe('who may declare', () => {
  test('a member sees the declaration but cannot change it (403); a user without an organisation gets 404', async () => {
    const b = await owner('team');
    const id = await declare(b, 1);
    const m = await signUp(server, email('member'));
    const memberId = one(`SELECT id FROM "user" WHERE email = ${sqlString(m.email)}`);
    db(`INSERT INTO membership (organisation_id, user_id, role, created_at) VALUES (${b.orgId}, ${memberId}, 'member', 1)`);
    const page = await m.get('/declaration');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(id));
    assert.doesNotMatch(page.text, /href="\/declaration\/withdraw"/);
    for (const p of ['/declaration/new', '/declaration/new/level', '/declaration/withdraw', '/declaration/upgrade']) {
      assert.equal((await m.get(p)).status, 403, `member GET ${p}`);
    }
    const token = csrfOf((await m.get('/account')).text);
    for (const p of ['/declaration/new', '/declaration/withdraw', '/declaration/upgrade', '/declaration/details']) {
      const r = await m.req('POST', p, { form: { csrf: token, level: '1', ...PLEDGE } });
      assert.equal(r.status, 403, `member POST ${p}`);
    }
    assert.equal(row(id).status, 'active');

    const loner = await signUp(server, email('loner'));
    for (const p of ['/declaration', '/declaration/new', '/declaration/withdraw']) {
      assert.equal((await loner.get(p)).status, 404, `no organisation: GET ${p}`);
    }
  });

  test('another organisation cannot touch a declaration; anonymous visitors are sent to log in', async () => {
    const a = await owner('org-a');
    const id = await declare(a, 1);
    const b = await owner('org-b');
    const w = await b.get('/declaration/withdraw');
    assert.equal(w.headers.location, '/declaration', 'B has nothing to withdraw');
    assert.equal(row(id).status, 'active');
    const anon = new Browser(server.port);
    const r = await anon.get('/declaration');
    assert.equal(r.status, 303);
    assert.match(r.headers.location, /^\/login\?next=/);
  });

  test('every POST needs the CSRF token', async () => {
    const b = await owner('csrf');
    for (const p of ['/declaration/new', '/declaration/new/level']) {
      const none = await b.req('POST', p, { form: { level: '1', ...PLEDGE } });
      assert.equal(none.status, 403, `no token: ${p}`);
      const wrong = await b.req('POST', p, { form: { csrf: 'x'.repeat(43), level: '1', ...PLEDGE } });
      assert.equal(wrong.status, 403, `wrong token: ${p}`);
    }
    assert.equal(one(`SELECT count(*) FROM declaration WHERE organisation_id = ${b.orgId}`), '0');
  });
});

describe('review signals and administrators', () => {
  test('a corporate number used by an earlier declarant flags without blocking; approve clears it', async () => {
    const b = await owner('reused');
    const number = one(`SELECT corporate_number FROM organisation WHERE id = ${b.orgId}`);
    db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, corporate_number, level, status, declared_at, changed_at)
        VALUES ('20000000${String(seq).padStart(3, '0')}', NULL, '旧社名', 'キュウシャメイ', 13, 'E', '${number}', 1, 'withdrawn', 1, 1)`);
    const id = await declare(b, 1);
    const d = row(id);
    assert.equal(d.status, 'active');
    assert.ok(d.flagged);
    assert.match(d.reasons, /corporate_number_reused/);

    assert.equal((await b.get('/admin/declarations')).status, 404, 'not for owners');
    const queue = await admin.get('/admin/declarations');
    assert.equal(queue.status, 200);
    assert.match(queue.text, new RegExp(`/admin/declarations/${id}`));
    assert.match(queue.text, /同じ法人番号/);
    const detail = await admin.get(`/admin/declarations/${id}`);
    assert.equal(detail.status, 200);
    assert.match(detail.text, /action="\/admin\/declarations\/\d+\/approve"/);
    const orgPage = await admin.get(`/admin/organisations/${b.orgId}`);
    assert.ok(orgPage.text.includes(`<a href="/admin/declarations/${id}">`), 'the page of the organisation leads to its declarations, flagged or not');
    const r = await admin.req('POST', `/admin/declarations/${id}/approve`, { form: { csrf: csrfOf(detail.text) } });
    assert.equal(r.status, 303);
    assert.equal(row(id).flagged, false);
    assert.match(events(id).at(-1), /^flag_cleared\|[a-z_,]*corporate_number_reused[a-z_,]*\|\|reviewed$/);
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'admin.declaration_approve' AND target = '${id}'`), '1');
    assert.doesNotMatch((await admin.get('/admin/declarations')).text, new RegExp(`/admin/declarations/${id}"`));
  });

  test('a disposable e-mail domain and a near-identical name at the same address are flagged', async () => {
    const throwaway = await owner('throwaway', { contact_email: 'x@mailinator.com' });
    const id1 = await declare(throwaway, 1);
    assert.match(row(id1).reasons, /disposable_email/);

    const address = { postal_code: '100-0001', prefecture: '13', address: '千代田区千代田1丁目2番3号' };
    const first = await owner('twin-a', { name: '株式会社みなと精機', name_kana: 'ミナトセイキ', ...address });
    const idA = await declare(first, 1);
    assert.equal(row(idA).flagged, false);
    const second = await owner('twin-b', { name: 'みなと精機株式会社', name_kana: 'ミナトセイキ', ...address, address: '千代田区千代田1-2-3' });
    const idB = await declare(second, 1);
    assert.ok(row(idB).flagged);
    assert.match(row(idB).reasons, /similar_name_address/);
    assert.equal(row(idB).status, 'active');
  });

  test('revocation needs a reason category and a note, and is recorded', async () => {
    const b = await owner('revoke');
    const id = await declare(b, 1);
    const page = await admin.get(`/admin/declarations/${id}`);
    assert.equal(page.status, 200);
    const csrf = csrfOf(page.text);
    let r = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: '', note: 'x' } });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#reason"/);
    r = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: 'misuse', note: '   ' } });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#note"/);
    r = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: 'invented', note: 'x' } });
    assert.equal(r.status, 422);
    assert.equal(row(id).status, 'active');
    r = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: 'misuse', note: '★★のマークを使っていた' } });
    assert.equal(r.status, 303);
    assert.equal(row(id).status, 'revoked');
    assert.deepEqual(events(id).at(-1), 'revoked|active|revoked|misuse');
    assert.equal(one(`SELECT note FROM declaration_event WHERE kind = 'revoked' AND declaration_id = (SELECT id FROM declaration WHERE public_id = '${id}')`), '★★のマークを使っていた');
    assert.equal(one(`SELECT count(*) FROM audit WHERE action = 'admin.declaration_revoke' AND target = '${id}' AND outcome = 'ok'`), '1');
    const again = await admin.req('POST', `/admin/declarations/${id}/revoke`, { form: { csrf, reason: 'misuse', note: 'again' } });
    assert.equal(again.status, 422, 'a revoked declaration cannot be revoked again');
    const history = await admin.get(`/admin/declarations/${id}`);
    assert.match(history.text, /★★のマークを使っていた/);
    assert.equal((await admin.get('/admin/declarations/12345')).status, 404);
    assert.equal((await admin.get('/admin/declarations/99999999999')).status, 404);
    assert.equal((await b.get(`/admin/declarations/${id}`)).status, 404, 'not for owners');
    // the owner sees it as revoked and may declare again with a new ID
    assert.match((await b.get('/declaration')).text, /取り消し済み/);
  });

  // Last in the file: it makes every later declaration from 127.0.0.1 look like a burst.
  test('many declarations from one address within 24 hours are flagged', async () => {
    const b = await owner('burst');
    const ip = one(`SELECT declared_ip FROM declaration WHERE declared_ip <> '' LIMIT 1`);
    assert.ok(ip, 'declarations record the address they came from');
    for (let i = 0; i < 20; i++) {
      db(`INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry, level, status, declared_at, changed_at, declared_ip)
          VALUES ('3${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(4, '0')}${String(i).padStart(3, '0')}', NULL, 'x', 'x', 13, 'E', 1, 'withdrawn', ${nowS()}, ${nowS()}, ${sqlString(ip)})`);
    }
    const id = await declare(b, 1);
    assert.match(row(id).reasons, /ip_burst/);
    assert.equal(row(id).status, 'active');
  });
});

describe('mamori seed', () => {
  test('the same --orgs and --seed give the same data', () => {
    const dir = makeTmpDir();
    try {
      const dump = [];
      // a file each on SQLite, a database each in the test cluster on PostgreSQL
      const [a, b, c] = ['a.db', 'b.db', 'c.db'].map((name) => (ON_POSTGRES ? newDatabase(dir) : path.join(dir, name)));
      for (const file of [a, b]) {
        const r = runCli(['seed', '--orgs', '1000', '--seed', '1', '--declared', '100', '--db', file], { timeoutMs: 120_000 });
        assert.equal(r.status, 0, r.stderr);
        assertNoSanitizerReports(r.stderr, 'seed');
        assert.match(r.stderr, /1000 \/ 1000 organisations/);
        dump.push(sqlite(file, 'SELECT public_id, level, status, corporate_number FROM declaration ORDER BY id').join('\n'));
        dump.push(sqlite(file, 'SELECT count(*) FROM assessment_result_answer').join());
      }
      assert.equal(dump[0], dump[2]);
      assert.equal(dump[1], dump[3]);
      const file = a;
      const twoStars = Number(sqlite(file, 'SELECT count(*) FROM declaration WHERE level = 2')[0]);
      assert.ok(twoStars > 50 && twoStars < 160, `about one in ten ★★ (${twoStars})`);
      assert.equal(sqlite(file, 'SELECT count(*) FROM declaration d WHERE level = 2 AND NOT EXISTS (SELECT 1 FROM policy_publication p WHERE p.organisation_id = d.organisation_id) ')[0], '0');
      assert.equal(sqlite(file, "SELECT CAST(count(DISTINCT corporate_number) = count(*) AS integer) FROM declaration WHERE corporate_number <> ''")[0], '1');
      const other = runCli(['seed', '--orgs', '50', '--seed', '2', '--declared', '100', '--db', c], { timeoutMs: 120_000 });
      assert.equal(other.status, 0, other.stderr);
      assert.notEqual(sqlite(c, 'SELECT corporate_number FROM declaration ORDER BY id LIMIT 5').join(), dump[0].split('\n').slice(0, 5).join());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // What `mamori aggregates rebuild` recomputes, every row but the empty ones.
  const AGGREGATES = [
    'SELECT * FROM statistics_active WHERE organisations <> 0',
    'SELECT * FROM statistics_daily WHERE declared + upgraded + downgraded + withdrawn + revoked <> 0',
    'SELECT * FROM statistics_monthly WHERE declared + upgraded + downgraded + withdrawn + revoked <> 0',
    'SELECT * FROM statistics_score WHERE results <> 0',
    'SELECT * FROM benchmark_member',
    'SELECT * FROM benchmark_group WHERE organisations <> 0',
    'SELECT * FROM benchmark_histogram WHERE organisations <> 0',
  ];
  const aggregates = (file) => AGGREGATES.map((sql) => sqlite(file, sql).sort().join('\n'));

  test('about a tenth of the organisations declare by default, the others keep a profile and some a self-assessment, and the aggregates equal a rebuild', () => {
    const dir = makeTmpDir();
    try {
      const file = ON_POSTGRES ? newDatabase(dir) : path.join(dir, 'share.db');
      const r = runCli(['seed', '--orgs', '2000', '--seed', '3', '--db', file], { timeoutMs: 180_000 });
      assert.equal(r.status, 0, r.stderr);
      assertNoSanitizerReports(r.stderr, 'seed');
      const said = r.stderr.match(/: 2000 organisations, (\d+) declarations \(10 %/);
      assert.ok(said, `the report names organisations and declarations apart: ${r.stderr.slice(-600)}`);
      const declarations = Number(said[1]);
      assert.ok(Math.abs(declarations - 200) <= 5, `10 % ± 5 of 2,000 declare (${declarations})`);
      const count = (sql) => Number(sqlite(file, sql)[0]);
      assert.equal(count('SELECT count(*) FROM organisation'), 2000);
      assert.equal(count('SELECT count(*) FROM declaration'), declarations);
      const NONE = 'NOT EXISTS (SELECT 1 FROM declaration d WHERE d.organisation_id = x.organisation_id)';
      const assessed = count(`SELECT count(*) FROM assessment_result x WHERE ${NONE}`);
      assert.ok(assessed > 1800 * 0.28 && assessed < 1800 * 0.39, `one in three of the others assessed (${assessed})`);
      assert.equal(count(`SELECT count(*) FROM policy_publication x WHERE ${NONE}`), 0, 'no policy without a declaration');
      assert.equal(count('SELECT count(*) FROM membership'), 0, 'seeded organisations have no owner');
      assert.ok(count(`SELECT count(*) FROM management_result x WHERE ${NONE}`) > 0, 'management results of undeclared firms too');
      // every seeded result is compared in its cell, with its profile's size
      // class: a declarant's is its declaration's, as the rebuild would give
      for (const table of ['assessment_result', 'management_result']) {
        assert.equal(count(`SELECT count(*) FROM ${table} WHERE bench_industry IS NULL`), 0, table);
        assert.equal(count(`SELECT count(*) FROM ${table} x JOIN declaration d ON d.organisation_id = x.organisation_id`
          + ' WHERE x.bench_size <> d.size_class OR x.bench_industry <> d.industry'), 0, table);
      }
      assert.ok(count('SELECT count(*) FROM consultation') > 0);
      assert.ok(count('SELECT count(*) FROM identity_letter') > 0);
      const accounts = count('SELECT count(*) FROM "user"');
      const subscribers = count('SELECT count(*) FROM news_digest');
      assert.ok(accounts > 0 && Math.abs(subscribers - accounts / 4) <= 1, `every fourth account asks for the news digest (${subscribers} of ${accounts})`);
      assert.match(r.stderr, new RegExp(`news articles with ${subscribers} digest subscribers`));
      const kept = aggregates(file);
      assert.ok(kept.every((rows) => rows.length > 0), 'every aggregate table has rows');
      const rebuilt = runCli(['aggregates', 'rebuild', '--db', file], { timeoutMs: 60_000 });
      assert.equal(rebuilt.status, 0, rebuilt.stderr);
      assert.deepEqual(aggregates(file), kept);
      assert.equal(runCli(['seed', '--orgs', '10', '--seed', '1', '--declared', '101', '--db', file]).status, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('seed refuses bad arguments and is in --help', () => {
    assert.equal(runCli(['seed', '--orgs', '0', '--seed', '1', '--db', '/tmp/never.db']).status, 2);
    assert.equal(runCli(['seed', '--orgs', '10']).status, 2);
    assert.equal(runCli(['seed', '--orgs', 'many', '--seed', '1']).status, 2);
    assert.match(runCli(['--help']).stdout, /seed +load N synthetic organisations/);
    assert.match(runCli(['seed', '--help']).stdout, /--orgs N/);
    assert.match(runCli(['seed', '--help']).stdout, /--declared PERCENT/);
    assert.equal(runCli(['seed', '--orgs', '10', '--seed', '1', '--declared', 'half', '--db', '/tmp/never.db']).status, 2);
    assert.equal(runCli(['seed', '--orgs', '10', '--seed', '1', '--declared', '-1', '--db', '/tmp/never.db']).status, 2);
  });
});
