// Supporters over real HTTP: registering at /supporter, the code, an owner
// granting access by code or e-mail, changing and revoking it (with the
// audit lines), a new code replacing the old, the client list sorted and
// paged, rights, CSRF and escaping.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, sqlite, startServer, waitFor } from './helpers.mjs';
import { Browser, assertNoRawKeys, createOrg, csrfOf, mailsTo, nextMail, signUp } from './org_client.mjs';

const CLIENTS = 21; // one more than a page
const KANA = 'アイウエオカキクケコサシスセソタチツテトナ';

let server;
let supporter;
let firm; // owner of the first client firm
let firms; // owners of every client firm, firm first
let code;

function codeOf(html) {
  const m = /id="supporter-code">([0-9A-Z]{5}-[0-9A-Z]{5})</.exec(html);
  assert.ok(m, 'the code is on the dashboard');
  return m[1];
}

function clientNames(html) {
  return [...html.matchAll(/<tr><td><a href="\/assessment\/history\/[a-z0-9]+">([^<]*)<\/a><\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
}

before(async () => {
  server = await startServer({ threads: 4 });
  const emails = ['supporter@example.jp', ...Array.from({ length: CLIENTS }, (_, i) => `firm${i}@example.jp`)];
  // Four at a time, one per serving thread: 22 argon2 hashes at once
  // would keep the last answer waiting past the request timeout on a
  // loaded machine.
  const users = [];
  for (let i = 0; i < emails.length; i += 4) users.push(...(await Promise.all(emails.slice(i, i + 4).map((e) => signUp(server, e)))));
  [supporter, ...firms] = users;
  firm = firms[0];
  // Firm i: name in kana order reversed from its prefecture order, so the
  // two sorts differ.
  await Promise.all(firms.map((b, i) => createOrg(b, {
    name: `顧客${String(i).padStart(2, '0')}株式会社`,
    name_kana: `${KANA[CLIENTS - 1 - i]}コキャク`,
    corporate_number: '',
    sole_proprietor: '1',
    capital: '',
    prefecture: String(i + 1),
  })));
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

test('a user who is not a supporter sees the registration form at /supporter and can register', async () => {
  const form = await supporter.get('/supporter');
  assert.equal(form.status, 200);
  assert.match(form.text, /<select id="kind" name="kind"/);
  assertNoRawKeys(form.text);
  const bad = await supporter.req('POST', '/supporter', {
    form: { csrf: csrfOf(form.text), kind: 'wizard', prefecture: '48', organisation_name: '' },
  });
  assert.equal(bad.status, 422);
  for (const f of ['kind', 'prefecture', 'organisation_name']) assert.match(bad.text, new RegExp(`<a href="#${f}">`));
  const ok = await supporter.req('POST', '/supporter', {
    form: { csrf: csrfOf(form.text), kind: 'tax_accountant', prefecture: '13', organisation_name: 'みなと税理士事務所' },
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/supporter?notice=registered');
  const dash = await supporter.get('/supporter?notice=registered');
  assert.match(dash.text, /支援者として登録しました/);
  assert.match(dash.text, /税理士/);
  assert.match(dash.text, /東京都/);
  code = codeOf(dash.text);
  const twice = await supporter.req('POST', '/supporter', {
    form: { csrf: csrfOf(dash.text), kind: 'other', prefecture: '1', organisation_name: 'x' },
  });
  assert.equal(twice.status, 303, 'registering again changes nothing');
  assert.equal(codeOf((await supporter.get('/supporter')).text), code);
});

test('the personal-data export holds the supporter registration, and null without one', async () => {
  const mine = JSON.parse((await supporter.get('/account/export.json')).text).supporter;
  assert.deepEqual(Object.keys(mine), ['kind', 'prefecture', 'organisation_name', 'code', 'since']);
  assert.equal(mine.kind, 'tax_accountant');
  assert.equal(mine.prefecture, 13);
  assert.equal(mine.organisation_name, 'みなと税理士事務所');
  assert.equal(mine.code, code.replace('-', ''), 'stored without the dash it is shown with');
  assert.match(mine.since, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(JSON.parse((await firm.get('/account/export.json')).text).supporter, null);
});

test('an owner grants access with the supporter\'s code typed loosely; both sides list it', async () => {
  const loose = code.toLowerCase().replace('-', ' ');
  const seen = mailsTo(server.tmpDir, 'supporter@example.jp').length;
  const r = await firm.submit('/org/supporters/grant', { supporter: loose, access: 'read' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/org?notice=granted');
  const mail = await nextMail(server.tmpDir, 'supporter@example.jp', seen);
  assert.match(mail, /「顧客00株式会社」のオーナーが、mamori であなたに支援者としてのアクセス（閲覧のみ）を許可しました。/);
  assert.match(mail, /^http:\/\/[^/\s]+\/home\r?$/m, 'a link to the supporter\'s page');
  const org = await firm.get('/org');
  assert.match(org.text, /みなと税理士事務所<br>supporter@example\.jp/);
  assert.match(org.text, /閲覧のみ/);
  const dash = await supporter.get('/supporter');
  assert.match(dash.text, /顧客00株式会社/);
  assert.match(dash.text, /<td>—<\/td><td>—<\/td>/, 'score and level are not invented');
  assert.match(dash.text, /自己診断の履歴を見られます/);
});

test('the dashboard shows a client\'s latest score and declaration level once they exist', async () => {
  const [orgId] = sqlite(server.dbPath, "SELECT id FROM organisation WHERE name = '顧客00株式会社'");
  sqlite(server.dbPath, `INSERT INTO assessment_result (organisation_id, version, taken_at, total, part1, part2, part3, submit_token)
    VALUES (${orgId}, 'v1', 1700000000, 40, 10, 20, 10, 'old'), (${orgId}, 'v1', 1800000000, 73, 20, 33, 20, 'new')`);
  sqlite(server.dbPath, `INSERT INTO declaration (public_id, organisation_id, org_name, org_name_kana, prefecture, industry,
    level, status, declared_at, changed_at) VALUES ('91234567897', ${orgId}, 'x', 'x', 1, 'E', 2, 'active', 1, 1)`);
  const dash = await supporter.get('/supporter');
  assert.match(dash.text, /顧客00株式会社<\/a><\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>73<\/td><td>—<\/td><td>—<\/td><td>—<\/td><td>★★<\/td>/);
  sqlite(server.dbPath, `DELETE FROM declaration WHERE organisation_id = ${orgId}`);
  sqlite(server.dbPath, `DELETE FROM assessment_result WHERE organisation_id = ${orgId}`);
});

test('granting again by e-mail changes the access level', async () => {
  const r = await firm.submit('/org/supporters/grant', { supporter: 'SUPPORTER@example.jp', access: 'edit' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/org?notice=grant_updated');
  assert.match((await firm.get('/org')).text, /閲覧と編集/);
  assert.match((await supporter.get('/supporter')).text, /閲覧と編集/);
});

test('an unknown code or address, or a bad access level, is refused with a clear message', async () => {
  for (const who of ['ZZZZZ-ZZZZZ', 'nobody@example.jp', 'firm1@example.jp', 'short']) {
    const r = await firm.submit('/org/supporters/grant', { supporter: who, access: 'read' });
    assert.equal(r.status, 422, who);
    assert.match(r.text, /見つかりませんでした/);
    assert.match(r.text, new RegExp(`value="${who}"`), 'what was typed is kept');
  }
  const access = await firm.submit('/org/supporters/grant', { supporter: code, access: 'declare' });
  assert.equal(access.status, 422);
  assert.match(access.text, /<a href="#access">/);
});

test('revoking asks first, ends access on both sides, mails the supporter in their language and is audited; CSRF is required', async () => {
  const id = /href="\/org\/supporters\/(\d+)\/revoke"/.exec((await firm.get('/org')).text)[1];
  assert.equal((await firms[1].get(`/org/supporters/${id}/revoke`)).status, 404, 'another firm\'s grant');
  assert.equal((await firms[1].post(`/org/supporters/${id}/revoke`)).status, 404);
  const confirm = await firm.get(`/org/supporters/${id}/revoke`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /supporter@example\.jp/);
  assert.match(confirm.text, new RegExp(`<form method="post" action="/org/supporters/${id}/revoke">`));
  assert.equal((await firm.req('POST', `/org/supporters/${id}/revoke`, { form: {} })).status, 403);
  assert.match((await supporter.get('/supporter')).text, /顧客00株式会社/, 'still granted after the refused POST');
  assert.match(confirm.text, /メールでお知らせします/, 'the owner is told the supporter will be told');
  // The supporter reads English; the owner's pages are Japanese.
  assert.equal((await supporter.submit('/account/profile', { name: '', lang: 'en' })).status, 303);
  const r = await firm.req('POST', `/org/supporters/${id}/revoke`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/org?notice=revoked');
  const mail = await waitFor(() => mailsTo(server.tmpDir, 'supporter@example.jp').find((m) => /revoked/.test(m)),
    { what: 'the revocation mail to the supporter' });
  assert.match(mail, /The owner of “顧客00株式会社” has revoked your access on mamori as a supporter \(View and edit\)\./);
  assert.match(mail, /^http:\/\/[^/\s]+\/home\r?$/m, 'a link to the supporter\'s page');
  assert.doesNotMatch(mail, /reason/i, 'the form asks no reason, so the mail gives none');
  assert.equal((await supporter.submit('/account/profile', { name: '', lang: 'ja' })).status, 303);
  assert.match((await firm.get('/org')).text, /アクセスを許可している支援者はいません/);
  assert.doesNotMatch((await supporter.get('/supporter')).text, /顧客00株式会社/);
  const audit = await firm.get('/org/audit');
  for (const a of ['支援者へのアクセス許可', '支援者の許可の範囲の変更', '支援者のアクセスの取り消し']) {
    assert.match(audit.text, new RegExp(a));
  }
  assert.equal((await firm.get(`/org/supporters/${id}/revoke`)).status, 404, 'a revoked grant is gone');
});

test('a new code is asked for first: its page shows the code that will stop working', async () => {
  const dash = await supporter.get('/supporter');
  assert.match(dash.text, /<a class="button button-secondary" href="\/supporter\/code">新しいコードを発行する<\/a>/);
  assert.doesNotMatch(dash.text, /action="\/supporter\/code"/, 'the dashboard does not renew in one click');
  const page = await supporter.get('/supporter/code');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>新しいコードを発行する<\/h1>/);
  assert.match(page.text, new RegExp(`<p class="lead">${code}</p>`), 'the code that stops working');
  assert.match(page.text, /このコードはすぐに使えなくなります/);
  assert.match(page.text, /<form method="post" action="\/supporter\/code">/);
  assert.match(page.text, /<a href="\/supporter">/, 'a way back');
  assertNoRawKeys(page.text);
  assert.equal(codeOf((await supporter.get('/supporter')).text), code, 'asking changes nothing');
  assert.equal((await firms[3].get('/supporter/code')).status, 404, 'only a supporter has a code');
});

test('a new code replaces the old one at once', async () => {
  const r = await supporter.post('/supporter/code');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/supporter?notice=code_renewed');
  const fresh = codeOf((await supporter.get('/supporter')).text);
  assert.notEqual(fresh, code);
  assert.equal((await firm.submit('/org/supporters/grant', { supporter: code, access: 'read' })).status, 422);
  code = fresh;
});

test('the client list is sorted by name or prefecture and paged by 20', async () => {
  for (const b of firms) {
    assert.equal((await b.submit('/org/supporters/grant', { supporter: code, access: 'read' })).status, 303);
  }
  const first = await supporter.get('/supporter');
  let rows = clientNames(first.text);
  assert.equal(rows.length, 20);
  assert.equal(rows[0][0], `顧客${CLIENTS - 1}株式会社`, 'by name: kana order');
  assert.match(first.text, /企業の数：\s*21/);
  assert.match(first.text, /href="\/supporter\?sort=name&amp;page=2" rel="next"/);
  const second = await supporter.get('/supporter?sort=name&page=2');
  rows = clientNames(second.text);
  assert.deepEqual(rows, [['顧客00株式会社', '北海道']]);
  assert.match(second.text, /2 \/ 2 ページ/);
  assert.match(second.text, /rel="prev"/);
  const byPref = clientNames((await supporter.get('/supporter?sort=prefecture')).text);
  assert.deepEqual(byPref[0], ['顧客00株式会社', '北海道']);
  assert.deepEqual(byPref[19], ['顧客19株式会社', '長野県']);
  const past = await supporter.get('/supporter?sort=prefecture&page=99');
  assert.equal(past.status, 200, 'a page past the end shows the last one');
  assert.deepEqual(clientNames(past.text), [['顧客20株式会社', '岐阜県']]);
  for (const p of ['abc', '-1', '0', '1e3']) {
    assert.equal(clientNames((await supporter.get(`/supporter?page=${p}`)).text).length, 20, `page=${p}`);
  }
  assertNoRawKeys(first.text);
});

test('a supporter ends their own access to a firm after a question; its owners are told and it is audited', async () => {
  const dash = await supporter.get('/supporter?sort=prefecture');
  const m = /<a href="\/supporter\/clients\/(\d+)\/end" aria-label="アクセスを終える: 顧客01株式会社">/.exec(dash.text);
  assert.ok(m, 'each client links to the page that ends access to it');
  const id = m[1];
  assert.equal((await firms[3].get(`/supporter/clients/${id}/end`)).status, 404, 'another user');
  assert.equal((await firms[1].get(`/supporter/clients/${id}/end`)).status, 404, 'the firm\'s owner (who revokes on /org)');
  assert.equal((await firms[1].post(`/supporter/clients/${id}/end`, {}, '/org')).status, 404);
  const page = await supporter.get(`/supporter/clients/${id}/end`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>この企業へのアクセスを終える<\/h1>/);
  assert.match(page.text, /<p class="lead">顧客01株式会社<\/p>/, 'the firm is named');
  assert.match(page.text, new RegExp(`<form method="post" action="/supporter/clients/${id}/end">`));
  assert.match(page.text, /<a href="\/supporter">/, 'a way back');
  assertNoRawKeys(page.text);
  assert.match((await supporter.get('/supporter?sort=prefecture')).text, /顧客01株式会社/, 'asking changes nothing');
  assert.equal((await supporter.req('POST', `/supporter/clients/${id}/end`, { form: {} })).status, 403, 'CSRF');
  const seen = mailsTo(server.tmpDir, 'firm1@example.jp').length;
  const r = await supporter.req('POST', `/supporter/clients/${id}/end`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/supporter?notice=access_ended');
  assert.match((await supporter.get('/supporter?notice=access_ended')).text, /この企業へのアクセスを終えました/);
  assert.doesNotMatch((await supporter.get('/supporter?sort=prefecture')).text, /顧客01株式会社/);
  const mail = await nextMail(server.tmpDir, 'firm1@example.jp', seen);
  assert.match(mail, /支援者 supporter@example\.jp が、mamori で「顧客01株式会社」へのアクセスを自分で終えました。/);
  assert.match(mail, /^http:\/\/[^/\s]+\/org\r?$/m, 'a link to the organisation page');
  assert.match((await firms[1].get('/org')).text, /アクセスを許可している支援者はいません/);
  assert.match((await firms[1].get('/org/audit')).text, /支援者がアクセスを終了/);
  assert.equal((await supporter.get(`/supporter/clients/${id}/end`)).status, 404, 'an ended grant is gone');
  assert.equal((await supporter.post(`/supporter/clients/${id}/end`)).status, 404);
});

test('supporter details are shown escaped to the firm', async () => {
  const other = firms[2];
  const xss = '<script>alert(1)</script>';
  const reg = await other.submit('/supporter', { kind: 'other', prefecture: '47', organisation_name: xss });
  assert.equal(reg.status, 303);
  const otherCode = codeOf((await other.get('/supporter')).text);
  assert.equal((await firm.submit('/org/supporters/grant', { supporter: otherCode, access: 'read' })).status, 303);
  const page = await firm.get('/org');
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('anonymous visitors are sent to log in; a non-supporter cannot renew a code', async () => {
  const anonymous = new Browser(server.port);
  const get = await anonymous.get('/supporter');
  assert.equal(get.status, 303);
  assert.equal(get.headers.location, '/login?next=%2Fsupporter');
  const token = csrfOf((await anonymous.get('/login')).text);
  for (const p of ['/supporter', '/supporter/code']) {
    assert.equal((await anonymous.req('POST', p, { form: { csrf: token } })).status, 403, p);
  }
  assert.equal((await firms[3].post('/supporter/code')).status, 404);
  assert.equal((await firms[3].req('POST', '/supporter/code', { form: {} })).status, 403, 'CSRF first');
});
