// Consultations over real HTTP: a firm's owner opens one with an
// attachment; a file whose name lies about its content and one over the
// size limit are refused; a responder in the firm's prefecture with the
// skill is offered it (without its question), accepts and answers; the
// owner reads the answer; mail says only that there is news; the privacy
// matrix (member, other firm, supporter with and without the firm's
// consent, assigned and unassigned responder, desk, admin); closing,
// rating, export and deletion with its attachments.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertCleanExit, sqlite, startServer, waitFor } from './helpers.mjs';
import { Browser, createOrg, csrfOf, mailsTo, signUp } from './org_client.mjs';

const QUESTION = '事務所のPCのファイルが暗号化され、身代金の要求が表示されました。';
const ANSWER = 'まずネットワークから切り離してください。身代金は払わないでください。';
const PNG = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64, 0)]);

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
  const anon = await new Browser(server.port).get('/consultations/new?category=malware');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.location, /^\/login\?next=/);
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
  const del = await owner.req('POST', `/consultations/${id}/delete`, { form: { csrf: csrfOf(confirm.text) } });
  assert.equal(del.status, 303);
  assert.equal((await owner.get(`/consultations/${id}`)).status, 404);
  assert.equal(Number(runSql('SELECT count(*) FROM consultation_attachment')[0]), 0);
  assert.ok(Number(runSql("SELECT count(*) FROM audit WHERE action = 'consultation.delete'")[0]) >= 1);
});
