// Consultations over real HTTP: a firm's owner opens one with an
// attachment; a file whose name lies about its content and one over the
// size limit are refused; a responder in the firm's prefecture with the
// skill is offered it (without its question), accepts and answers; the
// owner reads the answer; mail says only that there is news; the privacy
// matrix (member, other firm, supporter with and without the firm's
// consent, assigned and unassigned responder, desk, admin); closing,
// rating, export and deletion with its attachments.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertCleanExit, sqlite, startServer, waitFor } from './helpers.mjs';
import { Browser, createOrg, csrfOf, mailsTo, signUp } from './org_client.mjs';

const QUESTION = '事務所のPCのファイルが暗号化され、身代金の要求が表示されました。';
const ANSWER = 'まずネットワークから切り離してください。身代金は払わないでください。';
const PNG = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64, 0)]);


/** The addresses the breadcrumbs of a page link to, in order. */
function crumbLinks(html) {
  const nav = /<nav class="breadcrumbs[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
}

let server;
let owner; let member; let otherFirm; let supConsent; let supNoConsent; let responder; let responderOther; let desk; let admin;
let id;

function runSql(sql) {
  return sqlite(server.dbPath, sql); // psql for a postgres:// address
}

/** A multipart/form-data body of fields and files [{name, filename, data}]. */
function multipart(fields, files = []) {
  const boundary = `----mamori${Math.random().toString(16).slice(2)}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${f.filename}"\r\n`
      + `Content-Type: application/octet-stream\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function postFiles(b, path, fields, files) {
  const page = await b.get('/consultations/new');
  const { body, type } = multipart({ csrf: csrfOf(page.text), ...fields }, files);
  return b.req('POST', path, { body, headers: { 'Content-Type': type } });
}

async function registerSupporter(b, prefecture = '23') {
  const r = await b.submit('/supporter', { kind: 'it_coordinator', prefecture, organisation_name: `${b.email} 事務所` });
  assert.equal(r.status, 303);
}

async function becomeResponder(b, skills, prefectures) {
  await registerSupporter(b);
  const page = await b.get('/responder');
  assert.equal(page.status, 200);
  const body = new URLSearchParams([['csrf', csrfOf(page.text)], ['active', 'yes'],
    ...skills.map((s) => ['skills', s]), ...prefectures.map((p) => ['prefectures', p])]).toString();
  const r = await b.req('POST', '/responder', { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, r.text.slice(0, 500));
}

before(async () => {
  server = await startServer({ threads: 4 });
  [owner, member, otherFirm, supConsent, supNoConsent, responder, responderOther, desk, admin] = await Promise.all(
    ['owner@c.example.jp', 'member@c.example.jp', 'other@c.example.jp', 'consent@s.example.jp', 'noconsent@s.example.jp',
      'responder@s.example.jp', 'responder2@s.example.jp', 'desk@example.jp', 'admin@example.jp'].map((e) => signUp(server, e)),
  );
  await createOrg(owner); // prefecture 23 (Aichi)
  await createOrg(otherFirm, { corporate_number: '', sole_proprietor: '1', name: 'ほかの商店', name_kana: 'ホカノショウテン' });
  runSql(`INSERT INTO membership (organisation_id, user_id, role, created_at)
    SELECT m.organisation_id, u.id, 'member', 1 FROM membership m, "user" u
    WHERE m.user_id = (SELECT id FROM "user" WHERE email = 'owner@c.example.jp') AND u.email = 'member@c.example.jp'`);
  await registerSupporter(supConsent);
  await registerSupporter(supNoConsent);
  {
    runSql(`INSERT INTO supporter_grant (organisation_id, supporter_user_id, access, granted_at)
      SELECT m.organisation_id, u.id, 'read', 1 FROM membership m, "user" u
      WHERE m.user_id = (SELECT id FROM "user" WHERE email = 'owner@c.example.jp') AND u.email = 'consent@s.example.jp'`);
  }
  await becomeResponder(responder, ['malware', 'fraud'], ['23']);
  await becomeResponder(responderOther, ['malware'], ['13']);
  runSql(`UPDATE "user" SET is_admin = TRUE WHERE email = 'admin@example.jp'`);
});

after(async () => {
  const result = await server?.stop();
  if (!result) return;
  assertCleanExit(result);
  assert.doesNotMatch(result.stderr, / failed: /, 'no page ended in a 500');
});

test('the form takes its category and urgency from the address', async () => {
  const r = await owner.get('/consultations/new?category=malware&urgency=now&expert=999');
  assert.equal(r.status, 200);
  assert.match(r.text, /<option value="malware" selected>/);
  assert.match(r.text, /<option value="now" selected>/);
  assert.match(r.text, /<option value="23" selected>/, 'the firm’s prefecture');
  const visitor = new Browser(server.port);
  const anon = await visitor.get('/consultations/new?category=malware');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.location, /^\/login\?next=/);
  // the log-in page a visitor is sent to says why, and that an account can be made on the way
  const login = await visitor.get(anon.headers.location);
  assert.match(login.text, /ログインすると、開こうとしていたページに戻ります。アカウントがない方は、下の「アカウントを作る」から無料で作れます。/);
  assert.match(login.text, /href="\/signup\?next=%2Fconsultations%2Fnew%3Fcategory%3Dmalware"/);
  assert.doesNotMatch((await visitor.get('/login')).text, /開こうとしていたページ/, 'not on a plain log-in');
});

test('a program named like a PDF and a file over 10 MiB are refused, with what was typed kept', async () => {
  const fields = { category: 'malware', urgency: 'now', prefecture: '23', question: QUESTION };
  const disguised = await postFiles(owner, '/consultations/new', fields, [{ filename: 'invoice.pdf', data: EXE }]);
  assert.equal(disguised.status, 422);
  assert.match(disguised.text, /ファイルの中身で判断/);
  assert.ok(disguised.text.includes(QUESTION), 'the question is kept');
  const big = await postFiles(owner, '/consultations/new', fields,
    [{ filename: 'big.txt', data: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) }]);
  assert.equal(big.status, 422);
  assert.match(big.text, /10MiBまで/);
  assert.equal(Number(runSql('SELECT count(*) FROM consultation')[0] ?? 0), 0);
});

test('the whole life: opened, offered, accepted, answered, read, closed and rated', async () => {
  const seenOwner = mailsTo(server.tmpDir, owner.email).length;
  const r = await postFiles(owner, '/consultations/new',
    { category: 'malware', urgency: 'now', prefecture: '23', question: QUESTION },
    [{ filename: 'screen.png', data: PNG }]);
  assert.equal(r.status, 303, r.text.slice(0, 800));
  id = /^\/consultations\/(\d+)\?notice=opened$/.exec(r.headers.location)[1];
  const page = await owner.get(`/consultations/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(QUESTION));
  assert.match(page.text, /screen\.png/);

  // offered to the responder of Aichi, not to the one of Tokyo; the offer shows no question
  const offers = await responder.get('/responder');
  assert.match(offers.text, new RegExp(`/consultations/${id}/accept`));
  assert.ok(!offers.text.includes(QUESTION));
  assert.doesNotMatch((await responderOther.get('/responder')).text, new RegExp(`/consultations/${id}/accept`));
  assert.equal((await responder.get(`/consultations/${id}`)).status, 404, 'an offer is not an assignment');
  const refused = await responderOther.post(`/consultations/${id}/accept`, {}, '/responder');
  assert.equal(refused.status, 404, 'a responder it was not offered to cannot take it');

  const acc = await responder.post(`/consultations/${id}/accept`, {}, '/responder');
  assert.equal(acc.status, 303);
  const page2 = await responder.get(`/consultations/${id}`);
  assert.equal(page2.status, 200);
  assert.deepEqual(crumbLinks(page2.text), ['/', '/responder'], 'the responder goes back to their own list');
  assert.deepEqual(crumbLinks((await owner.get(`/consultations/${id}`)).text), ['/', '/consultations'], 'the firm to its consultations');
  const ans = await responder.req('POST', `/consultations/${id}/messages`,
    { form: { csrf: csrfOf(page2.text), kind: 'answer', body: ANSWER } });
  assert.equal(ans.status, 303);
  const read = await owner.get(`/consultations/${id}`);
  assert.ok(read.text.includes(ANSWER));
  assert.match(read.text, /回答済み/);

  // mail: news and a link, never the content
  await waitFor(() => mailsTo(server.tmpDir, owner.email).length > seenOwner, { what: 'the owner is told' });
  await waitFor(() => mailsTo(server.tmpDir, responder.email).length > 0, { what: 'the responder is told' });
  const mails = mailsTo(server.tmpDir, owner.email).slice(seenOwner);
  for (const m of [...mails, ...mailsTo(server.tmpDir, responder.email)]) {
    assert.ok(!m.includes('暗号化') && !m.includes('身代金'), 'no content in mail');
  }
  assert.ok(mails.some((m) => m.includes(`/consultations/${id}`)));

  const close = await owner.req('POST', `/consultations/${id}/close`, { form: { csrf: csrfOf(read.text) } });
  assert.equal(close.status, 303);
  const closed = await owner.get(`/consultations/${id}`);
  assert.match(closed.text, /終了/);
  const again = await responder.req('POST', `/consultations/${id}/messages`,
    { form: { csrf: csrfOf(page2.text), kind: 'answer', body: 'x' } });
  assert.equal(again.status, 409, 'nobody writes to a closed consultation');
  assert.match(again.text, /<h1>この操作は、いまの状態ではできません<\/h1>/, 'the 409 page in words, not catalogue keys');
  assert.doesNotMatch(again.text, /error\.409\./);
  const rate = await owner.req('POST', `/consultations/${id}/rating`, { form: { csrf: csrfOf(closed.text), rating: '5', comment: '助かりました' } });
  assert.equal(rate.status, 303);
  const reopen = await owner.req('POST', `/consultations/${id}/reopen`, { form: { csrf: csrfOf(closed.text) } });
  assert.equal(reopen.status, 303);
});

test('privacy: who sees the consultation and its attachment', async () => {
  const page = await owner.get(`/consultations/${id}`);
  const att = /href="(\/consultations\/\d+\/attachments\/[a-z0-9]+)"/.exec(page.text)[1];
  const file = await owner.get(att);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'image/png');
  assert.match(file.headers['content-disposition'], /^attachment; filename="consultation-\d+-\d+\.png"/);
  assert.equal(file.headers['x-content-type-options'], 'nosniff');
  // an administrator makes desk@ desk staff on the account's page (audit-logged)
  const deskId = runSql("SELECT id FROM \"user\" WHERE email = 'desk@example.jp'")[0];
  assert.equal((await desk.get('/desk')).status, 404, 'not desk staff yet');
  const userPage = await admin.get(`/admin/users/${deskId}`);
  assert.match(userPage.text, /相談窓口の担当にする/);
  const grant = await admin.req('POST', `/admin/users/${deskId}/desk`, { form: { csrf: csrfOf(userPage.text), desk: 'on' } });
  assert.equal(grant.status, 303);
  assert.equal(grant.headers.location, `/admin/users/${deskId}?notice=desk_granted`);
  assert.equal(runSql(`SELECT count(*) FROM audit WHERE action = 'admin.desk_grant' AND target = 'user:${deskId}'`)[0], '1');
  const cells = { member: 200, otherFirm: 404, supConsent: 404, supNoConsent: 404, responder: 200, responderOther: 404, desk: 200, admin: 404 };
  const who = { member, otherFirm, supConsent, supNoConsent, responder, responderOther, desk, admin };
  for (const [name, status] of Object.entries(cells)) {
    assert.equal((await who[name].get(`/consultations/${id}`)).status, status, `${name} reads the consultation`);
    assert.equal((await who[name].get(att)).status, status, `${name} downloads the attachment`);
  }
  // the firm adds the supporter it gave consent to; then they see it
  const supId = runSql("SELECT id FROM \"user\" WHERE email = 'consent@s.example.jp'")[0];
  const add = await owner.req('POST', `/consultations/${id}/participants`, { form: { csrf: csrfOf(page.text), supporter: String(supId) } });
  assert.equal(add.status, 303, add.text.slice(0, 500));
  assert.equal((await supConsent.get(`/consultations/${id}`)).status, 200);
  // …and find it again in the list of those they were added to, linked from /consultations
  assert.match((await supConsent.get('/consultations')).text, /href="\/consultations\/participating"/);
  const mine = await supConsent.get('/consultations/participating');
  assert.equal(mine.status, 200);
  assert.match(mine.text, new RegExp(`href="/consultations/${id}"`));
  assert.match(mine.text, /全1件/);
  const STATUS = { new: '受付済み（担当者を探しています）', assigned: '担当者が対応中', waiting: 'お返事待ち', answered: '回答済み', closed: '終了' };
  const status = runSql(`SELECT status FROM consultation WHERE id = ${id}`)[0];
  assert.match(mine.text, new RegExp(`<td>${STATUS[status].replace(/[()（）]/g, '.')}</td>`));
  assert.match(mine.text, /\d{4}年\d{1,2}月\d{1,2}日/);
  for (const other of [supNoConsent, otherFirm, member]) {
    const none = await other.get('/consultations/participating');
    assert.equal(none.status, 200);
    assert.doesNotMatch(none.text, new RegExp(`href="/consultations/${id}"`), 'only those added see it');
  }
  const noConsentId = runSql("SELECT id FROM \"user\" WHERE email = 'noconsent@s.example.jp'")[0];
  const refused = await owner.req('POST', `/consultations/${id}/participants`, { form: { csrf: csrfOf(page.text), supporter: String(noConsentId) } });
  assert.equal(refused.status, 422, 'a supporter without consent cannot be added');
  // the desk sees figures and the queue; an administrator the figures only
  const d = await desk.get('/desk');
  assert.equal(d.status, 200);
  assert.match(d.text, /受付の一覧/);
  const a = await admin.get('/desk');
  assert.equal(a.status, 200);
  assert.doesNotMatch(a.text, /受付の一覧/);
  assert.equal((await member.get('/desk')).status, 404);
  const csv = await desk.get('/desk/figures.csv');
  assert.match(csv.text, /^figure,category,prefecture,value\r\n/);
  assert.match(csv.text, /open,malware,23,1/);
});

test('the firm exports its consultations and deletes one with its attachments', async () => {
  const exp = await member.get('/consultations/export.json');
  assert.equal(exp.status, 200);
  assert.equal(exp.headers['content-type'], 'application/json; charset=utf-8');
  const doc = JSON.parse(exp.text);
  assert.equal(doc.format, 'mamori.consultations');
  assert.equal(doc.consultations.length, 1);
  assert.equal(doc.consultations[0].question, QUESTION);
  assert.equal(doc.consultations[0].attachments[0].filename, 'screen.png');
  assert.equal(JSON.parse((await otherFirm.get('/consultations/export.json')).text).consultations.length, 0);
  assert.equal((await responder.get(`/consultations/${id}/delete`)).status, 403, 'the responder cannot delete it');
  assert.equal((await member.get(`/consultations/${id}/delete`)).status, 403, 'a member who is not an owner cannot delete it');
  const confirm = await owner.get(`/consultations/${id}/delete`);
  assert.equal(confirm.status, 200);
  // the question names the consultation: its number, category and when it was opened, as its page shows them
  const thread = (await owner.get(`/consultations/${id}`)).text;
  const dd = (label) => new RegExp(`<dt>${label}</dt> <dd>([^<]*)</dd>`).exec(thread)[1];
  assert.ok(confirm.text.includes(`<p><strong>${dd('相談した日時')}に相談した、相談 ${id}（${dd('分類')}）</strong></p>`), confirm.text.slice(0, 3000));
  const del = await owner.req('POST', `/consultations/${id}/delete`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(del.status, 303);
  assert.equal((await owner.get(`/consultations/${id}`)).status, 404);
  assert.equal(Number(runSql('SELECT count(*) FROM consultation_attachment')[0]), 0);
  assert.ok(Number(runSql("SELECT count(*) FROM audit WHERE action = 'consultation.delete'")[0]) >= 1);
});

test('a firm that gave no supporter access is told, where supporters are added, how to give one access', async () => {
  const open = async (b) => {
    const r = await postFiles(b, '/consultations/new', { category: 'other', urgency: 'week', prefecture: '13', question: QUESTION }, []);
    assert.equal(r.status, 303, r.text.slice(0, 800));
    return /^\/consultations\/(\d+)\?notice=opened$/.exec(r.headers.location)[1];
  };
  const none = (await otherFirm.get(`/consultations/${await open(otherFirm)}`)).text;
  assert.match(none, /この組織がアクセスを許可している支援者はいません。/);
  assert.match(none, /<a href="\/org#supporters-heading">組織のページの「支援者のアクセス」へ<\/a>/);
  assert.doesNotMatch(none, /action="\/consultations\/\d+\/participants"/, 'no form with nobody to choose');
  const some = (await owner.get(`/consultations/${await open(owner)}`)).text;
  assert.match(some, /action="\/consultations\/\d+\/participants"/, 'a firm with a supporter gets the form');
  assert.doesNotMatch(some, /アクセスを許可している支援者はいません/);
});

test('a consultation closed before anyone answered asks for no rating of an answer', async () => {
  const r = await postFiles(otherFirm, '/consultations/new', { category: 'other', urgency: 'week', prefecture: '13', question: QUESTION }, []);
  assert.equal(r.status, 303, r.text.slice(0, 800));
  const cid = /^\/consultations\/(\d+)\?notice=opened$/.exec(r.headers.location)[1];
  const page = await otherFirm.get(`/consultations/${cid}`);
  const closed = await otherFirm.req('POST', `/consultations/${cid}/close`, { form: { csrf: csrfOf(page.text) } });
  assert.equal(closed.status, 303);
  const after = (await otherFirm.get(`/consultations/${cid}`)).text;
  assert.match(after, /action="\/consultations\/\d+\/reopen"/, 'it may be reopened');
  assert.doesNotMatch(after, /action="\/consultations\/\d+\/rating"/, 'no answer, no rating');
});

// ---- experts of the directory as responders ---------------------------------

const EXPERT_QUESTION = '取引先を名乗るメールの添付ファイルを開いてしまいました。';
const EXPERT_ANSWER = 'そのPCをネットワークから外し、取引先には電話で確かめてください。';

/** An expert profile written by b through the form, approved by the administrator; its id. */
async function approvedExpert(b, name, fields) {
  const r = await b.submit('/experts/profile', {
    name, kind: 'security_specialist', qualifications: '情報処理安全確保支援士 第099999号', introduction: '',
    lang_ja: '1', consent: '1', ...fields,
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const xid = runSql(`SELECT x.id FROM expert x JOIN "user" u ON u.id = x.user_id WHERE u.email = '${b.email}'`)[0];
  const ok = await admin.submit(`/admin/experts/${xid}`, {}, `/admin/experts/${xid}/approve`);
  assert.equal(ok.status, 303);
  return xid;
}

const userId = (b) => runSql(`SELECT id FROM "user" WHERE email = '${b.email}'`)[0];
const acceptLink = (cid) => new RegExp(`/consultations/${cid}/accept`);

async function openFor(expertId, category = 'malware') {
  const r = await postFiles(owner, '/consultations/new',
    { category, urgency: 'week', prefecture: '23', question: EXPERT_QUESTION, expert: String(expertId) }, []);
  assert.equal(r.status, 303, r.text.slice(0, 800));
  return /^\/consultations\/(\d+)\?notice=opened$/.exec(r.headers.location)[1];
}

describe('experts of the directory as responders', () => {
  let expert; let expertOff; let xid; let offId; let chosenId;

  before(async () => {
    [expert, expertOff] = await Promise.all(['expert@x.example.jp', 'expert-off@x.example.jp'].map((e) => signUp(server, e)));
    // Tokyo and data leaks only: nothing of the firm's (Aichi) matches them but what is addressed to them
    xid = await approvedExpert(expert, '青葉セキュリティ 林', { pref_13: '1', skill_data_leak: '1', takes_consultations: '1' });
    offId = await approvedExpert(expertOff, '休止中の専門家', { pref_23: '1', skill_malware: '1' });
  });

  test('the chosen expert alone is offered the consultation, accepts it and answers', async () => {
    const form = await owner.get(`/consultations/new?expert=${xid}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /まず次の専門家だけに届きます/);
    assert.ok(form.text.includes('青葉セキュリティ 林'), 'the form names the expert');
    assert.match(form.text, new RegExp(`<input type="hidden" name="expert" value="${xid}">`));
    const seen = mailsTo(server.tmpDir, expert.email).length;
    chosenId = await openFor(xid);
    assert.equal(runSql(`SELECT expert_user_id FROM consultation WHERE id = ${chosenId}`)[0], userId(expert));
    assert.equal(runSql(`SELECT expert_until - created_at FROM consultation WHERE id = ${chosenId}`)[0], String(2 * 86400));
    assert.match((await owner.get(`/consultations/${chosenId}`)).text, /選んだ専門家「青葉セキュリティ 林」だけに届いています（.+まで）。/);

    // offered to the expert alone (not to Aichi's malware responder), without its question
    const offers = await expert.get('/responder');
    assert.equal(offers.status, 200, 'an expert who is no supporter has the responder page');
    assert.match(offers.text, acceptLink(chosenId));
    assert.ok(!offers.text.includes(EXPERT_QUESTION));
    assert.doesNotMatch((await responder.get('/responder')).text, acceptLink(chosenId));
    assert.equal((await responder.post(`/consultations/${chosenId}/accept`, {}, '/responder')).status, 404);
    assert.equal((await expert.get(`/consultations/${chosenId}`)).status, 404, 'an offer is not an assignment');
    await waitFor(() => mailsTo(server.tmpDir, expert.email).length > seen, { what: 'the expert is told' });
    for (const m of mailsTo(server.tmpDir, expert.email)) assert.ok(!m.includes('添付ファイル'), 'no content in mail');
    assert.match((await expert.get('/home')).text, /href="\/responder"/, 'the header names the responder page');

    assert.equal((await expert.post(`/consultations/${chosenId}/accept`, {}, '/responder')).status, 303);
    const page = await expert.get(`/consultations/${chosenId}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(EXPERT_QUESTION));
    const ans = await expert.req('POST', `/consultations/${chosenId}/messages`,
      { form: { csrf: csrfOf(page.text), kind: 'answer', body: EXPERT_ANSWER } });
    assert.equal(ans.status, 303);
    const read = await owner.get(`/consultations/${chosenId}`);
    assert.ok(read.text.includes(EXPERT_ANSWER));
    assert.ok(read.text.includes('青葉セキュリティ 林'), 'the answer is signed with the expert’s name');
    assert.equal(runSql(`SELECT expert_until FROM consultation WHERE id = ${chosenId}`)[0] ?? '', '', 'no longer waiting for the expert');
  });

  test('an expert who does not take consultations, or no expert, cannot be chosen, and the form says so', async () => {
    for (const bad of [offId, '999999', 'abc']) {
      const form = await owner.get(`/consultations/new?expert=${bad}`);
      assert.equal(form.status, 200);
      assert.match(form.text, /選ばれた専門家には、いまこの窓口から相談できません/);
      assert.doesNotMatch(form.text, /name="expert"/, 'the form goes on as an ordinary consultation');
      assert.ok(!form.text.includes('休止中の専門家'));
    }
    const before = runSql('SELECT count(*) FROM consultation')[0];
    const forged = await postFiles(owner, '/consultations/new',
      { category: 'malware', urgency: 'week', prefecture: '23', question: EXPERT_QUESTION, expert: offId }, []);
    assert.equal(forged.status, 422);
    assert.match(forged.text, /選んだ専門家には、いま相談できなくなりました/);
    assert.ok(forged.text.includes(EXPERT_QUESTION), 'the question is kept');
    assert.equal(runSql('SELECT count(*) FROM consultation')[0], before, 'nothing was sent');
    const off = await expertOff.get('/responder');
    assert.equal(off.status, 200);
    assert.match(off.text, /いまは新しい相談は届きません/);
    // a malware consultation of Aichi is not offered to the approved expert who does not take any
    const plain = await postFiles(owner, '/consultations/new',
      { category: 'malware', urgency: 'week', prefecture: '23', question: EXPERT_QUESTION }, []);
    assert.equal(plain.status, 303);
    const plainId = /\/consultations\/(\d+)/.exec(plain.headers.location)[1];
    assert.match((await responder.get('/responder')).text, acceptLink(plainId));
    assert.doesNotMatch((await expertOff.get('/responder')).text, acceptLink(plainId));
    assert.equal((await expertOff.post(`/consultations/${plainId}/accept`, {}, '/responder')).status, 404);
  });

  test('after two days without the expert, the matching responders are offered it', async () => {
    const cid = await openFor(xid);
    assert.doesNotMatch((await responder.get('/responder')).text, acceptLink(cid));
    // two days pass for this consultation (the job's timing is in the unit tests, on a clock they move);
    // a second instance on the same database runs a round as it starts
    runSql(`UPDATE consultation SET created_at = created_at - 172800, expert_until = expert_until - 172800 WHERE id = ${cid}`);
    runSql('UPDATE job_lease SET lease_until = 0');
    const second = await startServer({ dbPath: server.dbPath, tmpDir: server.tmpDir });
    try {
      await waitFor(() => runSql(`SELECT count(*) FROM consultation_offer WHERE consultation_id = ${cid}`)[0] !== '1',
        { what: 'the consultation offered wider' });
    } finally {
      assertCleanExit(await second.stop());
    }
    assert.equal(runSql(`SELECT count(*) FROM audit WHERE action = 'consultation.widen' AND target = 'consultation:${cid}'`)[0], '1');
    assert.match((await responder.get('/responder')).text, acceptLink(cid));
    assert.doesNotMatch((await responderOther.get('/responder')).text, acceptLink(cid), 'Tokyo’s responder still not');
    assert.match((await expert.get('/responder')).text, acceptLink(cid), 'the expert may still take it');
    assert.equal((await responder.post(`/consultations/${cid}/accept`, {}, '/responder')).status, 303);
    assert.equal((await expert.post(`/consultations/${cid}/accept`, {}, '/responder')).status, 409, 'taken');
    assert.equal((await expert.get(`/consultations/${cid}`)).status, 404, 'the expert sees only what is assigned to them');
  });

  test('desk staff assign a consultation to an expert; the expert sees only that one', async () => {
    const plain = await postFiles(owner, '/consultations/new',
      { category: 'fraud', urgency: 'question', prefecture: '23', question: EXPERT_QUESTION }, []);
    const cid = /\/consultations\/(\d+)/.exec(plain.headers.location)[1];
    assert.equal((await expert.get(`/consultations/${cid}`)).status, 404);
    assert.equal((await expert.post(`/consultations/${cid}/accept`, {}, '/responder')).status, 404, 'never offered to them');
    assert.doesNotMatch((await expert.get('/responder')).text, acceptLink(cid));
    const page = await desk.get(`/consultations/${cid}`);
    assert.equal(page.status, 200);
    assert.deepEqual(crumbLinks(page.text), ['/', '/desk'], 'desk staff go back to the desk');
    assert.match(page.text, new RegExp(`<option value="${userId(expert)}">青葉セキュリティ 林（専門家）</option>`));
    assert.doesNotMatch(page.text, /休止中の専門家/, 'an expert who takes none is not listed');
    const refused = await desk.req('POST', `/consultations/${cid}/assign`, { form: { csrf: csrfOf(page.text), responder: userId(expertOff) } });
    assert.equal(refused.status, 422);
    const assign = await desk.req('POST', `/consultations/${cid}/assign`, { form: { csrf: csrfOf(page.text), responder: userId(expert) } });
    assert.equal(assign.status, 303);
    assert.equal((await expert.get(`/consultations/${cid}`)).status, 200);
    assert.match((await expert.get('/responder')).text, new RegExp(`href="/consultations/${cid}"`));
    // a profile that stops taking consultations is offered nothing new, cannot take what it was offered, and keeps what it has
    const pendingOffer = await openFor(xid);
    const stop = await expert.submit('/experts/profile', {
      name: '青葉セキュリティ 林', kind: 'security_specialist', qualifications: '情報処理安全確保支援士 第099999号',
      introduction: '', lang_ja: '1', consent: '1', pref_13: '1', skill_data_leak: '1',
    });
    assert.equal(stop.status, 303);
    const paused = await expert.get('/responder');
    assert.match(paused.text, /いまは新しい相談は届きません/);
    assert.doesNotMatch(paused.text, acceptLink(pendingOffer));
    assert.equal((await expert.post(`/consultations/${pendingOffer}/accept`, {}, '/responder')).status, 409);
    const cid2 = await postFiles(owner, '/consultations/new',
      { category: 'data_leak', urgency: 'week', prefecture: '13', question: EXPERT_QUESTION }, []);
    const id2 = /\/consultations\/(\d+)/.exec(cid2.headers.location)[1];
    assert.equal(runSql(`SELECT count(*) FROM consultation_offer WHERE consultation_id = ${id2} AND responder_user_id = ${userId(expert)}`)[0], '0');
    assert.equal((await expert.get(`/consultations/${cid}`)).status, 200, 'what was assigned stays');
  });
});

test('the desk says how many are open, and that its list is cut, past 200', async () => {
  runSql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 205)
    INSERT INTO consultation (prefecture, category, urgency, question, status, created_at, updated_at)
    SELECT 13, 'other', 'question', 'many at once', 'new', i, i FROM n`);
  try {
    const open = runSql("SELECT count(*) FROM consultation WHERE status <> 'closed'")[0];
    const d = await desk.get('/desk');
    assert.equal(d.status, 200);
    assert.ok(d.text.includes(`対応中の相談： ${open}<`), `the whole count (${open})`);
    assert.match(d.text, /古いものから順に表示しています。表示している件数： 200</, 'the list says it is cut');
    assert.equal((d.text.match(/<tr class="consult-late">/g) || []).length, 200, '200 rows, the oldest unassigned');
  } finally {
    runSql("DELETE FROM consultation WHERE question = 'many at once'");
  }
  assert.doesNotMatch((await desk.get('/desk')).text, /表示している件数/, 'not said of a list that is whole');
});
